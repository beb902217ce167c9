"""Reading documents: text and metadata of ``.txt``, ``.md``, ``.html``, ``.pdf``, ``.docx`` and member-list ``.csv`` files.

:func:`read_document` is the file edge; everything else here is pure. A file that cannot be read
raises :class:`ingest.errors.UnreadableDocument` (one line: file and reason). Offsets into
:attr:`ReadDocument.text` are what extraction reports: for ``.txt``, ``.md`` and ``.csv`` the
decoded file content, unchanged; for the other formats the extracted text.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from ingest.encoding import decode_text
from ingest.errors import too_large, unknown_file_type, unreadable
from ingest.html_text import html_main_text
from ingest.language import detect_language
from ingest.memberlist import parse_member_list
from ingest.model import ReadDocument
from ingest.office import docx_text, pdf_text

DEFAULT_MAX_BYTES = 20_000_000
CONTAINER_FACTOR = 10  # PDF and DOCX files carry images: the file may be this much larger than its text
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv",
}
KNOWN_SUFFIXES = tuple(MEDIA_TYPES)
_CONTAINERS = frozenset({".pdf", ".docx"})
_TITLE_LENGTH = 200
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def document_source(path: Path, cwd: Path) -> str:
    """The path stored in ``dct:source``: POSIX, relative to ``cwd`` when inside it, else absolute.

    Examples
    --------
    >>> document_source(Path("/work/data/a.txt"), Path("/work"))
    'data/a.txt'
    >>> document_source(Path("/tmp/b.txt"), Path("/work"))
    '/tmp/b.txt'
    """
    absolute = Path(os.path.normpath(cwd / path))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()


def document_key(source: str) -> str:
    """The stable key of a document in IRIs: it depends on where the file is, not on its content.

    Examples
    --------
    >>> document_key("data/sample/001.txt")
    'd35bc43837224463'
    """
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file's bytes, read in chunks (a huge file costs no memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, cwd: Path | None = None) -> ReadDocument:
    """Read one file into a :class:`ReadDocument`, or raise :class:`ingest.errors.UnreadableDocument`.

    ``max_bytes`` limits the text (and the file, for text formats; ten times that for PDF and DOCX).
    """
    cwd = cwd or Path.cwd()
    source = document_source(path, cwd)
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise unknown_file_type(source, suffix or "(none)", KNOWN_SUFFIXES)
    try:
        size = path.stat().st_size
        limit = max_bytes * CONTAINER_FACTOR if suffix in _CONTAINERS else max_bytes
        if size > limit:
            raise too_large(source, size, limit)
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(source, f"cannot open ({error.strerror or error}); check that it exists and can be read") from error
    text, title, declared = extract_text(data, suffix, source, max_bytes)
    return ReadDocument(
        path=path,
        source=source,
        key=document_key(source),
        text=text,
        title=title or path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=MEDIA_TYPES[suffix],
        language=detect_language(text, declared) if suffix != ".csv" else detect_language(""),
        members=parse_member_list(text, source) if suffix == ".csv" else (),
    )


def extract_text(data: bytes, suffix: str, source: str, max_bytes: int) -> tuple[str, str, str]:
    """The text, title and declared language of a file's bytes, by its (lowercase) suffix.

    Examples
    --------
    >>> extract_text(b"# Wasserstoff\\n\\nText.", ".md", "a.md", 100)
    ('# Wasserstoff\\n\\nText.', 'Wasserstoff', '')
    """
    readers: dict[str, Callable[[bytes, str, int], tuple[str, str, str]]] = {
        ".txt": lambda d, s, m: _plain(d, s, plain_title),
        ".csv": lambda d, s, m: _plain(d, s, lambda text: ""),
        ".md": lambda d, s, m: _plain(d, s, markdown_title),
        ".html": _html,
        ".htm": _html,
        ".pdf": lambda d, s, m: (*pdf_text(d, s, m), ""),
        ".docx": lambda d, s, m: (*docx_text(d, s, m), ""),
    }
    return readers[suffix](data, source, max_bytes)


def _plain(data: bytes, source: str, title_of: Callable[[str], str]) -> tuple[str, str, str]:
    text = decode_text(data, source)
    return text, title_of(text), ""


def _html(data: bytes, source: str, max_bytes: int) -> tuple[str, str, str]:
    page = html_main_text(decode_text(data, source))
    if not page.text.strip():
        raise unreadable(source, "no main text in the page (only navigation or scripts); save the article itself")
    return page.text, page.title, page.language


def plain_title(text: str) -> str:
    """The first non-empty line of a text, shortened to 200 characters.

    Examples
    --------
    >>> plain_title("\\n  Hamburg Aviation: Jahresbericht  \\nText")
    'Hamburg Aviation: Jahresbericht'
    """
    return next((line.strip()[:_TITLE_LENGTH] for line in text.splitlines() if line.strip()), "")


def markdown_title(text: str) -> str:
    """The first heading of a Markdown text (ATX ``#`` or Setext underline, or front-matter ``title:``), else its first line.

    Examples
    --------
    >>> markdown_title("Intro\\n\\n## Wasserstoff im Hafen ##\\n")
    'Wasserstoff im Hafen'
    >>> markdown_title("Clusterbrücke\\n=============\\n")
    'Clusterbrücke'
    >>> markdown_title("---\\ntitle: \\"Life Science Nord\\"\\n---\\nText")
    'Life Science Nord'
    """
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            if line.lower().startswith("title:"):
                return line.split(":", 1)[1].strip().strip("\"'")[:_TITLE_LENGTH]
        text = text[front.end() :]
    lines = text.splitlines()
    for index, line in enumerate(lines):
        heading = _ATX_HEADING.match(line)
        if heading:
            return heading.group(1)[:_TITLE_LENGTH]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _SETEXT_UNDERLINE.match(following) and following.strip().startswith("="):
            return line.strip()[:_TITLE_LENGTH]
    return plain_title(text)

