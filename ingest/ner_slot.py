"""The optional NER slot: ORG spans of a trained model become candidate actors.

When ``ingest/models/ner-<language>`` holds a spaCy pipeline (trained by ``ccg train-ner``), the
``ccg_ner`` component runs it on each document's text and adds every ``ORG`` entity that overlaps
no registry or pattern span to ``doc.spans["ccg_actors"]`` with ``label_`` "ner". The model runs as
its own pipeline (own tokenizer and vocabulary), so its features are exactly those it was trained
with; entities are mapped back by character offsets. The gates of :mod:`ingest.ner_gates` decide
which entities are kept and give each its confidence, which :func:`ner_confidence` reads back.
Without a model folder the slot is left out and extraction works on the registry and the rules alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.actor_spans import ACTOR_SPANS, choose_spans
from ingest.ner_gates import NerGate
from ingest.ruleset import NerRules
from ingest.tech_matcher import TECHNOLOGY_SPANS
from ingest.token_view import descriptor_type
from ingest.errors import ner_model_unreadable

NER_COMPONENT = "ccg_ner"
NER_LABEL = "ner"
DEFAULT_NER_CONFIDENCE = 0.5
_CONFIDENCE_KEY = "ccg_ner_confidence"
_PRODUCT_CODE = re.compile(r"^[A-Z]{1,4}-?\d+[A-Za-z]*$")
_MARKUP = re.compile(r"[\[\](){}<>|=*#_]")


def ner_model_path(ner_dir: Path | None, language: str) -> Path | None:
    """The model folder for ``language`` below ``ner_dir`` if it exists, else None.

    Examples
    --------
    >>> ner_model_path(None, "de") is None
    True
    """
    if ner_dir is None:
        return None
    path = ner_dir / f"ner-{language}"
    return path if path.is_dir() else None


def load_ner_model(path: Path) -> Language:
    """Load a trained NER pipeline; a one-line :class:`ExtractionError` if it cannot be loaded."""
    if not (path / "config.cfg").is_file():
        raise ner_model_unreadable(path, "no config.cfg")
    try:
        model = spacy.load(path)
    except Exception as error:  # spaCy raises many error types for a broken model folder
        raise ner_model_unreadable(path, str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__) from error
    if "ner" not in model.pipe_names:
        raise ner_model_unreadable(path, "the pipeline has no 'ner' component")
    return model


def plausible_name(text: str, start: int, end: int, not_names: frozenset[str]) -> bool:
    """Whether an ORG entity at ``start``-``end`` of ``text`` may be an organisation's name.

    Not when it starts or ends inside a hyphenated word ("Cross-[Cluster Space]"), has no capital
    letter, holds markup characters, ends in a place or another word of ``not_names`` ("City
    Hamburg Bahrenfeld", "German North Sea"), or is a product code ("A320").

    Examples
    --------
    >>> places = frozenset({"Hamburg", "North Sea"})
    >>> [plausible_name(t, 0, len(t), places) for t in ("Starship Technologies", "German North Sea", "A320", "x](a.md")]
    [True, False, False, False]
    >>> plausible_name("the Cross-Cluster Space", 10, 23, places)
    False
    """
    name = text[start:end]
    if not any(c.isupper() for c in name) or _PRODUCT_CODE.match(name) or _MARKUP.search(name):
        return False
    if (start > 0 and text[start - 1] == "-") or (end < len(text) and text[end] == "-"):
        return False
    return not any(name == word or name.endswith(" " + word) for word in not_names)


@dataclass(frozen=True)
class NameFilter:
    """What the slot keeps of an entity: leading describing nouns and function words trimmed
    ("Digitalverbands Bitkom" -> "Bitkom"), trailing function words and line breaks too, and only plausible names with at least one word that is
    neither a common word of the language nor a place adjective ("Hamburger Innenstadt" is dropped)."""

    not_names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    descriptors: tuple[str, ...] = ()
    known: Callable[[str], bool] = lambda word: False

    def __call__(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        while start < end and (doc[start].text in self.function_words or descriptor_type(doc[start].text, self.descriptors)):
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in self.function_words):
            end -= 1
        words = [t.text for t in doc[start:end] if t.is_alpha]
        if start == end or all(self.known(w) or w in self.places or (w.endswith("er") and w[:-2] in self.places) for w in words):
            return None
        if not plausible_name(doc.text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), self.not_names):
            return None
        return start, end


class NerSlot:
    """The ``ccg_ner`` component; :meth:`setup` gives it the loaded model.

    It runs after the technology matcher: an entity that overlaps an actor or technology mention is
    left out ("Urban Air Mobility" is a technology, not an organisation).
    """

    def __init__(self, nlp: Language, label: str, confidence: float) -> None:
        self.label, self.confidence = label, confidence
        self.model: Language | None = None
        self.keep: NameFilter = NameFilter()
        self.gate = NerGate(NerRules(threshold=0.0), str.lower, lambda word: False, base=confidence)

    def setup(self, model: Language | None, keep: NameFilter | None = None, gate: NerGate | None = None) -> None:
        """Use ``model`` (a loaded NER pipeline), or nothing, with the filter ``keep`` and the gates
        ``gate`` (whose base confidence becomes the slot's)."""
        self.model, self.keep = model, keep or self.keep
        self.gate = replace(gate, base=self.confidence) if gate is not None else self.gate

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Run the model over a stream of documents in batches."""
        if self.model is None:
            yield from docs
            return
        buffer: list[Doc] = []
        for doc in docs:
            buffer.append(doc)
            if len(buffer) >= batch_size:
                yield from self._annotate(buffer)
                buffer = []
        yield from self._annotate(buffer)

    def _annotate(self, docs: list[Doc]) -> Iterator[Doc]:
        assert self.model is not None
        for doc, predicted in zip(docs, self.model.pipe((d.text for d in docs), batch_size=max(1, len(docs)))):
            existing = list(doc.spans[ACTOR_SPANS]) if ACTOR_SPANS in doc.spans else []
            taken = {i for key in (ACTOR_SPANS, TECHNOLOGY_SPANS) if key in doc.spans for s in doc.spans[key] for i in range(s.start, s.end)}
            found = []
            for entity in predicted.ents:
                span = doc.char_span(entity.start_char, entity.end_char, alignment_mode="expand") if entity.label_ == self.label else None
                kept = self.keep(doc, span.start, span.end) if span is not None else None
                if kept is None or not taken.isdisjoint(range(*kept)):
                    continue
                judgement = self.gate.judge(doc, *kept)
                if judgement.kept:
                    found.append(Span(doc, kept[0], kept[1], label=NER_LABEL))
                    doc.user_data[(_CONFIDENCE_KEY, found[-1].start_char, found[-1].end_char)] = judgement.confidence
            doc.spans[ACTOR_SPANS] = choose_spans(existing + found)
            yield doc


def ner_confidence(span: Span) -> float | None:
    """The confidence the gates gave an NER span, or None for a span of another source.

    Examples
    --------
    >>> doc = spacy.blank("de")("Zyrtex baut Roboter.")
    >>> doc.user_data[(_CONFIDENCE_KEY, 0, 6)] = 0.6
    >>> ner_confidence(doc[0:1]), ner_confidence(doc[1:2])
    (0.6, None)
    """
    return span.doc.user_data.get((_CONFIDENCE_KEY, span.start_char, span.end_char))


@Language.factory(NER_COMPONENT, default_config={"label": "ORG", "confidence": DEFAULT_NER_CONFIDENCE})
def make_ner_slot(nlp: Language, name: str, label: str, confidence: float) -> NerSlot:
    """spaCy factory of :class:`NerSlot` (``label``: the model's organisation label)."""
    return NerSlot(nlp, label, confidence)
