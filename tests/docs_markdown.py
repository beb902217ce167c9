"""Reading the guides: their shell commands and their relative links (helpers of the docs tests)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CCG_PREFIXES = ("ccg ", ".venv/bin/ccg ")
_FENCE = re.compile(r"^(\s*)(```|~~~)\s*([\w+-]*)")
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_REF = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", re.IGNORECASE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def guides(root: Path = REPOSITORY) -> list[Path]:
    """README.md and every Markdown file in docs/, sorted."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


@dataclass(frozen=True)
class DocCommand:
    """A ``ccg`` command shown in a ```sh block of a guide: where it is and its arguments."""

    path: Path
    line: int
    text: str
    args: tuple[str, ...]  # after the ``ccg``, up to a pipe, redirection or ``&&``
    redirect: str = ""  # the file of ``> FILE``

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPOSITORY) if self.path.is_relative_to(REPOSITORY) else self.path}:{self.line}"


def _blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """The fenced code blocks of a Markdown text: (language, first line number, lines)."""
    blocks, current, language, first = [], None, "", 0
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line)
        if current is None and fence:
            current, language, first = [], fence.group(3).lower(), number + 1
        elif current is not None and line.strip().startswith(("```", "~~~")):
            blocks.append((language, first, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def shell_commands(path: Path) -> list[DocCommand]:
    """Every line of a ```sh (or ```bash / ```shell) block of ``path`` that starts with ``ccg``.

    Comments after ``#`` are dropped the way the shell drops them; a line continued with ``\\`` is
    joined with the next.
    """
    found = []
    for language, first, lines in _blocks(path.read_text(encoding="utf-8")):
        if language not in ("sh", "bash", "shell", "console"):
            continue
        joined: list[tuple[int, str]] = []
        for offset, line in enumerate(lines):
            if joined and joined[-1][1].endswith("\\"):
                joined[-1] = (joined[-1][0], joined[-1][1][:-1] + " " + line.strip())
            else:
                joined.append((first + offset, line.strip().removeprefix("$ ")))
        for number, line in joined:
            if line.startswith(CCG_PREFIXES):
                words = _words(line)
                cut = next((i for i, word in enumerate(words) if word in _OPERATORS), len(words))
                redirect = words[cut + 1] if cut + 1 < len(words) and words[cut] in (">", ">>") else ""
                found.append(DocCommand(path, number, line, tuple(words[1:cut]), redirect))
    return found


_OPERATORS = {"|", ">", ">>", "<", "&&", "||", ";", "&", "2>", "2>&1"}


def _words(line: str) -> list[str]:
    """The words of a shell line as the shell splits them: quotes, comments, ``|``, ``>`` and ``&&`` apart."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def relative_links(path: Path) -> list[tuple[int, str]]:
    """``(line, target)`` of every link and image in ``path`` that points into the repository.

    Targets with a scheme (``https:``, ``mailto:``) are left out, anchors into the same file
    (``#...``) kept; code blocks and inline code are skipped.
    """
    found = []
    in_block = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            in_block = not in_block
            continue
        if in_block:
            continue
        prose = _INLINE_CODE.sub("", line)
        for target in [*_LINK.findall(prose), *_HTML_REF.findall(prose)]:
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue
            found.append((number, target))
    return found


def anchors(path: Path) -> set[str]:
    """The anchors a Markdown file defines: explicit ``id=""`` attributes and GitHub's heading slugs."""
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r"""\bid=["']([^"']+)["']""", text))
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found
