"""Bridge candidates, their reasons and passages, cross-cutting technologies, partners and fields."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from graph.bridges import bridge_candidates, tfidf_profiles
from graph.communities import co_learning_fields, communities
from graph.partners import resolve_actor, suggest_partners
from graph.passages import attach_quotes
from graph.projections import project
from graph.technologies import normalised_entropy, technology_spread
from graph.errors import GraphError
from ontology.namespace import TECH
from ontology.store import opened_dataset
from tests.graph_world import TINY, write_world

IRIS = TINY.iris
A = {name: str(IRIS.actor(name)) for name in ("airbus", "lht", "dlr", "hhla", "uke", "tuhh")}
C = {name: str(IRIS.cluster(name)) for name in ("aviation", "maritime", "health")}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    with opened_dataset(tmp_path_factory.mktemp("tiny") / "store") as dataset:
        write_world(dataset, TINY)
        projection = project(dataset, IRIS)
        candidates = bridge_candidates(projection.actors, projection.actor_technology, projection.cluster_technology)
        members = {c: frozenset(a for a, cs in projection.actors.nodes(data="clusters") if c in cs) for c in C.values()}
        yield dataset, projection, attach_quotes(dataset, candidates, members)


def test_closeness_is_the_sum_of_the_technology_contributions():
    profiles = np.array([[3.0, 1.0, 0.0, 2.0], [1.0, 0.0, 4.0, 2.0], [0.0, 0.0, 1.0, 0.0]])
    x = tfidf_profiles(profiles)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0)
    assert float(x[0] @ x[1]) == pytest.approx(float((x[0] * x[1]).sum()))
    assert float(x[0] @ x[2]) == 0.0  # no shared technology


def test_structural_tie_parts_by_hand(tiny):
    _dataset, _projection, candidates = tiny
    pair = {(c.cluster_a, c.cluster_b): c for c in candidates}[(C["aviation"], C["maritime"])]
    # aviation: Airbus, LHT, DLR (3); maritime: DLR, HHLA (2).
    # shared members: DLR, over the smaller cluster: 1/2.
    assert pair.shared_members == pytest.approx(0.5)
    # partner pairs across: Airbus-DLR (1) over sqrt(3*2); co-mention pairs: Airbus-DLR, DLR-HHLA (2).
    assert pair.partner_ties == pytest.approx(1 / math.sqrt(6))
    assert pair.co_mention_ties == pytest.approx(2 / math.sqrt(6))
    assert pair.structural_tie == pytest.approx((0.5 + 3 / math.sqrt(6)) / 3)
    assert pair.score == pytest.approx(pair.topical_closeness * (1 - pair.structural_tie))
    health = {(c.cluster_a, c.cluster_b): c for c in candidates}[(C["health"], C["maritime"])]
    assert health.structural_tie == 0.0 and health.score == pytest.approx(health.topical_closeness)


def test_candidates_are_ranked_with_their_reasons(tiny):
    _dataset, _projection, candidates = tiny
    assert [c.rank for c in candidates] == list(range(1, len(candidates) + 1))
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert all(c.cluster_a < c.cluster_b for c in candidates)
    for c in candidates:
        contributions = [t.contribution for t in c.technologies]
        assert contributions == sorted(contributions, reverse=True)
        assert sum(contributions) <= c.topical_closeness + 1e-9
    first = candidates[0]
    assert first.technologies[0].technology == str(TECH["hydrogen"])


def test_brokers_reach_both_sides_first(tiny):
    _dataset, _projection, candidates = tiny
    pair = {(c.cluster_a, c.cluster_b): c for c in candidates}[(C["aviation"], C["maritime"])]
    # DLR: member of both (1 each) + ties to Airbus (2, aviation) and HHLA (1, maritime): min(3, 2) = 2.
    dlr = pair.brokers[0]
    assert dlr.actor == A["dlr"] and dlr.ties == pytest.approx(2.0)
    assert dlr.score == pytest.approx(dlr.ties + dlr.technology)
    assert [b.score for b in pair.brokers] == sorted((b.score for b in pair.brokers), reverse=True)


def test_quotes_mention_a_shared_technology_one_per_document(tiny):
    _dataset, _projection, candidates = tiny
    first = candidates[0]
    assert first.quotes, "every candidate of TINY has a passage with a shared technology"
    assert len({q.document for q in first.quotes}) == len(first.quotes)
    # Shared: hydrogen and artificial intelligence (shares summing to 1). d3/2 names DLR (a member of
    # both clusters: +1 +1) with both technologies: 1 + 2 = 3, the best; d2/1 and d1/1 name DLR with
    # hydrogen only: 2 + hydrogen's share.
    assert first.quotes[0].text == "TUHH and DLR develop artificial intelligence for hydrogen."
    assert first.quotes[0].score == pytest.approx(3.0)
    titles = {q.title for q in first.quotes}
    assert "Port <automation> & shipping" in titles  # raw here; escaped only when rendered


def test_technology_spread_ranks_cross_cutting_first(tiny):
    _dataset, projection, _candidates = tiny
    spreads = technology_spread(projection.cluster_technology)
    assert [s.rank for s in spreads] == list(range(1, len(spreads) + 1))
    assert [s.spread for s in spreads] == sorted((s.spread for s in spreads), reverse=True)
    hydrogen = next(s for s in spreads if s.technology == str(TECH["hydrogen"]))
    assert hydrogen.clusters == (C["aviation"], C["maritime"]) and hydrogen.cross_cutting
    weights = [projection.cluster_technology[c][hydrogen.technology]["weight"] for c in hydrogen.clusters]
    assert hydrogen.entropy == pytest.approx(normalised_entropy(weights, 3))
    robotics = next(s for s in spreads if s.technology == str(TECH["robotics"]))
    assert robotics.spread == 1 and robotics.entropy == 0.0 and not robotics.cross_cutting


def test_entropy_by_hand():
    # shares 1/2, 1/4, 1/4 over 4 clusters: H = 1.5 ln 2, normalised by ln 4 = 2 ln 2: 0.75
    assert normalised_entropy([2.0, 1.0, 1.0], 4) == pytest.approx(0.75)


@pytest.mark.parametrize("seed", range(3))
def test_partner_scores_equal_networkx_resource_allocation(seed):
    rnd = random.Random(seed)
    actors = nx.gnm_random_graph(15, 25, seed=seed)
    actors = nx.relabel_nodes(actors, {i: f"a{i:02d}" for i in actors})
    techs = nx.Graph([(a, f"t{rnd.randint(0, 4)}") for a in actors if rnd.random() < 0.7])
    combined = nx.compose(actors, techs)
    ego = "a00"
    for s in suggest_partners(actors, techs, ego, top=100):
        ((_u, _v, reference),) = nx.resource_allocation_index(combined, [(ego, s.actor)])
        assert s.score == pytest.approx(reference)
        assert not actors.has_edge(ego, s.actor)
        assert sum(n.contribution for n in s.shared) == pytest.approx(s.score)


def test_resolve_actor_by_id_iri_name_and_alias(tiny):
    dataset, _projection, _candidates = tiny
    assert resolve_actor(dataset, IRIS, "dlr") == A["dlr"]
    assert resolve_actor(dataset, IRIS, A["dlr"]) == A["dlr"]
    assert resolve_actor(dataset, IRIS, "lufthansa technik") == A["lht"]
    with pytest.raises(GraphError, match="no actor"):
        resolve_actor(dataset, IRIS, "Nobody GmbH } UNION { ?x ?y ?z")


def test_co_learning_fields_span_clusters(tiny):
    _dataset, projection, _candidates = tiny
    found = communities(projection.actors, seed=0)
    fields = co_learning_fields(found, projection.actors, projection.actor_technology, min_size=2)
    for field in fields:
        spanned = {c for m in field.members for c in projection.actors.nodes[m]["clusters"]}
        assert len(spanned) >= 2 and {c for c, _ in field.clusters} == spanned
        assert set(field.technologies) <= set(projection.actor_technology)
