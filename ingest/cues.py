"""The ``ccg_cues`` component: relation cue phrases ("gemeinsam mit", "funded by", "Mitglied").

Each phrase of ``rules/cues.json`` matches its own word forms (case-insensitively) and, through
the lookup lemmatizer, other forms of its words; a phrase with " ... " matches its parts with a few
words between them (German separable verbs: "arbeitet gemeinsam mit X an", "setzt ... ein"). Matches go to ``doc.spans["ccg_cues"]`` with
``label_`` the predicate (memberOf, partnerOf, fundedBy, worksOn); :mod:`ingest.relations` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

CUE_COMPONENT = "ccg_cues"
CUE_SPANS = "ccg_cues"
SPLIT = " ... "
SPLIT_GAP = 6


class CueMatcher:
    """The ``ccg_cues`` component; call :meth:`setup` with the language's cues before use."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.split = Matcher(nlp.vocab)

    def setup(self, cues: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Add ``(predicate, phrases)`` pairs; lemma patterns need the ``lemmatizer`` in the pipeline.

        A phrase with " ... " is a split cue: its parts in this order with up to
        :data:`SPLIT_GAP` words between them ("arbeiten ... an" matches "arbeitet seit Jahren an").
        """
        lemmatizer = self.nlp.get_pipe("lemmatizer") if "lemmatizer" in self.nlp.pipe_names else None
        for predicate, phrases in cues:
            whole = [p for p in phrases if SPLIT not in p]
            variants = sorted({p for phrase in whole for p in (phrase, phrase[:1].upper() + phrase[1:])})
            docs = list(self.nlp.tokenizer.pipe(variants))
            self.lower.add(predicate, docs)
            if lemmatizer is not None:
                self.lemma.add(predicate, [lemmatizer(doc) for doc in docs])
            split = [_split_pattern(p, lemmatizer, self.nlp) for p in phrases if SPLIT in p]
            if split:
                self.split.add(predicate, split)

    def __call__(self, doc: Doc) -> Doc:
        found = {(m, s, e) for matcher in (self.lower, self.lemma, self.split) for m, s, e in matcher(doc)}
        doc.spans[CUE_SPANS] = [Span(doc, s, e, label=m) for m, s, e in sorted(found, key=lambda x: (x[1], x[2], x[0]))]
        return doc


def _split_pattern(phrase: str, lemmatizer, nlp: Language) -> list[dict]:
    """Token pattern of a split cue: the first part by lemma (any form of the verb), the rest as written."""
    pattern: list[dict] = []
    for number, part in enumerate(phrase.split(SPLIT)):
        doc = nlp.make_doc(part.strip())
        if number == 0 and lemmatizer is not None:
            pattern += [{"LEMMA": {"IN": sorted({t.lemma_, t.text, t.lower_})}} for t in lemmatizer(doc)]
        else:
            if number:
                pattern.append({"OP": f"{{0,{SPLIT_GAP}}}", "IS_SENT_START": False})
            pattern += [{"LOWER": t.lower_} for t in doc]
    return pattern


@Language.factory(CUE_COMPONENT)
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """spaCy factory of :class:`CueMatcher`."""
    return CueMatcher(nlp)
