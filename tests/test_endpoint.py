"""``ccg serve``: the SPARQL 1.1 Protocol with real clients (SPARQLWrapper, httpx, headless Chromium)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from ontology.endpoint import EndpointSettings
from ontology.store import export_dataset, opened_dataset
from tests.endpoint_server import running_endpoint
from ontology.namespace import CCG
from tests.research_store import A, build_research_store

TIMEOUT = 2.0
MAX_ROWS = 50
CLUSTERS = "SELECT ?cluster ?label WHERE { ?cluster a ccg:Cluster ; rdfs:label ?label } ORDER BY ?label"
PARTNERS = "CONSTRUCT { ?a ccg:partnerOf ?b } WHERE { ?a ccg:partnerOf ?b }"
# Three copies of every triple crossed, each row through string functions: minutes of work.
EXPENSIVE = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a ?p ?x . ?b ?q ?y . ?c ?r ?z .
  FILTER(CONTAINS(CONCAT(STR(?x), STR(?y), STR(?z)), "no such text"))
}"""
CLUSTER_LABELS = ["Hamburg Aviation", "Logistik-Initiative", "Maritimes Cluster"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_research_store(tmp_path_factory.mktemp("endpoint") / "store")


@pytest.fixture(scope="module")
def endpoint(store):
    """The endpoint most tests talk to: a time limit no query here comes near, even on a busy machine."""
    with running_endpoint(store, EndpointSettings(timeout=60, max_rows=MAX_ROWS)) as running:
        yield running


@pytest.fixture()
def strict_endpoint(store):
    """An endpoint with a short time limit, for the timeout test."""
    with running_endpoint(store, EndpointSettings(timeout=TIMEOUT, max_rows=MAX_ROWS)) as running:
        yield running


def client(endpoint, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(endpoint.sparql)
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method is not None:
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(method)
    return wrapper


@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY], ids=["GET", "POST-urlencoded", "POST-direct"])
def test_select_as_sparql_json_by_every_protocol_method(endpoint, method):
    result = client(endpoint, CLUSTERS, JSON, method).query()
    assert result.info()["content-type"] == "application/sparql-results+json"
    labels = [row["label"]["value"] for row in result.convert()["results"]["bindings"]]
    assert labels == CLUSTER_LABELS


def test_select_as_sparql_xml(endpoint):
    document = client(endpoint, CLUSTERS, XML).query().convert()
    labels = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert labels == CLUSTER_LABELS


@pytest.mark.parametrize("fmt, delimiter, header", [(CSV, ",", ["cluster", "label"]), (TSV, "\t", ["?cluster", "?label"])])
def test_select_as_csv_and_tsv(endpoint, fmt, delimiter, header):
    body = client(endpoint, CLUSTERS, fmt).query().convert().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    assert rows[0] == header
    assert [r[1].strip('"') for r in rows[1:]] == CLUSTER_LABELS


@pytest.mark.parametrize("fmt, expected", [(JSON, True), (XML, True), (CSV, b"true"), (TSV, b"true")])
def test_ask_in_every_result_format(endpoint, fmt, expected):
    result = client(endpoint, "ASK { ?a ccg:partnerOf ?b }", fmt).query().convert()
    if fmt == JSON:
        assert result["boolean"] is expected
    elif fmt == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result == expected


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_construct_in_every_graph_format(endpoint, fmt):
    result = client(endpoint, PARTNERS, fmt).query()
    graph = result.convert()
    if isinstance(graph, bytes):  # SPARQLWrapper hands Turtle and N3 back as bytes
        graph = Graph().parse(data=graph, format="turtle")
    assert set(graph) == {(A["airbus"], CCG.partnerOf, A["tuhh"])}


def test_construct_as_ntriples_by_content_negotiation(endpoint):
    response = httpx.get(endpoint.sparql, params={"query": PARTNERS}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    graph = Graph().parse(data=response.text, format="nt")
    assert [(str(s), str(o)) for s, _, o in graph] == [(str(A["airbus"]), str(A["tuhh"]))]


def test_describe_is_answered_as_turtle(endpoint):
    response = httpx.get(endpoint.sparql, params={"query": f"DESCRIBE <{A['airbus']}>"})
    assert response.headers["content-type"].startswith("text/turtle")
    assert str(A["tuhh"]) in response.text


def test_an_unacceptable_format_is_406(endpoint):
    response = httpx.get(endpoint.sparql, params={"query": CLUSTERS}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert len(response.text.strip().splitlines()) == 1


def test_a_malformed_query_is_400_with_one_line(endpoint):
    with pytest.raises(QueryBadFormed):
        client(endpoint, "SELECT ?x WHERE { ?x ?y }", JSON).query()
    response = httpx.get(endpoint.sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert response.text.count("\n") == 1 and "malformed SPARQL query" in response.text


UPDATES = [
    ("update parameter", {"data": {"update": "DROP ALL"}}),
    ("sparql-update body", {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}),
    ("update as query", {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}}),
    ("update in direct POST", {"content": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "headers": {"Content-Type": "application/sparql-query"}}),
]


@pytest.mark.parametrize("how", [u[1] for u in UPDATES], ids=[u[0] for u in UPDATES])
def test_an_update_is_refused_and_the_store_is_unchanged(endpoint, how):
    before = _export(endpoint.store)
    response = httpx.post(endpoint.sparql, **how)
    assert response.status_code == 403
    assert "not allowed" in response.text
    assert _export(endpoint.store) == before


def test_an_update_through_sparqlwrapper_is_refused(endpoint):
    wrapper = SPARQLWrapper(endpoint.sparql, updateEndpoint=endpoint.sparql)
    wrapper.setMethod(POST)
    wrapper.setQuery("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    before = _export(endpoint.store)
    with pytest.raises(Exception) as refused:
        wrapper.query()
    assert "403" in str(refused.value)
    assert _export(endpoint.store) == before


def _export(store: Path) -> bytes:
    with opened_dataset(store, read_only=True) as dataset:
        return export_dataset(dataset, "nquads")


def test_service_calls_are_refused(endpoint):
    response = httpx.get(endpoint.sparql, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_a_query_past_the_timeout_is_stopped_within_a_second_more(strict_endpoint):
    started = time.monotonic()
    response = httpx.post(strict_endpoint.sparql, data={"query": EXPENSIVE}, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "stopped after 2 s" in response.text
    assert elapsed < TIMEOUT + 1
    # The worker that ran it was replaced: the endpoint answers again.
    assert httpx.get(strict_endpoint.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30).json()["boolean"] is True


def test_the_row_limit_cuts_results_and_says_so(endpoint):
    response = httpx.get(endpoint.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert response.headers["CCG-Row-Limit"] == str(MAX_ROWS)
    assert response.headers["CCG-Truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS == int(response.headers["CCG-Rows"])
    whole = httpx.get(endpoint.sparql, params={"query": CLUSTERS})
    assert whole.headers["CCG-Truncated"] == "false" and whole.headers["CCG-Rows"] == "3"


def test_research_queries_are_listed_and_run_with_bound_parameters(endpoint):
    listed = httpx.get(endpoint.url + "queries").json()
    names = [q["name"] for q in listed["queries"]]
    assert "partners-of-an-actor" in names and listed["prefixes"]["ccg"].endswith("ontology#")
    response = httpx.get(endpoint.url + "queries/partners-of-an-actor", params={"actor": "actor/tuhh", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["actor"], r["partnerLabel"]) for r in rows] == [(str(A["tuhh"]), "Airbus")]
    injected = httpx.get(endpoint.url + "queries/partners-of-an-actor", params={"actor": '"> } ?x ?y ?z . #'})
    assert injected.status_code == 400
    assert httpx.get(endpoint.url + "queries/no-such-query").status_code == 404


def test_other_content_types_and_methods_are_refused(endpoint):
    assert httpx.post(endpoint.sparql, content=CLUSTERS, headers={"Content-Type": "text/plain"}).status_code == 415
    assert httpx.put(endpoint.sparql, content=CLUSTERS).status_code == 405
    assert httpx.get(endpoint.sparql).status_code == 400


@pytest.mark.browser
def test_the_query_page_runs_a_research_query_in_headless_chromium(endpoint):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import expect, sync_playwright

    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(endpoint.url)
            page.wait_for_selector("#query-picker option[value='partners-of-an-actor']", state="attached")
            page.select_option("#query-picker", "partners-of-an-actor")
            page.fill("#param-actor", "actor/airbus")
            page.click("#run")
            page.wait_for_selector("#result-table tbody tr")
            cells = page.locator("#result-table tbody tr").first.locator("td").all_inner_texts()
            download = page.get_attribute("#download", "href")
            page.fill("#query-text", "SELECT ?text WHERE { ?p ccg:text ?text } ORDER BY ?text")
            page.click("#run")
            expect(page.locator("#result-table tbody tr")).to_have_count(3)  # no wait_for_function: the page forbids eval
            texts = page.locator("#result-table tbody td").all_inner_texts()
        finally:
            browser.close()
    assert cells[:3] == ["<actor/airbus>", "<actor/tuhh>", "TUHH"]
    assert download.startswith("queries/partners-of-an-actor?") and "format=csv" in download
    assert texts[0].startswith("Airbus und die TUHH")
    assert not errors
    assert requests and all(url.startswith(endpoint.url) for url in requests)


def test_the_page_and_its_files_come_from_the_package_with_a_strict_policy(endpoint):
    page = httpx.get(endpoint.url)
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text.replace("http-equiv", "")
    for name in ("app.js", "style.css"):
        asset = httpx.get(endpoint.url + "static/" + name)
        assert asset.status_code == 200 and "http://" not in asset.text and "https://" not in asset.text
    assert ".innerHTML" not in httpx.get(endpoint.url + "static/app.js").text
    json.loads(httpx.get(endpoint.url + "queries").text)
