"""Errors of the RDF layer, with messages that say what to do next.

Every error a user can cause is a :class:`CcgError` (or a subclass). The CLI turns it into a
one-line message and a non-zero exit code; library callers can catch it.
"""

from __future__ import annotations

from pathlib import Path


class CcgError(Exception):
    """A user-facing error: one line, naming the file and the problem."""


class RegistryError(CcgError):
    """A registry file is malformed."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line
        self.problem = problem


class StoreError(CcgError):
    """The store cannot be opened or written."""


class QueryError(CcgError):
    """A SPARQL query is malformed, not allowed, or took too long."""


def store_locked(path: Path | str) -> StoreError:
    """The message for a store folder held by another process."""
    return StoreError(
        f"{path}: the store is in use by another ccg process (for example 'ccg serve'); "
        "stop it or pass another --store"
    )


def not_a_store(path: Path | str, reason: str) -> StoreError:
    """The message for a folder that cannot be opened as a store."""
    return StoreError(f"{path}: cannot open the store ({reason}); delete the folder to rebuild it with 'ccg build'")


def bad_query(source: str, reason: str) -> QueryError:
    """The message for a malformed SPARQL query."""
    first_line = reason.strip().splitlines()[0] if reason.strip() else "syntax error"
    return QueryError(f"{source}: malformed SPARQL query: {first_line}")


def taxonomy_unreadable(path: Path | str, reason: str) -> CcgError:
    """The message for a technology taxonomy file that is missing or not Turtle.

    Examples
    --------
    >>> str(taxonomy_unreadable("t.ttl", "file not found"))
    't.ttl: cannot read the technology taxonomy (file not found); pass the path of ontology/technologies.ttl'
    """
    return CcgError(f"{path}: cannot read the technology taxonomy ({reason}); pass the path of ontology/technologies.ttl")
