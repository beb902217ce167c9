"""The technology matcher: every SKOS label of the taxonomy, inflection-insensitive, and compounds.

Labels of several letters match on ``NORM`` (the inflection-folded word: "künstlicher Intelligenz"
matches "Künstliche Intelligenz", "Brennstoffzellen" matches "Brennstoffzelle"); acronym labels (KI,
H2, IoT, 5G) match their exact text. A German compound or a hyphenated word that contains a label
(Wasserstofftankstelle, KI-gestützten, Brennstoffzellensysteme, Flüssigwasserstoff) maps to the
label's concept by the rules of ``rules/technologies.json`` (:class:`CompoundIndex`). A span is
widened over words attached with a hyphen ("AI-based"). Technology words inside an actor's name
("Wasserstoff-Allianz" if that is an actor) are not mentions. Matches go to
``doc.spans["ccg_technologies"]`` with ``label_`` "taxonomy" and ``kb_id_`` the concept slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.actor_spans import ACTOR_SPANS
from ingest.ruleset import LanguageRules, TechnologyRules
from ingest.textnorm import fold_word
from ontology.taxonomy import TechnologyConcept

TECHNOLOGY_MATCHER = "ccg_technologies"
TECHNOLOGY_SPANS = "ccg_technologies"
TAXONOMY_LABEL = "taxonomy"
_INFLECTIONS = ("", "e", "n", "s", "en", "es", "er", "ern")


@dataclass(frozen=True, order=True)
class LabelEntry:
    """A taxonomy label, the slug of its concept, and whether it must match exactly (acronyms)."""

    text: str
    slug: str
    exact: bool


def is_acronym_label(label: str, acronym_max: int = 5) -> bool:
    """Whether a label is matched case-sensitively as a whole word part (KI, H2, IoT, eVTOL, A.I.).

    Examples
    --------
    >>> [is_acronym_label(x) for x in ("KI", "IoT", "eVTOL", "A.I.", "Recycling", "Big Data", "E-Fuels")]
    [True, True, True, True, False, False, False]
    """
    if " " in label or "-" in label:
        return False
    if len(label) <= acronym_max and not label[1:].islower():
        return True
    return any(c.isupper() for c in label[1:]) and not label.isupper() and len(label) <= acronym_max + 1


def technology_labels(concepts: Iterable[TechnologyConcept], rules: TechnologyRules) -> tuple[LabelEntry, ...]:
    """The labels of all concepts in any language, minus ``never_labels``, labels of two concepts and
    (with ``skip_top_concepts``) the labels of top concepts.

    Examples
    --------
    >>> c = TechnologyConcept("t", "artificial-intelligence", (("de", "Künstliche Intelligenz"),), (("", "KI"),), ("t/digital",))
    >>> technology_labels([c], TechnologyRules())
    (LabelEntry(text='KI', slug='artificial-intelligence', exact=True), LabelEntry(text='Künstliche Intelligenz', slug='artificial-intelligence', exact=False))
    """
    owners: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for concept in concepts:
        if rules.skip_top_concepts and not concept.broader and concept.slug not in rules.top_concepts_matched:
            continue
        for label in concept.labels:
            if label in rules.never_labels:
                continue
            owners.setdefault(label.casefold(), set()).add(concept.slug)
            texts.setdefault(label.casefold(), label)
    return tuple(
        sorted(LabelEntry(texts[key], slugs.pop(), is_acronym_label(texts[key], rules.acronym_max)) for key, slugs in owners.items() if len(slugs) == 1)
    )


class CompoundIndex:
    """Finds the concept of a word that contains a label (see ``rules/technologies.json``).

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> entries = (LabelEntry("Wasserstoff", "hydrogen", False), LabelEntry("Brennstoffzelle", "fuel-cells", False),
    ...            LabelEntry("KI", "artificial-intelligence", True), LabelEntry("Drohne", "drones", False),
    ...            LabelEntry("Smart Grid", "smart-grids", False))
    >>> index = CompoundIndex(entries, rules.technology, rules.language("de"))
    >>> [index.find(w) for w in ("Wasserstofftankstelle", "Brennstoffzellensysteme", "KI-gestützten", "Kiel",
    ...                          "Flüssigwasserstoffs", "Drohnenlieferung", "Drohung", "Wasserstoff-", "Smart-Grid-Technik")]
    ['hydrogen', 'fuel-cells', 'artificial-intelligence', None, 'hydrogen', 'drones', None, 'hydrogen', 'smart-grids']
    """

    def __init__(self, entries: Sequence[LabelEntry], rules: TechnologyRules, language: LanguageRules) -> None:
        self.rules, self.language = rules, language
        self.acronyms = {e.text: e.slug for e in entries if e.exact}
        words = {e.text.lower().replace(" ", "-"): e.slug for e in entries if not e.exact and len(e.text) >= rules.prefix_min}
        self.words = words
        self.folded = {fold_word(w, language): s for w, s in words.items() if len(fold_word(w, language)) >= rules.suffix_min}
        self.folded_lengths = sorted({len(f) for f in self.folded}, reverse=True)
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self.pattern = re.compile(alternatives) if alternatives else None
        self.cache: dict[str, str | None] = {}

    def find(self, word: str) -> str | None:
        """The concept slug of ``word``, or None; cached per word."""
        if word not in self.cache:
            self.cache[word] = None if word in self.rules.never_words else self._find(word)
        return self.cache[word]

    def _find(self, word: str) -> str | None:
        if not any(c.isalpha() for c in word):
            return None
        for part in word.split("-"):
            if part in self.acronyms:
                return self.acronyms[part]
        if self.pattern is None or len(word) < self.rules.prefix_min:
            return None
        lower = word.lower()
        if lower.endswith("-") and lower[:-1] in self.words:
            return self.words[lower[:-1]]
        best: tuple[int, str] | None = None
        for match in self.pattern.finditer(lower):
            label, start, end = match.group(), match.start(), match.end()
            if self._fits(lower, label, start, end) and (best is None or len(label) > best[0]):
                best = (len(label), self.words[label])
        if best is None:
            folded = fold_word(lower, self.language)
            length = next((n for n in self.folded_lengths if len(folded) - n >= self.rules.min_rest and folded[-n:] in self.folded), 0)
            best = (length, self.folded[folded[-length:]]) if length else None
        return best[1] if best else None

    def _fits(self, lower: str, label: str, start: int, end: int) -> bool:
        rules, rest = self.rules, len(lower) - len(label)
        if rest < rules.min_rest:
            return False
        if start == 0:
            tail = lower[end:]
            return len(label) >= rules.prefix_min and any(tail.startswith(link) and len(tail) - len(link) >= rules.min_rest for link in rules.linking)
        if lower[end:] in _INFLECTIONS or lower[end:].lstrip("-") in _INFLECTIONS:
            return len(label) >= rules.suffix_min or lower[start - 1] == "-"
        return len(label) >= rules.infix_min


def widen_over_hyphens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen a token span over words attached with a hyphen ("AI" in "AI-based" -> "AI-based").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("new AI-based tools")
    >>> widen_over_hyphens(doc, 1, 2)
    (1, 4)
    """
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end += 2
    while start - 2 >= 0 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
    return start, end


def drop_modifiers(doc: Doc, found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop a match that only adds leading modifiers to a match of the same concept ending with it.

    "grünen Wasserstoff" becomes "Wasserstoff" and "numerische Simulation" "Simulation"; modifiers
    are lower-case words or capitalised German adjectives ("Grüner"). "Künstliche Intelligenz" stays,
    "Intelligenz" being no label.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("de")("mit grünem Wasserstoff")
    >>> drop_modifiers(doc, [(1, 3, "hydrogen"), (2, 3, "hydrogen")])
    [(2, 3, 'hydrogen')]
    """
    kept = []
    for start, end, slug in found:
        shortest = max((s for s, e, c in found if e == end and c == slug and s > start), default=None)
        if shortest is not None and all(_modifier(doc[i].text) for i in range(start, shortest)):
            continue
        kept.append((start, end, slug))
    return kept


def _modifier(text: str) -> bool:
    return text.islower() or bool(re.match(r"^[A-ZÄÖÜ][a-zäöüß]+(?:e|en|er|es|em)$", text))


class TechnologyMatcher:
    """The ``ccg_technologies`` component (see the module docstring); call :meth:`setup` before use."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.compounds: CompoundIndex | None = None

    def setup(self, entries: Sequence[LabelEntry], rules: TechnologyRules, language: LanguageRules) -> None:
        """Add the taxonomy labels (with hyphen/space variants) and build the compound index."""
        by_slug: dict[tuple[str, bool], list[str]] = {}
        for entry in entries:
            variants = {entry.text} if entry.exact else {entry.text, entry.text.replace("-", " "), entry.text.replace(" ", "-")}
            by_slug.setdefault((entry.slug, entry.exact), []).extend(sorted(variants))
        for (slug, exact), texts in sorted(by_slug.items()):
            (self.exact if exact else self.folded).add(slug, list(self.nlp.tokenizer.pipe(texts)))
        self.compounds = CompoundIndex(entries, rules, language)

    def __call__(self, doc: Doc) -> Doc:
        blocked = {i for span in doc.spans[ACTOR_SPANS] for i in range(span.start, span.end)} if ACTOR_SPANS in doc.spans else set()
        strings = self.nlp.vocab.strings
        found = [(s, e, strings[m]) for matcher in (self.folded, self.exact) for m, s, e in matcher(doc)]
        matched = {i for s, e, _ in found for i in range(s, e)}
        if self.compounds is not None:
            find = self.compounds.find
            for index, text in enumerate([t.text for t in doc]):
                if len(text) >= 4 and index not in matched:
                    slug = find(text)
                    if slug:
                        found.append((index, index + 1, slug))
        spans = []
        for start, end, slug in drop_modifiers(doc, found):
            start, end = widen_over_hyphens(doc, start, end)
            if blocked.isdisjoint(range(start, end)):
                spans.append(Span(doc, start, end, label=TAXONOMY_LABEL, kb_id=slug))
        doc.spans[TECHNOLOGY_SPANS] = filter_spans(spans)
        return doc


@Language.factory(TECHNOLOGY_MATCHER)
def make_technology_matcher(nlp: Language, name: str) -> TechnologyMatcher:
    """spaCy factory of :class:`TechnologyMatcher`."""
    return TechnologyMatcher(nlp)
