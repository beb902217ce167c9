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


class QueryRefused(QueryError):
    """A request that a read-only store never runs: an update, or a call to another endpoint."""


class QueryTimeout(QueryError):
    """A query was stopped at its time limit, or no query worker became free in time."""


class NotAcceptable(QueryError):
    """The requested result format does not fit the query form."""


class ProtocolError(QueryError):
    """A request the SPARQL endpoint cannot take; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


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


def query_failed(source: str, reason: str) -> QueryError:
    """The message for a query that parsed but could not be evaluated."""
    first_line = reason.strip().splitlines()[0] if reason.strip() else "evaluation failed"
    return QueryError(f"{source}: the query failed: {first_line}")


def update_refused(source: str) -> QueryRefused:
    """The message for a SPARQL update sent to a read-only store."""
    return QueryRefused(f"{source}: SPARQL updates are not allowed: the store is read-only here; change the graph with 'ccg build' or 'ccg ingest'")


def service_refused(source: str) -> QueryRefused:
    """The message for a federated query (``SERVICE``) sent to the endpoint."""
    return QueryRefused(f"{source}: SERVICE calls to other endpoints are not allowed here; run federated queries with 'ccg query' on your own machine")


def query_timed_out(source: str, seconds: float) -> QueryTimeout:
    """The message for a query stopped at its time limit.

    Examples
    --------
    >>> str(query_timed_out("q.rq", 2))
    'q.rq: the query was stopped after 2 s (the time limit); add a LIMIT, narrow it down, or raise --timeout'
    """
    return QueryTimeout(f"{source}: the query was stopped after {seconds:g} s (the time limit); add a LIMIT, narrow it down, or raise --timeout")


def workers_busy(source: str, seconds: float) -> QueryTimeout:
    """The message for a query that found no free query worker within its time limit."""
    return QueryTimeout(f"{source}: all query workers stayed busy for {seconds:g} s; try again later or start 'ccg serve' with more --workers")


def format_does_not_fit(source: str, fmt: str, form: str) -> NotAcceptable:
    """The message for a result format that cannot hold the result of a query of ``form``."""
    fitting = "table, csv, tsv, json or xml" if form in ("select", "ask") else "table, turtle or ntriples"
    return NotAcceptable(f"{source}: {form.upper()} results cannot be written as {fmt}; use {fitting}")


def nothing_acceptable(source: str, accept: str, form: str) -> NotAcceptable:
    """The message for an ``Accept`` header that names no format a result of ``form`` can be written in."""
    return NotAcceptable(f"{source}: none of the accepted media types ({accept}) fits a {form.upper()} result; see docs/researchers.md for the formats")


def repeated_parameter(name: str, count: int) -> ProtocolError:
    """The message for a protocol parameter given more than once."""
    return ProtocolError(f"request: give one {name} parameter, not {count}")


def dataset_parameters_unsupported() -> ProtocolError:
    """The message for ``default-graph-uri`` and ``named-graph-uri``."""
    return ProtocolError("request: default-graph-uri and named-graph-uri are not supported; the default graph is the union of all graphs, use GRAPH or FROM in the query")


def no_query_sent() -> ProtocolError:
    """The message for a request without a query."""
    return ProtocolError("request: no query; send the SPARQL query as query=... (GET or URL-encoded POST) or as an application/sparql-query body")


def request_too_long(limit: int) -> ProtocolError:
    """The message for a request body or query over the size limit."""
    return ProtocolError(f"request: longer than {limit} bytes; shorten the query", status=413)


def request_not_utf8() -> ProtocolError:
    """The message for a request body that is not UTF-8."""
    return ProtocolError("request: the body is not UTF-8 text; send the query as UTF-8")


def unsupported_content_type(content_type: str) -> ProtocolError:
    """The message for a POST body of another content type."""
    return ProtocolError(f"request: unsupported content type {content_type or 'none'!r}; send application/sparql-query or application/x-www-form-urlencoded", status=415)


def unknown_research_query(name: str) -> ProtocolError:
    """The message for a research query name that the library does not hold (HTTP 404 at the endpoint).

    Examples
    --------
    >>> str(unknown_research_query("who"))
    "who: no research query of this name; 'ccg query --list' (or GET /queries) lists them"
    """
    return ProtocolError(f"{name}: no research query of this name; 'ccg query --list' (or GET /queries) lists them", status=404)


def bad_query_header(where: str, problem: str) -> QueryError:
    """The message for a research query file whose header comment is malformed."""
    return QueryError(f"{where}: {problem}")


def bad_parameter_value(source: str, raw: str, expected: str, reason: str) -> QueryError:
    """The message for a parameter value that is not of the parameter's kind."""
    return QueryError(f"{source}: parameter value {raw!r} is not {expected} ({reason})")


def unknown_parameter(source: str, name: str, known: str) -> QueryError:
    """The message for a value given for a variable the query does not declare."""
    return QueryError(f"{source}: no parameter ?{name}; its parameters: {known}")


def query_or_file() -> QueryError:
    """The message for ``ccg query`` without a query, or with both a query and a file."""
    return QueryError("query: give a QUERY (SPARQL text or a research query name) or -f FILE, one of them")


def unreadable_query(path: Path | str, reason: str) -> QueryError:
    """The message for a query file that cannot be read."""
    return QueryError(f"{path}: cannot read the query ({reason}); check the path and that the file is UTF-8 text")


def worker_not_ready(folder: Path | str) -> StoreError:
    """The message for a query worker that did not open the store in time."""
    return StoreError(f"{folder}: a query worker did not open the store within a minute; check the store folder")


def worker_died(source: str) -> QueryError:
    """The message for a query worker process that ended during a query."""
    return QueryError(f"{source}: the query worker ended unexpectedly (out of memory?); narrow the query down or add a LIMIT")
