"""Badge codes of another conference, for the tests of scanning and of the codes themselves."""

from __future__ import annotations

from tdkt_tui.domain.codes import conference_tag


def other_secret(secret: bytes, *, same_tag: bool) -> bytes:
    """A deterministic secret whose tag differs from (or equals) the tag of ``secret``."""
    tag = conference_tag(secret)
    for n in range(100_000):
        candidate = f"other-conference-{n}".encode()
        if (conference_tag(candidate) == tag) == same_tag:
            return candidate
    raise AssertionError("no such secret")  # pragma: no cover - 1 in 1000 candidates match on average
