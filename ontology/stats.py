"""Counts that summarise the store: what a user checks after a build."""

from __future__ import annotations

from rdflib import Dataset

from ontology.iris import IriScheme
from ontology.sparql import SelectResult, run_query
from ontology.store import named_graphs, oxigraph_of

_COUNT_QUERIES = {
    "clusters": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:Cluster }",
    "actors": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:Actor }",
    "technologies": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:Technology }",
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:Document }",
    "mentions": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:Mention }",
    "bridge candidates": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ccg:BridgeCandidate }",
}
_ACTORS_BY_STATUS = (
    "SELECT ?status (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ccg:Actor ; ccg:status ?s . "
    "BIND(STRAFTER(STR(?s), '#') AS ?status) } GROUP BY ?status ORDER BY ?status"
)


def store_stats(dataset: Dataset, iris: IriScheme) -> dict[str, int]:
    """Counts of triples, named graphs, clusters, actors (by status), technologies, documents.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> store_stats(open_dataset(), IriScheme())["triples"]
    0
    """
    graphs = named_graphs(dataset)
    inner = oxigraph_of(dataset)
    stats = {"triples": len(inner), "named graphs": len(graphs)}
    stats["document graphs"] = sum(1 for g in graphs if g.startswith(iris.document_graph_prefix))
    for name, query in _COUNT_QUERIES.items():
        result = run_query(dataset, query)
        assert isinstance(result, SelectResult)
        stats[name] = int(result.rows[0][0].value)
    by_status = run_query(dataset, _ACTORS_BY_STATUS)
    assert isinstance(by_status, SelectResult)
    for status, count in by_status.rows:
        stats[f"actors {status.value}"] = int(count.value)
    return stats
