"""The optional NER slot with a real spaCy pipeline on disk, and the technology taxonomy records."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy

from ingest.errors import ExtractionError
from ingest.extract import build_pipeline, extract_texts
from ingest.ner_slot import DEFAULT_NER_CONFIDENCE
from ontology.errors import CcgError
from ontology.foundation import TAXONOMY_FILE
from ontology.taxonomy import read_taxonomy
from tests.extract_world import resources


@pytest.fixture(scope="module")
def ner_folder(tmp_path_factory):
    """A model folder ``ner-de`` holding a spaCy pipeline whose ``ner`` component tags ORG spans (rule-based,
    so that the test knows what it predicts)."""
    folder = tmp_path_factory.mktemp("models")
    model = spacy.blank("de")
    ruler = model.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns(
        [
            {"label": "ORG", "pattern": "Zyrtex"},
            {"label": "ORG", "pattern": "Softwareunternehmen Qvantor"},
            {"label": "ORG", "pattern": "Hamburger Innenstadt"},
            {"label": "ORG", "pattern": "Urban Air Mobility"},
            {"label": "ORG", "pattern": [{"LOWER": "jungheinrich"}]},
            {"label": "PER", "pattern": "Erika Muster"},
        ]
    )
    model.to_disk(folder / "ner-de")
    return folder


def test_ner_org_spans_become_candidates_unless_registry_or_rules_explain_them(ner_folder):
    using = replace(resources(), ner_dir=ner_folder)
    nlp = build_pipeline("de", using)
    assert nlp.pipe_names[-2:] == ["ccg_ner", "ccg_cues"]
    text = "Erika Muster von Zyrtex traf in der Hamburger Innenstadt die Jungheinrich AG und das Softwareunternehmen Qvantor zu Urban Air Mobility."
    found = next(extract_texts([text], "de", using, nlp=nlp))
    by_text = {a.text: a for a in found.actors}
    assert set(by_text) == {"Zyrtex", "Jungheinrich AG", "Qvantor"}  # a place and a technology are no actors
    assert (by_text["Zyrtex"].source, by_text["Zyrtex"].status, by_text["Zyrtex"].confidence) == ("ner", "candidate", DEFAULT_NER_CONFIDENCE)
    assert by_text["Jungheinrich AG"].source == "registry"
    assert [t.text for t in found.technologies] == ["Urban Air Mobility"]


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
