"""Rebuild the binary sample documents from their plain-text sources.

``032.pdf`` is built from ``032.txt`` (fpdf2) and ``040.docx`` from ``040.txt``
(python-docx). The first line of each source is the title; in ``032.txt`` every
further line is one line of the PDF (lines are kept short so that no word is
hyphenated and no name is broken), an empty line separates paragraphs, and a
line starting with a digit and a dot is a section heading. In ``040.txt`` every
non-empty line is one paragraph.

The output is byte-for-byte reproducible: creation dates and document metadata
are fixed, and the DOCX archive is rewritten with fixed member timestamps.

Usage::

    python data/sample-sources/make_binary_samples.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF
from fpdf.enums import XPos, YPos

TOOLS = Path(__file__).resolve().parent
SAMPLE = TOOLS.parent / "sample"
FIXED_DATE = dt.datetime(2024, 1, 15, 12, 0, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2024, 1, 15, 12, 0, 0)


def read_lines(name: str) -> list[str]:
    """Return the lines of a source text in ``data/sample-sources/``."""
    return (TOOLS / name).read_text(encoding="utf-8").splitlines()


def build_pdf(lines: list[str]) -> bytes:
    """Lay out the annual-report excerpt as a one-column A4 PDF (core fonts, Latin-1)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(lines[0])
    pdf.set_author("Cross-Cluster Graph sample corpus")
    pdf.set_creator("make_binary_samples.py")
    pdf.set_producer("fpdf2")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, lines[0], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for line in lines[1:]:
        if not line.strip():
            pdf.ln(3)
        elif line[0].isdigit() and ". " in line[:4]:
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def build_docx(lines: list[str]) -> bytes:
    """Write the project description as a DOCX of plain paragraphs."""
    document = docx.Document()
    props = document.core_properties
    props.title = lines[0]
    props.author = "Cross-Cluster Graph sample corpus"
    props.last_modified_by = "make_binary_samples.py"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    for line in lines:
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP archive with sorted-as-given members and fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def main() -> None:
    """Write ``032.pdf`` and ``040.docx`` next to the other sample documents."""
    (SAMPLE / "032.pdf").write_bytes(build_pdf(read_lines("032.txt")))
    (SAMPLE / "040.docx").write_bytes(build_docx(read_lines("040.txt")))


if __name__ == "__main__":
    main()
