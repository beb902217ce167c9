"""The ``ccg_cues`` component: relation cue phrases ("gemeinsam mit", "funded by", "Mitglied").

Each phrase of ``rules/cues.json`` matches its own word forms (case-insensitively) and, through
the lookup lemmatizer, other forms of its words. Matches go to ``doc.spans["ccg_cues"]`` with
``label_`` the predicate (memberOf, partnerOf, fundedBy, worksOn); :mod:`ingest.relations` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

CUE_COMPONENT = "ccg_cues"
CUE_SPANS = "ccg_cues"


class CueMatcher:
    """The ``ccg_cues`` component; call :meth:`setup` with the language's cues before use."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")

    def setup(self, cues: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Add ``(predicate, phrases)`` pairs; lemma patterns need the ``lemmatizer`` in the pipeline."""
        lemmatizer = self.nlp.get_pipe("lemmatizer") if "lemmatizer" in self.nlp.pipe_names else None
        for predicate, phrases in cues:
            variants = sorted({p for phrase in phrases for p in (phrase, phrase[:1].upper() + phrase[1:])})
            docs = list(self.nlp.tokenizer.pipe(variants))
            self.lower.add(predicate, docs)
            if lemmatizer is not None:
                self.lemma.add(predicate, [lemmatizer(doc) for doc in docs])

    def __call__(self, doc: Doc) -> Doc:
        found = {(m, s, e) for matcher in (self.lower, self.lemma) for m, s, e in matcher(doc)}
        doc.spans[CUE_SPANS] = [Span(doc, s, e, label=m) for m, s, e in sorted(found, key=lambda x: (x[1], x[2], x[0]))]
        return doc


@Language.factory(CUE_COMPONENT)
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """spaCy factory of :class:`CueMatcher`."""
    return CueMatcher(nlp)
