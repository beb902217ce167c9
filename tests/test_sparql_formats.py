"""Reading SPARQL text, negotiating result formats, and writing results cut at a row limit."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ontology.sparql_formats import FORMATS, negotiate, write_result
from ontology.sparql_text import calls_service, query_form


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <https://example.org/#select>\nBASE <https://example.org/>\nask { ?s ex:p 'INSERT' }", "ask"),
    ("# SELECT in a comment\nDESCRIBE <https://example.org/a>", "describe"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    ("WITH <https://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    ("PREFIX select: <https://example.org/>\nLOAD <https://example.org/data.ttl>", "update"),
    ("clear all", "update"),
    ("", "unknown"),
])
def test_the_query_form_is_the_first_keyword_after_the_prologue(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize("text, calls", [
    ("SELECT * { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o . service silent ?endpoint { ?s ?p ?o } }", True),
    ("SELECT * { FILTER(?a<?b) SERVICE <https://example.org/> {} }", True),
    ("SELECT ?service { ?service a <https://example.org/Service> }", False),
    ("SELECT * { ?s <https://example.org/p#> 'SERVICE' } # SERVICE <x>", False),
    ('SELECT * { ?s ?p """a\nSERVICE <x> { }""" }', False),
    ("PREFIX service: <https://example.org/> SELECT * { ?s service:x ?o }", False),
])
def test_service_calls_are_found_outside_strings_iris_and_comments(text, calls):
    assert calls_service(text) is calls


@pytest.mark.parametrize("form, accept, requested, name", [
    ("select", None, [], "json"),
    ("select", "*/*", [], "json"),
    ("select", "application/sparql-results+xml", [], "xml"),
    ("select", "text/csv;q=0.4, text/tab-separated-values;q=0.9", [], "tsv"),
    ("select", "application/json", [], "json"),
    ("select", "text/*", [], "csv"),
    ("ask", "application/sparql-results+json", ["xml"], "xml"),
    ("construct", None, [], "turtle"),
    ("construct", "application/n-triples", [], "ntriples"),
    ("construct", "application/rdf+xml;q=0.5, application/ld+json", [], "jsonld"),
    ("describe", "text/html,application/xhtml+xml,*/*;q=0.8", [], "turtle"),
    ("construct", "", ["xml"], "rdfxml"),  # SPARQLWrapper's format=xml for a graph means RDF/XML
    ("construct", "text/turtle", ["nonsense"], "turtle"),
])
def test_negotiation_follows_format_parameters_then_accept(form, accept, requested, name):
    assert negotiate(form, accept, requested).name == name


@pytest.mark.parametrize("form, accept", [("select", "text/turtle"), ("construct", "text/csv"), ("ask", "image/png;q=1, */*;q=0")])
def test_nothing_acceptable_is_none(form, accept):
    assert negotiate(form, accept) is None


@pytest.fixture(scope="module")
def store():
    store = ox.Store()
    ex = "https://example.org/"
    store.extend(
        ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(text, language="de") if i % 2 else ox.Literal(text), ox.NamedNode(f"{ex}g"))
        for i, text in enumerate(["a", 'quote " and, comma', "line\nbreak", "tab\there", "ü <b>"])
    )
    return store


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_a_result_cut_at_the_row_limit_reads_like_oxigraphs_own_limit(store, fmt):
    query = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o } ORDER BY ?s"
    cut = write_result(store.query(query, use_default_graph_as_union=True), FORMATS[fmt], max_rows=3)
    limited = store.query(query + " LIMIT 3", use_default_graph_as_union=True).serialize(format=FORMATS[fmt].results)
    assert (cut.body, cut.rows, cut.truncated) == (limited, 3, True)
    whole = write_result(store.query(query, use_default_graph_as_union=True), FORMATS[fmt], max_rows=5)
    assert (whole.rows, whole.truncated) == (5, False)


def test_graph_results_are_sorted_and_cut(store):
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    first = write_result(store.query(query, use_default_graph_as_union=True), FORMATS["ntriples"])
    lines = first.body.decode().splitlines()
    assert lines == sorted(lines) and first.rows == 5
    cut = write_result(store.query(query, use_default_graph_as_union=True), FORMATS["ntriples"], max_rows=2)
    assert (cut.rows, cut.truncated, len(cut.body.decode().splitlines())) == (2, True, 2)


def test_the_table_keeps_one_row_a_line(store):
    table = write_result(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", use_default_graph_as_union=True), FORMATS["table"])
    assert table.body.decode().splitlines()[2:] == ["a", "line break", 'quote " and, comma', "tab here", "ü <b>"]
