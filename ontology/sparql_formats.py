"""The formats of query results: names, media types, content negotiation and writing.

``SELECT`` and ``ASK`` results are written as the W3C SPARQL 1.1 result formats (JSON, XML, CSV,
TSV) by Oxigraph, or as a plain-text table for people; ``CONSTRUCT`` and ``DESCRIBE`` results as
Turtle, N-Triples, RDF/XML or JSON-LD, their triples sorted so that the same store gives the same
bytes. A row limit cuts results after ``max_rows`` rows (or triples) and says so.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ontology.sparql_text import GRAPH_FORMS

RESULT_FORMS = ("select", "ask")


@dataclass(frozen=True)
class ResultFormat:
    """One way of writing query results."""

    name: str
    media_type: str
    forms: tuple[str, ...]
    results: ox.QueryResultsFormat | None = None
    rdf: ox.RdfFormat | None = None

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (text formats say their charset)."""
        textual = self.media_type.startswith("text/") or self.media_type == "application/n-triples"
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("table", "text/plain", RESULT_FORMS + GRAPH_FORMS),
        ResultFormat("json", "application/sparql-results+json", RESULT_FORMS, results=ox.QueryResultsFormat.JSON),
        ResultFormat("xml", "application/sparql-results+xml", RESULT_FORMS, results=ox.QueryResultsFormat.XML),
        ResultFormat("csv", "text/csv", RESULT_FORMS, results=ox.QueryResultsFormat.CSV),
        ResultFormat("tsv", "text/tab-separated-values", RESULT_FORMS, results=ox.QueryResultsFormat.TSV),
        ResultFormat("turtle", "text/turtle", GRAPH_FORMS, rdf=ox.RdfFormat.TURTLE),
        ResultFormat("ntriples", "application/n-triples", GRAPH_FORMS, rdf=ox.RdfFormat.N_TRIPLES),
        ResultFormat("rdfxml", "application/rdf+xml", GRAPH_FORMS, rdf=ox.RdfFormat.RDF_XML),
        ResultFormat("jsonld", "application/ld+json", GRAPH_FORMS, rdf=ox.RdfFormat.JSON_LD),
    )
}
#: The formats a person picks with ``ccg query --format``.
CLI_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")
#: Other names for formats, in ``format=`` parameters and ``Accept`` headers, by query kind.
_ALIASES: dict[str, dict[str, str]] = {
    "results": {
        "application/json": "json", "application/xml": "xml", "text/xml": "xml", "srj": "json", "srx": "xml",
    },
    "graph": {
        "ttl": "turtle", "n3": "turtle", "text/n3": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
        "nt": "ntriples", "n-triples": "ntriples", "text/plain": "ntriples",
        "xml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
        "json-ld": "jsonld", "json": "jsonld", "application/json": "jsonld",
    },
}
_DEFAULTS = {"results": "json", "graph": "turtle"}


def _kind(form: str) -> str:
    return "graph" if form in GRAPH_FORMS else "results"


def format_named(name: str, form: str) -> ResultFormat | None:
    """The format that ``name`` (a format name, alias or media type) means for a query of ``form``.

    Examples
    --------
    >>> format_named("xml", "select").media_type, format_named("xml", "construct").media_type
    ('application/sparql-results+xml', 'application/rdf+xml')
    >>> format_named("csv", "construct") is None
    True
    """
    key = name.strip().lower()
    kind = _kind(form)
    key = _ALIASES[kind].get(key, key)
    found = FORMATS.get(key) or next((f for f in FORMATS.values() if f.media_type == key), None)
    return found if found is not None and form in found.forms and found.name != "table" else None


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header, best first (by quality, then as given)."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((fields[0].lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges]


def negotiate(form: str, accept: str | None, requested: Iterable[str] = ()) -> ResultFormat | None:
    """The format to answer a query of ``form`` in, or None when the client accepts none we write.

    A known ``format=`` value (``requested``, as clients such as SPARQLWrapper send) wins over the
    ``Accept`` header; without either, SPARQL JSON for results and Turtle for graphs.

    Examples
    --------
    >>> negotiate("select", "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> negotiate("construct", "text/html,application/xhtml+xml,*/*;q=0.8").name
    'turtle'
    >>> negotiate("select", "", ["csv"]).name
    'csv'
    >>> negotiate("ask", "text/turtle") is None
    True
    """
    for name in requested:
        found = format_named(name, form)
        if found is not None:
            return found
    kind = _kind(form)
    if not accept or not accept.strip():
        return FORMATS[_DEFAULTS[kind]]
    for media, _ in _media_ranges(accept):
        if media == "*/*":
            return FORMATS[_DEFAULTS[kind]]
        if media.endswith("/*"):
            major = media[:-1]
            match = next((f for f in FORMATS.values() if form in f.forms and f.name != "table" and f.media_type.startswith(major)), None)
            if match is not None:
                return match
            continue
        found = format_named(media, form)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Written:
    """A result in its format: the bytes, how many rows (or triples) they hold, and whether cut."""

    body: bytes
    rows: int | None
    truncated: bool = False


def write_result(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    fmt: ResultFormat,
    max_rows: int | None = None,
    prefixes: Mapping[str, str] | None = None,
    base_iri: str | None = None,
) -> Written:
    """Write a pyoxigraph query result in ``fmt``, keeping at most ``max_rows`` rows or triples.

    Turtle output declares ``prefixes`` (name to namespace IRI); the table shows IRIs as prefixed
    names or relative to ``base_iri`` (see :func:`compact_term`).

    Without a row limit, SPARQL result formats stream straight from Oxigraph (the row count is then
    not known: ``rows`` is None).

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    >>> written = write_result(store.query("SELECT ?s ?o WHERE { ?s ?p ?o }"), FORMATS["csv"], max_rows=10)
    >>> written.body, written.rows, written.truncated
    (b's,o\\r\\nhttps://example.org/a,x\\r\\n', 1, False)
    """
    if isinstance(result, ox.QueryBoolean):
        if fmt.results is None:
            return Written(b"yes\n" if bool(result) else b"no\n", 1)
        return Written(result.serialize(format=fmt.results), 1)
    if isinstance(result, ox.QuerySolutions):
        return _write_solutions(result, fmt, max_rows, prefixes or {}, base_iri)
    return _write_triples(result, fmt, max_rows, prefixes)


def _write_solutions(solutions: ox.QuerySolutions, fmt: ResultFormat, max_rows: int | None, prefixes: Mapping[str, str], base_iri: str | None) -> Written:
    if fmt.results is not None and max_rows is None:
        return Written(solutions.serialize(format=fmt.results), None)
    variables = [v.value for v in solutions.variables]
    rows = [tuple(solution[v] for v in variables) for solution in itertools.islice(solutions, max_rows)]
    truncated = max_rows is not None and next(solutions, None) is not None
    if fmt.results is None:
        table = render_table(variables, [[compact_term(cell, prefixes, base_iri) for cell in row] for row in rows])
        return Written((table + "\n").encode("utf-8"), len(rows), truncated)
    # The kept rows go back through Oxigraph's own writer, so a cut result reads exactly like a whole one.
    kept = ox.parse_query_results(solutions_json(variables, rows), format=ox.QueryResultsFormat.JSON)
    return Written(kept.serialize(format=fmt.results), len(rows), truncated)


def _write_triples(triples: Iterable[ox.Triple], fmt: ResultFormat, max_rows: int | None, prefixes: Mapping[str, str] | None) -> Written:
    iterator = iter(triples)
    kept = list(itertools.islice(iterator, max_rows))
    truncated = max_rows is not None and next(iterator, None) is not None
    kept.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    rdf_format = fmt.rdf or ox.RdfFormat.TURTLE
    declared = _used_prefixes(kept, prefixes or {}) if rdf_format == ox.RdfFormat.TURTLE else None
    return Written(ox.serialize(kept, format=rdf_format, prefixes=declared), len(kept), truncated)


def _used_prefixes(triples: list[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` is in, sorted by name."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object) if isinstance(t, ox.NamedNode)}
    return {name: ns for name, ns in sorted(prefixes.items()) if any(iri.startswith(ns) for iri in iris)}


def solutions_json(variables: list[str] | tuple[str, ...], rows: Iterable[tuple]) -> bytes:
    """SPARQL 1.1 JSON results for ``rows`` of pyoxigraph terms (None where unbound).

    Examples
    --------
    >>> solutions_json(["x"], [(ox.Literal("1", language="de"),), (None,)])
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1", "xml:lang": "de"}}, {}]}}'
    """
    bindings = [{name: _json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows]
    return json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Mapping[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    cell: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        cell["datatype"] = term.datatype.value
    return cell


def term_text(term: object) -> str:
    """A cell as people read it: IRIs and literals as their plain value, unbound as empty.

    Examples
    --------
    >>> term_text(ox.NamedNode("https://example.org/a")), term_text(ox.Literal("Hafen", language="de")), term_text(None)
    ('https://example.org/a', 'Hafen', '')
    """
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def compact_term(term: object, prefixes: Mapping[str, str], base_iri: str | None = None) -> str:
    """A cell as people read it: ``ccg:curated`` and ``<actor/airbus>`` for IRIs, literals as their text.

    An IRI under a namespace of ``prefixes`` becomes a prefixed name, one under ``base_iri`` an IRI
    relative to it (as ``ccg query --param`` accepts them), any other IRI stays whole in ``<>``.

    Examples
    --------
    >>> ex = {"ex": "https://example.org/ns#"}
    >>> [compact_term(t, ex, "https://example.org/id/") for t in (ox.NamedNode("https://example.org/ns#a"),
    ...     ox.NamedNode("https://example.org/id/actor/x"), ox.NamedNode("https://other.org/y"), ox.Literal("7"), None)]
    ['ex:a', '<actor/x>', '<https://other.org/y>', '7', '']
    """
    if not isinstance(term, ox.NamedNode):
        return term_text(term)
    iri = term.value
    best = max(((name, ns) for name, ns in prefixes.items() if iri.startswith(ns) and _is_local_name(iri[len(ns):])), key=lambda p: len(p[1]), default=None)
    if best is not None:
        return f"{best[0]}:{iri[len(best[1]):]}"
    if base_iri and iri.startswith(base_iri) and len(iri) > len(base_iri):
        return f"<{iri[len(base_iri):]}>"
    return f"<{iri}>"


def _is_local_name(local: str) -> bool:
    return bool(local) and all(c.isalnum() or c in "-_." for c in local) and not local.endswith(".")


def render_table(header: tuple[str, ...] | list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A plain-text table with aligned columns; long cells are cut with an ellipsis.

    Line breaks and tabs inside cells become spaces, so that one row stays one line.

    Examples
    --------
    >>> print(render_table(["a", "bb"], [["1", "two"]]))
    a  bb
    -  ---
    1  two
    """
    flat = [[" ".join(c.split()) for c in row] for row in rows]
    cut = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in flat]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cut)
    return "\n".join(lines)
