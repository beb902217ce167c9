"""The named graph of one document: the document, its passages and mentions, candidate actors and relations.

Follows the data model of ``docs/architecture.md``. Every node has an IRI from
:class:`ontology.iris.IriScheme` (no blank nodes), and the triples come out in an order fixed by
offsets and IRIs, so the same document and extraction always give the same bytes. Terms are
formatted as N-Triples text (:mod:`ingest.ntriples`); Oxigraph parses them into the store.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS

from ingest.model import ActorMention, Extraction, ReadDocument, RelationMention, Sentence, TechnologyMention
from ingest.ntriples import decimal, integer, iri, string
from ontology.iris import IriScheme
from ontology.namespace import CCG, OA
from ontology.registry import ACTOR_TYPES

TECHNOLOGY_SOURCE = "taxonomy"
# Vocabulary terms as N-Triples text, formatted once (rdflib's DefinedNamespace attribute access is slow in a loop).
_STATUSES = {name: iri(term) for name, term in (("curated", CCG.curated), ("accepted", CCG.accepted), ("candidate", CCG.candidate), ("rejected", CCG.rejected))}
_PREDICATES = {name: iri(term) for name, term in (("memberOf", ORG.memberOf), ("partnerOf", CCG.partnerOf), ("fundedBy", CCG.fundedBy), ("worksOn", CCG.worksOn))}
_ACTOR_CLASSES = {name: iri(CCG[name]) for name in ACTOR_TYPES}
_TYPE, _LABEL, _TITLE, _SOURCE, _LANGUAGE, _FORMAT, _PART_OF = (
    iri(t) for t in (RDF.type, RDFS.label, DCTERMS.title, DCTERMS.source, DCTERMS.language, DCTERMS["format"], DCTERMS.isPartOf)
)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT, _DERIVED_FROM = (iri(t) for t in (RDF.Statement, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom))
_DOCUMENT, _PASSAGE, _MENTION, _ACTOR, _MENTIONS, _IN_DOCUMENT, _IN_PASSAGE, _REFERS_TO = (
    iri(t) for t in (CCG.Document, CCG.Passage, CCG.Mention, CCG.Actor, CCG.mentions, CCG.inDocument, CCG.inPassage, CCG.refersTo)
)
_EXTRACTED_BY, _CONFIDENCE, _TEXT, _START, _END, _STATUS, _SHA256, _BYTE_SIZE, _FINGERPRINT = (
    iri(t) for t in (CCG.extractedBy, CCG.confidence, CCG.text, CCG.start, CCG.end, CCG.status, CCG.sha256, CCG.byteSize, CCG.extractionFingerprint)
)
_HAS_SELECTOR, _QUOTE_SELECTOR, _POSITION_SELECTOR, _EXACT, _OA_START, _OA_END = (
    iri(t) for t in (OA.hasSelector, OA.TextQuoteSelector, OA.TextPositionSelector, OA.exact, OA.start, OA.end)
)


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
    """The document graph as N-Triples, marker included (for validation, tests and people).

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
    (26, '<https://w3id.org/cross-cluster-graph/id/document/k1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/cross-cluster-graph/ontology#Document> .')
    """
    statements = document_statements(doc, extraction, iris) + marker_statements(doc, iris, fingerprint)
    return "".join(f"{statement} .\n" for statement in statements).encode("utf-8", "replace")


@dataclass(frozen=True)
class DocumentTrig:
    """A document graph as TriG (one ``<graph> { ... }`` block), in two parts: the content, and the marker that commits it.

    The marker (``ccg:sha256`` and ``ccg:extractionFingerprint`` of the document) is written after
    the content: a graph without its marker was cut short and is dropped by the next run.
    """

    graph: str
    content: bytes
    marker: bytes


def document_trig(doc: ReadDocument, extraction: Extraction, iris: IriScheme, fingerprint: str = "") -> DocumentTrig:
    """The document graph in its named graph as TriG, content and marker apart (what :mod:`ingest.writer` loads).

    Examples
    --------
    >>> from pathlib import Path
    >>> doc = ReadDocument(Path("a.txt"), "a.txt", "k1", "Airbus baut.", "Airbus", "0" * 64, 12, "text/plain", "de")
    >>> trig = document_trig(doc, Extraction("de"), IriScheme())
    >>> print(trig.marker.decode().replace("0" * 64, "0…0"))
    <https://w3id.org/cross-cluster-graph/id/graph/document/k1> {
    <https://w3id.org/cross-cluster-graph/id/document/k1> <https://w3id.org/cross-cluster-graph/ontology#sha256> "0…0" .
    }
    <BLANKLINE>
    >>> len(trig.content.splitlines())  # the block's two lines, and type, title, source, language, format, byte size
    8
    """
    graph = iris.document_graph(doc.key)
    block = f"{iri(graph)} {{\n"

    def in_graph(statements: list[str]) -> bytes:
        return (block + "".join(f"{statement} .\n" for statement in statements) + "}\n").encode("utf-8", "replace")

    return DocumentTrig(str(graph), in_graph(document_statements(doc, extraction, iris)), in_graph(marker_statements(doc, iris, fingerprint)))


def marker_statements(doc: ReadDocument, iris: IriScheme, fingerprint: str = "") -> list[str]:
    """The triples (``subject predicate object`` text) that say which file version and resources a graph was made from."""
    document = iri(iris.document(doc.key))
    marker = [f"{document} {_SHA256} {string(doc.sha256)}"]
    if fingerprint:
        marker.append(f"{document} {_FINGERPRINT} {string(fingerprint)}")
    return marker


def document_graph(doc: ReadDocument, extraction: Extraction, iris: IriScheme, fingerprint: str = "") -> Graph:
    """The document graph as an rdflib ``Graph`` (for validation and for people)."""
    return Graph().parse(data=document_ntriples(doc, extraction, iris, fingerprint).decode("utf-8"), format="nt")


def document_statements(doc: ReadDocument, extraction: Extraction, iris: IriScheme) -> list[str]:
    """The triples of the document graph (without its marker) as ``subject predicate object`` text, once each,
    in an order fixed by offsets and IRIs."""
    spans = _mention_spans(extraction.actors, extraction.technologies)
    sentences = _Sentences(doc.text, extraction.sentences)
    seen: dict[str, None] = {}

    def add(subject: str, predicate: str, obj: str) -> None:
        seen[f"{subject} {predicate} {obj}"] = None

    document = iri(iris.document(doc.key))
    for predicate, obj in _document_properties(doc):
        add(document, predicate, obj)
    for referent in sorted({span.refers_to for span in spans}):
        add(document, _MENTIONS, iri(referent))
    for span in spans:
        passage = _add_passage(add, doc.key, sentences.around(span.start, span.end), document, iris)
        _add_mention(add, doc.key, span, document, passage, iris)
    for actor in _candidate_actors(extraction.actors, spans):
        for predicate, obj in actor:
            add(iri(actor.iri), predicate, obj)
    mention_at = {(span.start, span.end) for span in spans}
    for number, relation in enumerate(_unique_relations(extraction.relations), start=1):
        sentence = Sentence(relation.start, relation.end, doc.text[relation.start : relation.end])
        passage = _add_passage(add, doc.key, sentence, document, iris)
        _add_relation(add, iris.relation(doc.key, number), relation, passage, mention_at, doc.key, iris)
    return list(seen)


_Add = Callable[[str, str, str], None]


def _document_properties(doc: ReadDocument) -> Iterator[tuple[str, str]]:
    yield _TYPE, _DOCUMENT
    yield _TITLE, string(doc.title)
    yield _SOURCE, string(doc.source)
    yield _LANGUAGE, string(doc.language)
    yield _FORMAT, string(doc.media_type)
    yield _BYTE_SIZE, integer(doc.size)


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


def _add_passage(add: _Add, key: str, sentence: Sentence, document: str, iris: IriScheme) -> str:
    passage = iri(iris.passage(key, sentence.start, sentence.end))
    add(passage, _TYPE, _PASSAGE)
    add(passage, _PART_OF, document)
    add(passage, _TEXT, string(sentence.text))
    add(passage, _START, integer(sentence.start))
    add(passage, _END, integer(sentence.end))
    return passage


def _add_mention(add: _Add, key: str, span: _Span, document: str, passage: str, iris: IriScheme) -> None:
    mention = iri(iris.mention(key, span.start, span.end))
    quote = iri(iris.quote_selector(key, span.start, span.end))
    position = iri(iris.position_selector(key, span.start, span.end))
    add(mention, _TYPE, _MENTION)
    add(mention, _IN_DOCUMENT, document)
    add(mention, _IN_PASSAGE, passage)
    add(mention, _REFERS_TO, iri(span.refers_to))
    add(mention, _EXTRACTED_BY, string(span.extracted_by))
    add(mention, _CONFIDENCE, decimal(span.confidence))
    add(mention, _HAS_SELECTOR, quote)
    add(mention, _HAS_SELECTOR, position)
    add(quote, _TYPE, _QUOTE_SELECTOR)
    add(quote, _EXACT, string(span.text))
    add(position, _TYPE, _POSITION_SELECTOR)
    add(position, _OA_START, integer(span.start))  # xsd:integer: Oxigraph stores xsd:nonNegativeInteger as integer
    add(position, _OA_END, integer(span.end))


@dataclass(frozen=True)
class _Candidate:
    """An actor that is not in the registry, described in the graph of every document that mentions it.

    Its ``ccg:confidence`` is one value over all documents (:mod:`ingest.candidates`), not stated here.
    """

    iri: str
    label: str
    type: str
    status: str

    def __iter__(self) -> Iterator[tuple[str, str]]:
        yield _TYPE, _ACTOR
        yield _TYPE, _ACTOR_CLASSES.get(self.type, _ACTOR_CLASSES["Other"])
        yield _LABEL, string(self.label)
        yield _STATUS, _STATUSES.get(self.status, _STATUSES["candidate"])


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
    add: _Add, statement_iri: str, relation: RelationMention, passage: str, mention_at: set[tuple[int, int]], key: str, iris: IriScheme
) -> None:
    predicate = _PREDICATES[relation.predicate]
    subject, obj = iri(relation.subject), iri(relation.object)
    add(subject, predicate, obj)
    statement = iri(statement_iri)
    add(statement, _TYPE, _STATEMENT)
    add(statement, _SUBJECT, subject)
    add(statement, _PREDICATE, predicate)
    add(statement, _OBJECT, obj)
    add(statement, _IN_PASSAGE, passage)
    for start, end in sorted(set(relation.evidence)):
        if (start, end) in mention_at:
            add(statement, _DERIVED_FROM, iri(iris.mention(key, start, end)))
