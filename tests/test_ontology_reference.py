"""docs/ontology.md is generated from ccg.ttl and technologies.ttl, complete and up to date."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ontology.generate_namespace import load_vocabularies
from ontology.namespace import CCG
from ontology.reference import REFERENCE_FILE, curie, main, reference_text


@pytest.fixture(scope="module")
def vocabularies():
    return load_vocabularies()


def test_docs_ontology_md_is_up_to_date():
    assert REFERENCE_FILE.read_text(encoding="utf-8") == reference_text(), "run: python -m ontology.reference"


def test_check_mode_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "ontology.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr("ontology.reference.REFERENCE_FILE", stale)
    assert main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main([]) == 0
    assert main(["--check"]) == 0


def test_every_own_term_has_an_entry_with_both_labels(vocabularies):
    ontology, _ = vocabularies
    text = reference_text()
    own = {s for s in ontology.subjects(RDFS.label, None) if isinstance(s, URIRef) and str(s).startswith(str(CCG._NS))}
    assert own
    for term in own:
        assert f"### {curie(term)}\n" in text
        for label in ontology.objects(term, RDFS.label):
            assert str(label) in text


def test_every_technology_appears_under_its_field(vocabularies):
    _, taxonomy = vocabularies
    lines = reference_text().splitlines()
    for concept in taxonomy.subjects(SKOS.broader, None):
        (field,) = taxonomy.objects(concept, SKOS.broader)
        child = next(i for i, line in enumerate(lines) if line.endswith(f"(`{curie(concept)}`)") or f"(`{curie(concept)}`);" in line)
        parent = next(i for i, line in enumerate(lines) if f"(`{curie(field)}`)" in line)
        assert lines[child].startswith("  - ") and not lines[parent].startswith(" ")
        assert parent < child
        assert all(line.startswith("  ") for line in lines[parent + 1 : child])
