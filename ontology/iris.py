"""Minting the IRIs of everything ``ccg`` writes.

All data IRIs hang below one configurable base (``--base-iri``); vocabulary IRIs come from
:mod:`ontology.namespace`. Nothing else in the code base builds an IRI from a string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE_IRI = "https://w3id.org/cross-cluster-graph/id/"

_GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Turn a name into a stable, readable IRI segment.

    German umlauts are folded the German way (ü -> ue), other accents are dropped, and every run
    of other characters becomes one hyphen.

    Examples
    --------
    >>> slugify("Technische Universität Hamburg")
    'technische-universitaet-hamburg'
    >>> slugify("  Blohm+Voss GmbH ")
    'blohm-voss-gmbh'
    >>> slugify("Café Übersee")
    'cafe-uebersee'
    """
    folded = unicodedata.normalize("NFKD", name.translate(_GERMAN_FOLDS))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", ascii_only).strip("-")


@dataclass(frozen=True)
class IriScheme:
    """The IRIs of the data below one base IRI.

    Examples
    --------
    >>> iris = IriScheme("https://example.org/hh/")
    >>> iris.actor("tuhh")
    rdflib.term.URIRef('https://example.org/hh/actor/tuhh')
    >>> iris.document_graph("3f2a")
    rdflib.term.URIRef('https://example.org/hh/graph/document/3f2a')
    >>> iris.mention("3f2a", 10, 24)
    rdflib.term.URIRef('https://example.org/hh/mention/3f2a/10-24')
    """

    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        if not re.match(r"^https?://\S+[/#]$", self.base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in / or #, not {self.base!r}")

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def actor(self, actor_id: str) -> URIRef:
        """The IRI of an actor (registry id or slug of a candidate's normalised name)."""
        return self._iri("actor", actor_id)

    def cluster(self, cluster_id: str) -> URIRef:
        """The IRI of a cluster."""
        return self._iri("cluster", cluster_id)

    def document(self, key: str) -> URIRef:
        """The IRI of a document, ``key`` being its stable document key."""
        return self._iri("document", key)

    def passage(self, key: str, start: int, end: int) -> URIRef:
        """The IRI of a sentence of a document, by its character offsets."""
        return self._iri("passage", key, f"{start}-{end}")

    def mention(self, key: str, start: int, end: int) -> URIRef:
        """The IRI of a mention of an actor or technology, by its character offsets."""
        return self._iri("mention", key, f"{start}-{end}")

    def quote_selector(self, key: str, start: int, end: int) -> URIRef:
        """The IRI of the ``oa:TextQuoteSelector`` of a mention."""
        return self._iri("mention", key, f"{start}-{end}", "quote")

    def position_selector(self, key: str, start: int, end: int) -> URIRef:
        """The IRI of the ``oa:TextPositionSelector`` of a mention."""
        return self._iri("mention", key, f"{start}-{end}", "position")

    def relation(self, key: str, number: int) -> URIRef:
        """The IRI of the n-th relation statement of a document."""
        return self._iri("relation", key, str(number))

    def bridge(self, cluster_a: str, cluster_b: str) -> URIRef:
        """The IRI of the bridge candidate between two clusters (order-independent)."""
        first, second = sorted((cluster_a, cluster_b))
        return self._iri("bridge", f"{first}--{second}")

    def bridge_reason(self, cluster_a: str, cluster_b: str, number: int) -> URIRef:
        """The IRI of the n-th ranked reason (an ``rdf:Statement``: shared technology, broker or passage) of a bridge candidate."""
        first, second = sorted((cluster_a, cluster_b))
        return self._iri("bridge", f"{first}--{second}", str(number))

    def co_learning_field(self, number: int) -> URIRef:
        """The IRI of the n-th co-learning field (a community spanning clusters) of the analysis."""
        return self._iri("field", str(number))

    def graph(self, name: str) -> URIRef:
        """The IRI of a named graph (``ontology``, ``taxonomy``, ``registry``, ``analysis``, ...)."""
        return self._iri("graph", name)

    def document_graph(self, key: str) -> URIRef:
        """The IRI of the named graph that holds one document's extraction."""
        return self._iri("graph", "document", key)

    @property
    def ontology_graph(self) -> URIRef:
        """The named graph holding ``ontology/ccg.ttl``."""
        return self.graph("ontology")

    @property
    def taxonomy_graph(self) -> URIRef:
        """The named graph holding ``ontology/technologies.ttl``."""
        return self.graph("taxonomy")

    @property
    def registry_graph(self) -> URIRef:
        """The named graph holding the registry of clusters and actors."""
        return self.graph("registry")

    @property
    def analysis_graph(self) -> URIRef:
        """The named graph holding the results of ``ccg analyse``."""
        return self.graph("analysis")

    @property
    def document_graph_prefix(self) -> str:
        """The common prefix of all document graph IRIs."""
        return self.base + "graph/document/"
