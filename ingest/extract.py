"""The extraction API: texts in, :class:`ingest.model.Extraction` out (stable; used by ingest and evaluation).

Typical use::

    resources = load_resources(IriScheme())            # registry, taxonomy, rules, curation, NER folder
    nlp = build_pipeline("de", resources)              # once per language and process
    for extraction in extract_texts(texts, "de", resources, nlp=nlp):
        ...                                            # actors, technologies, relations, sentences

* :func:`load_resources` - everything extraction needs, frozen and picklable (for worker processes);
* :func:`build_pipeline` - the spaCy pipeline of a language ("de" or "en");
* :func:`extract_texts` - extraction of many texts through ``nlp.pipe``; offsets are character
  offsets into each text as given;
* :func:`resolve_member` - an organisation of a member list, resolved like a found name.

Curation decisions are applied to every result. What the components do is described in
``docs/extraction.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ingest.actor_spans import ACTOR_SPANS
from ingest.cues import CUE_SPANS
from ingest.model import ActorMention, Extraction, Sentence, TechnologyMention
from ingest.ner_slot import ner_confidence
from ingest.registry_matcher import REGISTRY_LABEL
from ingest.relations import Cue, document_relations
from ingest.resolve import FoundActor, actor_key, curate, resolve_member, unify_candidates
from ingest.resources import DEFAULT_CURATION_FILE, DEFAULT_NER_DIR, ExtractionResources, load_resources
from ingest.spacy_pipeline import build_pipeline
from ingest.tech_matcher import TECHNOLOGY_SPANS
from ingest.textnorm import prepare_text

__all__ = [
    "DEFAULT_CURATION_FILE",
    "DEFAULT_NER_DIR",
    "ExtractionResources",
    "build_pipeline",
    "extract_texts",
    "extraction_of",
    "load_resources",
    "resolve_member",
]

DEFAULT_BATCH_SIZE = 32


def extract_texts(
    texts: Iterable[str],
    language: str,
    resources: ExtractionResources,
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Extraction]:
    """Extract actors, technologies, relations and sentences from each text, in order.

    ``nlp`` is a pipeline from :func:`build_pipeline` for ``language`` (built here when omitted;
    build it once when calling repeatedly). Texts stream through ``nlp.pipe``.

    Examples
    --------
    >>> from ontology.iris import IriScheme
    >>> resources = load_resources(IriScheme(), curation_file=None, ner_dir=None)
    >>> found = next(extract_texts(["Die Hamburger Hochbahn AG testet Wasserstoffbusse."], "de", resources))
    >>> [(a.text, a.label, a.status) for a in found.actors]
    [('Hamburger Hochbahn AG', 'Hamburger Hochbahn AG', 'curated')]
    >>> [(t.text, t.label) for t in found.technologies]
    [('Wasserstoffbusse', 'Wasserstofftechnologien')]
    >>> [(r.predicate, r.object.rsplit("/", 1)[1]) for r in found.relations]
    [('worksOn', 'hydrogen')]
    """
    nlp = nlp if nlp is not None else build_pipeline(language, resources)
    pairs = ((prepare_text(text), text) for text in texts)
    for doc, text in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extraction_of(doc, text, language, resources)


def extraction_of(doc: Doc, text: str, language: str, resources: ExtractionResources) -> Extraction:
    """The :class:`Extraction` of a processed Doc; ``text`` is the original text (same length)."""
    sentences = tuple(_sentences(doc, text))
    found = [
        FoundActor(
            text[s.start_char : s.end_char],
            s.start_char,
            s.end_char,
            s.label_,
            s.kb_id_ if s.label_ == REGISTRY_LABEL else "",
            "" if s.label_ == REGISTRY_LABEL else s.kb_id_,
            s.id_,
            ner_confidence(s),
        )
        for s in doc.spans[ACTOR_SPANS]
    ]
    resolver = resources.resolver
    actors = curate(resources, unify_candidates([resolver.resolve(f, language) for f in found], resources.rules))
    concepts = resources.concept_by_slug
    technologies = tuple(
        TechnologyMention(text[s.start_char : s.end_char], s.start_char, s.end_char, concepts[s.kb_id_].iri, concepts[s.kb_id_].label(language))
        for s in doc.spans[TECHNOLOGY_SPANS]
    )
    cues = [Cue(s.label_, s.start_char, s.end_char) for s in doc.spans[CUE_SPANS]]
    relations = document_relations(sentences, actors, technologies, cues, lambda mention: _cluster_iri(mention, resources))
    return Extraction(language, sentences, actors, technologies, relations)


def _sentences(doc: Doc, text: str) -> Iterator[Sentence]:
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            yield Sentence(start, end, text[start:end])


def _cluster_iri(mention: ActorMention, resources: ExtractionResources) -> str | None:
    index = resources.index
    cluster = index.cluster_by_actor.get(mention.iri.rsplit("/", 1)[-1]) or index.cluster_by_key.get(actor_key(mention.text, resources.rules))
    return str(resources.iris.cluster(cluster)) if cluster else None
