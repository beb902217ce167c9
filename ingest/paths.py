"""Which files a list of PATH arguments stands for: files as named, folders walked recursively.

Folders are walked in sorted order (the same folder always gives the same list). Hidden files and
folders (``.git``, ``.DS_Store``), Office lock files (``~$report.docx``) and gold annotations for
``ccg evaluate`` (``NNN.gold.json``) are ignored; files of
an unknown type inside a folder are skipped with a notice, while a file of unknown type named
explicitly is left in the list so that reading it fails with a one-line error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.readers import KNOWN_SUFFIXES

GOLD_SUFFIX = ".gold.json"  # annotations beside their documents, read by ccg evaluate only


@dataclass(frozen=True)
class FileSelection:
    """The files to read, what was skipped and which folders were walked."""

    files: tuple[Path, ...]  # as given, or the given folder joined with the path inside it
    skipped: tuple[tuple[Path, str], ...] = ()  # (file, notice)
    folders: tuple[Path, ...] = ()  # folders walked: a stored document under one of them whose file is gone was deleted
    missing: tuple[Path, ...] = ()  # arguments that do not exist


def select_files(paths: Iterable[Path]) -> FileSelection:
    """The files named by ``paths`` (files or folders), each once, in argument order then sorted within folders.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "b.gold.json", "a/c.md", "a/.hidden.txt", "notes.json", "a/~$lock.docx"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (root / name).write_text("x")
    >>> selection = select_files([root, root / "b.txt"])
    >>> [p.relative_to(root).as_posix() for p in selection.files]
    ['a/c.md', 'b.txt']
    >>> [(p.name, why) for p, why in selection.skipped]
    [('notes.json', "unknown file type '.json'")]
    """
    files: dict[Path, None] = {}
    skipped: list[tuple[Path, str]] = []
    folders: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            folders.append(path)
            for found in _walk(path):
                if found.name.endswith(GOLD_SUFFIX):
                    continue
                if found.suffix.lower() in KNOWN_SUFFIXES:
                    files.setdefault(found, None)
                else:
                    skipped.append((found, f"unknown file type {found.suffix.lower() or '(none)'!r}"))
        elif path.exists():
            files.setdefault(path, None)
        else:
            missing.append(path)
    return FileSelection(tuple(files), tuple(skipped), tuple(folders), tuple(missing))


def _walk(folder: Path) -> list[Path]:
    found = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        found.extend(Path(directory) / name for name in sorted(names) if not name.startswith((".", "~$")))
    return sorted(found)
