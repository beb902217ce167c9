"""The ``ccg_cues`` component: relation cue phrases ("gemeinsam mit", "funded by", "Mitglied").

Each phrase of ``rules/cues.json`` matches its own word forms (case-insensitively) and, through
the lookup lemmatizer, other forms of its words; a phrase with " ... " matches its parts with a few
words between them (German separable verbs: "arbeitet gemeinsam mit X an", "setzt ... ein"). Matches go to ``doc.spans["ccg_cues"]`` with
``label_`` the predicate (memberOf, partnerOf, fundedBy, worksOn); :mod:`ingest.relations` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
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
        self.split_parts = PhraseMatcher(nlp.vocab, attr="LOWER")  # the later parts of split cues
        self.split: dict[int, tuple[int, int]] = {}  # key of a first part -> (predicate, key of the second part)

    def setup(self, cues: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Add ``(predicate, phrases)`` pairs; lemma patterns need the ``lemmatizer`` in the pipeline.

        A phrase with " ... " is a split cue: its first part in any word form, then its second part as
        written, with up to :data:`SPLIT_GAP` words of the same sentence between them ("arbeiten ... an"
        matches "arbeitet seit Jahren an").
        """
        lemmatizer = self.nlp.get_pipe("lemmatizer") if "lemmatizer" in self.nlp.pipe_names else None
        strings = self.nlp.vocab.strings
        for predicate, phrases in cues:
            self._add(self.lower, self.lemma, predicate, [p for p in phrases if SPLIT not in p], lemmatizer)
            for phrase in (p for p in phrases if SPLIT in p):
                first, second = (part.strip() for part in phrase.split(SPLIT, 1))
                first_key, second_key = f"{predicate}|{phrase}|1", f"{predicate}|{phrase}|2"
                self._add(self.lower, self.lemma, first_key, [first], lemmatizer)
                self.split_parts.add(second_key, [self.nlp.make_doc(second)])
                self.split[strings.add(first_key)] = (strings.add(predicate), strings.add(second_key))

    def _add(self, lower: PhraseMatcher, lemma: PhraseMatcher, key: str, phrases: Sequence[str], lemmatizer) -> None:
        variants = sorted({p for phrase in phrases for p in (phrase, phrase[:1].upper() + phrase[1:])})
        docs = list(self.nlp.tokenizer.pipe(variants))
        lower.add(key, docs)
        if lemmatizer is not None:
            lemma.add(key, [lemmatizer(doc) for doc in docs])

    def __call__(self, doc: Doc) -> Doc:
        found = {(m, s, e) for matcher in (self.lower, self.lemma) for m, s, e in matcher(doc)}
        if self.split:
            firsts = [(m, s, e) for m, s, e in found if m in self.split]
            found -= set(firsts)
            seconds = self.split_parts(doc) if firsts else []
            for key, start, end in firsts:
                predicate, second_key = self.split[key]
                close = [(s, e) for m, s, e in seconds if m == second_key and end <= s <= end + SPLIT_GAP]
                if close and not any(doc[i].is_sent_start for i in range(end, close[0][0] + 1)):
                    found.add((predicate, start, close[0][1]))
        doc.spans[CUE_SPANS] = [Span(doc, s, e, label=m) for m, s, e in sorted(found, key=lambda x: (x[1], x[2], x[0]))]
        return doc


@Language.factory(CUE_COMPONENT)
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """spaCy factory of :class:`CueMatcher`."""
    return CueMatcher(nlp)
