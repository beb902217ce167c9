"""The whole analysis on a small store: analysis graph, determinism, read-back, CLI and report."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from build_graph import cli
from graph.analyse import analyse
from graph.stored import read_bridges, read_technologies
from ontology.foundation import ONTOLOGY_FILE
from ontology.prefixes import PREFIXES
from ontology.sparql import run_query
from ontology.store import export_dataset, opened_dataset, oxigraph_of, replace_graph_from_file
from ontology.validate import validate_dataset
from tests.graph_world import TINY, Document, Passage, write_world

IRIS = TINY.iris
HOSTILE = dataclasses.replace(
    TINY,
    documents=TINY.documents
    + (
        Document("d4", "<script>alert('title')</script>", (
            Passage("Airbus, HHLA & UKE: <img src=x onerror=alert(1)> [x](javascript:alert(2)) hydrogen.", ("airbus", "hhla", "uke"), ("hydrogen",)),
        ), source="javascript:alert(3)"),
    ),
)


def analysed_store(folder, world=TINY, **options):
    store = folder / "store"
    with opened_dataset(store) as dataset:
        write_world(dataset, world)
        replace_graph_from_file(dataset, world.iris.ontology_graph, ONTOLOGY_FILE)
        result = analyse(dataset, world.iris, **options)
    return store, result


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return analysed_store(tmp_path_factory.mktemp("analysed"))


def invoke(store, *args):
    result = CliRunner().invoke(cli, ["--store", str(store), "--base-iri", TINY.base, *args])
    return result


def analysis_bytes(store) -> bytes:
    with opened_dataset(store, read_only=True) as dataset:
        return export_dataset(dataset, "nquads", [IRIS.analysis_graph])


def test_same_input_gives_the_same_rankings_and_bytes(tiny, tmp_path):
    store, first = tiny
    again_store, again = analysed_store(tmp_path)
    assert analysis_bytes(store) == analysis_bytes(again_store)
    assert [(b.cluster_a, b.cluster_b) for b in first.bridges] == [(b.cluster_a, b.cluster_b) for b in again.bridges]
    assert [m.bridging for m in first.actors] == [m.bridging for m in again.actors]
    with opened_dataset(again_store) as dataset:  # a second run on the same store changes nothing
        analyse(dataset, IRIS)
    assert analysis_bytes(again_store) == analysis_bytes(store)


def test_sparql_over_the_analysis_graph_gives_the_cli_order(tiny):
    store, _result = tiny
    listed = json.loads(invoke(store, "bridges", "--format", "json", "--top", "100").output)
    query = """SELECT ?a ?b WHERE { ?bridge a ccg:BridgeCandidate ; ccg:score ?score ; ccg:clusterA ?a ; ccg:clusterB ?b }
               ORDER BY DESC(?score) ?a ?b"""
    with opened_dataset(store, read_only=True) as dataset:
        rows = run_query(dataset, query).rows
    assert [(a.value, b.value) for a, b in rows] == [(c["cluster_a"]["iri"], c["cluster_b"]["iri"]) for c in listed]
    assert [c["rank"] for c in listed] == list(range(1, len(listed) + 1))


def test_reading_back_gives_what_the_analysis_found(tiny):
    store, result = tiny
    with opened_dataset(store, read_only=True) as dataset:
        stored = read_bridges(dataset, IRIS)
        spreads = read_technologies(dataset, IRIS)
    assert len(stored) == len(result.bridges)
    for back, found in zip(stored, result.bridges):
        assert (back.rank, back.cluster_a, back.cluster_b) == (found.rank, found.cluster_a, found.cluster_b)
        assert back.score == pytest.approx(found.score, abs=1e-6)
        assert [t.technology for t in back.technologies] == [t.technology for t in found.technologies]
        assert [b.actor for b in back.brokers] == [b.actor for b in found.brokers]
        assert [q.passage for q in back.quotes] == [q.passage for q in found.quotes]
        assert [q.text for q in back.quotes] == [q.text for q in found.quotes]
    assert [(s.technology, s.clusters, s.spread) for s in spreads] == [(s.technology, s.clusters, s.spread) for s in result.technologies]


def test_analysis_graph_conforms_to_its_shapes(tiny):
    store, _result = tiny
    with opened_dataset(store, read_only=True) as dataset:
        subjects = {q.subject.value for q in oxigraph_of(dataset).quads_for_pattern(None, None, None, ox.NamedNode(str(IRIS.analysis_graph)))}
        violations = validate_dataset(dataset)
    assert subjects
    expanded = {_expand(v.focus) for v in violations}
    assert not expanded & subjects, [str(v) for v in violations if _expand(v.focus) in subjects]


def _expand(focus: str) -> str:
    if focus.startswith("<"):
        return focus[1:-1]
    prefix, _, local = focus.partition(":")
    return PREFIXES.get(prefix, prefix + ":") + local


def test_each_run_replaces_the_analysis_graph(tmp_path):
    store, with_candidates = analysed_store(tmp_path, include_candidates=True)
    startup = URIRef(IRIS.actor("startup-x"))
    assert startup in {URIRef(m.actor) for m in with_candidates.actors}
    with opened_dataset(store) as dataset:
        assert (startup, None, None) in dataset.graph(IRIS.analysis_graph)
        analyse(dataset, IRIS)
        assert (startup, None, None) not in dataset.graph(IRIS.analysis_graph)
        assert not any("staging" in str(g) for g in oxigraph_of(dataset).named_graphs())


def test_cli_commands_read_the_stored_analysis(tiny, tmp_path):
    store, result = tiny
    empty = tmp_path / "empty"
    with opened_dataset(empty):
        pass
    missing = invoke(empty, "bridges")
    assert missing.exit_code == 1 and "run 'ccg analyse'" in missing.output
    table = invoke(store, "bridges", "--top", "2")
    assert table.exit_code == 0 and "Hamburg Aviation" in table.output and len(table.output.strip().splitlines()) == 4
    actors = json.loads(invoke(store, "actors", "--sort", "constraint", "--format", "json").output)
    constraints = [a["constraint"] for a in actors if a["constraint"] is not None]
    assert constraints == sorted(constraints)
    tech = invoke(store, "technologies", "--cross-cutting", "--format", "csv")
    assert tech.exit_code == 0 and tech.output.splitlines()[0] == "rank,technology,clusters,spread,entropy,evidence"
    partners = json.loads(invoke(store, "suggest-partners", "Airbus", "--format", "json").output)
    assert partners["actor"] == "Airbus" and partners["suggestions"][0]["shared"]
    unknown = invoke(store, "suggest-partners", "Nobody")
    assert unknown.exit_code == 1 and "no actor" in unknown.output
    assert result.parameters.betweenness_exact


def test_report_escapes_document_text_and_needs_nothing_external(tmp_path):
    store, _result = analysed_store(tmp_path, HOSTILE)
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["--store", str(store), "--base-iri", TINY.base, "--out", str(out), "report"])
    assert done.exit_code == 0, done.output
    html = (out / "bridges.html").read_text(encoding="utf-8")
    markdown = (out / "bridges.md").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert not re.search(r"<(link|script|iframe|img)\b|<[^>]*\ssrc=", html)
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "\\[x\\](javascript:" in markdown and not re.search(r"(?<!\\)\]\(<?javascript:", markdown)  # no live link
    links = {href for href in re.findall(r'href="([^"#]+)"', html)}
    assert (Path.cwd() / "data/test/d2.txt").resolve() in {(out / href).resolve() for href in links}  # relative to the report
    assert "How to read the scores" in html and "## How to read the scores" in markdown
