"""An administrative document as content — letterhead, kind and subject, addressee, sections of paragraphs and
tables, signatures, recipients — and its one way to Word, Markdown, plain text and PDF.

The minutes, the vote-counting minutes, the proposal for awards and the covenant each say what they contain as a
:class:`Paper`; how it is laid out (docs/domain.md#document-layout) is decided here and in :mod:`word` once for all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.documents import word
from tdkt_tui.documents.word import Table
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.exports import export_file

FORMATS = ("docx", "md", "txt", "pdf")


@dataclass(frozen=True)
class Block:
    """A paragraph (``text``; ``sub`` for a bold sub-heading, ``center`` for a centred line, ``gap`` for a place the
    secretary must write in) or a table."""

    text: str = ""
    sub: bool = False
    table: Table | None = None
    center: bool = False
    gap: bool = False


@dataclass(frozen=True)
class Section:
    """A heading ("" for none) and its blocks."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Paper:
    """Everything a document says, in the interface language, in reading order."""

    head: word.Letterhead
    kind: str  # "BIÊN BẢN", "TỜ TRÌNH"
    subject: str  # never repeating the kind
    sections: tuple[Section, ...]
    signatures: tuple[word.Signature, ...]
    recipients: tuple[str, ...]
    addressee: str = ""  # "Kính gửi: …"
    banner: str = ""  # above the kind: "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời"

    def blocks(self) -> list[Block]:
        return [b for s in self.sections for b in s.blocks]

    def texts(self) -> list[str]:
        """Every paragraph's text, in order (tables left out)."""
        return [b.text for b in self.blocks() if b.table is None]


# -- text ----------------------------------------------------------------------------------------------------------


def unmerged(table: Table) -> list[tuple[str, ...]]:
    """The rows with a merged column written once per run, as the Word table shows it."""
    rows, previous = [], None
    for row in table.rows:
        if table.merge_first >= 0:
            value = row[table.merge_first]
            shown = "" if value == previous else value
            previous = value
            row = (*row[:table.merge_first], shown, *row[table.merge_first + 1:])
        rows.append(row)
    return rows


def text(paper: Paper, fmt: str = "md") -> str:
    """The document as Markdown (``md``, pipe tables) or plain text (``txt``, simple tables)."""
    from tabulate import tabulate

    if fmt not in ("md", "txt"):
        raise ValueError(f"not a text format: {fmt!r}")
    md = fmt == "md"
    *left, right, date = paper.head.text_lines()
    out = ["  \n".join(left) if md else "\n".join(left), right]
    if date:
        out.append(f"_{date}_" if md else date)
    if paper.banner:
        out.append(f"**{paper.banner}**" if md else paper.banner)
    out += [f"# {paper.kind}" if md else paper.kind]
    if paper.subject:
        out.append(f"## {paper.subject}" if md else paper.subject)
    if paper.addressee:
        out.append(paper.addressee)
    for section in paper.sections:
        if section.heading:
            out.append(f"## {section.heading}" if md else section.heading.upper())
        for block in section.blocks:
            if block.table is not None:
                t = block.table
                out.append(tabulate(unmerged(t), headers=list(t.headers), tablefmt="pipe" if md else "simple",
                                    disable_numparse=True, colalign=t.align))
            elif block.sub:
                out.append(f"**{block.text}**" if md else block.text)
            elif block.gap:
                out.append(f"_[{block.text}]_" if md else f"[{block.text}]")
            else:
                line = block.text
                if md and re.match(r"^\d+\. ", line):
                    line = line.replace(". ", "\\. ", 1)  # not a Markdown list item
                if md and line.startswith("- "):
                    line = "\\" + line  # a line of the text, not a Markdown list
                out.append(line)
    signs = [" / ".join(f"**{x}**" if md and i == 0 else x for i, x in enumerate(s.text_lines()))
             for s in paper.signatures]
    out += ["    ".join(signs)] if len(signs) <= 2 else signs
    if paper.recipients:
        out.append("\n".join(word.recipient_lines(paper.recipients)))
    return "\n\n".join(out) + "\n"


# -- Word ----------------------------------------------------------------------------------------------------------


def docx(paper: Paper) -> Any:
    """The document in Word: the letterhead, page numbers from page 2, the kind and subject, the addressee, the body
    (13–14 pt, first lines indented), the signatures and "Nơi nhận"."""
    document = word.new_document(word.ADMINISTRATIVE, word.BODY_PT, f"{paper.kind} — {paper.subject}".strip(" —"))
    word.page_numbers(document)
    word.letterhead(document, paper.head)
    if paper.banner:
        word.body(document, paper.banner, bold=True, center=True, before=12)
    word.title(document, paper.kind, paper.subject, paper.head.party)
    if paper.addressee:
        word.body(document, paper.addressee, center=True, after=12)
    for section in paper.sections:
        if section.heading:
            word.body(document, section.heading, bold=True, before=word.AFTER_PT)
        for block in section.blocks:
            if block.table is not None:
                word.table(document, block.table)
            elif block.gap:
                word.gap(document, block.text)
            else:
                word.body(document, block.text, bold=block.sub, center=block.center)
    word.closing(document, paper.signatures, paper.recipients)
    return document


def write(conference: Conference, paper: Paper, stem: str, fmt: str = "docx") -> Path:
    """Write ``paper`` into ``exports/<stem>-<time>.<fmt>`` (a new file, never replacing one); ``pdf`` goes through
    LibreOffice, and when that fails the DOCX is kept and named in the message."""
    if fmt not in FORMATS:
        raise ValueError(f"not a document format: {fmt!r}")
    if fmt in ("md", "txt"):
        with export_file(conference, stem, f".{fmt}") as (path, handle):
            handle.write(text(paper, fmt).encode("utf-8"))
        return path
    docx_path = word.save(conference, docx(paper), stem)
    return docx_path if fmt == "docx" else to_pdf(conference, docx_path, stem)


def to_pdf(conference: Conference, docx_path: Path, stem: str) -> Path:
    """The PDF of a written DOCX, made by LibreOffice; TdktError naming the kept DOCX when it cannot be made."""
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
        with export_file(conference, stem, ".pdf") as (path, handle):
            handle.write(made.read_bytes())
    return path


__all__ = ["Block", "FORMATS", "Paper", "Section", "docx", "text", "to_pdf", "unmerged", "write"]
