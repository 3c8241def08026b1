"""Reading Word files back with python-docx, the way a reader sees them: every paragraph in order (the body and the
tables, nested tables included), the header of the pages, the symbols a document must not print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import docx.table
import docx.text.paragraph
from docx.oxml.ns import qn

#: Mathematical symbols no document prints (docs/glossary.md#rules-of-writing): words instead.
SYMBOLS = re.compile(r"[≥≤><→←⇒]")


def open_docx(path: Path) -> Any:
    return docx.Document(str(path))


def paragraphs(container: Any) -> Iterator[Any]:
    """Every paragraph under ``container`` (a document or a cell), tables and nested tables included, in order."""
    element = container.element.body if hasattr(container, "element") and hasattr(container.element, "body") \
        else container._element
    parent = container
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield docx.text.paragraph.Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            for row in docx.table.Table(child, parent).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        yield from paragraphs(cell)


def texts(container: Any) -> list[str]:
    return [p.text for p in paragraphs(container)]


def find(container: Any, text: str) -> Any:
    """The first paragraph whose text is ``text`` (AssertionError naming it when there is none)."""
    for paragraph in paragraphs(container):
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def starting(container: Any, prefix: str) -> Any:
    for paragraph in paragraphs(container):
        if paragraph.text.startswith(prefix):
            return paragraph
    raise AssertionError(f"no paragraph starting {prefix!r}")


def size(paragraph: Any) -> float:
    """The size (pt) of the paragraph's first run."""
    return paragraph.runs[0].font.size.pt


def symbols(document: Any) -> list[str]:
    """The paragraphs that print a mathematical symbol."""
    return [t for t in texts(document) if SYMBOLS.search(t)]


def page_field(document: Any) -> tuple[bool, list[str], list[str]]:
    """(first page differs, instructions of the fields in the header, text of the first page's header)."""
    section = document.sections[0]
    codes = [node.text for node in section.header._element.iter(qn("w:instrText"))]
    first = [p.text for p in section.first_page_header.paragraphs]
    return section.different_first_page_header_footer, codes, first
