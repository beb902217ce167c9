"""Exports for other tools: the network for Gephi (GraphML, GEXF, CSV node and edge lists) and RDF.

The network joins the projections of :mod:`graph.projections` into one undirected graph whose nodes
are actors, clusters and technologies, each with the attributes Gephi colours and sizes by:
``label``, ``kind`` (actor, cluster, technology), ``type``, ``status``, ``clusters`` (cluster labels
joined by ``|``: GraphML holds no lists), ``cluster`` (the first of them) and, when the store was
analysed, the measures of ``ccg analyse``. Edges carry ``relation`` (``tie`` between actors,
``member`` actor-cluster, ``technology`` actor-technology, ``profile`` cluster-technology),
``weight`` and the parts of the weight. Nodes and edges are sorted, so the same store gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping

import networkx as nx
from rdflib import Dataset

from graph.projections import Projection, project
from graph.stored import read_actor_measures, read_parameters, read_technologies
from ontology.iris import IriScheme
from ontology.store import EXPORT_FORMATS, export_dataset, named_graphs

NETWORK_FORMATS = ("graphml", "gexf", "csv")
#: Every format ``ccg export`` writes.
FORMATS = (*sorted(EXPORT_FORMATS), *NETWORK_FORMATS)
_RELATIONS = (("actors", "tie"), ("membership", "member"), ("actor_technology", "technology"), ("cluster_technology", "profile"))
_NODE_COLUMNS = ("label", "kind", "type", "status", "cluster", "clusters")
_EDGE_COLUMNS = ("relation", "weight")


def _flat(value: object, number: type = float) -> object:
    """A value GraphML and GEXF can hold: lists joined by ``|``, numbers as ``number``, others as text."""
    if isinstance(value, (list, tuple, set)):
        return "|".join(str(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return number(value)


def _measures(dataset: Dataset, iris: IriScheme) -> dict[str, dict[str, object]]:
    """The stored measures of every analysed actor and technology, as node attributes."""
    found: dict[str, dict[str, object]] = {}
    for m in read_actor_measures(dataset, iris):
        found[m.actor] = {
            "betweenness": m.betweenness,
            "cross_cluster_betweenness": m.cross_cluster_betweenness,
            "constraint": m.constraint,
            "effective_size": m.effective_size,
            "participation": m.participation,
            "bridging_score": m.bridging.score,
            "brokerage_role": m.brokerage_role or "",
            "community": m.community,
        }
    for t in read_technologies(dataset, iris):
        found[t.technology] = {"spread": t.spread, "spread_entropy": t.entropy, "evidence": t.evidence, "rank": t.rank}
    return found


def network(projection: Projection, measures: Mapping[str, Mapping[str, object]] | None = None) -> nx.Graph:
    """One graph of actors, clusters and technologies with flat attributes, sorted.

    Technologies without any edge (taxonomy concepts no document mentions) are left out.

    Examples
    --------
    >>> actors = nx.Graph()
    >>> actors.add_node("a", label="A", kind="actor", type="Company", status="curated", clusters=["c"])
    >>> membership = nx.Graph(actors)
    >>> membership.add_node("c", label="C", kind="cluster", type="Cluster", status="curated", clusters=["c"])
    >>> membership.add_edge("a", "c", weight=1)
    >>> g = network(Projection(actors, membership, nx.Graph(), nx.Graph()))
    >>> g.nodes["a"]["clusters"], g.edges["a", "c"]["relation"]
    ('C', 'member')
    """
    parts = [(getattr(projection, name), relation) for name, relation in _RELATIONS]
    labels = {n: str(d.get("label", n)) for g, _ in parts for n, d in g.nodes(data=True) if d.get("kind") == "cluster"}
    edges = {}
    for graph, relation in parts:
        for a, b, data in graph.edges(data=True):
            edges[tuple(sorted((a, b)))] = {"relation": relation, **{k: _flat(v) for k, v in sorted(data.items())}}
    linked = {n for pair in edges for n in pair}
    nodes = {}
    for graph, _ in parts:
        for node, data in graph.nodes(data=True):
            if node in nodes or (data.get("kind") == "technology" and node not in linked):
                continue
            clusters = [labels.get(c, c) for c in data.get("clusters", [])]
            attributes = {k: _flat(v, type(v)) for k, v in data.items() if k not in ("clusters", "id")}
            attributes.update(clusters="|".join(clusters), cluster=clusters[0] if clusters else "")
            attributes.update({k: _flat(v, type(v)) for k, v in (measures or {}).get(node, {}).items() if v is not None})
            nodes[node] = attributes
    result = nx.Graph()
    result.add_nodes_from(sorted(nodes.items()))
    result.add_edges_from((a, b, data) for (a, b), data in sorted(edges.items()))
    return result


def network_of_store(dataset: Dataset, iris: IriScheme) -> nx.Graph:
    """The network of the store, with the measures of the stored analysis when there is one.

    Actors are included as the analysis included them (candidates or not); without an analysis,
    registry and accepted actors only.
    """
    analysed = iris.analysis_graph in named_graphs(dataset)
    include = bool(read_parameters(dataset, iris)["include_candidates"]) if analysed else False
    return network(project(dataset, iris, include_candidates=include), _measures(dataset, iris) if analysed else None)


def _columns(rows: Iterable[Mapping[str, object]], first: Iterable[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for row in rows:
        seen.update(dict.fromkeys(sorted(row)))
    return list(seen)


def _csv(header: list[str], rows: Iterable[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def network_csv(graph: nx.Graph) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` as Gephi's spreadsheet import reads them (Id, Label; Source, Target, Type, Weight)."""
    node_columns = _columns((d for _, d in graph.nodes(data=True)), _NODE_COLUMNS)
    nodes = _csv(
        ["Id", "Label", *[c for c in node_columns if c != "label"]],
        ([n, d.get("label", n), *[d.get(c, "") for c in node_columns if c != "label"]] for n, d in graph.nodes(data=True)),
    )
    edge_columns = _columns((d for _, _, d in graph.edges(data=True)), _EDGE_COLUMNS)
    edges = _csv(
        ["Source", "Target", "Type", "Weight", *[c for c in edge_columns if c != "weight"]],
        ([a, b, "Undirected", d.get("weight", 1.0), *[d.get(c, "") for c in edge_columns if c != "weight"]] for a, b, d in graph.edges(data=True)),
    )
    return {"nodes.csv": nodes, "edges.csv": edges}


def network_files(graph: nx.Graph, fmt: str) -> dict[str, bytes]:
    """The network in ``fmt`` (``graphml``, ``gexf`` or ``csv``) as file name -> bytes."""
    if fmt == "graphml":
        return {"network.graphml": ("\n".join(nx.generate_graphml(graph)) + "\n").encode("utf-8")}
    if fmt == "gexf":
        # The writer stamps today's date; without it the same store gives the same bytes.
        text = "\n".join(nx.generate_gexf(graph))
        return {"network.gexf": (re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1) + "\n").encode("utf-8")}
    return network_csv(graph)


def export_store(dataset: Dataset, iris: IriScheme, fmt: str) -> dict[str, bytes]:
    """Export the store as file name -> bytes: RDF (one file) or the network for Gephi.

    ``fmt`` is one of :data:`FORMATS`; ``csv`` gives two files, ``nodes.csv`` and ``edges.csv``.
    """
    if fmt in NETWORK_FORMATS:
        return network_files(network_of_store(dataset, iris), fmt)
    suffix = {"trig": "trig", "nquads": "nq", "turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}.get(fmt, fmt)
    return {f"graph.{suffix}": export_dataset(dataset, fmt)}
