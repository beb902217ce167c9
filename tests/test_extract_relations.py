"""Relations stated in one sentence, with the sentence and the mentions they rest on."""

from __future__ import annotations

from tests.extract_world import BASE, extract

TECH = "https://w3id.org/cross-cluster-graph/technology/"


def triples(text: str, language: str = "de") -> set[tuple[str, str, str]]:
    short = lambda iri: iri.rsplit("/", 1)[1]  # noqa: E731
    return {(short(r.subject), r.predicate, short(r.object)) for r in extract(text, language).relations}


def test_partners_working_on_a_technology():
    found = extract("Die Nordlicht Robotics GmbH arbeitet gemeinsam mit der Technischen Universität Hamburg an Brennstoffzellen.")
    nordlicht = found.actors[0].iri.rsplit("/", 1)[1]
    assert {(r.subject.rsplit("/", 1)[1], r.predicate, r.object.rsplit("/", 1)[1]) for r in found.relations} == {
        (nordlicht, "partnerOf", "tuhh"),
        (nordlicht, "worksOn", "fuel-cells"),
        ("tuhh", "worksOn", "fuel-cells"),
    }


def test_relations_point_to_their_sentence_and_mentions():
    text = "Einleitung.\nDie Hamburger Hochbahn AG testet Wasserstoffbusse."
    found = extract(text)
    relation = found.relations[0]
    assert text[relation.start : relation.end] == "Die Hamburger Hochbahn AG testet Wasserstoffbusse."
    assert [text[s:e] for s, e in relation.evidence] == ["Hamburger Hochbahn AG", "Wasserstoffbusse"]
    assert relation.object == f"{TECH}hydrogen"


def test_funding_points_from_recipient_to_funder():
    assert triples("Die Hamburger Hochbahn AG wird von der Behörde für Wirtschaft und Innovation gefördert.") == {("hochbahn", "fundedBy", "bwi")}
    assert triples("The project of Jungheinrich AG is funded by the IFB Hamburg.", "en") == {("jungheinrich", "fundedBy", "ifb-hamburg")}


def test_membership_of_a_cluster_points_to_the_cluster():
    found = extract("Die Jungheinrich AG ist Mitglied im Maritimen Cluster Norddeutschland.")
    assert [(r.subject, r.predicate, r.object) for r in found.relations] == [(f"{BASE}actor/jungheinrich", "memberOf", f"{BASE}cluster/maritime")]


def test_membership_of_an_association_without_cluster():
    found = extract("DESY, a member of the Helmholtz Association, runs PETRA III.", "en")
    association = next(a.iri for a in found.actors if a.text == "Helmholtz Association")
    assert [(r.subject, r.predicate, r.object) for r in found.relations] == [(f"{BASE}actor/desy", "memberOf", association)]


def test_no_relation_without_a_cue_and_no_co_mention():
    assert triples("Die Jungheinrich AG und die Technische Universität Hamburg. Brennstoffzellen.") == set()


def test_cluster_organisations_convene_topics_but_do_not_work_on_them():
    assert triples("Hamburg Aviation entwickelt gemeinsam mit Airbus Brennstoffzellen.") == {
        ("airbus-operations", "partnerOf", "hamburg-aviation-ev"),
        ("airbus-operations", "worksOn", "fuel-cells"),
    }
