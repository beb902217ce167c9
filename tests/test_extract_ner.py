"""The optional NER slot with a real spaCy pipeline on disk, its gates on hand-made Docs, and the
technology taxonomy records."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ingest.errors import ExtractionError
from ingest.extract import build_pipeline, extract_texts
from ingest.ner_gates import NerGate
from ingest.ruleset import NerRules
from ontology.errors import CcgError
from ontology.foundation import TAXONOMY_FILE
from ontology.taxonomy import read_taxonomy
from tests.extract_world import resources, write_ruler_model

MODEL_PATTERNS = [
    {"label": "ORG", "pattern": "Zyrtex"},
    {"label": "ORG", "pattern": "Softwareunternehmen Qvantor"},
    {"label": "ORG", "pattern": "Hamburger Innenstadt"},
    {"label": "ORG", "pattern": "Urban Air Mobility"},
    {"label": "ORG", "pattern": [{"LOWER": "jungheinrich"}]},
    {"label": "ORG", "pattern": "EHFW"},
    {"label": "ORG", "pattern": "Containerterminal Nordkai"},
    {"label": "ORG", "pattern": "PRAXA"},
    {"label": "PER", "pattern": "Erika Muster"},
]


@pytest.fixture(scope="module")
def ner_folder(tmp_path_factory):
    """A model folder ``ner-de`` whose ``ner`` component tags the spans of MODEL_PATTERNS."""
    folder = tmp_path_factory.mktemp("models")
    write_ruler_model(folder / "ner-de", MODEL_PATTERNS)
    return folder


@pytest.fixture(scope="module")
def with_model(ner_folder):
    using = replace(resources(), ner_dir=ner_folder)
    return using, build_pipeline("de", using)


def test_ner_org_spans_become_candidates_unless_registry_or_rules_explain_them(with_model):
    using, nlp = with_model
    assert nlp.pipe_names[-2:] == ["ccg_ner", "ccg_cues"]
    text = "Erika Muster von Zyrtex traf in der Hamburger Innenstadt die Jungheinrich AG und das Softwareunternehmen Qvantor zu Urban Air Mobility."
    found = next(extract_texts([text], "de", using, nlp=nlp))
    by_text = {a.text: a for a in found.actors}
    assert set(by_text) == {"Zyrtex", "Jungheinrich AG", "Qvantor"}  # a place and a technology are no actors
    # ner.json: base 0.5, + cue_word_before 0.1 ("von")
    assert (by_text["Zyrtex"].source, by_text["Zyrtex"].status, by_text["Zyrtex"].confidence) == ("ner", "candidate", 0.6)
    assert by_text["Jungheinrich AG"].source == "registry"
    assert [t.text for t in found.technologies] == ["Urban Air Mobility"]


def test_the_gates_of_the_rules_drop_funds_facilities_and_lone_acronyms(with_model):
    using, nlp = with_model
    text = "Gefördert vom Europäischen Hafenfonds für Wasserstoff (EHFW) testet Zyrtex am Containerterminal Nordkai die Technik von PRAXA."
    found = next(extract_texts([text], "de", using, nlp=nlp))
    # EHFW: its long form is headed by a fund; the terminal: a facility; PRAXA: 0.5 - 0.2 (undefined) + 0.1 ("von") < 0.5
    assert [(a.text, a.confidence) for a in found.actors] == [("Zyrtex", 0.5)]


EVIDENCE = (("common_word", -0.2), ("cue_word_before", 0.1), ("defined_acronym", 0.1), ("descriptor_before", 0.2),
            ("repeated", 0.1), ("undefined_acronym", -0.2))
RULES = NerRules(not_org_heads=("Programm", "Terminal"), connectors=frozenset({"für", "of"}), cue_words=frozenset({"bei"}),
                 evidence=EVIDENCE, threshold=0.5, gates=frozenset({"head", "lowercase"}))
GATE = NerGate(RULES, fold=lambda word: word.lower().removesuffix("s"), common=lambda word: word.lower() in {"space", "wind"},
               articles=frozenset({"der", "die", "das", "des"}), descriptors=("hersteller",), compounds=True)


def judged(sentence: str, name: str, gate: NerGate = GATE) -> tuple[float, bool, tuple[str, ...]]:
    """The judgement of the first occurrence of ``name`` in ``sentence`` (words split at spaces)."""
    words, parts = sentence.split(), name.split()
    start = next(i for i in range(len(words)) if words[i : i + len(parts)] == parts)
    judgement = gate.judge(Doc(Vocab(), words=words), start, start + len(parts))
    return judgement.confidence, judgement.kept, judgement.reasons


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Das Nordlicht Programm startet", "Nordlicht Programm"),  # last word
        ("am Containerterminals Tollerort", "Containerterminals Tollerort"),  # first word, a compound, inflected
        ("Das Nordlicht Programm für Häfen", "Nordlicht Programm für Häfen"),  # the last word before a connector
        ("Das Nordlicht Programm ( NLP ) fördert NLP Projekte", "NLP"),  # an acronym whose long form is a programme
    ],
)
def test_head_gate_drops_names_of_programmes_and_facilities(sentence, name):
    assert judged(sentence, name) == (0.0, False, ("head",))


def test_lowercase_gate_drops_phrases_but_not_complements():
    assert judged("Hamburgs maritime Szene wächst", "Hamburgs maritime Szene") == (0.0, False, ("lowercase",))
    assert judged("das Institut für maritime Technik", "Institut für maritime Technik") == (0.5, True, ())


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Er arbeitet bei der Zyrtex .", "Zyrtex", (0.6, True, ("cue_word_before",))),  # the article is skipped
        ("Roboter des Herstellers Qvantor fahren", "Qvantor", (0.7, True, ("descriptor_before",))),
        ("Qvantor baut . Qvantor testet", "Qvantor", (0.6, True, ("repeated",))),
        ("Das Team testet ZYRA heute", "ZYRA", (0.3, False, ("undefined_acronym",))),
        ("Die Zentrale Yacht Reederei ( ZYR ) baut", "ZYR", (0.6, True, ("defined_acronym",))),
        ("Mit Space arbeiten alle", "Space", (0.3, False, ("common_word",))),
    ],
)
def test_evidence_gives_the_confidence_and_the_threshold_drops(sentence, name, expected):
    assert judged(sentence, name) == expected


def test_a_gate_left_out_of_the_rules_is_not_applied():
    no_gates = replace(GATE, rules=replace(RULES, gates=frozenset()))
    assert judged("Das Nordlicht Programm startet", "Nordlicht Programm", no_gates) == (0.5, True, ())


def test_without_a_model_folder_the_slot_is_left_out(tmp_path):
    assert "ccg_ner" not in build_pipeline("de", replace(resources(), ner_dir=tmp_path)).pipe_names


def test_a_broken_model_folder_is_a_one_line_error(tmp_path):
    (tmp_path / "ner-de").mkdir()
    with pytest.raises(ExtractionError, match=r"ner-de: cannot load the NER model \(no config.cfg\); retrain it"):
        build_pipeline("de", replace(resources(), ner_dir=tmp_path))


def test_unsupported_language_is_refused():
    with pytest.raises(ExtractionError, match="language 'fr': no extraction pipeline; use de or en"):
        build_pipeline("fr", resources())


def test_taxonomy_records_carry_labels_by_language_and_broader():
    concepts = {c.slug: c for c in read_taxonomy(TAXONOMY_FILE)}
    hydrogen = concepts["hydrogen"]
    assert hydrogen.label("de") == "Wasserstofftechnologien"
    assert ("", "H2") in hydrogen.alt_labels
    assert hydrogen.broader == (concepts["energy-technologies"].iri,)
    assert all(c.pref_labels for c in concepts.values())


def test_missing_taxonomy_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CcgError, match="cannot read the technology taxonomy"):
        read_taxonomy(tmp_path / "none.ttl")
