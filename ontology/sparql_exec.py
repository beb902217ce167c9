"""Executing one query request on an Oxigraph store and writing its answer in the requested format.

This is the code path of ``ccg query`` and of every query that ``ccg serve`` answers: the same
request on the same store gives the same bytes. It imports nothing but pyoxigraph and the
standard library, so that query worker processes start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from ontology.errors import bad_query, format_does_not_fit, query_failed, service_refused, update_refused
from ontology.sparql_formats import FORMATS, write_result
from ontology.sparql_text import query_form, calls_service

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class QueryRequest:
    """A query with everything that decides its answer.

    Parameters
    ----------
    text
        The SPARQL query.
    source
        What to call the query in messages (a file name, a library query name, ``query``).
    fmt
        A name in :data:`ontology.sparql_formats.FORMATS`.
    bindings
        Values for projected variables (by name without ``?``), substituted by Oxigraph: values from
        outside never become query text.
    max_rows
        Keep at most this many rows (or triples); None keeps all.
    prefixes
        Prefixes declared for the query (name to namespace IRI).
    allow_service
        Whether ``SERVICE`` calls to other endpoints may run.
    base_iri
        The base IRI of the data; the table shows data IRIs relative to it.
    """

    text: str
    source: str = "query"
    fmt: str = "table"
    bindings: Mapping[str, Term] = field(default_factory=dict)
    max_rows: int | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)
    allow_service: bool = True
    base_iri: str | None = None


@dataclass(frozen=True)
class Answer:
    """The written answer to a :class:`QueryRequest`."""

    form: str
    fmt: str
    content_type: str
    body: bytes
    rows: int | None
    truncated: bool = False


def execute(store: ox.Store, request: QueryRequest) -> Answer:
    """Run ``request`` on ``store`` (the union of all graphs is the default graph) and write the answer.

    Raises :class:`ontology.errors.QueryError` (or a subclass) with a one-line message for a
    malformed query, an update, a refused ``SERVICE`` call, a format that does not fit the query
    form, or a failure while evaluating.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    >>> request = QueryRequest("SELECT ?s WHERE { ?s ex:p ?o }", fmt="csv", prefixes={"ex": "https://example.org/"})
    >>> execute(store, request).body
    b's\\r\\nhttps://example.org/a\\r\\n'
    >>> execute(store, QueryRequest("SELECT ?s WHERE { ?s ?p }", source="q.rq"))
    Traceback (most recent call last):
    ...
    ontology.errors.QueryError: q.rq: malformed SPARQL query: error at 1:26: expected one of LATERAL, SERVICE, [_]
    """
    form = query_form(request.text)
    if form == "update":
        raise update_refused(request.source)
    if not request.allow_service and calls_service(request.text):
        raise service_refused(request.source)
    fmt = FORMATS[request.fmt]
    substitutions = {ox.Variable(name): value for name, value in request.bindings.items()}
    try:
        result = store.query(request.text, prefixes=dict(request.prefixes), use_default_graph_as_union=True, substitutions=substitutions)
    except SyntaxError as error:
        raise bad_query(request.source, str(error)) from error
    except (RuntimeError, OSError) as error:
        raise query_failed(request.source, str(error)) from error
    actual = _form_of(result, form)
    if actual not in fmt.forms:
        raise format_does_not_fit(request.source, fmt.name, actual)
    try:
        written = write_result(result, fmt, request.max_rows, request.prefixes, request.base_iri)
    except (RuntimeError, OSError, ValueError) as error:
        raise query_failed(request.source, str(error)) from error
    return Answer(actual, fmt.name, fmt.content_type, written.body, written.rows, written.truncated)


def _form_of(result: object, guessed: str) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "describe" if guessed == "describe" else "construct"
