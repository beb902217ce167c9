"""The ``ccg_actors`` component: registry matches and organisation patterns merged into actor spans.

It reads ``doc.spans["ccg_registry"]``, adds the spans of :mod:`ingest.orgs`, keeps the longest of
overlapping spans (a registry match wins a tie), links acronym definitions and writes
``doc.spans["ccg_actors"]``. Span conventions (see also :mod:`ingest.spacy_pipeline`):

* ``label_``: the source, ``"registry"``, ``"pattern"`` or ``"ner"``;
* ``kb_id_``: for registry spans the actor id; for pattern and NER spans the name the span stands
  for when it is an acronym defined in the document ("HSVA" -> "Hamburgische
  Schiffbau-Versuchsanstalt GmbH"), else ``""``;
* ``id_``: the actor type the rule implies (``"Company"`` for a GmbH), or ``""``.

Acronyms: "Long Name (ACR)" and "ACR (Long Name)", where the long name is an actor span, make every
other "ACR" in the document a mention of the same actor. A name split around its bracketed
acronym ("Hochschule für Angewandte Wissenschaften (HAW) Hamburg") becomes one span when a place or
legal form follows the bracket.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.orgs import descriptor_names, head_names, legal_form_names, registry_extensions
from ingest.token_view import WordClasses, token_view
from ingest.registry_matcher import REGISTRY_LABEL, REGISTRY_SPANS
from ingest.ruleset import HeadRule, LanguageRules, LegalForm

ACTOR_COMPONENT = "ccg_actors"
ACTOR_SPANS = "ccg_actors"
PATTERN_LABEL = "pattern"
_DEFINED_ACRONYM = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2}|.*[.\d])[A-Za-zÄÖÜ][A-Za-zÄÖÜäöü0-9&+./-]{1,11}$")


def choose_spans(spans: Iterable[Span]) -> list[Span]:
    """Keep the longest of overlapping spans; on equal extent a registry span wins; sorted by start.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("de")("die Lufthansa Technik AG")
    >>> spans = [Span(doc, 1, 4, label="pattern"), Span(doc, 1, 3, label="registry"), Span(doc, 1, 4, label="registry")]
    >>> [(s.text, s.label_) for s in choose_spans(spans)]
    [('Lufthansa Technik AG', 'registry')]
    """
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.label_ != REGISTRY_LABEL, s.start))
    chosen: list[Span] = []
    used: set[int] = set()
    for span in ordered:
        if used.isdisjoint(range(span.start, span.end)):
            chosen.append(span)
            used.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def link_acronyms(doc: Doc, spans: Sequence[Span], places: frozenset[str], legal_starts: dict[int, int], texts: Sequence[str] | None = None) -> list[Span]:
    """Apply acronym definitions found next to actor spans (see the module docstring).

    ``legal_starts`` maps the first token of each legal form to the token after it; ``texts`` are the
    token texts (computed when not given).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("de")("Die Hochschule für Angewandte Wissenschaften (HAW) Hamburg lehrt. Die HAW forscht.")
    >>> spans = [Span(doc, 1, 5, label="pattern", span_id="University")]
    >>> [(s.text, s.kb_id_) for s in link_acronyms(doc, spans, frozenset({"Hamburg"}), {})]
    [('Hochschule für Angewandte Wissenschaften (HAW) Hamburg', ''), ('HAW', 'Hochschule für Angewandte Wissenschaften (HAW) Hamburg')]
    """
    texts = list(texts) if texts is not None else [t.text for t in doc]
    spans = list(spans)
    definitions: dict[str, Span] = {}
    for i, text in enumerate(texts[:-2]):
        if text != "(" or texts[i + 2] != ")" or not _DEFINED_ACRONYM.match(texts[i + 1]):
            continue
        long = next((s for s in spans if s.end == i), None)
        if long is None or texts[i + 1] in places:
            continue
        after = i + 3
        extend_to = legal_starts.get(after) or (after + 1 if after < len(texts) and texts[after] in places else 0)
        if extend_to and long[-1].text not in places:
            extended = Span(doc, long.start, extend_to, label=long.label_, kb_id=long.kb_id_, span_id=long.id_)
            spans = [s for s in spans if s is not long and not (s.start >= long.start and s.end <= extend_to)] + [extended]
            long = extended
        definitions.setdefault(texts[i + 1], long)
    for i, text in enumerate(texts[1:-1], start=1):
        if text == "(" and _DEFINED_ACRONYM.match(texts[i - 1]) and texts[i - 1] not in definitions and not any(s.start <= i - 1 < s.end for s in spans):
            inner = next((s for s in spans if s.start == i + 1 and s.end + 1 <= len(texts) and texts[s.end] == ")"), None)
            if inner is not None:
                definitions[texts[i - 1]] = inner
    if not definitions:
        return choose_spans(spans)
    covered = {k for s in spans for k in range(s.start, s.end)}
    for i, text in enumerate(texts):
        long = definitions.get(text)
        if long is not None and i not in covered:
            kb_id = long.kb_id_ if long.label_ == REGISTRY_LABEL or long.kb_id_ else long.text
            spans.append(Span(doc, i, i + 1, label=long.label_, kb_id=kb_id, span_id=long.id_))
    return choose_spans(spans)


def join_slashed(doc: Doc, spans: Sequence[Span]) -> list[Span]:
    """Join two actor spans written as one name with a slash ("Helmut Schmidt University/University of ...").

    The joined span keeps the first span's source and registry id.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("the Helmut Schmidt University/University of the Armed Forces")
    >>> spans = [Span(doc, 1, 4, label="registry", kb_id="hsu"), Span(doc, 5, 10, label="pattern")]
    >>> [(s.text, s.kb_id_) for s in join_slashed(doc, spans)]
    [('Helmut Schmidt University/University of the Armed Forces', 'hsu')]
    """
    result: list[Span] = []
    for span in spans:
        last = result[-1] if result else None
        if last is not None and span.start == last.end + 1 and doc[last.end].text == "/" and not doc[last.end - 1].whitespace_ and not doc[last.end].whitespace_:
            result[-1] = Span(doc, last.start, span.end, label=last.label_, kb_id=last.kb_id_, span_id=last.id_ or span.id_)
        else:
            result.append(span)
    return result


class ActorSpans:
    """The ``ccg_actors`` component (see the module docstring); call :meth:`setup` before use."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.rules = LanguageRules(nlp.lang)
        self.places: frozenset[str] = frozenset()
        self.known: Callable[[str], bool] = lambda word: False
        self.extension_heads: tuple[HeadRule, ...] = ()
        self.legal = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.words = WordClasses(self.rules)

    def setup(
        self,
        rules: LanguageRules,
        legal_forms: Sequence[LegalForm],
        places: frozenset[str],
        known: Callable[[str], bool] | None = None,
        extension_heads: Sequence[HeadRule] = (),
    ) -> None:
        """Give the component its rules, legal forms, place names, a test for known common words and the
        head words that may follow a registry name in any language ("Asklepios Kliniken")."""
        self.rules, self.places = rules, places
        self.words = WordClasses(rules)
        self.known = known or self.known
        self.extension_heads = tuple(extension_heads) or rules.heads
        by_type: dict[str, list[str]] = {}
        for form in legal_forms:
            by_type.setdefault(form.type, []).append(form.form)
        for type_name, forms in sorted(by_type.items()):
            self.legal.add(type_name, list(self.nlp.tokenizer.pipe(forms)))

    def __call__(self, doc: Doc) -> Doc:
        registry = list(doc.spans[REGISTRY_SPANS]) if REGISTRY_SPANS in doc.spans else []
        extents = [(span.start, span.end) for span in registry]
        view = token_view(doc, self.rules, extents, self.words)
        strings = self.nlp.vocab.strings
        forms = filter_spans([Span(doc, s, e, label=match_id) for match_id, s, e in self.legal(doc)])
        found = legal_form_names(view, [(f.start, f.end, strings[f.label]) for f in forms], self.rules)
        found += head_names(view, self.rules, self.places, self.known)
        found += descriptor_names(view, self.rules, self.places, self.known)
        registry_ids = {(span.start, span.end): span.kb_id_ for span in registry}
        patterns = [Span(doc, s, e, label=PATTERN_LABEL, span_id=type_hint) for s, e, type_hint in found]
        patterns += [Span(doc, s, e, label=REGISTRY_LABEL, kb_id=registry_ids[(s, e - 1)], span_id=type_hint)
                     for s, e, type_hint in registry_extensions(view, extents, self.extension_heads)]
        spans = link_acronyms(doc, choose_spans(registry + patterns), self.places, {f.start: f.end for f in forms}, view.texts)
        doc.spans[ACTOR_SPANS] = [s for s in join_slashed(doc, spans) if s.text not in self.rules.never_actor]
        return doc


@Language.factory(ACTOR_COMPONENT)
def make_actor_spans(nlp: Language, name: str) -> ActorSpans:
    """spaCy factory of :class:`ActorSpans`."""
    return ActorSpans(nlp)
