"""Rule-based sentence boundaries that know abbreviations ("e. V.", "z. B.", "Dr.", "GmbH & Co. KG").

A sentence starts after a token that ends in ``.``, ``!``, ``?`` or ``…`` and is followed by
whitespace, unless that token is an abbreviation of the language's list, a single letter with a
period ("e.", "V."), or a day/month ordinal ("3."); a new sentence also starts after a line break
that :func:`ingest.textnorm.prepare_text` kept (blank lines, headings, list items), and after a
closing quote or bracket that follows sentence-final punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTER = "ccg_senter"
_FINAL = ("!", "?", "…", ".")
_CLOSERS = frozenset({'"', "“", "”", "»", "«", "'", "’", ")", "]"})
_ORDINAL = re.compile(r"^\d{1,2}\.$")
_INITIAL = re.compile(r"^\w\.$")


def ends_sentence(text: str, abbreviations: frozenset[str]) -> bool:
    """Whether a token with this text, followed by whitespace, ends a sentence.

    Examples
    --------
    >>> [ends_sentence(t, frozenset({"Dr.", "z."})) for t in (".", "2023.", "Dr.", "e.", "3.", "GmbH.", "?")]
    [True, True, False, False, False, True, True]
    """
    if not text.endswith(_FINAL):
        return False
    if text in abbreviations or _INITIAL.match(text) or _ORDINAL.match(text):
        return False
    return True


def sentence_starts(words: Iterable[tuple[str, str]], abbreviations: frozenset[str]) -> list[bool]:
    """For ``(text, whitespace)`` pairs of tokens, whether each token starts a sentence.

    Examples
    --------
    >>> words = [("Der", " "), ("Verein", " "), ("e.", " "), ("V.", " "), ("wächst", ""), (".", " "),
    ...          ("Er", " "), ("ist", " "), ("neu", ""), (".", "")]
    >>> [w for (w, _), start in zip(words, sentence_starts(words, frozenset())) if start]
    ['Der', 'Er']
    """
    words = list(words)
    starts = [False] * len(words)
    if words:
        starts[0] = True
    pending = False  # sentence-final punctuation seen, a closer may still follow
    for index, (text, space) in enumerate(words[:-1]):
        if text.isspace():
            if "\n" in text:
                starts[index + 1] = True
            pending = False
            continue
        if ends_sentence(text, abbreviations) or (pending and text in _CLOSERS):
            if space:
                starts[index + 1] = True
                pending = False
            else:
                pending = True
            continue
        pending = False
        if "\n" in space:
            starts[index + 1] = True
    return starts


class RuleSenter:
    """The ``ccg_senter`` component: sets ``Token.is_sent_start`` on every token."""

    def __init__(self, abbreviations: Iterable[str] = ()) -> None:
        self.abbreviations = frozenset(abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts = sentence_starts(zip([t.text for t in doc], [t.whitespace_ for t in doc]), self.abbreviations)
        values = numpy.fromiter((1 if start else -1 for start in starts), dtype="int64", count=len(starts))
        doc.from_array([SENT_START], values.astype("uint64").reshape(-1, 1))
        return doc


@Language.factory(SENTER, default_config={"abbreviations": []})
def make_senter(nlp: Language, name: str, abbreviations: list[str]) -> RuleSenter:
    """spaCy factory of :class:`RuleSenter`."""
    return RuleSenter(abbreviations)
