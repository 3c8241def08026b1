"""The conference minutes (biên bản hội nghị): the secretary's notes per agenda item, the opening and closing times
and the conclusions, put together with what the conference already knows (attendance, ranking, tasks, votes) into
one document in the state's format (Nghị định 30/2020/NĐ-CP; docs/domain.md#documents), as Markdown, plain text, Word or PDF.

What the software does not know is left as a visible gap to fill in by hand, never invented: "(chưa có)" for a
missing chair or secretary, "(chưa điểm danh)" before check-in, "(chưa ghi)" for an item without notes and
"…… giờ …… phút" for a time not recorded. Nothing depends on the clock: the same conference gives the same text.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tdkt_tui.documents import word
from tdkt_tui.documents.word import BLANK, MISSING, Table
from tdkt_tui.domain import scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.exports import export_file, in_list_order
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import ConferenceKind, HeaderVariant, Role
from tdkt_tui.domain.proceedings import TIME, fields, notes

STEM = "bien-ban-hoi-nghi"
FORMATS = ("docx", "md", "txt", "pdf")

NOT_WRITTEN = N_("(not written)")
NO_ATTENDANCE = N_("(no attendance taken)")

_KIND_TITLE = {
    ConferenceKind.YEAREND: N_("Year-end conference on emulation and commendation work, {year}"),
    ConferenceKind.MIDYEAR: N_("Mid-year review conference on emulation and commendation work, {year}"),
    ConferenceKind.COVENANT: N_("Conference signing the emulation covenant, {year}"),
}


# -- content -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph (``text``; ``sub`` for a bold sub-heading) or a table."""

    text: str = ""
    sub: bool = False
    table: Table | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Minutes:
    """Everything the minutes say, in the interface language, in reading order."""

    head: word.Letterhead
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    signatures: tuple[tuple[str, str], ...]


def _clock(value: str) -> str:
    if TIME.fullmatch(value or ""):
        hour, minute = value.split(":")
        return _("{hour} h {minute} min", hour=f"{int(hour):02d}", minute=minute)
    return _("{hour} h {minute} min", hour="……", minute="……")


def _lines(text: str) -> list[Block]:
    paragraphs = [line for line in text.split("\n") if line.strip()]
    return [Block(p) for p in paragraphs] or [Block(_(NOT_WRITTEN))]


def _participants(conference: Conference) -> list[Block]:
    attendance = conference.attendance()
    people = conference.attendees()
    nobody_in = attendance.total_present == 0
    guests = [p for p in in_list_order(conference, [p for p in people if p.role is Role.GUEST])
              if nobody_in or p.present]
    blocks: list[Block] = []
    if not guests:
        blocks.append(Block(_("Guests: none.")))
    else:
        blocks.append(Block(_("Guests (expected; nobody is checked in yet):") if nobody_in else _("Guests:")))
        blocks += [Block(f"- {p.full_name}, {p.title}" if p.title else f"- {p.full_name}") for p in guests]
    members = conference.member_units()
    if nobody_in:
        marker = _(NO_ATTENDANCE)
        blocks += [
            Block(_("Member units present: {units}", units=marker)),
            Block(_("Member units absent: {units}", units=marker)),
            Block(_("Delegates present: {present} of {expected} expected.", present=marker,
                    expected=attendance.total_expected)),
        ]
    else:
        missing = set(attendance.missing_units)
        here = [u.name for u in members if u.name not in missing]
        blocks += [
            Block(_("Member units present ({present}/{total}): {units}", present=len(here), total=len(members),
                    units="; ".join(here) or "—")),
            Block(_("Member units absent: {units}", units="; ".join(attendance.missing_units) or "—")),
            Block(_("Delegates present: {present} of {expected} expected.", present=attendance.total_present,
                    expected=attendance.total_expected)),
        ]
    info = conference.info()
    blocks += [Block(_("Chair: {name}.", name=info.chair or _(MISSING))),
               Block(_("Secretary: {name}.", name=info.secretary or _(MISSING)))]
    return blocks


def _proceedings(conference: Conference) -> list[Block]:
    written = notes(conference)
    blocks: list[Block] = []
    for number, item in enumerate(conference.agenda(), start=1):
        when = f"{item.time} — " if item.time else ""
        blocks.append(Block(f"{number}. {when}{item.title}", sub=True))
        if item.presenter:
            blocks.append(Block(_("Presented by: {name}.", name=item.presenter)))
        blocks += _lines(written.get(item.id or 0, ""))
    return blocks or [Block(_(NOT_WRITTEN))]


def _scoring(conference: Conference) -> list[Block]:
    received, total = scoring.reports_received(conference)
    rows = tuple((str(s.rank) if s.rank else "—", s.unit.name,
                  scoring.format_points(s.verified_total) if s.rank else "—")
                 for s in scoring.ranking(conference))
    table = Table((_("Rank"), _("Unit"), _("Verified total")), rows, ("center", "left", "right"), (25, 105, 35))
    return [Block(_("Reports received: {received}/{total}", received=received, total=total)), Block(table=table)]


def _votes(conference: Conference) -> list[Block]:
    everything = voting.polls(conference)
    names = conference.unit_names()
    year = conference.info().year

    def units(ids: tuple[int, ...]) -> str:
        return "; ".join(names.get(u, str(u)) for u in ids) or "—"

    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    elected_lines: list[Block] = []
    for root in (p for p in everything if p.parent_id is None):
        title = root.title or root.award or _(root.kind.label)
        if root.is_motion:
            if root.status is voting.Status.CLOSED and root.motion is not None:
                result = voting.tally(conference, root.id or 0)
                blocks.append(Block(f"{title}: " + _(
                    "Agree {agree}, disagree {disagree}, not voting {abstain}: {verdict}.", agree=root.motion.agree,
                    disagree=root.motion.disagree, abstain=root.motion.abstain,
                    verdict=_("passed") if result.passed else _("not passed"))))
            else:
                blocks.append(Block(_("{title}: counting not finished.", title=title)))
            continue
        chain = [root]
        while (following := next((p for p in everything if p.parent_id == chain[-1].id), None)) is not None:
            chain.append(following)
        for poll in chain:
            label = title if poll.round == 1 else _("{title}, round {round}", title=title, round=poll.round)
            if poll.status is not voting.Status.CLOSED:
                blocks.append(Block(_("{title}: counting not finished.", title=label)))
                continue
            result = voting.tally(conference, poll.id or 0)
            rows.append((label, str(result.issued), str(result.valid), units(result.winners)))
            blocks.append(Block(_("{title}: elected {units}.", title=label, units=units(result.winners))))
            if result.decided_by_leaders:
                blocks.append(Block(_("Decision of the bloc leader and deputy: {units}. Note: {note}",
                                      units=units(result.decided_by_leaders), note=result.decision_note or "—")))
            blocks.append(Block(_("Audit digest: {digest}", digest=poll.digest or "—")))
        if root.kind in (voting.PollKind.LEADER, voting.PollKind.DEPUTY) and all(
                p.status is voting.Status.CLOSED for p in chain):
            chosen = units(voting.elected(conference, root.id or 0))
            message = (_("Bloc leader for {year}: {units}.", year=year + 1, units=chosen)
                       if root.kind is voting.PollKind.LEADER else
                       _("Deputy bloc leader for {year}: {units}.", year=year + 1, units=chosen))
            elected_lines.append(Block(message))
    if not everything:
        return [Block(_("No vote was held."))]
    if rows:
        blocks.insert(0, Block(table=Table((_("Vote"), _("Ballots issued"), _("Valid ballots"), _("Elected")),
                                           tuple(rows), ("left", "right", "right", "left"), (55, 22, 22, 66))))
    return blocks + elected_lines


def minutes(conference: Conference) -> Minutes:
    """The content of the conference minutes."""
    info = conference.info()
    f = fields(conference)
    when = info.date.strftime("%d/%m/%Y") if info.date else "……/……/………"
    summary = tasks.summary(conference, today=info.date or dt.date.today())
    sections = (
        Section(_("I. Time and place"), (
            Block(_("Time: {time}, date {date}.", time=_clock(f.opened_at), date=when)),
            Block(_("Place: {venue}.", venue=info.venue or BLANK)),
        )),
        Section(_("II. Participants"), tuple(_participants(conference))),
        Section(_("III. Proceedings"), tuple(_proceedings(conference))),
        Section(_("IV. Reports and scoring"), tuple(_scoring(conference))),
        Section(_("V. Priority tasks"), tuple(Block(line) for line in summary.lines)),
        Section(_("VI. Voting results"), tuple(_votes(conference))),
        Section(_("VII. Conclusions"), (
            *(_lines(f.conclusions)),
            Block(_("The conference closed at {time} the same day.", time=_clock(f.closed_at))),
        )),
    )
    return Minutes(
        head=word.Letterhead((info.bloc_name or info.issuing_body or BLANK).upper(),
                             info.header is HeaderVariant.PARTY, word.date_line(info.place, info.date)),
        title=_("CONFERENCE MINUTES"),
        subtitle=_(_KIND_TITLE[info.kind], year=info.year),
        sections=sections,
        signatures=((_("SECRETARY"), info.secretary or _(MISSING)), (_("CHAIR"), info.chair or _(MISSING))),
    )


# -- text ----------------------------------------------------------------------------------------------------------


def minutes_text(conference: Conference, fmt: str = "md") -> str:
    """The minutes as Markdown (``md``, pipe tables) or plain text (``txt``, simple tables)."""
    from tabulate import tabulate

    if fmt not in ("md", "txt"):
        raise ValueError(f"not a text format: {fmt!r}")
    md = fmt == "md"
    m = minutes(conference)
    out = [m.head.issuing_body, " / ".join(m.head.right), f"_{m.head.place_date}_" if md else m.head.place_date,
           f"# {m.title}" if md else m.title, f"## {m.subtitle}" if md else m.subtitle]
    for section in m.sections:
        out.append(f"## {section.heading}" if md else section.heading.upper())
        for block in section.blocks:
            if block.table is not None:
                t = block.table
                out.append(tabulate(list(t.rows), headers=list(t.headers), tablefmt="pipe" if md else "simple",
                                    disable_numparse=True, colalign=t.align))
            elif block.sub:
                out.append(f"**{block.text}**" if md else block.text)
            else:
                text = block.text
                if md and re.match(r"^\d+\. ", text):
                    text = text.replace(". ", "\\. ", 1)  # not a Markdown list item
                out.append(text)
    out.append("    ".join(f"**{role}**: {name}" if md else f"{role}: {name}" for role, name in m.signatures))
    return "\n\n".join(out) + "\n"


# -- Word ----------------------------------------------------------------------------------------------------------


def _write_docx(conference: Conference) -> Path:
    from docx.shared import Pt

    m = minutes(conference)
    document = word.new_document(word.ADMINISTRATIVE, word.BODY_PT, f"{m.title} — {m.subtitle}")
    word.letterhead(document, m.head)
    title = word.body(document, m.title, bold=True, center=True, size=word.TITLE_PT)
    title.paragraph_format.space_before = Pt(12)
    word.body(document, m.subtitle, bold=True, center=True)
    for part in m.sections:
        word.body(document, part.heading, bold=True).paragraph_format.space_before = Pt(word.AFTER_PT)
        for block in part.blocks:
            if block.table is not None:
                word.table(document, block.table)
            else:
                word.body(document, block.text, bold=block.sub)
    word.signatures(document, m.signatures)
    return word.save(conference, document, STEM)


def _write_pdf(conference: Conference) -> Path:
    docx_path = _write_docx(conference)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise TdktError("LibreOffice is not installed, so no PDF can be made; the DOCX was written to {path}.",
                        path=str(docx_path))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                           check=True, capture_output=True, timeout=180)
        except (OSError, subprocess.SubprocessError) as exc:
            raise TdktError("LibreOffice could not make the PDF ({reason}); the DOCX was written to {path}.",
                            reason=str(exc), path=str(docx_path)) from exc
        made = Path(tmp) / (docx_path.stem + ".pdf")
        if not made.exists():
            raise TdktError("LibreOffice could not make the PDF ({reason}); the DOCX was written to {path}.",
                            reason="no output", path=str(docx_path))
        with export_file(conference, STEM, ".pdf") as (path, handle):
            handle.write(made.read_bytes())
    return path


def write_minutes(conference: Conference, fmt: str = "docx") -> Path:
    """Write the minutes into ``exports/bien-ban-hoi-nghi-<time>.<fmt>`` (a new file, never replacing one)."""
    if fmt not in FORMATS:
        raise ValueError(f"not a minutes format: {fmt!r}")
    if fmt == "docx":
        return _write_docx(conference)
    if fmt == "pdf":
        return _write_pdf(conference)
    text = minutes_text(conference, fmt)
    with export_file(conference, STEM, f".{fmt}") as (path, handle):
        handle.write(text.encode("utf-8"))
    return path


__all__ = ["Block", "Minutes", "Section", "Table", "minutes", "minutes_text", "write_minutes"]
