"""The spaCy pipeline per language: ``spacy.blank`` plus our components, filled from the resources.

Components in order (all rules come from ``ingest/rules``, the names from the registry and the
taxonomy; see ``docs/extraction.md``):

=================  ==========================================================================
``ccg_senter``     sentence boundaries that know abbreviations (:mod:`ingest.senter`)
``lemmatizer``     spaCy's lookup lemmatizer with the tables of spacy-lookups-data
``ccg_registry``   registry names, aliases and acronyms (:mod:`ingest.registry_matcher`)
``ccg_actors``     organisation patterns and acronym definitions (:mod:`ingest.actor_spans`)
``ccg_technologies`` taxonomy labels and compounds (:mod:`ingest.tech_matcher`)
``ccg_ner``        optional: ORG spans of a trained model (:mod:`ingest.ner_slot`)
``ccg_cues``       relation cue phrases (:mod:`ingest.cues`)
=================  ==========================================================================

The vocabulary's ``NORM`` of every word is its inflection-folded form (:func:`ingest.textnorm.fold_word`),
so that phrase matching on ``NORM`` ignores German case endings and plurals.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.lookups import load_lookups

from ingest.actor_spans import ACTOR_COMPONENT
from ingest.cues import CUE_COMPONENT
from ingest.errors import unsupported_language
from ingest.ner_gates import NerGate
from ingest.ner_slot import NER_COMPONENT, NameFilter, load_ner_model, ner_model_path
from ingest.registry_matcher import REGISTRY_MATCHER, registry_entries
from ingest.resources import ExtractionResources
from ingest.ruleset import LANGUAGES, LanguageRules
from ingest.senter import SENTER
from ingest.tech_matcher import TECHNOLOGY_MATCHER, technology_labels
from ingest.textnorm import fold_word


def use_folded_norms(nlp: Language, rules: LanguageRules) -> None:
    """Make ``NORM`` the folded form of each word, for the words known now and all new ones.

    Examples
    --------
    >>> nlp = spacy.blank("de")
    >>> use_folded_norms(nlp, LanguageRules("de", fold=(("en", ""), ("s", "")), min_stem=4))
    >>> [t.norm_ for t in nlp.make_doc("des Deutschen Zentrums")]
    ['des', 'deutsch', 'zentrum']
    """
    fold = functools.partial(fold_word, rules=rules)
    nlp.vocab.lex_attr_getters[NORM] = fold
    for lexeme in nlp.vocab:
        lexeme.norm_ = fold(lexeme.orth_)


def split_trailing_periods(nlp: Language, words: Iterable[str]) -> None:
    """Make the tokenizer split a sentence-final period off ``words`` it would keep it on ("GmbH." -> "GmbH" ".").

    Examples
    --------
    >>> nlp = spacy.blank("de")
    >>> split_trailing_periods(nlp, ["GmbH", "AG"])
    >>> [t.text for t in nlp.make_doc("die Indivumed GmbH.")]
    ['die', 'Indivumed', 'GmbH', '.']
    """
    words = set(words)
    for word in sorted(words):
        if word.endswith(".") or " " in word or word + "." in words:
            continue
        if len(nlp.tokenizer(word + ".")) == 1:
            nlp.tokenizer.add_special_case(word + ".", [{ORTH: word}, {ORTH: "."}])


def known_word_test(nlp: Language, compounds: bool = False) -> Callable[[str], bool]:
    """Whether a word is an inflected form or lemma in the lookup lemmatizer's table (a common word);
    with ``compounds`` also a German compound ending in one ("Kreativszene": "Szene")."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup", {})
    lemmas = frozenset(table.values())

    def known(word: str) -> bool:
        if word in table or word in lemmas:
            return True
        if not compounds:
            return False
        tails = (word[i].upper() + word[i + 1 :] for i in range(3, len(word) - 3))
        return any(tail in table or tail in lemmas for tail in tails)

    return known


def common_word_test(known: Callable[[str], bool], language: str, languages: Iterable[str] = ()) -> Callable[[str], bool]:
    """Whether a word, as written or in lower case, is ``known`` (a common word of ``language``, see
    :func:`known_word_test`) or, in lower case, a common word of one of ``languages`` ("Space" in German texts)."""
    tables = [load_lookups(other, ["lemma_lookup"]).get_table("lemma_lookup") for other in languages if other != language]
    others = [(table, frozenset(table.values())) for table in tables]

    def common(word: str) -> bool:
        lower = word.lower()
        return known(word) or known(lower) or any(lower in table or lower in lemmas for table, lemmas in others)

    return common


def build_pipeline(language: str, resources: ExtractionResources) -> Language:
    """The extraction pipeline for ``language`` ("de" or "en"), ready for ``nlp.pipe``.

    The NER slot is added when the resources name an NER folder that holds a model for the
    language. Raises :class:`ingest.errors.ExtractionError` for another language or a broken model.
    """
    if language not in LANGUAGES:
        raise unsupported_language(language)
    rules = resources.rules.language(language)
    nlp = spacy.blank(language)
    use_folded_norms(nlp, rules)
    nlp.add_pipe(SENTER, config={"abbreviations": sorted(rules.abbreviations)})
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe(REGISTRY_MATCHER)
    nlp.add_pipe(ACTOR_COMPONENT)
    nlp.add_pipe(TECHNOLOGY_MATCHER)
    model_path = ner_model_path(resources.ner_dir, language)
    if model_path is not None:
        nlp.add_pipe(NER_COMPONENT, config={"confidence": resources.ner_confidence})
    nlp.add_pipe(CUE_COMPONENT)
    nlp.initialize()
    tech_entries = technology_labels(resources.concepts, resources.rules.technology)
    ambiguous = [entry.text for entry in tech_entries]
    nlp.get_pipe(REGISTRY_MATCHER).add_entries(registry_entries(resources.registry, resources.rules.legal_forms, ambiguous))
    all_heads = tuple(head for other in resources.rules.languages for head in other.heads)
    nlp.get_pipe(ACTOR_COMPONENT).setup(rules, resources.rules.legal_forms, resources.rules.places, known_word_test(nlp), all_heads)
    if model_path is not None:
        known, descriptors = known_word_test(nlp, compounds=language == "de"), tuple(word for word, _ in rules.descriptors)
        keep = NameFilter(
            resources.rules.places | rules.never_actor | rules.months,
            resources.rules.places,
            rules.function_words | rules.person_titles,
            descriptors,
            known,
        )
        gate = NerGate(rules.ner, functools.partial(fold_word, rules=rules), common_word_test(known, language, rules.ner.common_word_languages),
                       rules.articles, descriptors, compounds=language == "de")
        nlp.get_pipe(NER_COMPONENT).setup(load_ner_model(model_path), keep, gate)
    nlp.get_pipe(TECHNOLOGY_MATCHER).setup(tech_entries, resources.rules.technology, rules)
    nlp.get_pipe(CUE_COMPONENT).setup(rules.cues)
    split_trailing_periods(nlp, [f.form for f in resources.rules.legal_forms] + [e.text for e in tech_entries if e.exact])
    nlp.tokenizer.rules = nlp.tokenizer.rules  # resets the tokenizer's cache after the patterns grew the vocab
    return nlp
