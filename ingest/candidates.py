"""The confidence of candidate actors, taken over all documents: the named graph ``{base}graph/candidates``.

A candidate actor (found in documents, not in the registry) is described in the graph of every
document that mentions it (type, label, status), but its ``ccg:confidence`` is one value for the
whole store: the highest confidence of its mentions in any document. It cannot live in the
document graphs, which would then state different confidences for the same actor; so ingest
recomputes this small graph at the end of every run, from what the document graphs hold.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import XSD

from ontology.iris import IriScheme
from ontology.namespace import CCG
from ontology.sparql import SelectResult, run_query
from ontology.store import replace_graph

CANDIDATES_GRAPH = "candidates"
# The few candidate actors first, then their mentions: Oxigraph keeps this order, and starting from
# every mention instead is ten times slower on a store of a few thousand documents.
_CONFIDENCES = """
SELECT ?actor (MAX(?confidence) AS ?best) ?prefix WHERE {
  GRAPH ?graph {
    ?actor ccg:status ?status .
    FILTER (?status != ccg:curated)
    ?actor a ccg:Actor .
    ?mention ccg:refersTo ?actor ; a ccg:Mention ; ccg:confidence ?confidence .
  }
  FILTER (STRSTARTS(STR(?graph), ?prefix))
} GROUP BY ?actor ?prefix ORDER BY ?actor
"""


def candidate_confidences(dataset: Dataset, iris: IriScheme) -> bytes:
    """N-Triples ``actor ccg:confidence max`` for every non-registry actor that document graphs describe, sorted.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> from ingest.document_graph import document_ntriples
    >>> from ingest.model import ActorMention, Extraction, ReadDocument
    >>> from pathlib import Path
    >>> iris, ds = IriScheme(), open_dataset()
    >>> a = iris.actor("muster-gmbh")
    >>> for key, confidence in (("k1", 0.7), ("k2", 0.9)):
    ...     doc = ReadDocument(Path("x"), key, key, "Muster GmbH", "t", "0" * 64, 11, "text/plain", "de")
    ...     found = Extraction("de", actors=(ActorMention("Muster GmbH", 0, 11, a, "Muster GmbH", "Company", "pattern", "candidate", confidence),))
    ...     replace_graph(ds, iris.document_graph(key), document_ntriples(doc, found, iris))
    >>> print(candidate_confidences(ds, iris).decode().strip())
    <https://w3id.org/cross-cluster-graph/id/actor/muster-gmbh> <https://w3id.org/cross-cluster-graph/ontology#confidence> "0.9"^^<http://www.w3.org/2001/XMLSchema#decimal> .
    """
    result = run_query(dataset, _CONFIDENCES, bindings={"prefix": ox.Literal(iris.document_graph_prefix)}, source="candidate confidences")
    assert isinstance(result, SelectResult)
    predicate, decimal = ox.NamedNode(str(CCG.confidence)), ox.NamedNode(str(XSD.decimal))
    triples = [ox.Triple(actor, predicate, ox.Literal(best.value, datatype=decimal)) for actor, best, _ in result.rows]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def refresh_candidates(dataset: Dataset, iris: IriScheme) -> None:
    """Replace the candidates graph by the confidences the document graphs imply now (one transaction)."""
    replace_graph(dataset, iris.graph(CANDIDATES_GRAPH), candidate_confidences(dataset, iris))
