"""Readable, stable ids of candidate actors: citation forms of names, checked by hand and on the gold files."""

from __future__ import annotations

import functools

import pytest

from ingest.citation import candidate_slug, citation_name
from ingest.evaluate import Gold, GoldActor, gold_documents, read_gold
from ingest.language import pipeline_language
from ingest.readers import read_document
from ingest.resolve import actor_key, match_registry
from ingest.textnorm import display_name
from ontology.foundation import REPOSITORY_DIR
from tests.extract_world import extract, resources

SAMPLE = REPOSITORY_DIR / "data" / "sample"


@pytest.mark.parametrize(
    ("forms", "slug"),
    [
        (("Freie und Hansestadt Hamburg", "der Freien und Hansestadt Hamburg"), "freie-und-hansestadt-hamburg"),
        (("Deutsches Zentrum für Luft- und Raumfahrt e.V.", "des Deutschen Zentrums für Luft- und Raumfahrt"), "deutsche-zentrum-fuer-luft-und-raumfahrt"),
        (("Deutscher Wetterdienst", "des Deutschen Wetterdienstes", "dem Deutschen Wetterdienst"), "deutsche-wetterdienst"),
        (("Maritimes Cluster Norddeutschland", "des Maritimen Clusters Norddeutschland"), "maritime-cluster-norddeutschland"),
        (("Universitätsklinikum Hamburg-Eppendorf", "des Universitätsklinikums Hamburg-Eppendorf"), "universitaetsklinikum-hamburg-eppendorf"),
        (("Landeskriminalamt Hamburg", "des Landeskriminalamts Hamburg"), "landeskriminalamt-hamburg"),
        (("Verband Deutscher Reeder", "des Verbandes Deutscher Reeder"), "verband-deutscher-reeder"),
        (("Vereinigte Staaten", "der Vereinigten Staaten"), "vereinigte-staaten"),
        (("Hamburger Verkehrsverbund", "des Hamburger Verkehrsverbunds"), "hamburger-verkehrsverbund"),
        (("Deutsche Telekom AG", "der Deutschen Telekom"), "deutsche-telekom"),
        (("Fr. Fassmer GmbH & Co. KG", "der Fr. Fassmer GmbH & Co. KG"), "fr-fassmer"),
        (("Amazon Web Services, Inc.", "Amazon Web Services"), "amazon-web-services"),
        (("State of Brandenburg", "the State of Brandenburg"), "state-of-brandenburg"),
        (("Lloyd's Register Group Ltd", "Lloyd's Register Group Limited"), "lloyds-register-group"),
    ],
)
def test_inflected_forms_of_a_name_give_one_readable_slug(forms, slug):
    assert {candidate_slug(form, resources().rules) for form in forms} == {slug}


@pytest.mark.parametrize(
    "name",
    ["Philips", "InnoGames", "Becker Marine Systems", "Starship Technologies", "Life Sciences", "Helmholtz Association",
     "Garten der Welt", "Asklepios Kliniken", "Hochschule für Angewandte Wissenschaften", "Behörde für Wirtschaft und Innovation der Freien und Hansestadt Hamburg"],
)
def test_english_words_brands_plurals_and_complements_stay_as_written(name):
    assert citation_name(name, resources().rules) == name


@functools.lru_cache(maxsize=None)
def golds() -> tuple[tuple[str, Gold], ...]:
    return tuple((document.name, read_gold(gold)) for gold, document in gold_documents(SAMPLE))


def in_registry(actor: GoldActor) -> bool:
    rules, index = resources().rules, resources().index
    return match_registry(actor_key(actor.canonical, rules), index, 100, full_key=actor_key(actor.canonical, rules, True)) is not None


def disagreements(actors: list[GoldActor]) -> list[set[str]]:
    """The forms (name, aliases, canonical) of one actor that have one key but different slugs."""
    rules, found = resources().rules, []
    for actor in actors:
        by_key: dict[str, set[str]] = {}
        for form in (actor.name, *actor.aliases, actor.canonical):
            by_key.setdefault(actor_key(form, rules), set()).add(form)
        found += [forms for forms in by_key.values() if len({candidate_slug(f, rules) for f in forms}) > 1]
    return found


def test_gold_forms_of_one_actor_with_one_key_give_one_slug():
    actors = [actor for _, gold in golds() for actor in gold.actors]
    candidates = [actor for actor in actors if not in_registry(actor)]
    assert candidates and len(candidates) < len(actors)
    assert disagreements(candidates) == []
    assert disagreements(actors) == []  # registry actors' gold forms: more inflected German examples


def test_gold_candidates_get_one_iri_per_document():
    checked = 0
    for name, gold in golds():
        candidates = [actor for actor in gold.actors if not in_registry(actor)]
        if not candidates:
            continue
        document = read_document(SAMPLE / name, cwd=SAMPLE)
        language = pipeline_language(document.language)
        found = extract(document.text, language).actors
        show = functools.partial(display_name, rules=resources().rules.language(language))
        for actor in candidates:
            forms = {show(form) for form in (actor.name, *actor.aliases)}
            iris = {mention.iri for mention in found if show(mention.text) in forms}
            assert len(iris) <= 1, (name, actor.name, iris)
            checked += len(iris)
    assert checked
