"""The technology taxonomy (``technologies.ttl``) as small frozen records for text matching.

:func:`concepts_from_graph` is a pure function over an rdflib graph; :func:`read_taxonomy` is the
file edge. Every ``skos:Concept`` that has a ``skos:prefLabel`` becomes one :class:`TechnologyConcept`
with its labels grouped by language (``""`` for labels without a language tag, such as acronyms).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ontology.errors import taxonomy_unreadable
from ontology.namespace import TECH


@dataclass(frozen=True)
class TechnologyConcept:
    """One technology concept: its IRI, slug, labels by language and broader concepts.

    ``pref_labels`` and ``alt_labels`` are sorted ``(language, label)`` pairs; ``language`` is
    ``""`` for untagged labels.
    """

    iri: str
    slug: str
    pref_labels: tuple[tuple[str, str], ...] = ()
    alt_labels: tuple[tuple[str, str], ...] = ()
    broader: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        """The preferred label in ``language``, else in English, else any; the slug if none.

        Examples
        --------
        >>> TechnologyConcept("x", "fuel-cells", (("de", "Brennstoffzellen"), ("en", "Fuel cells"))).label("de")
        'Brennstoffzellen'
        >>> TechnologyConcept("x", "fuel-cells").label("fr")
        'fuel-cells'
        """
        by_language = dict(self.pref_labels)
        for wanted in (language, "en", ""):
            if wanted in by_language:
                return by_language[wanted]
        return self.pref_labels[0][1] if self.pref_labels else self.slug

    @property
    def labels(self) -> tuple[str, ...]:
        """Every distinct label (preferred first), in any language."""
        return tuple(dict.fromkeys(label for _, label in self.pref_labels + self.alt_labels))


def concepts_from_graph(graph: Graph) -> tuple[TechnologyConcept, ...]:
    """The technology concepts of ``graph``, sorted by IRI.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... @prefix tech: <https://w3id.org/cross-cluster-graph/technology/> .
    ... tech:hydrogen a skos:Concept ; skos:prefLabel "Hydrogen"@en, "Wasserstoff"@de ;
    ...     skos:altLabel "H2" ; skos:broader tech:energy .
    ... tech:energy a skos:Concept ; skos:prefLabel "Energy"@en .''')
    >>> [c.slug for c in concepts_from_graph(g)]
    ['energy', 'hydrogen']
    >>> concepts_from_graph(g)[1].labels
    ('Wasserstoff', 'Hydrogen', 'H2')
    """
    concepts = []
    for node in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        if not isinstance(node, URIRef):
            continue
        pref = _labels(graph, node, SKOS.prefLabel)
        if not pref:
            continue
        iri = str(node)
        slug = iri[len(str(TECH)) :] if iri.startswith(str(TECH)) else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        broader = tuple(sorted(str(b) for b in graph.objects(node, SKOS.broader)))
        concepts.append(TechnologyConcept(iri, slug, pref, _labels(graph, node, SKOS.altLabel), broader))
    return tuple(concepts)


def _labels(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((o.language or "", str(o)) for o in graph.objects(node, predicate) if isinstance(o, Literal)))


def read_taxonomy(path: Path) -> tuple[TechnologyConcept, ...]:
    """Read the technology concepts from a Turtle file.

    Raises :class:`ontology.errors.CcgError` naming the file when it is missing or not Turtle.
    """
    try:
        graph = Graph().parse(path, format="turtle")
    except FileNotFoundError as error:
        raise taxonomy_unreadable(path, "file not found") from error
    except Exception as error:  # rdflib raises several parser exception types
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise taxonomy_unreadable(path, first) from error
    return concepts_from_graph(graph)
