"""The Oxigraph store: persistence, atomic graph replacement, stable exports."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from ontology.errors import StoreError
from ontology.store import (
    STAGING_SUFFIX,
    close_dataset,
    drop_graph,
    export_dataset,
    named_graphs,
    open_dataset,
    opened_dataset,
    oxigraph_of,
    replace_graph,
)

G = URIRef("https://example.org/graph/g")
OLD = '<https://example.org/s> <https://example.org/p> "old" .\n'
NEW = '<https://example.org/s> <https://example.org/p> "new" .\n'


def values(dataset, graph=G) -> list[str]:
    quads = oxigraph_of(dataset).quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
    return sorted(q.object.value for q in quads)


def test_store_on_disk_survives_reopening(tmp_path):
    with opened_dataset(tmp_path / "store") as dataset:
        replace_graph(dataset, G, OLD)
    with opened_dataset(tmp_path / "store", read_only=True) as dataset:
        assert values(dataset) == ["old"]


def test_replace_graph_replaces_only_that_graph():
    dataset = open_dataset()
    other = URIRef("https://example.org/graph/other")
    replace_graph(dataset, G, OLD)
    replace_graph(dataset, other, OLD)
    replace_graph(dataset, G, NEW)
    assert values(dataset) == ["new"]
    assert values(dataset, other) == ["old"]


def test_failure_half_way_through_a_replace_leaves_the_old_graph():
    dataset = open_dataset()
    replace_graph(dataset, G, OLD)
    # The first line parses, the second does not: the load must not leave the first behind.
    broken = NEW + '<https://example.org/s2> <https://example.org/p> "unterminated .\n'
    with pytest.raises(SyntaxError):
        replace_graph(dataset, G, broken)
    assert values(dataset) == ["old"]
    assert named_graphs(dataset) == [G]


def test_staging_left_by_a_killed_process_is_discarded_on_reopen(tmp_path):
    with opened_dataset(tmp_path / "store") as dataset:
        replace_graph(dataset, G, OLD)
        staging = ox.NamedNode(str(G) + STAGING_SUFFIX)
        oxigraph_of(dataset).add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("half"), staging))
    with opened_dataset(tmp_path / "store") as dataset:
        assert values(dataset) == ["old"]
        assert not oxigraph_of(dataset).contains_named_graph(staging)


def test_replacing_with_nothing_drops_the_graph():
    dataset = open_dataset()
    replace_graph(dataset, G, OLD)
    replace_graph(dataset, G, "")
    assert named_graphs(dataset) == []
    drop_graph(dataset, G)  # dropping a missing graph is no error


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples"])
def test_same_content_gives_the_same_bytes_whatever_the_load_order(fmt):
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "v{i}"@de .\n' for i in range(30)]
    graphs = [URIRef(f"https://example.org/graph/{name}") for name in ("b", "a", "c")]
    first, second = open_dataset(), open_dataset()
    for graph in graphs:
        replace_graph(first, graph, "".join(lines))
    for graph in reversed(graphs):
        replace_graph(second, graph, "".join(reversed(lines)))
    assert export_dataset(first, fmt) == export_dataset(second, fmt)
    assert b"v29" in export_dataset(first, fmt)


def test_a_second_writer_gets_a_one_line_error(tmp_path):
    dataset = open_dataset(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="in use"):
            open_dataset(tmp_path / "store")
    finally:
        close_dataset(dataset)


def test_reading_a_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match="ccg build"):
        open_dataset(tmp_path / "nothing", read_only=True)
