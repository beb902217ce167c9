"""Which ORG spans of the NER model become candidate actors, and with what confidence.

A statistical model tags as ORG many names that are not organisations in cluster texts: funding
programmes and funds ("EFRE"), projects, events, facilities ("Containerterminal"), publications,
phrases ("Hamburg's aviation cluster") and common words ("Space"). The rules of ``rules/ner.json``
(per language) judge each span the NER slot would keep:

Gates (the span is dropped):

* ``head``: its first word, its last word or its last word before a connector is (in German also:
  ends in, as a compound) a word that heads names of things that are no organisation
  (``not_org_heads``: Programm, Fonds, Projekt, Konferenz, Terminal, Campus, ...); an acronym whose
  long form in the document is so headed likewise ("Europäischer Fonds für regionale Entwicklung (EFRE)");
* ``lowercase``: a word after the first is written in lower case, before any connector ("für",
  "of"): "Hamburg's aviation cluster" (a complement may hold adjectives: "Institut für maritime Technik").

Confidence: the slot's base confidence, changed by the ``evidence`` found for the name:

* ``descriptor_before`` / ``cue_word_before``: right before it (articles skipped) stands a
  describing noun of ``words.json`` ("Herstellers", "company") or a cue word ("bei", "at");
* ``repeated``: the name occurs more than once in the document;
* ``defined_acronym`` / ``undefined_acronym``: an all-capital name the document spells out, or not;
* ``common_word``: the name is one word, a common word of the language or of one of
  ``common_word_languages`` (English words in German texts: "Space").

A span whose confidence is below ``threshold`` is dropped. Gates listed in ``gates`` are used, so an
experiment can switch one off in the data (``benchmarks/ner_gates.py`` measures what each buys).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from ingest.ruleset import NerRules

_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&-]*[A-ZÄÖÜ0-9]")
_CLOSERS = frozenset(".!?;:,()[]\n")


@dataclass(frozen=True)
class Judgement:
    """What the gates say of one span: its confidence, whether it is kept, and why."""

    confidence: float
    kept: bool
    reasons: tuple[str, ...] = ()  # the gate that dropped it, or the evidence that scored it


@dataclass(frozen=True)
class NerGate:
    """The gates and evidence of one language (see the module docstring).

    ``fold`` folds a word as the pipeline's ``NORM`` does; ``common`` tells common words;
    ``compounds``: a word ending in a head or describing noun counts as one (German).
    """

    rules: NerRules
    fold: Callable[[str], str]
    common: Callable[[str], bool]
    articles: frozenset[str] = frozenset()
    descriptors: tuple[str, ...] = ()
    compounds: bool = False
    base: float = 0.5

    def judge(self, doc: Doc, start: int, end: int) -> Judgement:
        """Judge the span ``doc[start:end]``.

        Examples
        --------
        >>> import spacy
        >>> rules = NerRules(not_org_heads=("Fonds",), connectors=frozenset({"für"}), cue_words=frozenset({"bei"}),
        ...                  evidence=(("cue_word_before", 0.1), ("undefined_acronym", -0.2)), threshold=0.5,
        ...                  gates=frozenset({"head", "lowercase"}))
        >>> gate = NerGate(rules, str.lower, lambda w: False, frozenset({"der"}))
        >>> doc = spacy.blank("de")("Er war bei der Zyrtex und beim NDR, nicht beim Fonds Hamburg.")
        >>> gate.judge(doc, 4, 5)
        Judgement(confidence=0.6, kept=True, reasons=('cue_word_before',))
        >>> gate.judge(doc, 7, 8)
        Judgement(confidence=0.3, kept=False, reasons=('undefined_acronym',))
        >>> gate.judge(doc, 11, 13).reasons
        ('head',)
        """
        words = [t.text for t in doc[start:end]]
        name = doc[start:end].text
        acronym = len(words) == 1 and bool(_ACRONYM.fullmatch(name))
        long_form = acronym_long_form(doc, name) if acronym else None
        if self._uses("head") and any(self.heads_thing(w) for w in self.head_words(words) + self.head_words(long_form or ())):
            return Judgement(0.0, False, ("head",))
        if self._uses("lowercase") and _lowercase_before_connector(words[1:], self.rules.connectors):
            return Judgement(0.0, False, ("lowercase",))
        found = [e for e, applies in self._evidence(doc, start, end, acronym, long_form is not None) if applies]
        weights = dict(self.rules.evidence)
        confidence = round(min(1.0, max(0.0, self.base + sum(weights.get(e, 0.0) for e in found))), 4)
        return Judgement(confidence, confidence >= self.rules.threshold, tuple(e for e in found if weights.get(e)))

    def head_words(self, words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The words of a name that may be its head: the first, the last before a connector, the last.

        Examples
        --------
        >>> gate = NerGate(NerRules(connectors=frozenset({"für"})), str.lower, lambda w: False)
        >>> gate.head_words(["Europäischer", "Fonds", "für", "regionale", "Entwicklung"])
        ('Europäischer', 'Fonds', 'Entwicklung')
        """
        if not words:
            return ()
        before = next((k for k, w in enumerate(words) if w in self.rules.connectors), len(words))
        return tuple(dict.fromkeys((words[0], words[max(0, before - 1)], words[-1])))

    def heads_thing(self, word: str) -> bool:
        """Whether ``word`` is (or, with compounds, ends in) a head of ``not_org_heads``.

        Examples
        --------
        >>> gate = NerGate(NerRules(not_org_heads=("Terminal",)), lambda w: w.lower().rstrip("s"), lambda w: False, compounds=True)
        >>> [gate.heads_thing(w) for w in ("Terminals", "Containerterminals", "terminal", "Tollerort")]
        [True, True, False, False]
        """
        return word[:1].isupper() and self._is_or_ends_in(word, self._folded_heads)

    @functools.cached_property
    def _folded_heads(self) -> frozenset[str]:
        return frozenset(self.fold(w) for w in self.rules.not_org_heads)

    @functools.cached_property
    def _folded_descriptors(self) -> frozenset[str]:
        return frozenset(self.fold(w) for w in self.descriptors)

    def _is_or_ends_in(self, word: str, folded: frozenset[str]) -> bool:
        """Whether ``word`` folds to one of ``folded`` (words folded by :attr:`fold`), or (with
        compounds) ends in one (its last part folded alone: "Clusternews" ends in "News")."""
        starts = [0, *range(3, len(word) - 2)] if self.compounds else [0]
        return any(self.fold(word[i].upper() + word[i + 1 :]) in folded for i in starts)

    def _uses(self, gate: str) -> bool:
        return gate in self.rules.gates

    def _evidence(self, doc: Doc, start: int, end: int, acronym: bool, defined: bool) -> list[tuple[str, bool]]:
        before = start - 1
        while before >= 0 and doc[before].text.lower() in self.articles:
            before -= 1
        cue = doc[before] if before >= 0 else None
        name = doc[start:end].text
        return [
            ("descriptor_before", cue is not None and cue.text[:1].isupper() and self._is_or_ends_in(cue.text, self._folded_descriptors)),
            ("cue_word_before", cue is not None and (cue.text in self.rules.cue_words or cue.text.lower() in self.rules.cue_words)),
            ("repeated", len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text)) > 1),
            ("defined_acronym", acronym and defined),
            ("undefined_acronym", acronym and not defined),
            ("common_word", end - start == 1 and not acronym and self.common(name)),
        ]


def _lowercase_before_connector(words: list[str], connectors: frozenset[str]) -> bool:
    """Whether a lower-case word that is no connector comes before the first connector: after a
    connector a complement may hold lower-case adjectives ("Fonds für regionale Entwicklung")."""
    for word in words:
        if word in connectors:
            return False
        if word.isalpha() and word.islower():
            return True
    return False


def acronym_long_form(doc: Doc, acronym: str) -> tuple[str, ...] | None:
    """The words the document spells ``acronym`` out with, or None.

    "Long Form (ACR)": the words of the same clause before the bracket, within twice the acronym's
    length, from the first that starts with the acronym's first letter; "ACR (Long Form)": the words
    in the bracket when the first starts with that letter.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("de")
    >>> acronym_long_form(nlp("Mittel aus dem Europäischen Fonds für regionale Entwicklung (EFRE) fließen."), "EFRE")
    ('Europäischen', 'Fonds', 'für', 'regionale', 'Entwicklung')
    >>> acronym_long_form(nlp("Das ZAL (Zentrum für Angewandte Luftfahrtforschung) forscht."), "ZAL")
    ('Zentrum', 'für', 'Angewandte', 'Luftfahrtforschung')
    >>> acronym_long_form(nlp("Das NDR sendet."), "NDR") is None, acronym_long_form(nlp("PETRA (2024) läuft."), "PETRA") is None
    (True, True)
    """
    for i, token in enumerate(doc[:-1]):
        if token.text == "(" and i + 2 < len(doc) and doc[i + 1].text == acronym and doc[i + 2].text == ")":
            window = list(doc[max(0, i - 2 * len(acronym)) : i])
            closers = [k for k, t in enumerate(window) if any(c in _CLOSERS for c in t.text)]
            window = window[closers[-1] + 1 :] if closers else window
            firsts = [k for k, t in enumerate(window) if t.text[:1] == acronym[0]]
            if firsts:
                return tuple(t.text for t in window[firsts[0] :])
        if token.text == acronym and doc[i + 1].text == "(" and doc[i + 2 : i + 3].text[:1] == acronym[0]:
            inside = [t.text for t in doc[i + 2 : i + 3 + 2 * len(acronym)]]
            if ")" in inside:
                return tuple(inside[: inside.index(")")])
    return None
