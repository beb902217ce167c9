"""Text from PDF (its text layer, with pypdf) and Word ``.docx`` files (with python-docx).

Pages and paragraphs are separated by a blank line. Both readers stop as soon as the text grows
over ``max_bytes`` (UTF-8), so a huge file costs no more than the limit.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from ingest.errors import UnreadableDocument, too_large, unreadable

_SPACE = re.compile(r"[ \t\xa0]+")


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's warnings about damaged files while it reads one (we report our own)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


class _TextBudget:
    """Collects paragraphs and raises :func:`too_large` as soon as their UTF-8 size passes the limit."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.path, self.max_bytes, self.size, self.parts = path, max_bytes, 0, []

    def add(self, part: str) -> None:
        part = part.strip()
        if not part:
            return
        self.size += len(part.encode("utf-8")) + 2
        if self.size > self.max_bytes:
            raise too_large(self.path, self.size, self.max_bytes)
        self.parts.append(part)

    def text(self) -> str:
        return "\n\n".join(self.parts)


def pdf_text(data: bytes, path: str, max_bytes: int) -> tuple[str, str]:
    """The text layer and title of a PDF, or :class:`UnreadableDocument`.

    Examples
    --------
    >>> pdf_text(b"%PDF-1.4 not really", "x.pdf", 1000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ingest.errors.UnreadableDocument: x.pdf: corrupt PDF (...); export it again or remove it
    """
    budget = _TextBudget(path, max_bytes)
    try:
        with _quiet("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise unreadable(path, "encrypted PDF; save an unprotected copy")
            for page in reader.pages:
                budget.add(_SPACE.sub(" ", page.extract_text() or ""))
            title = str((reader.metadata or {}).get("/Title") or "").strip()
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise unreadable(path, f"corrupt PDF ({_first_line(error)}); export it again or remove it") from error
    text = budget.text()
    if not text:
        raise unreadable(path, "no text layer (scanned?); run OCR on it first")
    return text, title


def docx_text(data: bytes, path: str, max_bytes: int) -> tuple[str, str]:
    """The paragraphs (and table cells, in document order) and title of a Word ``.docx`` file.

    Examples
    --------
    >>> docx_text(b"PK not a zip", "x.docx", 1000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ingest.errors.UnreadableDocument: x.docx: corrupt DOCX (...); save it again from Word or remove it
    """
    budget = _TextBudget(path, max_bytes)
    heading = ""
    try:
        document = docx.Document(io.BytesIO(data))
        for block in document.iter_inner_content():
            for paragraph in _paragraphs_of(block):
                budget.add(paragraph.text)
                if not heading and paragraph.text.strip() and _is_heading(paragraph):
                    heading = paragraph.text.strip()
        title = (document.core_properties.title or "").strip() or heading
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises many types on damaged files
        raise unreadable(path, f"corrupt DOCX ({_first_line(error)}); save it again from Word or remove it") from error
    text = budget.text()
    if not text:
        raise unreadable(path, "empty document (no text); add text or remove it")
    return text, title


def _paragraphs_of(block: Paragraph | Table) -> Iterator[Paragraph]:
    if isinstance(block, Paragraph):
        yield block
        return
    seen: set[object] = set()  # merged cells repeat the same <w:tc> element
    for row in block.rows:
        for cell in row.cells:
            element = cell._tc  # noqa: SLF001 - python-docx exposes no public identity of a cell
            if element in seen:
                continue
            seen.add(element)
            yield from cell.paragraphs


def _is_heading(paragraph: Paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith(("Heading", "Title", "Überschrift", "Titel"))


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
