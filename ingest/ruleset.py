"""The extraction rules kept as data in ``ingest/rules/*.json``, loaded into frozen records.

:func:`rules_from_data` is pure (parsed JSON in, :class:`Rules` out); :func:`read_rules` reads the
folder. The files are documented by their own ``description`` fields and in ``docs/extraction.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import rules_unreadable

RULES_DIR = Path(__file__).resolve().parent / "rules"
RULE_FILES = ("legal_forms", "heads", "words", "language", "cues", "technologies", "ner")
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class LegalForm:
    """A legal form (``GmbH``, ``e. V.``) and the actor type it implies."""

    form: str
    type: str


@dataclass(frozen=True)
class HeadRule:
    """An institution head word (``Universität``, ``Institute``) and what it implies."""

    word: str
    type: str
    strong: bool
    compound: bool
    place: bool = False  # names a government only with a place (Stadt, State)


@dataclass(frozen=True)
class TechnologyRules:
    """How technology labels match inside compounds (see ``rules/technologies.json``)."""

    prefix_min: int = 5
    suffix_min: int = 6
    infix_min: int = 9
    acronym_max: int = 5
    linking: tuple[str, ...] = ("",)
    min_rest: int = 3
    never_labels: frozenset[str] = frozenset()
    never_words: frozenset[str] = frozenset()
    skip_top_concepts: bool = True
    top_concepts_matched: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NerRules:
    """How model ORG spans are gated and scored before they become candidates (``rules/ner.json``,
    used by :mod:`ingest.ner_gates`)."""

    not_org_heads: tuple[str, ...] = ()  # head words of programmes, funds, projects, events, facilities, ...
    connectors: frozenset[str] = frozenset()  # lower-case words that may stand inside a name ("für", "of")
    cue_words: frozenset[str] = frozenset()  # words right before a name that speak for an organisation ("bei")
    evidence: tuple[tuple[str, float], ...] = ()  # evidence -> change of the confidence
    threshold: float = 0.5
    gates: frozenset[str] = frozenset()  # the gates in use: "head", "lowercase"
    common_word_languages: tuple[str, ...] = ()  # other languages whose common words are no names either


@dataclass(frozen=True)
class LanguageRules:
    """Everything rule-like for one language."""

    language: str
    articles: frozenset[str] = frozenset()
    fold: tuple[tuple[str, str], ...] = ()
    min_stem: int = 4
    keep_endings: tuple[str, ...] = ()
    adjective_endings: tuple[str, ...] = ()  # declension: citation forms of candidate names (ingest.citation)
    adjective_suffixes: tuple[str, ...] = ()
    citation_ending: str = ""
    genitive_adjective_ending: str = ""
    genitive_endings: tuple[str, ...] = ()
    possessive: tuple[str, ...] = ()
    abbreviations: frozenset[str] = frozenset()
    heads: tuple[HeadRule, ...] = ()
    complement_words: frozenset[str] = frozenset()
    genitive_words: frozenset[str] = frozenset()
    locative_words: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    indefinite: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    descriptors: tuple[tuple[str, str], ...] = ()
    never_actor: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()
    ner: NerRules = NerRules()


@dataclass(frozen=True)
class Rules:
    """The rules of all languages, plus the language-independent ones."""

    legal_forms: tuple[LegalForm, ...] = ()
    places: frozenset[str] = frozenset()
    technology: TechnologyRules = TechnologyRules()
    languages: tuple[LanguageRules, ...] = ()

    def language(self, language: str) -> LanguageRules:
        """The rules of ``language``; an empty rule set for a language without rules.

        Examples
        --------
        >>> Rules(languages=(LanguageRules("de", min_stem=4),)).language("de").min_stem
        4
        >>> Rules().language("fr").language
        'fr'
        """
        for rules in self.languages:
            if rules.language == language:
                return rules
        return LanguageRules(language)


def rules_from_data(data: Mapping[str, Any]) -> Rules:
    """Build :class:`Rules` from the parsed rule files, keyed by file stem.

    Raises ``KeyError``/``TypeError``/``ValueError`` for a file that lacks a field; :func:`read_rules`
    turns them into one-line errors naming the folder.

    Examples
    --------
    >>> rules = rules_from_data({
    ...     "legal_forms": {"forms": [{"form": "GmbH", "type": "Company"}]},
    ...     "heads": {"de": {"heads": [{"word": "Institut", "type": "ResearchInstitute", "strength": "strong",
    ...                                 "compound": True}]}},
    ...     "words": {"places": ["Hamburg"], "de": {"descriptors": {"unternehmen": "Company"}}},
    ...     "language": {"de": {"articles": ["der"], "fold": [["en", ""]], "min_stem": 4}},
    ...     "cues": {"de": {"partnerOf": ["gemeinsam mit"]}},
    ...     "technologies": {"prefix_min": 5}})
    >>> rules.legal_forms[0], rules.language("de").heads[0].strong, rules.language("de").cues
    (LegalForm(form='GmbH', type='Company'), True, (('partnerOf', ('gemeinsam mit',)),))
    """
    words, language, heads, cues = data["words"], data["language"], data["heads"], data["cues"]
    tech = data["technologies"]
    technology = TechnologyRules(
        prefix_min=int(tech.get("prefix_min", 5)),
        suffix_min=int(tech.get("suffix_min", 6)),
        infix_min=int(tech.get("infix_min", 9)),
        acronym_max=int(tech.get("acronym_max", 5)),
        linking=tuple(tech.get("linking", [""])),
        min_rest=int(tech.get("min_rest", 3)),
        never_labels=frozenset(tech.get("never_labels", [])),
        never_words=frozenset(tech.get("never_words", [])),
        skip_top_concepts=bool(tech.get("skip_top_concepts", True)),
        top_concepts_matched=frozenset(tech.get("top_concepts_matched", [])),
    )
    ner = data.get("ner", {})
    languages = []
    for code in LANGUAGES:
        lang, head, word, cue = language.get(code, {}), heads.get(code, {}), words.get(code, {}), cues.get(code, {})
        gate = ner.get(code, {})
        declension = lang.get("declension", {})
        languages.append(
            LanguageRules(
                language=code,
                articles=frozenset(lang.get("articles", [])),
                fold=tuple((suffix, replacement) for suffix, replacement in lang.get("fold", [])),
                min_stem=int(lang.get("min_stem", 4)),
                keep_endings=tuple(lang.get("keep_endings", [])),
                adjective_endings=tuple(declension.get("adjective_endings", [])),
                adjective_suffixes=tuple(declension.get("adjective_suffixes", [])),
                citation_ending=str(declension.get("citation_ending", "")),
                genitive_adjective_ending=str(declension.get("genitive_adjective_ending", "")),
                genitive_endings=tuple(declension.get("genitive_endings", [])),
                possessive=tuple(lang.get("possessive", [])),
                abbreviations=frozenset(lang.get("abbreviations", [])),
                heads=tuple(
                    HeadRule(h["word"], h["type"], h["strength"] == "strong", bool(h["compound"]), bool(h.get("place")))
                    for h in head.get("heads", [])
                ),
                complement_words=frozenset(head.get("complement_words", [])),
                genitive_words=frozenset(head.get("genitive_words", [])),
                locative_words=frozenset(head.get("locative_words", [])),
                coordinators=frozenset(head.get("coordinators", [])),
                indefinite=frozenset(head.get("indefinite", [])),
                function_words=frozenset(word.get("function_words", [])),
                descriptors=tuple(sorted(word.get("descriptors", {}).items())),
                never_actor=frozenset(word.get("never_actor", [])),
                person_titles=frozenset(word.get("person_titles", [])),
                months=frozenset(word.get("months", [])),
                cues=tuple((predicate, tuple(phrases)) for predicate, phrases in sorted(cue.items())),
                ner=NerRules(
                    not_org_heads=tuple(gate.get("not_org_heads", [])),
                    connectors=frozenset(gate.get("connectors", [])),
                    cue_words=frozenset(gate.get("cue_words", [])),
                    evidence=tuple(sorted((str(k), float(v)) for k, v in ner.get("evidence", {}).items())),
                    threshold=float(ner.get("threshold", 0.5)),
                    gates=frozenset(ner.get("gates", [])),
                    common_word_languages=tuple(gate.get("common_word_languages", [])),
                ),
            )
        )
    return Rules(
        legal_forms=tuple(LegalForm(f["form"], f["type"]) for f in data["legal_forms"]["forms"]),
        places=frozenset(words.get("places", [])),
        technology=technology,
        languages=tuple(languages),
    )


def read_rules(directory: Path = RULES_DIR) -> Rules:
    """Read the rule files (``legal_forms.json``, ``heads.json``, ...) from ``directory``."""
    data = {}
    for stem in RULE_FILES:
        path = directory / f"{stem}.json"
        try:
            data[stem] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise rules_unreadable(path, "file not found") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise rules_unreadable(path, f"not valid UTF-8 JSON: {error}") from error
    try:
        return rules_from_data(data)
    except (KeyError, TypeError, ValueError) as error:
        raise rules_unreadable(directory, f"missing or malformed field {error}") from error
