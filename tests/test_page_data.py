"""The network page without a browser: its graph, views, data, escaping, files and command.

Expected values are derived by hand from the passages of ``tests.graph_world.TINY``.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from build_graph import cli
from graph.analyse import analyse
from graph.errors import GraphError
from graph.page import render_page
from graph.page_data import script_json
from graph.page_view import page_graph, select_view
from graph.projections import project
from graph.stored import read_actor_measures
from ontology.namespace import TECH
from ontology.store import opened_dataset, replace_graph_with
from tests.graph_world import TINY, write_world

IRIS = TINY.iris
ACTOR = IRIS.actor
CLUSTER = IRIS.cluster


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("page") / "store"
    with opened_dataset(store) as dataset:
        write_world(dataset, TINY)
        aliases = Graph()
        aliases.add((ACTOR("lht"), SKOS.altLabel, Literal("LHT Hamburg")))
        replace_graph_with(dataset, IRIS.graph("aliases"), aliases)
        analyse(dataset, IRIS)
    return store


@pytest.fixture(scope="module")
def tiny_graph(tiny_store):
    with opened_dataset(tiny_store, read_only=True) as dataset:
        scores = {m.actor: m.bridging.score for m in read_actor_measures(dataset, IRIS)}
        return page_graph(project(dataset, IRIS, include_candidates=True)), scores


def test_script_json_cannot_leave_its_script_block():
    payload = {"quote": '"><script>alert(1)</script><!-- & \u2028\u2029', "n": [1, 2.5]}
    text = script_json(payload)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == payload


def test_page_graph_joins_the_projections(tiny_graph):
    graph, _ = tiny_graph
    # "Airbus and DLR work on hydrogen." + airbus partnerOf dlr: one passage, one statement
    tie = graph.edges[str(ACTOR("airbus")), str(ACTOR("dlr"))]
    assert (tie["relation"], tie["co_mentions"], tie["partner_ties"], tie["weight"]) == ("tie", 1, 1, 2)
    assert graph.edges[str(ACTOR("dlr")), str(CLUSTER("maritime"))]["relation"] == "member"
    assert graph.edges[str(ACTOR("airbus")), str(TECH["hydrogen"])]["relation"] == "technology"
    # only the technologies the documents or a cluster focus mention; the rest of the taxonomy is left out
    technologies = {n for n, k in graph.nodes(data="kind") if k == "technology"}
    assert technologies == {str(TECH[t]) for t in ("hydrogen", "fuel-cells", "autonomous-shipping", "robotics", "artificial-intelligence", "medical-imaging")}
    assert str(ACTOR("old-co")) not in graph  # rejected
    assert graph.nodes[str(ACTOR("startup-x"))]["status"] == "candidate"


def test_ego_view_is_the_neighbourhood(tiny_graph):
    graph, scores = tiny_graph
    selection = select_view(graph, "ego", scores=scores, focus="dlr", depth=1)
    # DLR is named with Airbus (d1), HHLA (d2) and TUHH (d3), is in aviation and maritime, and is
    # named with hydrogen, autonomous shipping and artificial intelligence
    expected = {ACTOR(a) for a in ("dlr", "airbus", "hhla", "tuhh")} | {CLUSTER("aviation"), CLUSTER("maritime")}
    expected |= {TECH[t] for t in ("hydrogen", "autonomous-shipping", "artificial-intelligence")}
    assert set(selection.nodes) == {str(n) for n in expected}
    assert selection.nodes[0] == str(ACTOR("dlr"))
    assert selection.left_out == {}


def test_the_cut_keeps_the_most_important_and_counts_the_rest(tiny_graph):
    graph, scores = tiny_graph
    everything = select_view(graph, "actors", scores=scores)
    assert len(everything.nodes) == 7  # 8 actors, Old Co rejected
    cut = select_view(graph, "actors", scores=scores, max_nodes=2)
    best = sorted(scores, key=lambda a: (-scores[a], a))[:2]
    assert list(cut.nodes) == best
    assert cut.left_out == {"actor": 5}


def test_overview_has_every_cluster_and_only_cross_cutting_technologies(tiny_graph):
    graph, scores = tiny_graph
    nodes = select_view(graph, "overview", scores=scores).nodes
    assert {str(CLUSTER(c)) for c in TINY.clusters} <= set(nodes)
    for tech in (n for n in nodes if graph.nodes[n]["kind"] == "technology"):
        assert sum(1 for _, _, r in graph.edges(tech, data="relation") if r == "profile") >= 2
    actors = [n for n in nodes if graph.nodes[n]["kind"] == "actor"]
    assert actors and all(scores[a] > 0 for a in actors)
    assert [scores[a] for a in actors] == sorted((scores[a] for a in actors), reverse=True)


@pytest.mark.parametrize(
    ("view", "focus", "message"),
    [("ego", None, "--view ego needs --focus"), ("ego", "nobody", "no actor or cluster"), ("sideways", None, "--view")],
)
def test_bad_views_say_what_to_pass(tiny_graph, view, focus, message):
    graph, scores = tiny_graph
    with pytest.raises(GraphError, match=re.escape(message)):
        select_view(graph, view, scores=scores, focus=focus)


def test_render_is_reproducible_and_self_contained(tiny_store, tmp_path):
    with opened_dataset(tiny_store, read_only=True) as dataset:
        first = render_page(dataset, IRIS, out_path=tmp_path / "a.html")
        second = render_page(dataset, IRIS, out_path=tmp_path / "b.html")
    html = first.path.read_text(encoding="utf-8")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<link\b|<script[^>]*\bsrc\s*=|<img\b|<iframe\b|@import|url\(\s*['\"]?https?:", html, re.IGNORECASE)
    assert html.count("</script>") == 3  # data, vis-network, the page's script


def test_ego_focus_by_alias(tiny_store, tmp_path):
    with opened_dataset(tiny_store, read_only=True) as dataset:
        summary = render_page(dataset, IRIS, view="ego", focus="lht hamburg", out_path=tmp_path / "ego.html")
    # Lufthansa Technik is named with Airbus and fuel cells (d1), and is in aviation
    assert summary.nodes == 4
    assert "Cluster network around Lufthansa Technik" in summary.path.read_text(encoding="utf-8")


def test_render_needs_an_analysed_store(tmp_path):
    with opened_dataset(tmp_path / "store") as dataset:
        write_world(dataset, TINY)
        with pytest.raises(GraphError, match="ccg analyse"):
            render_page(dataset, IRIS, out_path=tmp_path / "page.html", store="tmp-store")
    assert not (tmp_path / "page.html").exists()


def test_render_command(tiny_store, tmp_path):
    runner = CliRunner()
    base = ["--store", str(tiny_store), "--base-iri", IRIS.base, "--out", str(tmp_path)]
    result = runner.invoke(cli, [*base, "render", "--view", "ego", "--focus", "Hamburg Aviation"])
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'network-ego.html'}" in result.output
    assert (tmp_path / "network-ego.html").is_file()
    result = runner.invoke(cli, [*base, "render", "--view", "ego"])
    assert result.exit_code == 1
    assert "--view ego needs --focus" in result.output
