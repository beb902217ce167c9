"""The spaCy components of extraction on short hand-written sentences: sentences, names, technologies."""

from __future__ import annotations

import pytest

from tests.extract_world import actor_id, actor_texts, extract, pipeline, technology_slugs


def sentences(text: str, language: str = "de") -> list[str]:
    return [s.text for s in extract(text, language).sentences]


def test_sentences_survive_abbreviations_and_legal_forms():
    text = "Der Verein e. V. wächst, z. B. mit Dr. Meier am 3. Oktober. Die Muster Kabinenbau GmbH. Das ist neu!"
    assert sentences(text) == [
        "Der Verein e. V. wächst, z. B. mit Dr. Meier am 3. Oktober.",
        "Die Muster Kabinenbau GmbH.",
        "Das ist neu!",
    ]


def test_blank_lines_and_list_items_end_sentences_but_wrapped_lines_do_not():
    text = "Titel ohne Punkt\n\nDas Deutsche Zentrum\nfür Luft- und Raumfahrt forscht.\n- Punkt eins\n- Punkt zwei"
    assert sentences(text) == ["Titel ohne Punkt", "Das Deutsche Zentrum\nfür Luft- und Raumfahrt forscht.", "- Punkt eins", "- Punkt zwei"]


@pytest.mark.parametrize(
    ("text", "surface", "actor"),
    [
        ("Forschende des Deutschen Zentrums für Luft- und Raumfahrt testen.", "Deutschen Zentrums für Luft- und Raumfahrt", "dlr"),
        ("Studierende der Technischen Universität Hamburg lernen.", "Technischen Universität Hamburg", "tuhh"),
        ("Die Logistik Initiative Hamburg lädt ein.", "Logistik Initiative Hamburg", "lihh-management"),
        ("Das Deutsche Zentrum\nfür Luft- und Raumfahrt testet.", "Deutsche Zentrum\nfür Luft- und Raumfahrt", "dlr"),
        ("Gabelstapler der STILL GmbH fahren.", "STILL GmbH", "still"),
        ("Airbus' Werk in Finkenwerder wächst.", "Airbus", "airbus-operations"),
    ],
)
def test_registry_names_match_inflected_hyphenated_and_broken_forms(text, surface, actor):
    found = extract(text)
    assert surface in actor_texts(found)
    assert actor_id(found, surface) == actor
    assert next(a for a in found.actors if a.text == surface).status == "curated"


def test_one_word_registry_names_match_only_as_written():
    assert actor_texts(extract("Es ist still geworden im Hafen.")) == []
    assert actor_texts(extract("Der Hafen war still, dann kam die Nachricht.")) == []


def test_a_cluster_name_stands_for_its_managing_organisation():
    found = extract("Das Maritime Cluster Norddeutschland lud ein.")
    assert actor_id(found, "Maritime Cluster Norddeutschland") == "mcn"
    assert found.actors[0].type == "ClusterOrganisation"


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Auch die Muster Kabinenbau GmbH aus Kiel ist dabei.", "Muster Kabinenbau GmbH", "Company"),
        ("Der Verband für Prüfwesen und Testtechnik e. V. warnt.", "Verband für Prüfwesen und Testtechnik e. V.", "Association"),
        ("Mit dabei war die Wolkenwerk Solutions Ltd aus London.", "Wolkenwerk Solutions Ltd", "Company"),
        ("Das Institut für Maritime Prüfsysteme misst.", "Institut für Maritime Prüfsysteme", "ResearchInstitute"),
        ("Die Fraunhofer-Einrichtung für Testverfahren FTV lädt ein.", "Fraunhofer-Einrichtung für Testverfahren FTV", "ResearchInstitute"),
        ("Die Behörde für Prüfung und Test tagt.", "Behörde für Prüfung und Test", "PublicAgency"),
        ("Ein Beispiel ist das Start-up Wolkenfabrik, das Drohnen baut.", "Wolkenfabrik", "Company"),
        ("Die Universität zu Bremerhaven forscht.", "Universität zu Bremerhaven", "University"),
    ],
)
def test_organisation_patterns_find_actors_the_registry_lacks(text, surface, kind):
    found = extract(text)
    mention = next(a for a in found.actors if a.text == surface)
    assert (mention.source, mention.status, mention.type) == ("pattern", "candidate", kind)


def test_acronym_definition_makes_the_acronym_an_alias_of_the_long_name():
    found = extract("Die Prüfgesellschaft für Testwesen mbH (PGT) ist neu. Später erklärte die PGT ihre Ziele.")
    assert actor_texts(found) == ["Prüfgesellschaft für Testwesen mbH", "PGT", "PGT"]
    assert len({a.iri for a in found.actors}) == 1


def test_acronym_first_and_long_name_in_brackets():
    found = extract("Die PGT (Prüfgesellschaft für Testwesen mbH) lädt ein. Die PGT wächst.")
    assert {a.text for a in found.actors} == {"PGT", "Prüfgesellschaft für Testwesen mbH"}
    assert len({a.iri for a in found.actors}) == 1


def test_a_name_split_around_its_bracketed_acronym_is_one_mention():
    found = extract("Die Hochschule für Angewandte Prüfkunde (HAP) Kiel lehrt. Die HAP forscht.")
    assert actor_texts(found) == ["Hochschule für Angewandte Prüfkunde (HAP) Kiel", "HAP"]
    assert found.actors[0].iri == found.actors[1].iri


def test_split_registry_name_resolves_to_the_registry_actor():
    found = extract("Die Hochschule für Angewandte Wissenschaften (HAW) Hamburg lehrt.")
    assert actor_texts(found) == ["Hochschule für Angewandte Wissenschaften (HAW) Hamburg"]
    assert actor_id(found, "Hochschule für Angewandte Wissenschaften (HAW) Hamburg") == "haw-hamburg"


@pytest.mark.parametrize(
    "text",
    [
        "Hamburg und Deutschland investieren.",
        "Die Universität lädt ein.",
        "Ein Netzwerk für Wasserstoff entsteht.",
        "Dr. Meier und Prof. Schulze sprachen im Januar.",
        "Das Zentrum der Stadt ist voll.",
        "Im Cross-Cluster Space arbeiten viele mit.",
    ],
)
def test_places_persons_generic_nouns_and_programmes_are_not_actors(text):
    assert actor_texts(extract(text)) == []


@pytest.mark.parametrize(
    ("text", "surface", "concept"),
    [
        ("Sie nutzen künstlicher Intelligenz.", "künstlicher Intelligenz", "artificial-intelligence"),
        ("Eine Wasserstofftankstelle entsteht.", "Wasserstofftankstelle", "hydrogen"),
        ("Die KI-gestützten Systeme laufen.", "KI-gestützten", "artificial-intelligence"),
        ("Brennstoffzellensysteme werden getestet.", "Brennstoffzellensysteme", "fuel-cells"),
        ("Die Drohnenlieferung startet.", "Drohnenlieferung", "drones"),
        ("Man setzt auf grünem Wasserstoff.", "Wasserstoff", "hydrogen"),
        ("Der digitalen Zwillinge wegen.", "digitalen Zwillinge", "digital-twin"),
    ],
)
def test_technology_labels_match_inflected_and_inside_compounds(text, surface, concept):
    assert technology_slugs(extract(text)) == {surface: concept}


def test_english_hyphenated_words_are_one_technology_mention():
    assert technology_slugs(extract("They build AI-based tools and fuel cells.", "en")) == {"AI-based": "artificial-intelligence", "fuel cells": "fuel-cells"}


def test_no_technology_in_place_names_or_actor_names():
    found = extract("In Kiel tagte die Wasserstoff-Allianz Nord e.V. gestern.")
    assert technology_slugs(found) == {}
    assert actor_texts(found) == ["Wasserstoff-Allianz Nord e.V."]


def test_pipeline_components_and_norm():
    nlp = pipeline("de")
    assert nlp.pipe_names == ["ccg_senter", "lemmatizer", "ccg_registry", "ccg_actors", "ccg_technologies", "ccg_cues"]
    assert [t.norm_ for t in nlp.make_doc("des Deutschen Zentrums")] == ["des", "deutsch", "zentrum"]
