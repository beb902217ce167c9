"""Resolution against the registry, candidate IRIs, types, curation decisions and member-list rows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.curation import read_curation
from ingest.errors import ExtractionError
from ingest.resolve import FUZZY_THRESHOLD, RegistryIndex, match_registry, resolve_member
from ontology.iris import IriScheme
from tests.extract_world import BASE, actor_id, extract, resources


def test_candidate_iri_is_the_readable_slug_of_the_name_without_legal_form():
    first = extract("Die Muster Kabinenbau GmbH baut.")
    second = extract("Ein Auftrag der Muster Kabinenbau GmbH ging ein.", "de")
    assert first.actors[0].iri == second.actors[0].iri == str(IriScheme(BASE).actor("muster-kabinenbau"))
    assert first.actors[0].label == "Muster Kabinenbau GmbH"
    english = extract("The company works with Amazon Web Services, Inc. on cloud computing.", "en")
    assert actor_id(english, "Amazon Web Services, Inc.") == "amazon-web-services"


def test_inflected_unknown_institutes_share_one_iri_and_the_nominative_label():
    found = extract("Forschende des Instituts für Maritime Prüfsysteme messen. Das Institut für Maritime Prüfsysteme misst.")
    assert [a.text for a in found.actors] == ["Instituts für Maritime Prüfsysteme", "Institut für Maritime Prüfsysteme"]
    assert {a.iri for a in found.actors} == {str(IriScheme(BASE).actor("institut-fuer-maritime-pruefsysteme"))}
    assert {a.label for a in found.actors} == {"Institut für Maritime Prüfsysteme"}
    alone = extract("Forschende des Instituts für Maritime Prüfsysteme messen.")
    assert alone.actors[0].iri == found.actors[0].iri  # the same IRI in a document that has only the genitive


def test_pattern_names_resolve_to_the_registry_exactly_or_fuzzily():
    found = extract("Die Jungheinrich AG und die Kreativ Gesellschaft Hamburg trafen sich.")
    assert actor_id(found, "Jungheinrich AG") == "jungheinrich"
    assert {a.status for a in found.actors} == {"curated"}


def test_fuzzy_threshold_separates_close_and_far_names():
    index = RegistryIndex({"kreativgesellschaft": "hkg"}, ("kreativgesellschaft",), ("hkg",), {}, {}, {})
    assert match_registry("kreativ gesellschaft", index, FUZZY_THRESHOLD) == ("hkg", 0.97)
    assert match_registry("kreativagentur", index, FUZZY_THRESHOLD) is None
    assert match_registry("kreativgesell", index, FUZZY_THRESHOLD) is None  # ratio 81: below the threshold
    assert match_registry("kreativgesell", index, 80) == ("hkg", 0.81)


def test_short_keys_are_never_matched_fuzzily():
    index = RegistryIndex({"bwi": "bwi"}, ("bwi",), ("bwi",), {}, {}, {})
    assert match_registry("bmvi", index, 50) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Die Nordlicht Robotics GmbH baut.", "Company"),
        ("Der Verein Freunde der Prüftechnik e.V. lädt ein.", "Association"),
        ("Das Institut für Maritime Prüfsysteme misst.", "ResearchInstitute"),
        ("Die Hamburger Hochbahn AG fährt.", "Company"),
        ("Die Behörde für Wirtschaft und Innovation fördert.", "PublicAgency"),
    ],
)
def test_types_come_from_registry_legal_form_or_head(text, kind):
    assert extract(text).actors[0].type == kind


def write_curation(tmp_path, rows: str):
    path = tmp_path / "curation.csv"
    path.write_text("action,actor,target,label,note\n" + rows, encoding="utf-8")
    return path


def curated_resources(tmp_path, rows: str):
    base = resources()
    return replace(base, curation=read_curation(write_curation(tmp_path, rows), base.actor_id))


TEXT = "Die Muster Kabinenbau GmbH arbeitet gemeinsam mit der Wolkenwerk Solutions GmbH an Brennstoffzellen."


def test_curation_accept_rename_and_reject_survive_re_extraction(tmp_path):
    using = curated_resources(
        tmp_path,
        "accept,Muster Kabinenbau GmbH,,,checked\n"
        "rename,Muster Kabinenbau,,Muster Kabinenbau GmbH (Hamburg),\n"
        "reject,Wolkenwerk Solutions GmbH,,,not an organisation\n",
    )
    for _ in range(2):  # extracting again gives the same decisions
        found = extract(TEXT, using=using)
        muster, wolken = found.actors
        assert (muster.status, muster.label) == ("accepted", "Muster Kabinenbau GmbH (Hamburg)")
        assert wolken.status == "rejected"
        assert all(wolken.iri not in (r.subject, r.object) for r in found.relations)
        assert [r.predicate for r in found.relations] == ["worksOn"]


def test_curation_merge_into_a_registry_actor(tmp_path):
    using = curated_resources(tmp_path, "merge,Muster Kabinenbau GmbH,airbus-operations,,a former name\n")
    found = extract(TEXT, using=using)
    assert (found.actors[0].iri, found.actors[0].label, found.actors[0].status) == (
        f"{BASE}actor/airbus-operations",
        "Airbus Operations GmbH",
        "curated",
    )


def test_curation_merges_are_followed_and_end_at_the_last_target(tmp_path):
    wolkenwerk = actor_id(extract(TEXT), "Wolkenwerk Solutions GmbH")  # ids as ccg extract prints them
    using = curated_resources(tmp_path, f"merge,Muster Kabinenbau GmbH,{wolkenwerk},,\nmerge,{wolkenwerk},tuhh,,\n")
    assert {a.iri.rsplit("/", 1)[1] for a in extract(TEXT, using=using).actors} == {"tuhh"}


def test_curation_rows_with_the_earlier_ids_of_candidates_still_apply(tmp_path):
    # ids as ccg extract printed them before ids were readable: slugs of the folded key
    using = curated_resources(
        tmp_path,
        "accept,must-kabinenbau,,,checked\nrename,must-kabinenbau,,Muster Kabinenbau (Hamburg),\n"
        "merge,nordlicht-robotic,wolkenwerk-solutio,Wolkenwerk Solutions GmbH,\n",
    )
    muster, wolken = extract(TEXT, using=using).actors
    assert (muster.iri.rsplit("/", 1)[1], muster.status, muster.label) == ("muster-kabinenbau", "accepted", "Muster Kabinenbau (Hamburg)")
    merged = extract("Die Nordlicht Robotics GmbH baut Drohnen.", using=using).actors[0]
    assert (merged.iri, merged.label) == (wolken.iri, "Wolkenwerk Solutions GmbH")  # the target lives in another document


def test_curation_file_with_only_a_header_changes_nothing(tmp_path):
    path = write_curation(tmp_path, "")
    assert read_curation(path) == ()
    assert read_curation(tmp_path / "missing.csv") == ()


def test_a_bad_curation_row_is_one_line_naming_file_and_line(tmp_path):
    path = write_curation(tmp_path, "accept,x,,,\nmerge,y,,,\n")
    with pytest.raises(ExtractionError) as error:
        read_curation(path)
    assert str(error.value) == f"{path}:3: merge needs a target actor; use accept, reject, merge or rename (see docs/extraction.md)"


def test_repository_curation_file_is_readable():
    from ingest.resources import DEFAULT_CURATION_FILE

    assert DEFAULT_CURATION_FILE.read_text(encoding="utf-8").splitlines()[0] == "action,actor,target,label,note"
    read_curation(DEFAULT_CURATION_FILE, resources().actor_id)


def test_member_rows_resolve_like_found_names():
    known = resolve_member("Jungheinrich AG", "", "logistics", resources())
    assert (known.iri, known.source, known.status, known.type) == (f"{BASE}actor/jungheinrich", "memberlist", "curated", "Company")
    new = resolve_member("Nordlicht Robotics", "Company", "Logistik-Initiative Hamburg", resources())
    assert (new.iri, new.status, new.type) == (f"{BASE}actor/nordlicht-robotics", "candidate", "Company")
