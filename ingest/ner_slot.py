"""The optional NER slot: ORG spans of a trained model become candidate actors.

When ``ingest/models/ner-<language>`` holds a spaCy pipeline (trained by ``ccg train-ner``), the
``ccg_ner`` component runs it on each document's text and adds every ``ORG`` entity that overlaps
no registry or pattern span to ``doc.spans["ccg_actors"]`` with ``label_`` "ner". The model runs as
its own pipeline (own tokenizer and vocabulary), so its features are exactly those it was trained
with; entities are mapped back by character offsets. Without a model folder the slot is left out
and extraction works on the registry and the rules alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.actor_spans import ACTOR_SPANS, choose_spans
from ingest.errors import ner_model_unreadable

NER_COMPONENT = "ccg_ner"
NER_LABEL = "ner"
DEFAULT_NER_CONFIDENCE = 0.5


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


class NerSlot:
    """The ``ccg_ner`` component; :meth:`setup` gives it the loaded model."""

    def __init__(self, nlp: Language, label: str, confidence: float) -> None:
        self.label, self.confidence = label, confidence
        self.model: Language | None = None

    def setup(self, model: Language | None) -> None:
        """Use ``model`` (a loaded NER pipeline), or nothing."""
        self.model = model

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
            found = []
            for entity in predicted.ents:
                if entity.label_ != self.label:
                    continue
                span = doc.char_span(entity.start_char, entity.end_char, alignment_mode="expand")
                if span is not None and any(c.isupper() for c in span.text):
                    found.append(Span(doc, span.start, span.end, label=NER_LABEL))
            existing = list(doc.spans[ACTOR_SPANS]) if ACTOR_SPANS in doc.spans else []
            taken = {i for s in existing for i in range(s.start, s.end)}
            doc.spans[ACTOR_SPANS] = choose_spans(existing + [s for s in found if taken.isdisjoint(range(s.start, s.end))])
            yield doc


@Language.factory(NER_COMPONENT, default_config={"label": "ORG", "confidence": DEFAULT_NER_CONFIDENCE})
def make_ner_slot(nlp: Language, name: str, label: str, confidence: float) -> NerSlot:
    """spaCy factory of :class:`NerSlot` (``label``: the model's organisation label)."""
    return NerSlot(nlp, label, confidence)
