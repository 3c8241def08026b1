"""Who issues a document and who signs it, from the conference's settings: the letterhead with its number line,
the signature blocks and the recipients (docs/domain.md#document-layout).

Each document kind has a symbol ("BB" for minutes, "TTr" for a proposal) that makes its default number line; the
secretary may type another one in Settings. A signer's name is printed alone on the name line, the title above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tdkt_tui.documents import word
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import ConferenceInfo, HeaderVariant


@dataclass(frozen=True)
class Kind:
    """A kind of document: its symbol in the number line and the setting that may replace the whole line."""

    symbol: str
    number_setting: str


MINUTES = Kind("BB", "number_minutes")
COUNT_MINUTES = Kind("BB", "number_count_minutes")
PROPOSAL = Kind("TTr", "number_proposal")
COVENANT = Kind("GƯTĐ", "number_covenant")
REPORT = Kind("BC", "number_report")


def is_party(info: ConferenceInfo) -> bool:
    return info.header is HeaderVariant.PARTY


def issuing_body(info: ConferenceInfo) -> str:
    """The issuing body as set, else the bloc's name (capitals are the letterhead's business)."""
    return info.issuing_body or info.bloc_name or word.BLANK


def number(info: ConferenceInfo, kind: Kind) -> str:
    """The number line of ``kind``: the setting when typed, else "Số: …/BB-<symbol>" in the header's variant."""
    typed = getattr(info, kind.number_setting, "") if kind.number_setting else ""
    return typed or word.number_line(kind.symbol, info.issuer_symbol, is_party(info))


def letterhead(conference: Conference, kind: Kind | None, *, dated: bool = True,
               signed_in: int | None = None) -> word.Letterhead:
    """The letterhead of a document of ``kind`` (no number line for None), dated the day of the conference, or left
    to date by hand in the year ``signed_in`` when it is signed later (a covenant for next year)."""
    info = conference.info()
    when = word.date_line(info.place, None, signed_in) if signed_in else word.date_line(info.place, info.date)
    return word.Letterhead(
        issuing_body=issuing_body(info), party=is_party(info), place_date=when if dated else "",
        governing_body=info.governing_body, number=number(info, kind) if kind else "")


def split_signer(name: str, title: str) -> tuple[str, str]:
    """(name, title) of a signer. A name typed with its title after a comma ("Đỗ Đức Hùng, Chánh Văn phòng") keeps
    the name alone for the name line and gives the rest as the title when no title is set."""
    head, _sep, rest = name.partition(",")
    return head.strip(), title or rest.strip()


SECRETARY = N_("SECRETARY")
CHAIR = N_("CHAIR")


def secretary(info: ConferenceInfo) -> word.Signature:
    name, title = split_signer(info.secretary, info.secretary_title)
    return word.Signature(_(SECRETARY), name, title)


def chair(info: ConferenceInfo) -> word.Signature:
    name, title = split_signer(info.chair, info.chair_title)
    return word.Signature(_(CHAIR), name, title)


def for_the_bloc(info: ConferenceInfo) -> word.Signature:
    """The head of the leader unit signing on behalf of the bloc: "TM. KHỐI THI ĐUA" (HD 36: "T/M"), "TRƯỞNG
    KHỐI", the chair's name."""
    name, _title = split_signer(info.chair, info.chair_title)
    capacity = _("ON BEHALF OF THE BLOC (PARTY)") if is_party(info) else _("ON BEHALF OF THE BLOC")
    return word.Signature(capacity, name, _("BLOC LEADER"))


def council(info: ConferenceInfo) -> str:
    """Whom the proposal goes to: the setting, else the provincial emulation and commendation council."""
    return info.council or _("the provincial Emulation and Commendation Council")


def filed(info: ConferenceInfo) -> str:
    """The last line of the recipients: "Lưu: VT, <symbol>"."""
    return _("File: VT, {symbol}", symbol=info.issuer_symbol) if info.issuer_symbol else _("File: VT")


__all__ = ["COUNT_MINUTES", "COVENANT", "Kind", "MINUTES", "PROPOSAL", "REPORT", "chair", "council", "filed",
           "for_the_bloc", "is_party", "issuing_body", "letterhead", "number", "secretary", "split_signer"]
