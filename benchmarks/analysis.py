"""Analysis benchmark: every actor measure and the bridge candidates on a synthetic Hamburg at scale.

The generator (seeded) draws 20,000 actors in 50 clusters of uneven size (one actor in ten also in a
second cluster), 300 technologies with a topic profile per cluster, and 100,000 documents: each
names 2-5 actors of one cluster (popular actors more often; one document in seven also names an
actor of another cluster) and 1-3 technologies of that cluster's profile; one in twenty states a
partnership. Co-mentions, partnerships and actor-technology evidence are counted as the projections
count them (one passage per document). The NetworkX graphs are then measured with the functions
``graph.analyse.analyse_projection`` calls, one by one, each printed with its time and, where
python-igraph implements the same measure, igraph's time on the same input and the ratio.

A calibration first measures exact betweenness on smaller generator graphs: the node x edge work
igraph manages per second sets ``graph.centrality.EXACT_BETWEENNESS_WORK``.

Usage: python benchmarks/analysis.py [--actors 20000 --clusters 50 --technologies 300 --documents 100000 --seed 0]
Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Callable
from itertools import combinations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.bridges import bridge_candidates
from graph.brokerage import bridging_scores, brokerage_roles, participation_coefficient
from graph.centrality import EXACT_BETWEENNESS_WORK, betweenness, constraint, cross_cluster_betweenness, effective_size
from graph.communities import co_learning_fields, communities, seeded_igraph
from graph.indexed import clusters_attribute, index_graph
from graph.technologies import technology_spread
from ontology.iris import IriScheme
from ontology.namespace import TECH


def _draw(rng: np.random.Generator, pools: list[np.ndarray], weights: list[np.ndarray], groups: np.ndarray) -> np.ndarray:
    """One item per entry of ``groups``, drawn from ``pools[g]`` with probability proportional to ``weights[g]``."""
    out = np.empty(len(groups), dtype=np.int64)
    for g in np.unique(groups):
        where = np.flatnonzero(groups == g)
        cumulative = np.cumsum(weights[g])
        picks = np.searchsorted(cumulative, rng.random(len(where)) * cumulative[-1], side="right")
        out[where] = pools[g][np.minimum(picks, len(pools[g]) - 1)]
    return out


def synthetic(actors: int, clusters: int, technologies: int, documents: int, seed: int = 0) -> tuple[nx.Graph, nx.Graph, nx.Graph]:
    """The actor, actor-technology and cluster-technology graphs of a seeded synthetic corpus."""
    rng = np.random.default_rng(seed)
    iris = IriScheme()
    size_share = rng.dirichlet(np.full(clusters, 2.0))
    home = rng.choice(clusters, actors, p=size_share)
    second = np.where(rng.random(actors) < 0.1, rng.integers(0, clusters, actors), -1)
    popularity = rng.pareto(1.5, actors) + 1.0
    members = [np.flatnonzero((home == c) | (second == c)) for c in range(clusters)]
    profiles = rng.dirichlet(np.full(technologies, 0.05), clusters) * 0.8 + rng.dirichlet(np.full(technologies, 1.0)) * 0.2
    doc_cluster = rng.choice(clusters, documents, p=size_share)
    named = rng.integers(2, 6, documents)
    cross = rng.random(documents) < 1 / 7
    # actors: up to 5 per document from its cluster, plus one from another cluster
    slots = np.full((documents, 6), -1, dtype=np.int64)
    for k in range(5):
        rows = np.flatnonzero(named > k)
        slots[rows, k] = _draw(rng, members, [popularity[m] for m in members], doc_cluster[rows])
    rows = np.flatnonzero(cross)
    other = (doc_cluster[rows] + rng.integers(1, clusters, len(rows))) % clusters
    slots[rows, 5] = _draw(rng, members, [popularity[m] for m in members], other)
    # technologies: 1-3 per document from its cluster's profile
    tech_pool = [np.arange(technologies)] * clusters
    mentioned = rng.integers(1, 4, documents)
    tech_slots = np.full((documents, 3), -1, dtype=np.int64)
    for k in range(3):
        rows = np.flatnonzero(mentioned > k)
        tech_slots[rows, k] = _draw(rng, tech_pool, list(profiles), doc_cluster[rows])
    pairs = np.concatenate([slots[:, [i, j]] for i, j in combinations(range(6), 2)])
    pairs = pairs[(pairs[:, 0] >= 0) & (pairs[:, 1] >= 0) & (pairs[:, 0] != pairs[:, 1])]
    co = sp.coo_matrix((np.ones(len(pairs)), (pairs.min(axis=1), pairs.max(axis=1))), shape=(actors, actors)).tocsr()
    partner_docs = np.flatnonzero((rng.random(documents) < 0.05) & (slots[:, 1] >= 0) & (slots[:, 0] != slots[:, 1]))
    p = slots[partner_docs][:, :2]
    partners = sp.coo_matrix((np.ones(len(p)), (p.min(axis=1), p.max(axis=1))), shape=(actors, actors)).tocsr()
    at = np.concatenate([np.column_stack((slots[:, i], tech_slots[:, j])) for i in range(6) for j in range(3)])
    at = at[(at[:, 0] >= 0) & (at[:, 1] >= 0)]
    evidence = sp.coo_matrix((np.ones(len(at)), (at[:, 0], at[:, 1])), shape=(actors, technologies)).tocsr()
    evidence.sum_duplicates()

    actor_iris = [str(iris.actor(f"a{i:05d}")) for i in range(actors)]
    cluster_iris = [str(iris.cluster(f"c{c:02d}")) for c in range(clusters)]
    tech_iris = [str(TECH._NS[f"synthetic-{t:03d}"]) for t in range(technologies)]
    g = nx.Graph()
    for i, iri in enumerate(actor_iris):
        own = sorted({cluster_iris[home[i]]} | ({cluster_iris[second[i]]} if second[i] >= 0 else set()))
        g.add_node(iri, label=f"Actor {i}", kind="actor", type="Company", status="curated", clusters=own)
    _add_ties(g, actor_iris, co, partners)
    a_t = nx.Graph()
    a_t.add_nodes_from(g.nodes(data=True))
    a_t.add_nodes_from((t, {"label": f"Technology {i}", "kind": "technology", "clusters": []}) for i, t in enumerate(tech_iris))
    coo = evidence.tocoo()
    a_t.add_edges_from((actor_iris[a], tech_iris[t], {"co_mentions": int(w), "works_on": 0, "weight": float(w)}) for a, t, w in zip(coo.row, coo.col, coo.data))
    # profiles as the projection defines them: documents' mentions go to their cluster, members' evidence split 1/k
    doc_part = np.zeros((clusters, technologies))
    for k in range(3):
        ok = tech_slots[:, k] >= 0
        np.add.at(doc_part, (doc_cluster[ok], tech_slots[ok, k]), 1.0)
    membership = np.zeros((actors, clusters))
    membership[np.arange(actors), home] = 1.0
    has_second = second >= 0
    membership[np.flatnonzero(has_second), second[has_second]] = 1.0
    membership /= membership.sum(axis=1, keepdims=True)
    member_part = membership.T @ evidence.toarray()
    c_t = nx.Graph()
    c_t.add_nodes_from((c, {"label": f"Cluster {i}", "kind": "cluster", "id": f"c{i:02d}"}) for i, c in enumerate(cluster_iris))
    c_t.add_nodes_from((t, {"label": f"Technology {i}", "kind": "technology", "evidence": int(doc_part[:, i].sum())}) for i, t in enumerate(tech_iris))
    for c, t in zip(*np.nonzero(doc_part + member_part)):
        c_t.add_edge(cluster_iris[c], tech_iris[t], documents=float(doc_part[c, t]), focus=0.0, members=float(member_part[c, t]), weight=float(doc_part[c, t] + member_part[c, t]))
    return g, a_t, c_t


def _add_ties(graph: nx.Graph, names: list[str], co: sp.csr_matrix, partners: sp.csr_matrix) -> None:
    both = (co + partners).tocoo()
    co_values = np.asarray(co[both.row, both.col]).ravel().astype(int).tolist()
    partner_values = np.asarray(partners[both.row, both.col]).ravel().astype(int).tolist()
    graph.add_edges_from(
        (names[u], names[v], {"co_mentions": c, "partner_ties": p, "weight": float(c + p)})
        for u, v, c, p in zip(both.row.tolist(), both.col.tolist(), co_values, partner_values)
    )


def timed(action: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """``((wall seconds, CPU seconds of this process), result)`` of ``action()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = action()
    return (time.perf_counter() - wall, time.process_time() - cpu), value


def calibrate(seed: int) -> dict[str, float]:
    """igraph's exact betweenness on smaller generator graphs: node x edge steps per second."""
    figures = {}
    for actors in (1_000, 2_000):
        g, _at, _ct = synthetic(actors, 50, 300, actors * 5, seed)
        indexed = index_graph(g, weight=None)
        _ = indexed.igraph
        (wall, cpu), _ = timed(lambda: indexed.igraph.betweenness(directed=False))
        work = len(indexed.nodes) * len(indexed.edges[0])
        figures[f"exact_betweenness_{actors}_cpu_s"] = round(cpu, 3)
        figures[f"exact_betweenness_{actors}_work_per_cpu_s"] = round(work / cpu)
        print(f"calibration: exact betweenness, {actors} actors, {len(indexed.edges[0])} ties: {cpu:.2f} s CPU ({wall:.2f} s wall), {work / cpu:.3g} node-edge steps per CPU second")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--clusters", type=int, default=50)
    parser.add_argument("--technologies", type=int, default=300)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    figures: dict[str, float] = calibrate(args.seed)

    (seconds, _cpu), (actors, actor_tech, cluster_tech) = timed(lambda: synthetic(args.actors, args.clusters, args.technologies, args.documents, args.seed))
    figures["generate_wall_s"] = round(seconds, 2)
    print(f"generated {actors.number_of_nodes()} actors, {actors.number_of_edges()} ties, {actor_tech.number_of_edges()} actor-technology ties in {seconds:.1f} s")
    print(f"{'step':<28} {'CPU s':>8} {'wall s':>8}   {'igraph CPU s':>12}   ratio (CPU)")

    totals = [0.0, 0.0]

    def report(name: str, ours: tuple[float, float], reference: tuple[float, float] | None = None, note: str = "") -> None:
        key = name.split(" (")[0].replace(" ", "_").replace("-", "_")
        totals[0] += ours[0]
        totals[1] += ours[1]
        figures[f"{key}_cpu_s"] = round(ours[1], 3)
        figures[f"{key}_wall_s"] = round(ours[0], 3)
        head = f"{name:<28} {ours[1]:8.3f} {ours[0]:8.3f}"
        if reference is None:
            print(f"{head}   {'none':>12}{note}")
        else:
            ratio = ours[1] / max(reference[1], 1e-9)
            figures[f"{key}_igraph_cpu_s"] = round(reference[1], 3)
            figures[f"{key}_ratio"] = round(ratio, 2)
            print(f"{head}   {reference[1]:12.3f}   {ratio:5.2f}x{note}")

    clusters_of = clusters_attribute(actors)
    t, indexed = timed(lambda: index_graph(actors))
    t_ig, _ = timed(lambda: indexed.igraph)
    report("index (networkx -> arrays + igraph)", (t[0] + t_ig[0], t[1] + t_ig[1]))
    t, _tri = timed(lambda: indexed.triangle_edges)
    ref, _ = timed(lambda: indexed.igraph.list_triangles())
    report("triangles (+ their edges)", t, ref, "   (shared by effective size and brokerage roles)")
    t, plain = timed(lambda: betweenness(indexed, seed=args.seed))
    ref, _ = timed(lambda: indexed.igraph.betweenness(directed=False, sources=[indexed.index[s] for s in plain.sample] or None))
    report("betweenness", t, ref, f"   ({'exact' if plain.exact else f'sampled, {plain.sources} sources'})")
    t, cross = timed(lambda: cross_cluster_betweenness(indexed, clusters_of, seed=args.seed))
    ref, _ = timed(lambda: indexed.igraph.betweenness(directed=False, sources=[indexed.index[s] for s in cross.sample] or None))
    report("cross-cluster betweenness", t, ref, f"   ({cross.sources} sources; igraph: plain betweenness from the same sources)")
    t, burt = timed(lambda: constraint(indexed))
    ref, _ = timed(lambda: indexed.igraph.constraint(weights="weight"))
    report("constraint", t, ref)
    t, _sizes = timed(lambda: effective_size(indexed))
    report("effective size", t, None, "   (igraph has none)")
    t, participation = timed(lambda: participation_coefficient(indexed, clusters_of))
    report("participation coefficient", t)
    t, _roles = timed(lambda: brokerage_roles(indexed, clusters_of))
    report("brokerage roles", t, None, "   (igraph has none)")
    t, _bridging = timed(lambda: bridging_scores(cross.values, participation, burt))
    report("bridging score", t)
    t, found = timed(lambda: communities(indexed, seed=args.seed))

    def igraph_leiden() -> None:
        with seeded_igraph(args.seed):
            indexed.igraph.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)

    ref, _ = timed(igraph_leiden)
    report("communities (Leiden)", t, ref, f"   ({len(found)} communities)")
    t, fields = timed(lambda: co_learning_fields(found, actors, actor_tech))
    report("co-learning fields", t, None, f"   ({len(fields)} fields)")
    t, spreads = timed(lambda: technology_spread(cluster_tech))
    report("technology spread", t, None, f"   ({sum(s.cross_cutting for s in spreads)} cross-cutting)")
    t, candidates = timed(lambda: bridge_candidates(actors, actor_tech, cluster_tech))
    report("bridge candidates", t, None, f"   ({len(candidates)} cluster pairs)")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = totals
    load = os.getloadavg()[0]
    figures.update(total_wall_s=round(wall, 2), total_cpu_s=round(cpu, 2), bound_s=60, within_bound_wall=wall <= 60, within_bound_cpu=cpu <= 60,
                   load_average=round(load, 2), peak_rss_mb=round(peak_mb), actors=actors.number_of_nodes(), ties=actors.number_of_edges(),
                   betweenness_sources=plain.sources, exact_betweenness_work=EXACT_BETWEENNESS_WORK)
    print(f"{'total analysis':<28} {cpu:8.3f} {wall:8.3f}   bound 60 s: CPU {'met' if cpu <= 60 else 'MISSED'}, wall {'met' if wall <= 60 else 'MISSED'} "
          f"(load average {load:.1f} on {os.cpu_count()} cores); peak memory {peak_mb:.0f} MB")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
