"""A small corpus on disk and the real extraction resources, for the ingest tests.

The texts name registry actors (``data/registry``), organisations that are not in it, and
technologies of the taxonomy, in German and English and in every format ingest reads.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from rdflib import Dataset

from ingest.extract import load_resources
from ontology.foundation import load_foundation
from ontology.iris import IriScheme
from ontology.store import export_dataset, opened_dataset

GOOD_DOCUMENTS: dict[str, str] = {
    "news/wasserstoff.txt": (
        "Wasserstoff im Hafen\n\n"
        "Die Airbus Operations GmbH arbeitet gemeinsam mit der Technischen Universität Hamburg an Brennstoffzellen. "
        "Das Projekt wird vom Deutschen Zentrum für Luft- und Raumfahrt (DLR) begleitet.\n"
        "Auch die Muster Kabinenbau GmbH aus Hamburg ist dabei.\n"
    ),
    "news/fuel-cells.md": (
        "# Fuel cells for aircraft\n\n"
        "Hamburg University of Technology and ZAL Zentrum für Angewandte Luftfahrtforschung GmbH work together on fuel cells. "
        "The work is funded by the city.\n"
    ),
    "web/page.html": (
        "<html lang='de'><head><title>Meldung</title><script>var s = 'SCRIPT-TEXT';</script></head><body>"
        "<nav>Startseite</nav><main><h1>Drohnen über der Stadt</h1>"
        "<p>Die HAW Hamburg und die Helmholtz-Zentrum Hereon GmbH forschen an Drohnen und Künstlicher Intelligenz.</p>"
        "<script>track('SCRIPT-INLINE')</script></main><footer>Impressum</footer></body></html>"
    ),
    "lists/members.csv": "cluster,organisation,type\naviation,Airbus Operations GmbH,Company\nHamburg Aviation,Muster Kabinenbau GmbH,Company\n",
}


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (no lines: a page with a drawing only, like a scan)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if not lines:
        pdf.rect(20, 20, 50, 30, style="F")
    return bytes(pdf.output())


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOOD_BINARY_DOCUMENTS: dict[str, bytes] = {
    "reports/bericht.pdf": pdf_bytes(["Jahresbericht", "Die Technische Universitaet Hamburg forscht mit der Airbus Operations GmbH."]),
    "reports/outline.docx": docx_bytes(["Project outline", "The DLR works with Airbus on hydrogen."]),
}


def write_corpus(folder: Path, copies: int = 1) -> list[Path]:
    """Write the good documents (``copies`` times, in folders ``c0``, ``c1``, ...) and return their paths."""
    paths = []
    for copy in range(copies):
        base = folder / f"c{copy}" if copies > 1 else folder
        for name, text in GOOD_DOCUMENTS.items():
            paths.append(write(base / name, text))
        for name, data in GOOD_BINARY_DOCUMENTS.items():
            paths.append(write(base / name, data))
    return sorted(paths)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture(scope="session")
def resources(iris: IriScheme) -> object:
    """The real extraction resources of the repository (registry, taxonomy, rules)."""
    return load_resources(iris)


@contextmanager
def foundation_store(path: Path | None, iris: IriScheme) -> Iterator[Dataset]:
    """A store (on disk in ``path``, or in memory) with ontology, taxonomy and registry loaded, as ``ccg build`` starts."""
    with opened_dataset(path) as dataset:
        load_foundation(dataset, iris)
        yield dataset


def nquads(store: Path) -> bytes:
    """The sorted N-Quads export of the store in folder ``store``."""
    with opened_dataset(store, read_only=True) as dataset:
        return export_dataset(dataset, "nquads")
