"""Organisation patterns for actors that are not in the registry: legal forms, heads, descriptors.

The rules, all driven by ``ingest/rules``, are functions over a :class:`ingest.token_view.TokenView`
(the features of a Doc's tokens, computed once) that return ``(start, end, type_hint)`` token spans:

* :func:`legal_form_names` - a legal form (``GmbH``, ``e. V.``, ``Ltd``) and the capitalised name
  before it ("Becker Marine Systems GmbH", "Amazon Web Services, Inc."), crossing ``für``/``und``
  only inside an institution name ("Verband für Schiffbau und Meerestechnik e. V.");
* :func:`head_names` - an institution head (``Universität``, ``Fraunhofer-Institut``, ``Ministry``)
  with the name words before it, a complement ("für Angewandte Wissenschaften", "of Technology")
  and a following place or acronym ("Universität Hamburg", "... Produktionstechnologien IAPT");
* :func:`descriptor_names` - the name after a describing noun ("das Start-up Mushlabs");
* :func:`registry_extensions` - a registry name followed by a head word ("Asklepios Kliniken").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.ruleset import HeadRule, LanguageRules
from ingest.token_view import TokenView

_ACRONYM = re.compile(r"^(?=(?:.*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü0-9&+./-]{1,11}$")
_ADJECTIVE = re.compile(r"^[a-zäöüß]+(?:e|en|er|es|em)$")
_CAPITAL_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:e|en|er|es|em)$")
_ENGLISH_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ic|al|ed|ish|an|ive|ous|ary)$")
_GERMAN_PREPOSITIONS = frozenset({"für", "der", "des", "zur", "zum", "zu"})
_TIGHT_ANY = frozenset({"&", "+"})
_TIGHT_ATTACHED = frozenset({"-", ".", "/", "@"})
_POSSESSIVE = frozenset({"'s", "’s"})
_ARTICLES_AFTER_PREP = frozenset({"der", "die", "das", "den", "dem", "the"})

Found = tuple[int, int, str]  # token start, token end, type hint


def _attached(view: TokenView, index: int) -> bool:
    return not view.spaces[index - 1] and not view.spaces[index]


def _part(view: TokenView, index: int) -> bool:
    """A word that can be part of a name: name-like, or inside a registry match."""
    return view.name_like[index] or (view.owner[index] >= 0 and any(c.isalpha() for c in view.texts[index]))


def _truncated(text: str) -> bool:
    return len(text) > 1 and text.endswith("-")


def _lower_brand(text: str, rules: LanguageRules) -> bool:
    """A lower-case word that may be a brand before a legal form ("igus GmbH"), not "neue GmbH"."""
    lower = text.lower()
    return text.isalpha() and text.islower() and len(text) >= 3 and not _ADJECTIVE.match(text) and not (
        lower in rules.articles or lower in rules.complement_words or lower in rules.indefinite
    )


def walk_left(view: TokenView, end: int, rules: LanguageRules, stops: frozenset[int] = frozenset(), limit: int = 8) -> int:
    """The first token of the name that ends just before token ``end`` (``end`` if there is none).

    The walk stays in the sentence, stops at ``stops`` (other legal forms) and crosses ``für``,
    ``und`` and the like only inside an institution name.
    """
    start, j, floor = end, end - 1, view.sent_starts[end - 1] if end else 0
    if j > floor and view.texts[j] == "," and _part(view, j - 1):
        j -= 1  # "Amazon Web Services, Inc."
    while j >= floor and end - j <= limit and j not in stops:
        text = view.texts[j]
        if _part(view, j) or (_truncated(text) and start < end):
            start, j = j, j - 1
            if view.owner[start] >= 0 and j >= floor and view.owner[j] != view.owner[start] and view.texts[j] not in _TIGHT_ANY:
                break  # the registry knows where this name starts ("der Verein foodactive e.V.")
        elif view.lowers[j] in ("und", "oder") and j > floor and _truncated(view.texts[j - 1]):
            start, j = j - 1, j - 2  # "Schiffbau- und Entwicklungsgesellschaft"
        elif j > floor and _part(view, j - 1) and (
            text in _TIGHT_ANY or (text in _TIGHT_ATTACHED and _attached(view, j)) or (text in _POSSESSIVE and not view.spaces[j - 1])
        ):
            start, j = j - 1, j - 2
        elif view.lowers[j] in rules.complement_words and _head_before(view, j, rules, floor):
            j -= 1
        elif start == end and _lower_brand(text, rules):
            start = j
            break
        else:
            break
    while start < end and (view.lowers[start] in rules.complement_words or not (_part(view, start) or _lower_brand(view.texts[start], rules))):
        start += 1
    return start


def _head_before(view: TokenView, index: int, rules: LanguageRules, floor: int) -> bool:
    for k in range(index - 1, max(floor, index - 6) - 1, -1):
        if view.heads[k]:
            return True
        if not (_part(view, k) or _truncated(view.texts[k]) or view.lowers[k] in ("&", ",") or view.lowers[k] in rules.complement_words):
            return False
    return False


def legal_form_names(view: TokenView, forms: Sequence[tuple[int, int, str]], rules: LanguageRules) -> list[Found]:
    """Names ending in a legal form; ``forms`` are the legal-form matches ``(start, end, type)``.

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> from ingest.token_view import token_view
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Auch die Becker Marine Systems GmbH und Airbus und Lufthansa Technik AG sowie die igus GmbH an.")
    >>> view = token_view(doc, de)
    >>> [doc[s:e].text for s, e, _ in legal_form_names(view, [(5, 6, "Company"), (11, 12, "Company"), (15, 16, "Company")], de)]
    ['Becker Marine Systems GmbH', 'Lufthansa Technik AG', 'igus GmbH']
    """
    stops = frozenset(i for start, end, _ in forms for i in range(start, end))
    found = []
    for start, end, type_hint in forms:
        first = walk_left(view, start, rules, stops)
        if first < start:
            found.append((first, end, type_hint))
    return found


def head_names(view: TokenView, rules: LanguageRules, places: frozenset[str], known: Callable[[str], bool] = lambda word: False) -> list[Found]:
    """Names built around an institution head word (see the module docstring).

    Strong heads (Universität, Institut) need any modifier, complement, following place or acronym;
    weak heads (Zentrum, Netzwerk) also a sign of a name: not a place adjective alone ("Hamburger
    Netzwerk"), not followed by a further name word that is not a known common word (``known``;
    "Cross-Cluster Space" but not "die Kreativ Gesellschaft Beispiele"), and as plain compounds
    (Reallabor) a following place or acronym or a capitalised adjective in the complement.

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> from ingest.token_view import token_view
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Die Hochschule für Angewandte Wissenschaften und ein Institut sowie das Fraunhofer-Institut "
    ...                         "für Additive Produktionstechnologien IAPT und der Cross-Cluster Space.")
    >>> view = token_view(doc, de)
    >>> [doc[s:e].text for s, e, _ in head_names(view, de, frozenset({"Hamburg"}))]
    ['Hochschule für Angewandte Wissenschaften', 'Fraunhofer-Institut für Additive Produktionstechnologien IAPT']
    """
    found = []
    for index, text in enumerate(view.texts):
        rule = view.heads[index] if _part(view, index) else None
        if rule is None:
            continue
        floor = view.sent_starts[index]
        start = _premodifiers(view, index, floor)
        comp_end = _complements(view, index + 1, rules, places)
        end, has_post = _post(view, comp_end, places)
        has_comp = comp_end > index + 1
        hyphen_name = "-" in text and text.split("-")[0][:1].isupper()
        has_pre = any(not _place_adjective(view.texts[k], places) and (k != floor or not _CAPITAL_ADJECTIVE.match(view.texts[k])) for k in range(start, index))
        previous = view.lowers[start - 1] if start > floor else ""
        if previous in rules.indefinite and not (has_post or hyphen_name):
            continue
        if rule.place:
            adjective = _CAPITAL_ADJECTIVE if rules.language == "de" else _ENGLISH_ADJECTIVE
            adjectives_only = all(adjective.match(view.texts[k]) or view.lowers[k] in ("und", "and", "free") for k in range(start, index))
            accepted = adjectives_only and any(view.texts[k] in places for k in range(index + 1, end))
        elif rule.strong:
            accepted = has_pre or has_comp or has_post or hyphen_name
        elif rule.compound and text.lower() not in (rule.word.lower(), rule.word.lower() + "s") and not hyphen_name:
            accepted = has_post or (has_comp and any(_CAPITAL_ADJECTIVE.match(view.texts[k]) for k in range(index + 2, comp_end)))
        else:
            continues = end < len(view) and view.name_like[end] and view.sent_starts[end] == floor and not (has_comp or has_post or known(view.texts[end]))
            generic = has_comp and not (has_pre or has_post or hyphen_name) and view.lowers[index + 1] in rules.genitive_words and all(
                known(view.texts[k]) for k in range(index + 2, comp_end) if view.name_like[k]
            )  # "Cluster der Stadt"
            accepted = (has_pre or has_comp or has_post or hyphen_name) and not continues and not generic
        if accepted and " ".join(view.texts[start:end]) not in rules.never_actor:
            found.append((start, end, rule.type))
    return found


def _place_adjective(text: str, places: frozenset[str]) -> bool:
    return text in places or (text.endswith("er") and text[:-2] in places) or (text.endswith("s") and text[:-1] in places)


def _premodifiers(view: TokenView, index: int, floor: int) -> int:
    start, k, head_owner = index, index - 1, view.owner[index]
    while k >= floor and index - k <= 4:
        if view.owner[k] >= 0 and view.owner[k] != head_owner:
            if k == index - 1 and _ACRONYM.match(view.texts[k]) and (k == floor or view.owner[k - 1] != view.owner[k]):
                start = k  # "ZAL Center of Applied Aeronautical Research"
            break
        if view.name_like[k] and any(c.isalpha() for c in view.texts[k]):
            start, k = k, k - 1
        elif view.lowers[k] in ("und", "oder", "and") and k > floor and (_truncated(view.texts[k - 1]) or _coordinated_adjectives(view, k)):
            start, k = k - 1, k - 2  # "Forschungs- und Transferzentrum", "Freie und Hansestadt", "Free and Hanseatic City"
        else:
            break
    return start


def _coordinated_adjectives(view: TokenView, k: int) -> bool:
    """Whether "und"/"and" at ``k`` joins two adjectives of one name ("Freie und Hansestadt")."""
    before = view.texts[k - 1]
    if view.lowers[k] == "und":
        return view.name_like[k - 1] and bool(_CAPITAL_ADJECTIVE.match(before))
    return view.lowers[k] == "and" and view.name_like[k - 1] and k + 1 < len(view) and bool(_ENGLISH_ADJECTIVE.match(view.texts[k + 1]))


def _complements(view: TokenView, position: int, rules: LanguageRules, places: frozenset[str], rounds: int = 2) -> int:
    end, head_owner = position, view.owner[position - 1]
    for _ in range(rounds):
        if end >= len(view) or view.lowers[end] not in rules.complement_words or view.lowers[end] in rules.coordinators:
            break
        word, k = view.lowers[end], end + 1
        if k < len(view) and view.lowers[k] in _ARTICLES_AFTER_PREP:
            k += 1
        if k >= len(view) or (word in rules.genitive_words and view.owner[k] >= 0 and view.owner[k] != head_owner):
            break
        if word in rules.locative_words:
            if view.texts[k] not in places:
                break
            end = k + 1
            continue
        last = _complement_run(view, k, rules, places, head_owner, strict=rules.language == "de" and word in _GERMAN_PREPOSITIONS)
        if last < 0:
            break
        end = last + 1
    return end


def _complement_run(view: TokenView, k: int, rules: LanguageRules, places: frozenset[str], head_owner: int, strict: bool) -> int:
    """The index of the last word of a complement's noun phrase starting at ``k`` (-1 if none).

    ``strict`` (after a German preposition): two capitalised words in a row only after a
    capitalised adjective or a truncated compound.
    """
    last, first = -1, k
    while k < len(view) and k - max(last, first) < 4 and (view.owner[k] < 0 or view.owner[k] == head_owner):
        text, lower = view.texts[k], view.lowers[k]
        if view.name_like[k] or _truncated(text):
            previous = view.texts[k - 1]
            if last >= 0 and _ACRONYM.match(text):
                break  # a trailing acronym is the name's, not the complement's ("... Dienstleistungen CML")
            if strict and last == k - 1 and not (_CAPITAL_ADJECTIVE.match(previous) or _truncated(previous) or text in places):
                break  # "Institut für Lasertechnik Ingenieure": a new noun phrase
            last = k
        elif _ADJECTIVE.match(text) and k + 1 < len(view) and view.name_like[k + 1] and not _function_word(text, rules):
            pass  # a lower-case adjective before a name word ("für maritime Energiesysteme")
        elif lower == "in" and last >= 0 and k + 1 < len(view) and (
            view.lowers[k + 1] in _ARTICLES_AFTER_PREP or (not strict and view.name_like[k + 1] and view.texts[k + 1] not in places)
        ):
            pass  # "für Sicherheit in der Informationstechnik", "of System Architectures in Aeronautics"
        elif lower in rules.coordinators or lower in ("der", "des", "the", "of"):
            if last < 0 or (lower in ("der", "des", "the") and view.lowers[k - 1] in rules.coordinators):
                return last  # "... und der Cross-Cluster Space": a new noun phrase
        else:
            break
        k += 1
    return last


def _function_word(text: str, rules: LanguageRules) -> bool:
    lower = text.lower()
    return text.capitalize() in rules.function_words or lower in rules.articles or lower in rules.complement_words or lower in rules.indefinite


def _post(view: TokenView, end: int, places: frozenset[str]) -> tuple[int, bool]:
    if end < len(view) and view.owner[end] < 0 and (view.texts[end] in places or _ACRONYM.match(view.texts[end])):
        return end + 1, True
    return end, False


def descriptor_names(view: TokenView, rules: LanguageRules, places: frozenset[str], known: Callable[[str], bool] = lambda word: False) -> list[Found]:
    """The capitalised name right after a describing noun ("das Start-up Mushlabs").

    A one-word name that is a known word of the language (``known``) is not a name ("der
    IT-Dienstleister Erfahrungen").

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> from ingest.token_view import token_view
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Ein Beispiel ist das Start-up Mushlabs, das Proteine gewinnt, und das Unternehmen Hamburg.")
    >>> view = token_view(doc, de)
    >>> [(doc[s:e].text, t) for s, e, t in descriptor_names(view, de, frozenset({"Hamburg"}))]
    [('Mushlabs', 'Company')]
    """
    types = dict(rules.descriptors)
    found = []
    for index, text in enumerate(view.texts[:-1]):
        word = view.descriptors[index]
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
        if end > index + 1 and name not in rules.never_actor and not (end == index + 2 and known(name)):
            found.append((index + 1, end, types[word]))
    return found


def registry_extensions(view: TokenView, registry: Sequence[tuple[int, int]], heads: Sequence[HeadRule]) -> list[Found]:
    """A registry name followed by a head word, also in the plural ("Asklepios Kliniken").

    Examples
    --------
    >>> import spacy
    >>> from ingest.ruleset import read_rules
    >>> from ingest.token_view import token_view
    >>> de = read_rules().language("de")
    >>> doc = spacy.blank("de")("Die Asklepios Kliniken und Airbus forschen.")
    >>> [doc[s:e].text for s, e, _ in registry_extensions(token_view(doc, de, [(1, 2), (4, 5)]), [(1, 2), (4, 5)], de.heads)]
    ['Asklepios Kliniken']
    """
    found = []
    for start, end in registry:
        if end >= len(view) or view.owner[end] >= 0 or not view.texts[end][:1].isupper() or view.sent_starts[end] != view.sent_starts[start]:
            continue
        rule = next((h for h in heads if view.lowers[end].startswith(h.word.lower())), None)
        if rule is not None:
            found.append((start, end + 1, rule.type))
    return found
