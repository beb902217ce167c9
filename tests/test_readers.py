"""Readers: every format, its metadata, and every kind of bad input as a one-line error naming the file."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from ingest.errors import UnreadableDocument
from ingest.language import detect_language
from ingest.paths import select_files
from ingest.readers import document_key, read_document

GERMAN = "Die Technische Universität Hamburg forscht gemeinsam mit der Airbus Operations GmbH an Wasserstoff für Flugzeuge."
ENGLISH = "The port of Hamburg works with the maritime cluster on hydrogen and shore power for ships."


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def pdf_bytes(lines: list[str], title: str = "") -> bytes:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if not lines:
        pdf.rect(20, 20, 50, 30, style="F")  # a page with a drawing and no text, like a scan
    return bytes(pdf.output())


def docx_bytes(paragraphs: list[str], table: list[list[str]] = (), heading: str = "") -> bytes:
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, value in zip(row.cells, cells):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def unreadable_message(path: Path, tmp_path: Path, **options: object) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path, cwd=tmp_path, **options)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(path.relative_to(tmp_path).as_posix() + ":")
    return message


# --- metadata and plain text ---------------------------------------------------------------------


def test_plain_text_keeps_the_content_and_describes_the_file(tmp_path: Path) -> None:
    content = f"\n  Wasserstoff im Hafen  \n\n{GERMAN}\n"
    path = write(tmp_path, "news/a.txt", content)
    document = read_document(path, cwd=tmp_path)
    assert document.text == content
    assert document.title == "Wasserstoff im Hafen"
    assert document.source == "news/a.txt"
    assert document.key == hashlib.sha256(b"news/a.txt").hexdigest()[:16]
    assert document.sha256 == hashlib.sha256(content.encode("utf-8")).hexdigest()
    assert document.size == len(content.encode("utf-8"))
    assert document.media_type == "text/plain"
    assert document.language == "de"


def test_the_key_depends_on_the_place_not_the_content(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", GERMAN)
    before = read_document(path, cwd=tmp_path)
    path.write_text(ENGLISH, encoding="utf-8")
    after = read_document(path, cwd=tmp_path)
    assert before.key == after.key == document_key("a.txt")
    assert before.sha256 != after.sha256
    assert after.language == "en"


def test_a_file_outside_the_working_folder_has_an_absolute_source(tmp_path: Path) -> None:
    path = write(tmp_path, "outside/a.txt", GERMAN)
    document = read_document(path, cwd=tmp_path / "elsewhere")
    assert document.source == path.as_posix()


def test_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + GERMAN.encode("utf-8"))
    assert read_document(path, cwd=tmp_path).text == GERMAN


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_german_text_in_a_legacy_encoding_comes_out_right(tmp_path: Path, encoding: str) -> None:
    text = "Die Behörde für Wirtschaft fördert die Hochschule für Angewandte Wissenschaften. Größe: 3 µm."
    if encoding == "cp1252":
        text += " „Brennstoffzellen“ – gemeinsam mit Airbus."
    path = write(tmp_path, "legacy.txt", text.encode(encoding))
    assert read_document(path, cwd=tmp_path).text == text


def test_markdown_is_kept_as_is_with_the_first_heading_as_title(tmp_path: Path) -> None:
    content = f"Stand: 2026\n\n# Clusterbrücke *Wasserstoff*\n\n- **DLR**: {GERMAN}\n"
    path = write(tmp_path, "a.md", content)
    document = read_document(path, cwd=tmp_path)
    assert document.text == content
    assert document.title == "Clusterbrücke *Wasserstoff*"
    assert document.media_type == "text/markdown"


# --- HTML ------------------------------------------------------------------------------------------


PAGE = """<!DOCTYPE html><html lang="de"><head><title>News | Cluster</title>
<style>body { color: red }</style><script>var tracking = "SECRET-SCRIPT";</script></head>
<body><div id="cookie-banner"><p>Wir verwenden Cookies.</p></div>
<header><a href="/">Startseite</a></header>
<nav><ul><li><a href="/mitglieder">Mitglieder</a></li></ul></nav>
<main><article><h1>Airbus &amp; DLR &uuml;ben</h1>
<p>Die Airbus&nbsp;Operations GmbH und das
   <b>Deutsche Zentrum</b> für Luft- und Raumfahrt forschen.</p>
<script>document.write("SECRET-INLINE")</script>
<p>Zweiter Absatz.</p><form><input name="q"><button>Suchen</button></form></article>
<aside>Weitere Meldungen</aside></main>
<footer>Impressum</footer><noscript>SECRET-NOSCRIPT</noscript></body></html>"""


def test_html_gives_the_main_text_without_scripts_or_navigation(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", PAGE), cwd=tmp_path)
    assert document.text == (
        "Airbus & DLR üben\n\n"
        "Die Airbus Operations GmbH und das Deutsche Zentrum für Luft- und Raumfahrt forschen.\n\n"
        "Zweiter Absatz."
    )
    assert document.title == "Airbus & DLR üben"
    assert document.media_type == "text/html"
    for boilerplate in ("SECRET", "Cookies", "Startseite", "Mitglieder", "Weitere", "Impressum", "Suchen", "color"):
        assert boilerplate not in document.text


def test_html_without_main_uses_the_body_and_the_page_title(tmp_path: Path) -> None:
    page = f"<html><head><title>Meldung</title></head><body><nav>Menü</nav><div><p>{ENGLISH}</p></div></body></html>"
    document = read_document(write(tmp_path, "page.htm", page), cwd=tmp_path)
    assert (document.text, document.title, document.language) == (ENGLISH, "Meldung", "en")


def test_an_html_page_with_only_navigation_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "nav.html", "<html><body><nav>Start</nav><script>x()</script></body></html>")
    assert "no main text" in unreadable_message(path, tmp_path)


# --- PDF and DOCX ----------------------------------------------------------------------------------


def test_pdf_text_layer_and_title(tmp_path: Path) -> None:
    path = write(tmp_path, "report.pdf", pdf_bytes(["Jahresbericht 2026", "Die Behörde für Wirtschaft fördert Wasserstoff."], title="Bericht"))
    document = read_document(path, cwd=tmp_path)
    assert "Jahresbericht 2026" in document.text
    assert "Die Behörde für Wirtschaft fördert Wasserstoff." in document.text
    assert (document.title, document.media_type, document.language) == ("Bericht", "application/pdf", "de")


def test_a_pdf_without_text_layer_is_reported_as_scanned(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", pdf_bytes([]))
    assert "no text layer (scanned?)" in unreadable_message(path, tmp_path)


def test_a_corrupt_pdf_is_reported(tmp_path: Path) -> None:
    good = pdf_bytes(["Hamburg"])
    path = write(tmp_path, "broken.pdf", good[:40] + b"\x00garbage" * 20)
    assert "corrupt PDF" in unreadable_message(path, tmp_path)


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    data = docx_bytes([GERMAN, "Zweiter Absatz."], table=[["Partner", "Rolle"], ["DLR", "Forschung"]], heading="Projektskizze")
    document = read_document(write(tmp_path, "outline.docx", data), cwd=tmp_path)
    assert document.text == f"Projektskizze\n\n{GERMAN}\n\nZweiter Absatz.\n\nPartner\n\nRolle\n\nDLR\n\nForschung"
    assert document.title == "Projektskizze"


def test_a_corrupt_docx_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.docx", docx_bytes([GERMAN])[:300])
    assert "corrupt DOCX" in unreadable_message(path, tmp_path)


# --- bad text files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b" \n\t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary content"),
        ("controls.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 50, "binary content"),
        ("broken-utf8.txt", "Grüße aus Hamburg, ".encode("utf-8") * 3 + b"\xff\xfe kaputt", "invalid encoding"),
        ("cut-utf8.txt", "Universität Hamburg und Behö".encode("utf-8")[:-1], "invalid encoding"),
    ],
)
def test_bad_text_files_give_one_line_naming_the_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert reason in unreadable_message(write(tmp_path, name, data), tmp_path)


def test_a_50_mb_text_file_is_reported_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = (GERMAN + "\n").encode("utf-8")
    with path.open("wb") as handle:
        handle.write(line * (50_000_000 // len(line) + 1))
    message = unreadable_message(path, tmp_path)
    assert "over the limit of 20,000,000" in message
    assert "--max-bytes" in message


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", GERMAN)
    assert read_document(path, cwd=tmp_path, max_bytes=len(GERMAN.encode())).text == GERMAN
    assert "over the limit of 10" in unreadable_message(path, tmp_path, max_bytes=10)


def test_an_unknown_extension_named_explicitly_is_an_error(tmp_path: Path) -> None:
    assert "unknown file type '.xlsx'" in unreadable_message(write(tmp_path, "list.xlsx", b"PK"), tmp_path)


def test_a_folder_walk_skips_unknown_types_with_a_notice(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a.md", "notes.json", "001.gold.json", ".git/config", "b/~$lock.docx"):
        write(tmp_path, name, GERMAN)
    selection = select_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in selection.files] == ["a.md", "b/2.txt"]
    # Gold annotations beside their documents are for ccg evaluate: ignored without a notice.
    assert [(p.name, notice) for p, notice in selection.skipped] == [("notes.json", "unknown file type '.json'")]
    assert selection.folders == (tmp_path,)


# --- member lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";"])
def test_member_list_rows(tmp_path: Path, separator: str) -> None:
    rows = ["cluster,organisation,type", "aviation,Airbus Operations GmbH,Company", "", "Hamburg Aviation,ZAL GmbH,"]
    path = write(tmp_path, "members.csv", "\n".join(rows).replace(",", separator) + "\n")
    document = read_document(path, cwd=tmp_path)
    assert [(m.cluster, m.organisation, m.type, m.line) for m in document.members] == [
        ("aviation", "Airbus Operations GmbH", "Company", 2),
        ("Hamburg Aviation", "ZAL GmbH", "", 4),
    ]
    assert document.media_type == "text/csv"
    assert document.text == path.read_text(encoding="utf-8")


def test_a_member_list_with_bad_rows_reports_each_row(tmp_path: Path) -> None:
    rows = ["cluster;organisation;type", "aviation;Airbus;Company", "aviation;", "aviation;DLR;Forschung", "aviation;TUHH;University;x"]
    path = write(tmp_path, "members.csv", "\n".join(rows) + "\n")
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path, cwd=tmp_path)
    assert str(caught.value).startswith("members.csv:3: ")
    assert [(line, problem.split(";")[0].split(" (")[0]) for line, problem in caught.value.rows] == [
        (3, "expected 3 cells like the header, found 2"),
        (4, "unknown type 'Forschung'"),
        (5, "expected 3 cells like the header, found 4"),
    ]


def test_a_member_list_without_the_columns_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "registry.csv", "id,name\nhh,Hamburg\n")
    assert "lacks the columns cluster and organisation" in unreadable_message(path, tmp_path).replace("registry.csv:1", "registry.csv")


# --- language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "declared", "language"),
    [
        (GERMAN, "", "de"),
        (ENGLISH, "", "en"),
        (f"{GERMAN} {ENGLISH} {GERMAN}", "", "de"),
        ("Le cluster maritime travaille avec les entreprises du port sur la propulsion.", "", "fr"),
        ("El clúster trabaja con las empresas del puerto y los institutos.", "", "es"),
        ("Airbus, DLR, TUHH, ZAL", "", "und"),
        ("Airbus, DLR, TUHH, ZAL", "en", "en"),
        (ENGLISH, "de", "en"),
    ],
)
def test_language_detection(text: str, declared: str, language: str) -> None:
    assert detect_language(text, declared) == language
