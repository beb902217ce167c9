"""Organisation patterns for actors that are not in the registry: legal forms, heads, descriptors.

Three rules, all driven by ``ingest/rules``, each a function over a :class:`TokenView` (the
features of a Doc's tokens, computed once) that returns ``(start, end, type_hint)`` token spans:

* :func:`legal_form_names` - a legal form (``GmbH``, ``e. V.``, ``Ltd``) and the capitalised name
  before it ("Becker Marine Systems GmbH", "Amazon Web Services, Inc."), crossing ``für``/``und``
  only inside an institution name ("Verband für Schiffbau und Meerestechnik e. V.");
* :func:`head_names` - an institution head (``Universität``, ``Fraunhofer-Institut``, ``Ministry``)
  with the name words before it, a complement ("für Angewandte Wissenschaften", "of Technology")
  and a following place or acronym ("Universität Hamburg", "... Produktionstechnologien IAPT");
* :func:`descriptor_names` - the name after a describing noun ("das Start-up Mushlabs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ingest.ruleset import HeadRule, LanguageRules

_ACRONYM = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü0-9&+./-]{1,11}$")
_ADJECTIVE = re.compile(r"^[a-zäöüß]+(?:e|en|er|es|em)$")
_TIGHT_ANY = frozenset({"&", "+"})
_TIGHT_ATTACHED = frozenset({"-", ".", "/", "'s", "’s", "@"})
_ARTICLES_AFTER_PREP = frozenset({"der", "die", "das", "den", "dem", "the"})

Found = tuple[int, int, str]  # token start, token end, type hint


@dataclass(frozen=True)
class TokenView:
    """Per-token features of a Doc that the rules need, computed once per document."""

    texts: tuple[str, ...]
    lowers: tuple[str, ...]
    spaces: tuple[bool, ...]  # whitespace after the token
    sent_starts: tuple[int, ...]  # index of the first token of each token's sentence
    name_like: tuple[bool, ...]
    taken: tuple[bool, ...]  # inside a registry match

    def __len__(self) -> int:
        return len(self.texts)


def token_view(doc: Doc, rules: LanguageRules, places: frozenset[str], taken: frozenset[int] = frozenset()) -> TokenView:
    """Compute the :class:`TokenView` of ``doc`` (``taken``: token indices inside registry matches)."""
    texts = tuple(t.text for t in doc)
    sent_starts, current = [], 0
    for token in doc:
        if token.is_sent_start:
            current = token.i
        sent_starts.append(current)
    descriptors = tuple(word for word, _ in rules.descriptors)
    return TokenView(
        texts=texts,
        lowers=tuple(t.lower() for t in texts),
        spaces=tuple(bool(t.whitespace_) for t in doc),
        sent_starts=tuple(sent_starts),
        name_like=tuple(is_name_like(text, rules, descriptors) for text in texts),
        taken=tuple(i in taken for i in range(len(texts))),
    )


def is_name_like(text: str, rules: LanguageRules, descriptors: tuple[str, ...] = ()) -> bool:
    """Whether a word can be part of an organisation's name: capitalised (or ``nextMedia``-like),
    not a function word, month, person title or describing noun.

    Examples
    --------
    >>> de = LanguageRules("de", function_words=frozenset({"Die"}))
    >>> [is_name_like(w, de, ("unternehmen",)) for w in ("Becker", "nextMedia", "Die", "marine", "3D", "Softwareunternehmen", "(")]
    [True, True, False, False, True, False, False]
    """
    if not text or not (text[0].isupper() or text[0].isdigit() or (text[0].islower() and any(c.isupper() for c in text[1:]))):
        return False
    if text in rules.function_words or text in rules.months or text in rules.person_titles:
        return False
    if not any(c.isalnum() for c in text):
        return False
    return descriptor_type(text, descriptors) is None


def descriptor_type(text: str, descriptors: tuple[str, ...] | tuple[tuple[str, str], ...]) -> str | None:
    """The descriptor ``text`` is or ends in (as a German compound), or None.

    Examples
    --------
    >>> descriptor_type("Logistikdienstleister", ("dienstleister",)), descriptor_type("Airbus", ("dienstleister",))
    ('dienstleister', None)
    """
    lower = text.lower()
    for entry in descriptors:
        word = entry if isinstance(entry, str) else entry[0]
        if lower == word or (lower.endswith(word) and len(lower) > len(word) + 2 and text[0].isupper()):
            return word
    return None


def head_rule(text: str, heads: tuple[HeadRule, ...]) -> HeadRule | None:
    """The longest head rule that a capitalised singular word matches, or None.

    Examples
    --------
    >>> heads = (HeadRule("Institut", "ResearchInstitute", True, True), HeadRule("Zentrum", "ResearchInstitute", False, True))
    >>> head_rule("Fraunhofer-Instituts", heads).word, head_rule("Institute", heads), head_rule("institut", heads)
    ('Institut', None, None)
    """
    if not text[:1].isupper():
        return None
    lower, best = text.lower(), None
    for rule in heads:
        word = rule.word.lower()
        for form in (word, word + "s", word + "es"):
            if lower == form or (rule.compound and lower.endswith(form) and len(lower) > len(form)):
                if best is None or len(rule.word) > len(best.word):
                    best = rule
                break
    return best


def _attached(view: TokenView, index: int) -> bool:
    return not view.spaces[index - 1] and not view.spaces[index]


def walk_left(view: TokenView, end: int, heads: tuple[HeadRule, ...], rules: LanguageRules, limit: int = 8) -> int:
    """The first token of the name that ends just before token ``end`` (``end`` if there is none)."""
    start, j, floor = end, end - 1, view.sent_starts[end - 1] if end else 0
    if j >= floor and view.texts[j] == ",":
        j -= 1  # "Amazon Web Services, Inc."
    while j >= floor and end - j <= limit:
        text = view.texts[j]
        if view.name_like[j] or (text.endswith("-") and len(text) > 1 and start < end):
            start, j = j, j - 1
        elif j > floor and view.name_like[j - 1] and (text in _TIGHT_ANY or (text in _TIGHT_ATTACHED and _attached(view, j))):
            start, j = j - 1, j - 2
        elif view.lowers[j] in rules.complement_words and _head_before(view, j, heads, floor):
            j -= 1
        else:
            break
    while start < end and (view.lowers[start] in rules.complement_words or not view.name_like[start]):
        start += 1
    return start


def _head_before(view: TokenView, index: int, heads: tuple[HeadRule, ...], floor: int) -> bool:
    for k in range(index - 1, max(floor, index - 6) - 1, -1):
        if head_rule(view.texts[k], heads):
            return True
        if not (view.name_like[k] or view.texts[k].endswith("-") or view.lowers[k] in (",", "und", "and", "&")):
            return False
    return False


def legal_form_names(view: TokenView, forms: list[tuple[int, int, str]], rules: LanguageRules) -> list[Found]:
    """Names ending in a legal form; ``forms`` are the legal-form matches ``(start, end, type)``.

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Auch die Becker Marine Systems GmbH und Airbus und Lufthansa Technik AG.")
    >>> view = token_view(doc, de, frozenset())
    >>> [doc[s:e].text for s, e, _ in legal_form_names(view, [(5, 6, "Company"), (11, 12, "Company")], de)]
    ['Becker Marine Systems GmbH', 'Lufthansa Technik AG']
    """
    found = []
    for start, end, type_hint in forms:
        first = walk_left(view, start, rules.heads, rules)
        if first < start:
            found.append((first, end, type_hint))
    return found


def head_names(view: TokenView, rules: LanguageRules, places: frozenset[str]) -> list[Found]:
    """Names built around an institution head word (see the module docstring).

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Die Hochschule für Angewandte Wissenschaften und ein Institut sowie das Fraunhofer-Institut für Additive Produktionstechnologien IAPT.")
    >>> view = token_view(doc, de, frozenset({"Hamburg"}))
    >>> [doc[s:e].text for s, e, _ in head_names(view, de, frozenset({"Hamburg"}))]
    ['Hochschule für Angewandte Wissenschaften', 'Fraunhofer-Institut für Additive Produktionstechnologien IAPT']
    """
    found = []
    for index, text in enumerate(view.texts):
        rule = head_rule(text, rules.heads) if view.name_like[index] or text in rules.function_words else None
        if rule is None:
            continue
        floor = view.sent_starts[index]
        start = _premodifiers(view, index, floor)
        end = _complements(view, index + 1, rules)
        has_comp = end > index + 1
        end, has_post = _post(view, end, places)
        hyphen_name = "-" in text and text.split("-")[0][:1].isupper()
        has_pre = any(k != floor for k in range(start, index))
        previous = view.lowers[start - 1] if start > floor else ""
        if previous in rules.indefinite and not (has_post or hyphen_name):
            continue
        if rule.compound and not rule.strong and text.lower() != rule.word.lower() and not hyphen_name:
            accepted = has_comp or has_post
        else:
            accepted = has_pre or has_comp or has_post or hyphen_name
        if accepted and " ".join(view.texts[start:end]) not in rules.never_actor:
            found.append((start, end, rule.type))
    return found


def _premodifiers(view: TokenView, index: int, floor: int) -> int:
    start, k = index, index - 1
    while k >= floor and index - k <= 4 and not view.taken[k]:
        if view.name_like[k]:
            start, k = k, k - 1
        elif view.lowers[k] in ("und", "oder") and k - 1 >= floor and view.texts[k - 1].endswith("-"):
            start, k = k - 1, k - 2  # "Forschungs- und Transferzentrum"
        else:
            break
    return start


def _complements(view: TokenView, position: int, rules: LanguageRules, rounds: int = 2) -> int:
    end = position
    for _ in range(rounds):
        if end >= len(view) or view.lowers[end] not in rules.complement_words or view.lowers[end] in rules.coordinators:
            break
        genitive = view.lowers[end] in rules.genitive_words
        k = end + 1
        if k < len(view) and view.lowers[k] in _ARTICLES_AFTER_PREP:
            k += 1
        if genitive and k < len(view) and view.taken[k]:
            break
        last = _complement_run(view, k, rules)
        if last < 0:
            break
        end = last + 1
    return end


def _complement_run(view: TokenView, k: int, rules: LanguageRules) -> int:
    """The index of the last word of a complement's noun phrase starting at ``k`` (-1 if none)."""
    last, first = -1, k
    while k < len(view) and not view.taken[k] and k - max(last, first) < 4:
        text, lower = view.texts[k], view.lowers[k]
        if view.name_like[k] or (text.endswith("-") and len(text) > 1):
            last = k
        elif _ADJECTIVE.match(text) and lower not in rules.articles and lower not in rules.complement_words:
            pass  # a lower-case adjective counts only if a name word follows
        elif lower in rules.coordinators or lower in ("in", "der", "des", "the", "of"):
            if last < 0:
                return -1
        else:
            break
        k += 1
    return last


def _post(view: TokenView, end: int, places: frozenset[str]) -> tuple[int, bool]:
    if end < len(view) and not view.taken[end] and (view.texts[end] in places or _ACRONYM.match(view.texts[end])):
        return end + 1, True
    return end, False


def descriptor_names(view: TokenView, rules: LanguageRules, places: frozenset[str]) -> list[Found]:
    """The capitalised name right after a describing noun ("das Start-up Mushlabs").

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Ein Beispiel ist das Start-up Mushlabs, das Proteine gewinnt, und das Unternehmen Hamburg.")
    >>> view = token_view(doc, de, frozenset({"Hamburg"}))
    >>> [(doc[s:e].text, t) for s, e, t in descriptor_names(view, de, frozenset({"Hamburg"}))]
    [('Mushlabs', 'Company')]
    """
    types = dict(rules.descriptors)
    found = []
    for index, text in enumerate(view.texts[:-1]):
        word = descriptor_type(text, rules.descriptors)
        if word is None:
            continue
        end, k = index + 1, index + 1
        while k < len(view) and k - index <= 4 and view.sent_starts[k] == view.sent_starts[index]:
            if view.name_like[k] and view.texts[k] not in places:
                end, k = k + 1, k + 1
            elif k + 1 < len(view) and view.name_like[k + 1] and (view.texts[k] in _TIGHT_ANY or (view.texts[k] in _TIGHT_ATTACHED and _attached(view, k))):
                end, k = k + 2, k + 2
            else:
                break
        name = " ".join(view.texts[index + 1 : end])
        if end > index + 1 and name not in rules.never_actor:
            found.append((index + 1, end, types[word]))
    return found
