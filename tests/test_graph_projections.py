"""SPARQL projections of a small store written in ccg's data model (tests/graph_world.py: TINY)."""

from __future__ import annotations

import pytest

from graph.projections import project
from ontology.namespace import TECH
from ontology.store import opened_dataset
from tests.graph_world import TINY, write_world

IRIS = TINY.iris
A = {name: str(IRIS.actor(name)) for name in ("airbus", "lht", "dlr", "hhla", "uke", "tuhh", "startup-x", "old-co")}
C = {name: str(IRIS.cluster(name)) for name in ("aviation", "maritime", "health")}
T = {name: str(TECH[name]) for name in ("hydrogen", "fuel-cells", "artificial-intelligence", "medical-imaging", "robotics", "autonomous-shipping")}


@pytest.fixture(scope="module")
def projections(tmp_path_factory):
    with opened_dataset(tmp_path_factory.mktemp("tiny") / "store") as dataset:
        write_world(dataset, TINY)
        yield project(dataset, IRIS), project(dataset, IRIS, include_candidates=True)


def test_actor_nodes_carry_their_attributes(projections):
    without, _with = projections
    assert sorted(without.actors) == sorted(A[x] for x in ("airbus", "lht", "dlr", "hhla", "uke", "tuhh"))
    assert without.actors.nodes[A["dlr"]] == {
        "label": "DLR", "kind": "actor", "type": "ResearchInstitute", "status": "curated",
        "clusters": [C["aviation"], C["maritime"]],
    }
    assert without.actors.nodes[A["tuhh"]]["clusters"] == []


def test_candidates_only_on_request_and_rejected_never(projections):
    without, with_candidates = projections
    assert A["startup-x"] not in without.actors
    assert with_candidates.actors.nodes[A["startup-x"]]["status"] == "candidate"
    assert A["old-co"] not in with_candidates.actors
    # Startup X and HHLA share passage d2/2; Old Co is in it too but rejected.
    assert with_candidates.actors[A["startup-x"]][A["hhla"]]["co_mentions"] == 1
    assert not any(A["old-co"] in edge for edge in with_candidates.actors.edges)


def test_actor_ties_count_passages_and_partner_statements(projections):
    without, _with = projections
    g = without.actors
    # d1/1 names Airbus and DLR and states "Airbus partnerOf DLR": 1 co-mention + 1 partner statement.
    assert g[A["airbus"]][A["dlr"]] == {"co_mentions": 1, "partner_ties": 1, "weight": 2}
    # d1/2: Lufthansa Technik and Airbus, no statement.
    assert g[A["airbus"]][A["lht"]] == {"co_mentions": 1, "partner_ties": 0, "weight": 1}
    # d3/2: TUHH and DLR with "TUHH partnerOf DLR".
    assert g[A["tuhh"]][A["dlr"]]["weight"] == 2
    assert g.number_of_edges() == 5  # airbus-dlr, airbus-lht, dlr-hhla, dlr-tuhh, tuhh-uke


def test_actor_technology_evidence(projections):
    without, _with = projections
    g = without.actor_technology
    # Airbus and hydrogen: one shared passage (d1/1) + one worksOn statement.
    assert g[A["airbus"]][T["hydrogen"]] == {"co_mentions": 1, "works_on": 1, "weight": 2}
    # DLR and hydrogen share three passages: d1/1, d2/1, d3/2.
    assert g[A["dlr"]][T["hydrogen"]]["weight"] == 3
    # TUHH and artificial intelligence: d3/1 and d3/2.
    assert g[A["tuhh"]][T["artificial-intelligence"]]["weight"] == 2


def test_cluster_profile_parts_by_hand(projections):
    without, _with = projections
    edge = without.cluster_technology[C["aviation"]][T["hydrogen"]]
    # documents: d1 names Airbus twice, LHT once (aviation) and DLR once (half aviation, half maritime):
    #   aviation share 3.5/4; d2 names HHLA twice (maritime) and DLR once: aviation share 0.5/3;
    #   d3 names UKE (health) and DLR once each, TUHH has no cluster: aviation share 0.5/2.
    #   Hydrogen is mentioned once in each: 3.5/4 + 0.5/3 + 0.5/2 = 31/24.
    assert edge["documents"] == pytest.approx(31 / 24)
    # members: Airbus's evidence 2 (whole) + DLR's evidence 3 (half): 3.5
    assert edge["members"] == pytest.approx(3.5)
    assert edge["focus"] == 0.0
    assert edge["weight"] == pytest.approx(31 / 24 + 3.5)
    # health states ccg:focusesOn medical imaging: one unit of evidence
    assert without.cluster_technology[C["health"]][T["medical-imaging"]]["focus"] == 1.0


def test_profiles_keep_technologies_with_one_piece_of_evidence(projections):
    without, _with = projections
    # hydrogen: aviation 31/24 + 3.5, maritime > 1, health only 0.5 (d3's share) -> not in health's profile
    node = without.cluster_technology.nodes[T["hydrogen"]]
    assert node["clusters"] == [C["aviation"], C["maritime"]]
    assert node["evidence"] == 3  # three mentions in all documents
    # autonomous shipping: aviation gets 1/6 (d2) + 1/2 (half of DLR's evidence) = 2/3 < 1; maritime 5/6 + 3/2
    assert without.cluster_technology.nodes[T["autonomous-shipping"]]["clusters"] == [C["maritime"]]
