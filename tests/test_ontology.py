"""The vocabulary: ccg.ttl, technologies.ttl and namespace.py agree and are complete."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ontology.foundation import ONTOLOGY_DIR, SHAPES_FILE
from ontology.generate_namespace import CCG_IRI, TECH_IRI, load_vocabularies, render_namespace_module
from ontology.namespace import CCG, TECH


@pytest.fixture(scope="module")
def vocabularies() -> tuple[Graph, Graph]:
    return load_vocabularies()


def test_namespace_py_is_generated_from_the_turtle(vocabularies):
    expected = render_namespace_module(*vocabularies)
    actual = (ONTOLOGY_DIR / "namespace.py").read_text(encoding="utf-8")
    assert actual == expected, "run: python -m ontology.generate_namespace"


def test_a_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        _ = CCG.Actr
    with pytest.raises(AttributeError):
        _ = TECH["hydrogne"]
    assert TECH["fuel-cells"] == URIRef(TECH_IRI + "fuel-cells")


def test_every_own_term_has_english_and_german_label_and_comment(vocabularies):
    ontology, _ = vocabularies
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(CCG_IRI)}
    assert {CCG.Cluster, CCG.Actor, CCG.Technology, CCG.Document, CCG.Mention, CCG.worksOn, CCG.partnerOf, CCG.fundedBy, CCG.focusesOn, CCG.mentions, CCG.status, CCG.confidence} <= terms
    for term in sorted(terms):
        if (term, RDF.type, CCG.Status) in ontology:
            continue  # statuses are SKOS concepts with skos:prefLabel and skos:definition
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ontology.objects(term, prop)}
            assert {"en", "de"} <= languages, f"{term} lacks {prop} in en or de"


def test_actor_types_are_subclasses_of_actor(vocabularies):
    ontology, _ = vocabularies
    for name in ("Company", "University", "ResearchInstitute", "PublicAgency", "ClusterOrganisation", "Association", "Other"):
        assert (CCG[name], RDFS.subClassOf, CCG.Actor) in ontology
    assert (CCG.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in ontology
    assert (CCG.worksOn, RDF.type, OWL.ObjectProperty) in ontology


def test_the_technology_scheme_is_complete(vocabularies):
    _, taxonomy = vocabularies
    concepts = set(taxonomy.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 60
    labels = Counter()
    for concept in concepts:
        assert (concept, RDF.type, CCG.Technology) in taxonomy
        assert {o.language for o in taxonomy.objects(concept, SKOS.prefLabel)} >= {"en", "de"}, concept
        assert {o.language for o in taxonomy.objects(concept, SKOS.definition)} >= {"en", "de"}, concept
        broader = list(taxonomy.objects(concept, SKOS.broader))
        is_top = (concept, SKOS.topConceptOf, None) in taxonomy
        assert len(broader) == 1 or (is_top and not broader), concept
        labels.update({str(o).casefold() for p in (SKOS.prefLabel, SKOS.altLabel) for o in taxonomy.objects(concept, p)})
    assert [label for label, count in labels.items() if count > 1] == []
    assert TECH.hydrogen in concepts and TECH["artificial-intelligence"] in concepts


def test_shapes_parse():
    assert len(Graph().parse(SHAPES_FILE)) > 0
