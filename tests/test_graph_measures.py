"""Actor measures: hand-computed values on tiny graphs, and equality with NetworkX or brute force on
random graphs (seeded)."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest

from graph.brokerage import RoleCounts, bridging_scores, brokerage_roles, participation_coefficient
from graph.centrality import betweenness, constraint, cross_cluster_betweenness, effective_size
from graph.communities import communities
from graph.measures import actor_measures


def ego_with_triangle(weight_ea: float = 1.0) -> nx.Graph:
    """Ego E with contacts A, B, C; A and B are tied to each other."""
    g = nx.Graph()
    g.add_edge("E", "A", weight=weight_ea)
    g.add_edge("E", "B", weight=1.0)
    g.add_edge("E", "C", weight=1.0)
    g.add_edge("A", "B", weight=1.0)
    return g


def random_graph(seed: int, nodes: int = 24, edges: int = 50, clusters: str = "ABCD") -> nx.Graph:
    rnd = random.Random(seed)
    g = nx.gnm_random_graph(nodes, edges, seed=seed)
    g = nx.relabel_nodes(g, {i: f"n{i:02d}" for i in g})
    g.add_node("isolated")
    for u, v in g.edges:
        g[u][v]["weight"] = rnd.randint(1, 4)
    for node in g:
        g.nodes[node]["clusters"] = sorted(rnd.sample(clusters, rnd.choice([0, 1, 1, 1, 2, 3])))
    return g


# --- Burt's constraint and effective size, by hand -------------------------------------------


def test_constraint_by_hand_unweighted():
    # p_Ej = 1/3 for A, B, C; p_AE = p_AB = 1/2; p_BE = p_BA = 1/2; p_CE = 1.
    # c_E = (1/3 + 1/3*1/2)^2 [A] + (1/3 + 1/3*1/2)^2 [B] + (1/3)^2 [C] = 1/4 + 1/4 + 1/9 = 11/18
    # c_A = (1/2 + 1/2*1/2)^2 [E via B] + (1/2 + 1/2*1/3)^2 [B via E] = 9/16 + 4/9 = 145/144
    # c_C = (1)^2 = 1
    c = constraint(ego_with_triangle())
    assert c["E"] == pytest.approx(11 / 18)
    assert c["A"] == pytest.approx(145 / 144)
    assert c["C"] == pytest.approx(1.0)


def test_constraint_by_hand_weighted():
    # w_EA = 2: p_EA = 2/4, p_EB = p_EC = 1/4; p_AE = 2/3, p_AB = 1/3; p_BA = 1/2.
    # c_E = (1/2 + 1/4*1/2)^2 + (1/4 + 1/2*1/3)^2 + (1/4)^2 = 25/64 + 25/144 + 1/16 = 361/576
    assert constraint(ego_with_triangle(2.0))["E"] == pytest.approx(361 / 576)


def test_effective_size_by_hand():
    # Unweighted (Borgatti): E has n = 3 contacts and t = 1 tie among them: 3 - 2*1/3 = 7/3;
    # A has contacts E, B tied to each other: 2 - 2*1/2 = 1; C: 1.
    sizes = effective_size(ego_with_triangle())
    assert sizes["E"] == pytest.approx(7 / 3)
    assert sizes["A"] == pytest.approx(1.0)
    assert sizes["C"] == pytest.approx(1.0)
    # Weighted, w_EA = 2, m_jq = w_jq / max_k w_jk:
    # j = A: 1 - p_EB * m_AB = 1 - 1/4 * 1/2 = 7/8; j = B: 1 - p_EA * m_BA = 1 - 1/2 * 1 = 1/2; j = C: 1.
    assert effective_size(ego_with_triangle(2.0))["E"] == pytest.approx(7 / 8 + 1 / 2 + 1)


def test_isolated_actor_has_no_constraint_or_effective_size():
    g = ego_with_triangle()
    g.add_node("alone")
    assert math.isnan(constraint(g)["alone"])
    assert math.isnan(effective_size(g)["alone"])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weight", ["weight", None])
def test_structural_holes_equal_networkx(seed, weight):
    g = random_graph(seed)
    ours_c, ours_e = constraint(g, weight=weight), effective_size(g, weight=weight)
    reference_c = nx.constraint(g, nodes=list(g), weight=weight)
    reference_e = nx.effective_size(g, nodes=list(g), weight=weight)
    for node in g:
        if math.isnan(reference_c[node]):
            assert math.isnan(ours_c[node]) and math.isnan(ours_e[node])
        else:
            assert ours_c[node] == pytest.approx(reference_c[node], abs=1e-12)
            assert ours_e[node] == pytest.approx(reference_e[node], abs=1e-12)


# --- betweenness -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_exact_betweenness_equals_networkx(seed):
    g = random_graph(seed)
    result = betweenness(g)
    assert result.exact and result.sources == g.number_of_nodes() and result.sample == ()
    reference = nx.betweenness_centrality(g, normalized=True)
    for node in g:
        assert result.values[node] == pytest.approx(reference[node], abs=1e-12)


def test_sampled_betweenness_equals_networkx_on_the_same_sources():
    g = random_graph(3, nodes=300, edges=600)
    n = g.number_of_nodes()
    result = betweenness(g, seed=5, work=n)  # n * edges > work: sampled, at least MIN_SAMPLED_SOURCES
    assert not result.exact and result.sources == len(result.sample) < n
    subset = nx.betweenness_centrality_subset(g, sources=list(result.sample), targets=list(g), normalized=False)
    scale = (n / result.sources) * 2.0 / ((n - 1) * (n - 2))
    for node in g:
        assert result.values[node] == pytest.approx(subset[node] * scale, abs=1e-12)
    assert betweenness(g, seed=5, work=n).sample == result.sample  # fixed seed, same sample


def brute_cross_cluster(g: nx.Graph) -> dict[str, float]:
    clusters = {v: set(g.nodes[v]["clusters"]) for v in g}
    pairs = [(s, t) for s, t in itertools.combinations(sorted(g), 2) if clusters[s] and clusters[t] and not clusters[s] & clusters[t]]
    totals = dict.fromkeys(g, 0.0)
    for s, t in pairs:
        if not nx.has_path(g, s, t):
            continue
        paths = list(nx.all_shortest_paths(g, s, t))
        for path in paths:
            for v in path[1:-1]:
                totals[v] += 1 / len(paths)
    return {v: x / len(pairs) for v, x in totals.items()}


@pytest.mark.parametrize("seed", range(4))
def test_cross_cluster_betweenness_equals_brute_force(seed):
    g = random_graph(seed, nodes=16, edges=30)
    result = cross_cluster_betweenness(g)
    reference = brute_cross_cluster(g)
    assert result.exact
    for node in g:
        assert result.values[node] == pytest.approx(reference[node], abs=1e-12)


def test_sampled_cross_cluster_betweenness_equals_networkx_on_the_same_sources():
    g = random_graph(4, nodes=300, edges=600)
    result = cross_cluster_betweenness(g, seed=1, work=1)
    assert not result.exact and result.sources == len(result.sample) < result.eligible
    clusters = {v: set(g.nodes[v]["clusters"]) for v in g}
    eligible = [v for v in g if clusters[v]]
    pairs = sum(1 for s, t in itertools.combinations(eligible, 2) if not clusters[s] & clusters[t])
    totals = dict.fromkeys(g, 0.0)
    for source in result.sample:
        targets = [t for t in eligible if not clusters[t] & clusters[source]]
        for node, value in nx.betweenness_centrality_subset(g, [source], targets, normalized=False).items():
            totals[node] += value  # half the source's dependencies (undirected)
    scale = (len(eligible) / result.sources) / pairs
    for node in g:
        assert result.values[node] == pytest.approx(totals[node] * scale, abs=1e-12)


def test_cross_cluster_betweenness_counts_no_pair_sharing_a_cluster():
    # x{A} - m{B} - y{A,B}: the only pair with disjoint clusters is none ({A} and {A,B} share A),
    # so nothing is brokered even though m lies on the path x-y.
    g = nx.path_graph(["x", "m", "y"])
    nx.set_node_attributes(g, {"x": ["A"], "m": ["B"], "y": ["A", "B"]}, "clusters")
    assert cross_cluster_betweenness(g).values == {"m": 0.0, "x": 0.0, "y": 0.0}


# --- participation coefficient ----------------------------------------------------------------


def participation_star(weight_a: float = 1.0) -> nx.Graph:
    g = nx.Graph()
    for node, clusters in {"a": ["X"], "b": ["X"], "c": ["Y"], "d": ["Y", "Z"], "e": []}.items():
        g.add_edge("ego", node, weight=weight_a if node == "a" else 1.0)
        g.nodes[node]["clusters"] = clusters
    g.nodes["ego"]["clusters"] = ["X"]
    return g


def test_participation_coefficient_by_hand():
    # k_X = 2 (a, b), k_Y = 1 + 1/2 (c, half of d), k_Z = 1/2; e has no cluster and is left out: k = 4.
    # P = 1 - (2/4)^2 - (1.5/4)^2 - (0.5/4)^2 = 1 - 0.25 - 0.140625 - 0.015625 = 0.59375
    assert participation_coefficient(participation_star())["ego"] == pytest.approx(0.59375)
    # weight 3 on ego-a: k_X = 4, k = 6: P = 1 - (16 + 2.25 + 0.25) / 36 = 17.5 / 36
    assert participation_coefficient(participation_star(3.0))["ego"] == pytest.approx(17.5 / 36)
    # unweighted ignores the 3
    assert participation_coefficient(participation_star(3.0), weight=None)["ego"] == pytest.approx(0.59375)
    # a leaf tied only to ego (cluster X) has all its ties in one cluster; e's single neighbour too
    assert participation_coefficient(participation_star())["a"] == 0.0


@pytest.mark.parametrize("seed", range(4))
def test_participation_coefficient_equals_its_definition(seed):
    g = random_graph(seed)
    ours = participation_coefficient(g)
    for node in g:
        k: dict[str, float] = {}
        for other in g[node]:
            own = g.nodes[other]["clusters"]
            for cluster in own:
                k[cluster] = k.get(cluster, 0.0) + g[node][other]["weight"] / len(own)
        total = sum(k.values())
        expected = 1 - sum((x / total) ** 2 for x in k.values()) if total else 0.0
        assert ours[node] == pytest.approx(expected, abs=1e-12)


# --- Gould-Fernandez brokerage roles -------------------------------------------------------------


def two_path(a: list[str], v: list[str], c: list[str], closed: bool = False) -> dict[str, RoleCounts]:
    g = nx.Graph([("a", "v"), ("v", "c")] + ([("a", "c")] if closed else []))
    nx.set_node_attributes(g, {"a": a, "v": v, "c": c}, "clusters")
    return brokerage_roles(g)


@pytest.mark.parametrize(
    ("a", "v", "c", "expected"),
    [
        (["X"], ["X"], ["X"], RoleCounts(coordinator=1.0)),  # all in X
        (["X"], ["Y"], ["X"], RoleCounts(itinerant=1.0)),  # contacts in X, broker outside
        (["X"], ["X"], ["Y"], RoleCounts(gatekeeper_representative=1.0)),  # broker shares one side
        (["Y"], ["X"], ["X"], RoleCounts(gatekeeper_representative=1.0)),  # ... either side
        (["X"], ["Y"], ["Z"], RoleCounts(liaison=1.0)),  # three clusters
        (["X", "Y"], ["X"], ["X"], RoleCounts(coordinator=0.5, gatekeeper_representative=0.5)),  # a half in X, half in Y
        ([], ["X"], ["X"], RoleCounts()),  # a has no cluster: no role
    ],
)
def test_each_brokerage_role_by_hand(a, v, c, expected):
    assert two_path(a, v, c)["v"] == expected


def test_closed_pair_is_no_brokerage():
    assert two_path(["X"], ["Y"], ["Z"], closed=True)["v"] == RoleCounts()


def test_brokerage_roles_of_a_hub_by_hand():
    # v in X with contacts a, b (X), c (Y), d (Z), none tied to each other: C(4, 2) = 6 open pairs.
    # {a,b}: coordinator; {a,c} {a,d} {b,c} {b,d}: gatekeeper/representative; {c,d}: liaison.
    g = nx.star_graph(["v", "a", "b", "c", "d"])
    nx.set_node_attributes(g, {"v": ["X"], "a": ["X"], "b": ["X"], "c": ["Y"], "d": ["Z"]}, "clusters")
    assert brokerage_roles(g)["v"] == RoleCounts(coordinator=1.0, gatekeeper_representative=4.0, liaison=1.0)
    assert brokerage_roles(g)["v"].main_role == "gatekeeper-representative"


def brute_roles(g: nx.Graph) -> dict[str, dict[str, float]]:
    mu = {v: {c: 1 / len(g.nodes[v]["clusters"]) for c in g.nodes[v]["clusters"]} for v in g}
    result = {}
    for v in g:
        counts = dict(coordinator=0.0, gatekeeper_representative=0.0, itinerant=0.0, liaison=0.0)
        for a, c in itertools.combinations(sorted(g[v]), 2):
            if g.has_edge(a, c):
                continue
            for (s, ws), (t, wt), (u, wu) in itertools.product(mu[a].items(), mu[v].items(), mu[c].items()):
                role = "coordinator" if s == t == u else "itinerant" if s == u else "gatekeeper_representative" if t in (s, u) else "liaison"
                counts[role] += ws * wt * wu
        result[v] = counts
    return result


@pytest.mark.parametrize("seed", range(6))
def test_brokerage_roles_equal_brute_force(seed):
    g = random_graph(seed, nodes=20, edges=45)
    ours, reference = brokerage_roles(g), brute_roles(g)
    for node in g:
        for role, value in reference[node].items():
            assert getattr(ours[node], role) == pytest.approx(value, abs=1e-9)


# --- bridging score, communities, all at once ----------------------------------------------------


def test_bridging_score_is_the_mean_of_its_parts():
    # a: cross 0.3 (the highest -> part 1), P 0.6, constraint 0.25 -> openness 0.75: (1 + 0.6 + 0.75) / 3
    # b: cross 0.15 -> 0.5, P 0, constraint 1.4 (capped at 1) -> openness 0: 0.5 / 3
    scores = bridging_scores({"a": 0.3, "b": 0.15}, {"a": 0.6, "b": 0.0}, {"a": 0.25, "b": 1.4})
    assert scores["a"].score == pytest.approx(2.35 / 3)
    assert (scores["b"].betweenness_part, scores["b"].openness_part) == (0.5, 0.0)
    assert scores["b"].score == pytest.approx(0.5 / 3)


def test_communities_are_a_seeded_partition():
    g = nx.connected_caveman_graph(4, 5)
    g = nx.relabel_nodes(g, {i: f"a{i:02d}" for i in g})
    found = communities(g, seed=3)
    assert sorted(n for members in found for n in members) == sorted(g)
    assert found == communities(g, seed=3)
    assert len(found) == 4 and all(len(members) == 5 for members in found)


def test_actor_measures_bundle_every_measure():
    g = random_graph(1)
    result = actor_measures(g, seed=2)
    by_actor = {m.actor: m for m in result.actors}
    assert sorted(by_actor) == sorted(g)
    reference = nx.betweenness_centrality(g)
    assert by_actor["n01"].betweenness == pytest.approx(reference["n01"])
    assert by_actor["isolated"].constraint is None and by_actor["isolated"].effective_size is None
    assert {m.community for m in result.actors} == set(range(1, len(result.communities) + 1))
