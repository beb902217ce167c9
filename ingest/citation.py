"""Citation forms of organisation names, and the readable, stable ids of candidate actors.

Matching uses the folded key (:func:`ingest.resolve.actor_key`: ``des Deutschen Zentrums`` ->
``deutsch zentrum``), which is good for comparing and bad to read. A candidate's id is instead the
slug of its **citation form** (:func:`citation_name`), the name as one cites it:

* brackets (an acronym), a leading article, a possessive ending and the legal form are removed (the
  registry's ids drop legal forms too: ``Amazon Web Services, Inc.`` -> ``amazon-web-services``);
* German declension is undone, but only in the *declined part* of the name: the words before its
  first lower-case word other than a coordinator ("und", "and"). Words of a complement ("für
  Angewandte Wissenschaften", "der Freien und Hansestadt Hamburg") keep their form whatever the case
  of the whole name, so they stay as written;
* in the declined part, before the head noun (the first word that is neither an adjective nor a
  coordinator), a German adjective (the lookup lemmatizer's table of spacy-lookups-data maps
  its lower-case form to the stem, or the stem ends in an adjective suffix such as "-isch", "-bar")
  takes its form after the definite article, the same for every gender: ``Freien``, ``Freie`` ->
  ``Freie``; ``Deutschen``, ``Deutsches`` -> ``Deutsche``;
* a German noun in the genitive singular loses its ``-s``/``-es`` when it ends in an institution
  head word (``Kompetenzzentrums``) or the table makes it, or the last part of the compound, a form
  of a common noun (``Landeskriminalamts``; not the name ``Philips``), unless it is an English plural
  (``Systems``, ``Services``: English words stay as written). After an adjective with the genitive
  ending, a final ``-s`` is a genitive all the same (``des Maritimen Clusters``).

The rules are data (``declension`` in ``ingest/rules/language.json``); the lemma tables are loaded
once per process, when the first candidate needs them. The functions are pure given the tables: the
same name gives the same id in every document, process and run.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ingest.memo import per_rule_set
from ingest.ruleset import HeadRule, Rules
from ingest.textnorm import display_name, drop_brackets, strip_legal_form
from ontology.iris import slugify

CITATION_LANGUAGE = "de"
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
_SIBILANTS = ("s", "ß", "x", "z")  # a noun ending so takes "-es" in the genitive
_PARTICIPLE_MIN = 6  # "vereinigt" (vereinigen) is a participle, "Gart(en)" (garen) is not
_STEM_MIN = 3  # letters of a stem, and of the last part of a compound ("Amts" in "Landeskriminalamts")


@dataclass(frozen=True)
class LemmaTables:
    """The lookup lemmatizer's tables: German (declension) and English (to recognise English plurals).

    ``german_forms`` counts the forms the German table gives each lemma: a common noun has several
    ("Zentrums", "Zentren"), a person's name only its genitive ("Philips" -> "Philip").
    """

    german: Mapping[str, str]
    english: Mapping[str, str]
    german_forms: Mapping[str, int]


@functools.lru_cache(maxsize=1)
def lemma_tables() -> LemmaTables:
    """The ``lemma_lookup`` tables of spacy-lookups-data for German and English, loaded once per process."""
    from spacy.util import load_language_data, registry  # spaCy only when a candidate needs a citation form

    def table(language: str) -> Mapping[str, str]:  # a plain dict: a quarter of the time of spaCy's Table
        return load_language_data(registry.lookups.get(language)["lemma_lookup"])

    german = table("de")
    return LemmaTables(german, table("en"), Counter(german.values()))


def citation_name(name: str, rules: Rules, tables: LemmaTables | None = None) -> str:
    """The citation form of an organisation name (see the module docstring).

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> citation_name("der Freien und Hansestadt Hamburg", rules)
    'Freie und Hansestadt Hamburg'
    >>> citation_name("des Deutschen Zentrums für Luft- und Raumfahrt e.V.", rules)
    'Deutsche Zentrum für Luft- und Raumfahrt'
    >>> citation_name("Behörde für Wirtschaft und Innovation der Freien und Hansestadt Hamburg", rules)
    'Behörde für Wirtschaft und Innovation der Freien und Hansestadt Hamburg'
    >>> citation_name("Landeskriminalamts Hamburg", rules), citation_name("Becker Marine Systems GmbH", rules)
    ('Landeskriminalamt Hamburg', 'Becker Marine Systems')
    >>> citation_name("des Verbandes Deutscher Reeder", rules), citation_name("des Hamburger Fußball-Verbands", rules)
    ('Verband Deutscher Reeder', 'Hamburger Fußball-Verband')
    >>> citation_name("Amazon Web Services, Inc.", rules), citation_name("Hochschule für Angewandte Wissenschaften (HAW) Hamburg", rules)
    ('Amazon Web Services', 'Hochschule für Angewandte Wissenschaften Hamburg')
    """
    tables = tables or lemma_tables()
    de = rules.language(CITATION_LANGUAGE)
    out, declined, genitive, head_seen = [], True, False, False
    for word in _bare_name(name, rules).split(" "):
        declined = declined and (not word[:1].islower() or word in de.coordinators)
        if not declined or word in de.coordinators:
            out.append(word)
            continue
        cited, adjective_ending = _undeclined(word, rules, tables, genitive, adjectives=not head_seen)
        genitive = genitive or adjective_ending == de.genitive_adjective_ending
        head_seen = head_seen or not adjective_ending
        out.append(cited)
    return " ".join(out)


@per_rule_set
def candidate_slug(name: str, rules: Rules) -> str:
    """The id of a candidate actor named ``name``: the slug of its citation form ("unnamed" if empty).

    Every inflected form of a name gives the same slug; English words are kept as written.

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> [candidate_slug(n, rules) for n in ("Freien und Hansestadt Hamburg", "Freie und Hansestadt Hamburg")]
    ['freie-und-hansestadt-hamburg', 'freie-und-hansestadt-hamburg']
    >>> [candidate_slug(n, rules) for n in ("Instituts für Maritime Prüfsysteme", "Institut für Maritime Prüfsysteme")]
    ['institut-fuer-maritime-pruefsysteme', 'institut-fuer-maritime-pruefsysteme']
    >>> [candidate_slug(n, rules) for n in ("Fr. Fassmer GmbH & Co. KG", "Helmholtz Association", "the State of Brandenburg")]
    ['fr-fassmer', 'helmholtz-association', 'state-of-brandenburg']
    >>> candidate_slug("Lloyd's Register Group Ltd", rules), candidate_slug("Starship Technologies", rules)
    ('lloyds-register-group', 'starship-technologies')
    """
    return slugify(_APOSTROPHES.sub("", citation_name(name, rules))) or "unnamed"


def citation_changes(name: str, rules: Rules, tables: LemmaTables | None = None) -> int:
    """How many words of ``name`` its citation form changes (0: the name is written in its citation form).

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> [citation_changes(n, rules) for n in ("Institut für Laser", "Instituts für Laser", "des Deutschen Zentrums für Luft")]
    [0, 1, 2]
    """
    bare = _bare_name(name, rules).split(" ")
    cited = citation_name(name, rules, tables).split(" ")
    return sum(1 for before, after in zip(bare, cited) if before != after)


def _bare_name(name: str, rules: Rules) -> str:
    """``name`` without brackets, a leading article (of any language), a possessive ending and the legal form."""
    articles = frozenset().union(*(language.articles for language in rules.languages))
    shown = display_name(drop_brackets(name), replace(rules.language(CITATION_LANGUAGE), articles=articles))
    return strip_legal_form(shown, rules.legal_forms)[0]


def _undeclined(word: str, rules: Rules, tables: LemmaTables, genitive: bool, adjectives: bool) -> tuple[str, str]:
    """A word of the declined part of a name in its citation form, and its adjective ending ("" for another word).

    A hyphenated word changes its last part. ``genitive``: an adjective before the word has the
    ending of the genitive ("des Maritimen Clusters"), so a final "-s" is a genitive even where the
    table does not know the noun and English has the same plural. ``adjectives``: the word comes
    before the head noun; after it, adjectives belong to an attribute ("Verband Deutscher Reeder").
    A place adjective ("Hamburger") never changes.
    """
    head, dash, last = word.rpartition("-")
    if not last[:1].isupper() or not last.isalpha():
        return word, ""
    de = rules.language(CITATION_LANGUAGE)
    lower = last.lower()
    for ending in sorted(de.adjective_endings, key=len, reverse=True):
        stem = last[: -len(ending)]
        if not lower.endswith(ending) or len(stem) < _STEM_MIN:
            continue
        if stem in rules.places:
            return word, ending
        if adjectives and _is_adjective(lower, stem.lower(), de.adjective_suffixes, tables):
            return head + dash + stem + de.citation_ending, ending
    if not genitive and tables.english.get(lower, lower) != lower:  # an English inflected form: Systems, Services
        return word, ""
    for ending in sorted(de.genitive_endings, key=len, reverse=True):
        stem = last[: -len(ending)]
        if not last.endswith(ending) or len(stem) < _STEM_MIN:
            continue
        if _is_genitive(last, stem, tables, de.heads) or (genitive and ending == de.genitive_endings[-1] and not stem.endswith(_SIBILANTS)):
            return head + dash + stem, ""
    return word, ""


def _is_adjective(lower: str, stem: str, suffixes: tuple[str, ...], tables: LemmaTables) -> bool:
    """Whether the table makes ``lower`` a form of the adjective ``stem`` (or of the verb whose
    participle it is: "vereinigten" -> "vereinigen"), or the stem ends in an adjective suffix."""
    lemma = tables.german.get(lower)
    participle = len(stem) >= _PARTICIPLE_MIN and stem.endswith("t") and lemma == stem[:-1] + "en"
    return lemma == stem or participle or stem.endswith(suffixes)


def _is_genitive(word: str, stem: str, tables: LemmaTables, heads: tuple[HeadRule, ...]) -> bool:
    """Whether ``word`` is the genitive of ``stem``: the stem ends in an institution head word
    ("Kompetenzzentrum"), or the table makes the word, or the last part of the compound, a form of a
    common noun that is not an English plural ("Landeskriminalamts"; not "InnoGames")."""
    if stem.lower().endswith(tuple(head.word.lower() for head in heads)):
        return True
    cut = len(word) - len(stem)
    for start in range(len(stem) - _STEM_MIN + 1):
        tail = word[start].upper() + word[start + 1 :]
        lemma = tables.german.get(tail)
        if lemma == tail[:-cut] and tables.german_forms.get(lemma, 0) > 1 and tables.english.get(tail.lower(), tail.lower()) == tail.lower():
            return True
    return False
