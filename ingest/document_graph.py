"""The named graph of one document: the document, its passages and mentions, candidate actors and relations.

Follows the data model of ``docs/architecture.md``. Every node has an IRI from
:class:`ontology.iris.IriScheme` (no blank nodes), and the N-Triples come out sorted, so the same
document and extraction always give the same bytes. The triples are built as pyoxigraph terms and
serialised by Oxigraph: the store parses them back without rdflib in between.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from ingest.model import ActorMention, Extraction, ReadDocument, RelationMention, Sentence, TechnologyMention
from ontology.iris import IriScheme
from ontology.namespace import CCG, OA
from ontology.registry import ACTOR_TYPES

TECHNOLOGY_SOURCE = "taxonomy"
_STATUSES = {"curated": CCG.curated, "accepted": CCG.accepted, "candidate": CCG.candidate, "rejected": CCG.rejected}
_PREDICATES = {"memberOf": ORG.memberOf, "partnerOf": CCG.partnerOf, "fundedBy": CCG.fundedBy, "worksOn": CCG.worksOn}


@cache
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(str(value))


def _string(value: str) -> ox.Literal:
    return ox.Literal(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(XSD.integer))


def _decimal(value: float) -> ox.Literal:
    """A confidence as an ``xsd:decimal`` with at most three digits (no float noise in the store)."""
    return ox.Literal(f"{min(max(value, 0.0), 1.0):.3f}".rstrip("0").rstrip("."), datatype=_iri(XSD.decimal))


@dataclass(frozen=True)
class _Span:
    """A mention ready to be written: its offsets, surface text, referent and how it was found."""

    start: int
    end: int
    text: str
    refers_to: str
    extracted_by: str
    confidence: float


def document_ntriples(doc: ReadDocument, extraction: Extraction, iris: IriScheme, fingerprint: str = "") -> bytes:
    """The document graph as sorted N-Triples (what :func:`ontology.store.replace_graph` loads).

    ``fingerprint`` (of the extraction resources, see :mod:`ingest.fingerprint`) is recorded as
    ``ccg:extractionFingerprint`` of the document when given.

    Examples
    --------
    >>> from pathlib import Path
    >>> doc = ReadDocument(Path("a.txt"), "a.txt", "k1", "Airbus baut.", "Airbus", "0" * 64, 12, "text/plain", "de")
    >>> found = Extraction("de", (Sentence(0, 12, "Airbus baut."),),
    ...     (ActorMention("Airbus", 0, 6, IriScheme().actor("airbus"), "Airbus", "Company", "registry", "curated"),))
    >>> lines = document_ntriples(doc, found, IriScheme()).decode().splitlines()
    >>> len(lines), lines[0]  # document 8, passage 5, mention 8, quote 2, position 3
    (26, '<https://w3id.org/cross-cluster-graph/id/document/k1> <http://purl.org/dc/terms/format> "text/plain" .')
    """
    triples = document_triples(doc, extraction, iris)
    if fingerprint:
        triples.append(ox.Triple(_iri(iris.document(doc.key)), _iri(CCG.extractionFingerprint), _string(fingerprint)))
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def document_graph(doc: ReadDocument, extraction: Extraction, iris: IriScheme, fingerprint: str = "") -> Graph:
    """The document graph as an rdflib ``Graph`` (for validation and for people)."""
    return Graph().parse(data=document_ntriples(doc, extraction, iris, fingerprint).decode("utf-8"), format="nt")


def document_triples(doc: ReadDocument, extraction: Extraction, iris: IriScheme) -> list[ox.Triple]:
    """The triples of the document graph, unsorted and without duplicates."""
    spans = _mention_spans(extraction.actors, extraction.technologies)
    sentences = _Sentences(doc.text, extraction.sentences)
    triples = _Triples()
    add = triples.add
    document = _iri(iris.document(doc.key))
    for predicate, obj in _document_properties(doc):
        add(document, predicate, obj)
    for referent in sorted({span.refers_to for span in spans}):
        add(document, CCG.mentions, _iri(referent))
    for span in spans:
        passage = _add_passage(add, doc.key, sentences.around(span.start, span.end), document, iris)
        _add_mention(add, doc.key, span, document, passage, iris)
    for actor in _candidate_actors(extraction.actors, spans):
        for predicate, obj in actor:
            add(_iri(actor.iri), predicate, obj)
    mention_at = {(span.start, span.end) for span in spans}
    for number, relation in enumerate(_unique_relations(extraction.relations), start=1):
        sentence = Sentence(relation.start, relation.end, doc.text[relation.start : relation.end])
        passage = _add_passage(add, doc.key, sentence, document, iris)
        _add_relation(add, iris.relation(doc.key, number), relation, passage, mention_at, doc.key, iris)
    return list(triples.seen)


class _Triples:
    """Collects triples once each, in insertion order."""

    def __init__(self) -> None:
        self.seen: dict[ox.Triple, None] = {}

    def add(self, subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        self.seen[ox.Triple(subject, _iri(predicate), obj)] = None


_Add = Callable[[ox.NamedNode, str, "ox.NamedNode | ox.Literal"], None]


def _document_properties(doc: ReadDocument) -> Iterator[tuple[str, ox.Literal | ox.NamedNode]]:
    yield RDF.type, _iri(CCG.Document)
    yield DCTERMS.title, _string(doc.title)
    yield DCTERMS.source, _string(doc.source)
    yield DCTERMS.language, _string(doc.language)
    yield DCTERMS["format"], _string(doc.media_type)
    yield CCG.sha256, _string(doc.sha256)
    yield CCG.byteSize, _integer(doc.size)


_STATUS_ORDER = {"curated": 0, "accepted": 1, "candidate": 2, "rejected": 3}


def _actor_order(actor: ActorMention) -> tuple:
    """Where two actors claim one span: the registry first, then accepted, then the more confident."""
    return (actor.start, actor.end, _STATUS_ORDER.get(actor.status, 4), -actor.confidence, actor.iri)


def _mention_spans(actors: Iterable[ActorMention], technologies: Iterable[TechnologyMention]) -> list[_Span]:
    """One mention per span: where several claim it, the best actor (:func:`_actor_order`), an actor before a technology."""
    spans: dict[tuple[int, int], _Span] = {}
    for actor in sorted(actors, key=_actor_order):
        spans.setdefault((actor.start, actor.end), _Span(actor.start, actor.end, actor.text, actor.iri, actor.source, actor.confidence))
    for tech in sorted(technologies, key=lambda t: (t.start, t.end, t.iri)):
        spans.setdefault((tech.start, tech.end), _Span(tech.start, tech.end, tech.text, tech.iri, TECHNOLOGY_SOURCE, 1.0))
    return [spans[key] for key in sorted(spans)]


class _Sentences:
    """Finds the sentence around a span; a span outside every sentence gets its line."""

    def __init__(self, text: str, sentences: Iterable[Sentence]) -> None:
        self.text = text
        self.sentences = sorted(sentences, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.sentences]

    def around(self, start: int, end: int) -> Sentence:
        index = bisect.bisect_right(self.starts, start) - 1
        if index >= 0 and self.sentences[index].start <= start < self.sentences[index].end:
            return self.sentences[index]
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        return Sentence(line_start, line_end, self.text[line_start:line_end])


def _add_passage(add: _Add, key: str, sentence: Sentence, document: ox.NamedNode, iris: IriScheme) -> ox.NamedNode:
    passage = _iri(iris.passage(key, sentence.start, sentence.end))
    add(passage, RDF.type, _iri(CCG.Passage))
    add(passage, DCTERMS.isPartOf, document)
    add(passage, CCG.text, _string(sentence.text))
    add(passage, CCG.start, _integer(sentence.start))
    add(passage, CCG.end, _integer(sentence.end))
    return passage


def _add_mention(add: _Add, key: str, span: _Span, document: ox.NamedNode, passage: ox.NamedNode, iris: IriScheme) -> None:
    mention = _iri(iris.mention(key, span.start, span.end))
    quote = _iri(iris.quote_selector(key, span.start, span.end))
    position = _iri(iris.position_selector(key, span.start, span.end))
    add(mention, RDF.type, _iri(CCG.Mention))
    add(mention, CCG.inDocument, document)
    add(mention, CCG.inPassage, passage)
    add(mention, CCG.refersTo, _iri(span.refers_to))
    add(mention, CCG.extractedBy, _string(span.extracted_by))
    add(mention, CCG.confidence, _decimal(span.confidence))
    add(mention, OA.hasSelector, quote)
    add(mention, OA.hasSelector, position)
    add(quote, RDF.type, _iri(OA.TextQuoteSelector))
    add(quote, OA.exact, _string(span.text))
    add(position, RDF.type, _iri(OA.TextPositionSelector))
    add(position, OA.start, _integer(span.start))  # xsd:integer: Oxigraph stores xsd:nonNegativeInteger as integer
    add(position, OA.end, _integer(span.end))


@dataclass(frozen=True)
class _Candidate:
    """An actor that is not in the registry, described in the graph of every document that mentions it.

    Its ``ccg:confidence`` is one value over all documents (:mod:`ingest.candidates`), not stated here.
    """

    iri: str
    label: str
    type: str
    status: str

    def __iter__(self) -> Iterator[tuple[str, ox.NamedNode | ox.Literal]]:
        yield RDF.type, _iri(CCG.Actor)
        yield RDF.type, _iri(CCG[self.type if self.type in ACTOR_TYPES else "Other"])
        yield RDFS.label, _string(self.label)
        yield CCG.status, _iri(_STATUSES.get(self.status, CCG.candidate))


def _candidate_actors(actors: Iterable[ActorMention], spans: Iterable[_Span]) -> list[_Candidate]:
    """One description per non-registry actor that kept a mention: label, type and status of its first mention."""
    kept = {(span.start, span.end, span.refers_to) for span in spans}
    found: dict[str, _Candidate] = {}
    for actor in sorted(actors, key=_actor_order):
        if actor.status != "curated" and actor.iri not in found and (actor.start, actor.end, actor.iri) in kept:
            found[actor.iri] = _Candidate(actor.iri, actor.label, actor.type, actor.status)
    return [found[iri] for iri in sorted(found)]


def _unique_relations(relations: Iterable[RelationMention]) -> list[RelationMention]:
    """The relations in a stable order (sentence, then triple), each stated once per sentence with all its evidence."""
    evidence: dict[tuple[int, int, str, str, str], set[tuple[int, int]]] = {}
    for relation in relations:
        key = (relation.start, relation.end, relation.subject, relation.predicate, relation.object)
        evidence.setdefault(key, set()).update(relation.evidence)
    return [
        RelationMention(subject, predicate, obj, start, end, tuple(sorted(spans)))
        for (start, end, subject, predicate, obj), spans in sorted(evidence.items())
    ]


def _add_relation(
    add: _Add, statement_iri: str, relation: RelationMention, passage: ox.NamedNode, mention_at: set[tuple[int, int]], key: str, iris: IriScheme
) -> None:
    predicate = _PREDICATES[relation.predicate]
    subject, obj = _iri(relation.subject), _iri(relation.object)
    add(subject, predicate, obj)
    statement = _iri(statement_iri)
    add(statement, RDF.type, _iri(RDF.Statement))
    add(statement, RDF.subject, subject)
    add(statement, RDF.predicate, _iri(predicate))
    add(statement, RDF.object, obj)
    add(statement, CCG.inPassage, passage)
    for start, end in sorted(set(relation.evidence)):
        if (start, end) in mention_at:
            add(statement, PROV.wasDerivedFrom, _iri(iris.mention(key, start, end)))
