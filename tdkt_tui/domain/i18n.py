"""Interface language: gettext-style catalogs, Vietnamese by default, English as the second language.

Message ids are the English text (gettext's convention), so English needs no catalog of its own; the Vietnamese
catalog is ``locale/vi/*.po`` (one file per area of the app, merged). ``tests/test_i18n.py`` fails when a message
used in the code lacks its Vietnamese text or when either side is not NFC.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
ENV_VAR = "TDKT_LANG"
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_current = DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The msgid → msgstr map of one language (empty translations left out; English is the msgid itself)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.po")):
        merged.update(read_po(path.read_text(encoding="utf-8")))
    return merged


_ESCAPE = re.compile(r'\\(\\|n|t|r|")')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}


def _unescape(pieces: list[str]) -> str:
    text = "".join(pieces)
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], text) if "\\" in text else text


def read_po(text: str) -> dict[str, str]:
    """The translated msgid → msgstr pairs of one .po file (the header, obsolete and plural entries left out), as
    polib reads them; several times faster, which every command pays at its start."""
    found: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None

    def close() -> None:
        msgid, msgstr = _unescape(parts.get("msgid", [])), _unescape(parts.get("msgstr", []))
        if msgid and msgstr:
            found[msgid] = msgstr
        parts.clear()

    for line in text.splitlines():
        if line.startswith('"'):
            if current is not None:
                current.append(line.rstrip()[1:-1])
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgid" in parts:
            close()
        if keyword in ("msgid", "msgstr", "msgctxt", "msgid_plural"):
            current = parts.setdefault(keyword, [])
            current.append(rest.rstrip()[1:-1])
        else:
            current = None  # a comment (obsolete entries are comments), a blank line, a plural msgstr[n]
    close()
    return found


def choose_language(requested: str | None = None) -> str:
    """The language to use: the one requested, else ``$TDKT_LANG``, else Vietnamese."""
    for candidate in (requested, os.environ.get(ENV_VAR)):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Switch the process's interface language."""
    global _current
    _current = choose_language(lang)


def language() -> str:
    """The current interface language code."""
    return _current


def _(message: str, /, **params: object) -> str:
    """Translate ``message`` into the current language and fill its ``{named}`` fields."""
    text = catalog(_current).get(message, message)
    return text.format(**params) if params else text


def N_(message: str, /) -> str:
    """Mark ``message`` for translation without translating it now (translated where shown)."""
    return message


def decimal(number: str) -> str:
    """A number written with a point (``"66.67"``) as the interface language writes it: ``66,67`` in Vietnamese."""
    return number.replace(".", ",") if _current == "vi" else number


def integer(number: int) -> str:
    """A whole number with its thousands grouped as the interface language writes them: ``17.177.755.650`` in
    Vietnamese, ``17,177,755,650`` in English."""
    text = f"{number:,}"
    return text.replace(",", ".") if _current == "vi" else text
