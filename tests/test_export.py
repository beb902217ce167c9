"""``ccg export``: the network for Gephi (GraphML, GEXF, CSV) and RDF (JSON-LD and the others)."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from build_graph import cli
from graph.analyse import analyse
from graph.export import network_of_store
from ontology.store import drop_graph, export_dataset, opened_dataset
from tests.research_store import A, C, IRIS, build_research_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The research store, analysed by ``graph.analyse`` (candidates included)."""
    folder = build_research_store(tmp_path_factory.mktemp("export") / "store")
    with opened_dataset(folder) as dataset:
        drop_graph(dataset, IRIS.analysis_graph)
        analyse(dataset, IRIS, include_candidates=True)
    return folder


@pytest.fixture(scope="module")
def expected(store):
    with opened_dataset(store, read_only=True) as dataset:
        return network_of_store(dataset, IRIS)


def export(store, tmp_path, fmt: str):
    target = tmp_path / ("gephi" if fmt == "csv" else f"network.{fmt}")
    result = CliRunner().invoke(cli, ["--store", str(store), "export", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_graphml_reads_back_with_the_same_nodes_and_edges(store, expected, tmp_path):
    back = nx.read_graphml(export(store, tmp_path, "graphml"))
    assert sorted(back.nodes) == sorted(expected.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in expected.edges}
    assert dict(back.nodes[str(A["tuhh"])]) == dict(expected.nodes[str(A["tuhh"])])


def test_nodes_carry_kind_clusters_status_and_measures_for_gephi(expected):
    tuhh = expected.nodes[str(A["tuhh"])]
    assert (tuhh["kind"], tuhh["type"], tuhh["status"]) == ("actor", "University", "curated")
    assert tuhh["clusters"] == "Hamburg Aviation|Maritimes Cluster"
    assert isinstance(tuhh["bridging_score"], float) and isinstance(tuhh["betweenness"], float)
    assert expected.nodes[str(A["h2-start"])]["status"] == "candidate"
    assert expected.nodes[str(C["maritime"])]["kind"] == "cluster"
    kinds = {d["kind"] for _, d in expected.nodes(data=True)}
    assert kinds == {"actor", "cluster", "technology"}
    assert str(A["junk"]) not in expected  # rejected
    relations = {d["relation"] for _, _, d in expected.edges(data=True)}
    assert relations == {"tie", "member", "technology", "profile"}
    assert expected.edges[str(A["airbus"]), str(A["tuhh"])]["partner_ties"] == 1.0


def test_gexf_reads_back_and_is_the_same_bytes_twice(store, expected, tmp_path):
    first = export(store, tmp_path, "gexf").read_bytes()
    back = nx.read_gexf(io.BytesIO(first))
    assert sorted(back.nodes) == sorted(expected.nodes) and back.number_of_edges() == expected.number_of_edges()
    assert back.nodes[str(C["aviation"])]["label"] == "Hamburg Aviation"
    assert export(store, tmp_path / "again", "gexf").read_bytes() == first


def test_csv_writes_gephi_node_and_edge_lists(store, expected, tmp_path):
    folder = export(store, tmp_path, "csv")
    nodes = list(csv.DictReader((folder / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((folder / "edges.csv").open(encoding="utf-8")))
    assert [n["Id"] for n in nodes] == list(expected.nodes)
    assert {"Id", "Label", "kind", "clusters", "status"} <= set(nodes[0])
    assert len(edges) == expected.number_of_edges()
    assert {e["Type"] for e in edges} == {"Undirected"} and all(float(e["Weight"]) > 0 for e in edges)


def test_csv_without_a_folder_is_a_usage_error(store):
    result = CliRunner().invoke(cli, ["--store", str(store), "export", "--format", "csv"])
    assert result.exit_code == 2 and "give -o FOLDER" in result.output


def test_jsonld_holds_the_same_quads_as_nquads(store):
    with opened_dataset(store, read_only=True) as dataset:
        jsonld = export_dataset(dataset, "jsonld")
        nquads = export_dataset(dataset, "nquads")
        assert export_dataset(dataset, "jsonld") == jsonld
    parsed = set(ox.parse(jsonld, format=ox.RdfFormat.JSON_LD))
    assert parsed == set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert [g["@id"] for g in json.loads(jsonld)] == sorted(g["@id"] for g in json.loads(jsonld))
