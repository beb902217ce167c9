"""The research queries on a tiny store whose answers are known by hand (see tests/research_store.py)."""

from __future__ import annotations

import csv
import io

import pytest

from ontology.errors import QueryError
from ontology.query_library import answer_query, load_library, parse_query_file
from tests.research_store import A, build_research_store

LIBRARY = load_library()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_research_store(tmp_path_factory.mktemp("research") / "store")


def rows(store, name: str, **params: str) -> list[dict[str, str]]:
    answer = answer_query(store, name, params=list(params.items()), fmt="csv")
    return list(csv.DictReader(io.StringIO(answer.body.decode("utf-8"))))


def test_the_library_holds_at_least_twelve_questions_with_parsable_headers():
    assert len(LIBRARY) >= 12
    for query in LIBRARY.values():
        assert query.question.endswith("?"), query.name
        assert query.text.startswith("# question:"), query.name
        declared = {p.name for p in query.params}
        assert {name for name, _ in query.example} <= declared, query.name


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_research_query_runs_with_and_without_its_example(store, name):
    query = LIBRARY[name]
    for params in ([], list(query.example)):
        answer = answer_query(store, name, params=params, fmt="json")
        assert answer.form == "select"


def test_actors_in_several_clusters_leave_out_rejected_actors(store):
    found = {(r["label"], r["clusters"]) for r in rows(store, "actors-in-several-clusters")}
    assert found == {("TUHH", "2"), ("HHLA", "2")}


def test_technologies_by_clusters_counts_focus_work_and_co_mentions(store):
    found = [(r["label"], r["clusters"], r["actors"], r["field"]) for r in rows(store, "technologies-by-clusters")]
    assert found == [("Hydrogen", "3", "3", "Energy technologies"), ("Robotics", "2", "1", "Mobility and autonomous systems")]


def test_one_clusters_technology_profile(store):
    maritime = rows(store, "cluster-technology-profile", cluster="cluster/maritime")
    assert [(r["label"], r["actors"], r["passages"], r["focus"]) for r in maritime] == [
        ("Hydrogen", "2", "2", "false"),  # tuhh in p1, hhla in p3
        ("Robotics", "1", "1", "true"),  # hhla in p2, and the cluster focuses on it
    ]


def test_bridge_candidates_with_their_reasons(store):
    (bridge,) = rows(store, "bridge-candidates")
    assert (bridge["rank"], bridge["clusterA"], bridge["clusterB"]) == ("1", "Hamburg Aviation", "Logistik-Initiative")
    assert (bridge["sharedTechnologies"], bridge["brokers"], bridge["passages"]) == ("Hydrogen", "TUHH", "2")
    evidence = rows(store, "bridge-evidence", bridge="bridge/aviation--logistics")
    assert [r["source"] for r in evidence] == ["docs/d1.txt", "docs/d2.txt"]


def test_the_provenance_of_a_fact_goes_down_to_its_quotes(store):
    (fact,) = rows(store, "provenance-of-a-fact", subject="actor/airbus", predicate="ccg:partnerOf", object="actor/tuhh")
    assert fact["graph"].endswith("graph/document/d1")
    assert fact["sentence"].startswith("Airbus und die TUHH")
    assert sorted(fact["quotes"].split(" | ")) == ["Airbus", "TUHH"]
    (registry,) = rows(store, "provenance-of-a-fact", subject="actor/airbus", predicate="org:memberOf")
    assert registry["graph"].endswith("graph/registry") and registry["sentence"] == ""


def test_candidate_actors_by_mentions_and_near_a_cluster(store):
    (candidate,) = rows(store, "candidate-actors-by-mentions")
    assert (candidate["label"], candidate["mentions"], candidate["documents"], candidate["type"]) == ("H2 Start GmbH", "1", "1", "Company")
    near = rows(store, "candidate-actors-near-a-cluster", cluster="cluster/aviation")
    assert [(r["label"], r["members"], r["passages"]) for r in near] == [("H2 Start GmbH", "2", "1")]  # airbus, tuhh in p1


def test_partners_of_an_actor_either_way(store):
    assert [(r["partnerLabel"], r["statements"]) for r in rows(store, "partners-of-an-actor", actor="actor/tuhh")] == [("Airbus", "1")]


def test_documents_on_a_technology_in_a_period_keep_undated_documents(store):
    all_time = rows(store, "documents-on-a-technology", technology="tech:hydrogen")
    assert [(r["source"], r["created"]) for r in all_time] == [("docs/d1.txt", "2024-03-01"), ("docs/d2.txt", "")]
    later = rows(store, "documents-on-a-technology", technology="tech:hydrogen", **{"from": "2025-01-01"})
    assert [r["source"] for r in later] == ["docs/d2.txt"]
    within = rows(store, "documents-on-a-technology", technology="tech:hydrogen", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert [r["source"] for r in within] == ["docs/d1.txt", "docs/d2.txt"]


def test_brokers_co_mentions_shared_technologies_and_overview(store):
    assert [r["label"] for r in rows(store, "top-brokers")] == ["TUHH", "Airbus"]
    pairs = rows(store, "co-mentioned-actors-across-clusters")
    assert [(r["actorLabel"], r["otherLabel"], r["passages"]) for r in pairs] == [("Airbus", "HHLA", "1")]  # p3; airbus-tuhh share aviation
    shared = rows(store, "technologies-shared-by-two-clusters", clusterA="cluster/aviation", clusterB="cluster/maritime")
    assert [(r["label"], r["actorsA"], r["actorsB"]) for r in shared] == [("Hydrogen", "2", "2")]
    overview = {r["label"]: (r["members"], r["documents"], r["technologies"], r["bridges"]) for r in rows(store, "cluster-overview")}
    assert overview["Hamburg Aviation"] == ("3", "2", "1", "1")  # junk is rejected


def test_a_value_is_bound_never_pasted(store):
    quote_breaking = 'x" } UNION { ?c ?p ?label } #'
    answer = answer_query(store, "SELECT ?label WHERE { ?c rdfs:label ?label }", params=[("label", quote_breaking)], fmt="csv")
    assert answer.body.decode().splitlines() == ["label"]
    with pytest.raises(QueryError, match="is not an IRI"):
        rows(store, "partners-of-an-actor", actor=f"actor/{quote_breaking.replace(' ', '')}")
    bound = answer_query(store, "SELECT ?actor ?label WHERE { ?actor rdfs:label ?label }", params=[("actor", "<actor/airbus>")], fmt="csv")
    assert bound.body.decode().splitlines()[1:] == [f"{A['airbus']},Airbus"]


@pytest.mark.parametrize("header, problem", [
    ("SELECT * {}", "exactly one '# question"),
    ("# question: a?\n# param: cluster iri — no question mark\nSELECT * {}", "param line"),
    ("# question: a?\n# param: ?c thing — bad kind\nSELECT * {}", "kind 'thing'"),
])
def test_a_malformed_header_is_one_line_naming_the_file(header, problem):
    with pytest.raises(QueryError, match=problem) as raised:
        parse_query_file(header, "q", "queries/q.rq")
    assert str(raised.value).startswith("queries/q.rq") and "\n" not in str(raised.value)
