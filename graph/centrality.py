"""Betweenness and Burt's structural-hole measures of the actor network, computed in igraph's C core.

NetworkX stays the graph model; the work happens on an :class:`graph.indexed.IndexedGraph`.
Every function equals NetworkX's reference implementation (tests check this on random graphs);
betweenness switches from exact to sampled above :data:`EXACT_BETWEENNESS_WORK` (see there).
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graph.indexed import IndexedGraph, clusters_attribute, index_graph, membership_matrix

#: Exact betweenness runs one breadth-first search per node, costing about ``nodes x edges``.
#: Measured here with igraph (``benchmarks/analysis.py`` calibrates it on each run): 0.9-1.0e8
#: node-edge steps per CPU second on 1,000-2,000-actor networks, 5e7 on 20,000 actors and 417,000
#: ties, so this budget costs 2-4 s per betweenness. Exact up to this product (e.g. 2,000 actors
#: with 27,000 ties: 0.5 s); beyond it ``ceil(2e8 / edges)`` sources are sampled with a fixed seed
#: (Brandes and Pich 2007; 480 sources for the 20,000-actor benchmark).
EXACT_BETWEENNESS_WORK = 200_000_000
MIN_SAMPLED_SOURCES = 100


@dataclass(frozen=True)
class Betweenness:
    """Betweenness values and how they were computed.

    ``sources`` is the number of source nodes whose shortest paths were counted: all eligible
    nodes when ``exact``, else the sample size; ``sample`` names them when sampled.
    """

    values: dict[Hashable, float]
    sources: int
    eligible: int
    exact: bool
    sample: tuple[Hashable, ...] = ()


def sample_size(nodes: int, edges: int, work: int = EXACT_BETWEENNESS_WORK) -> int:
    """How many source nodes betweenness uses: all when ``nodes x edges <= work``, else fewer.

    Examples
    --------
    >>> sample_size(2_050, 3_955)
    2050
    >>> sample_size(20_000, 400_000)
    500
    """
    if nodes * max(edges, 1) <= work:
        return nodes
    return min(nodes, max(MIN_SAMPLED_SOURCES, math.ceil(work / max(edges, 1))))


def _sources(candidates: Sequence[int], size: int, seed: int) -> list[int]:
    if size >= len(candidates):
        return list(candidates)
    return sorted(random.Random(seed).sample(list(candidates), size))


def betweenness(graph: nx.Graph | IndexedGraph, *, seed: int = 0, work: int = EXACT_BETWEENNESS_WORK) -> Betweenness:
    r"""Normalised shortest-path betweenness of every node, ignoring weights.

    .. math:: b(v) = \frac{2}{(n-1)(n-2)} \sum_{\{s,t\},\ s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

    where :math:`\sigma_{st}` counts the shortest paths between ``s`` and ``t`` and
    :math:`\sigma_{st}(v)` those through ``v`` (Freeman 1977; Brandes 2001). Ties count as present
    or absent: evidence counts do not shorten paths. This equals
    ``networkx.betweenness_centrality(G, normalized=True)``. When ``n x m`` exceeds ``work`` the sum
    runs over :func:`sample_size` sources drawn with ``random.Random(seed)`` and is scaled by
    ``n / k`` (Brandes and Pich 2007, as NetworkX's ``k=``).

    Examples
    --------
    >>> path = nx.path_graph(["a", "b", "c"])
    >>> betweenness(path).values
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    indexed = index_graph(graph, weight=None)
    n = len(indexed.nodes)
    size = sample_size(n, len(indexed.edges[0]), work)
    sources = _sources(range(n), size, seed)
    if n < 3:
        return Betweenness(indexed.values(np.zeros(n)), len(sources), n, True)
    exact = len(sources) == n
    raw = np.asarray(indexed.igraph.betweenness(directed=False) if exact else indexed.igraph.betweenness(directed=False, sources=sources))
    scaled = raw * (n / len(sources)) * 2.0 / ((n - 1) * (n - 2))
    sample = () if exact else tuple(indexed.nodes[i] for i in sources)
    return Betweenness(indexed.values(scaled), len(sources), n, exact, sample)


def cross_cluster_betweenness(
    graph: nx.Graph | IndexedGraph,
    clusters_of: Mapping[Hashable, Sequence[Hashable]] | None = None,
    *,
    seed: int = 0,
    work: int = EXACT_BETWEENNESS_WORK,
) -> Betweenness:
    r"""Betweenness counted only over shortest paths between actors of different clusters.

    .. math:: b_\times(v) = \frac{1}{|X|} \sum_{\{s,t\} \in X,\ s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

    A pair ``{s, t}`` is in ``X`` when both actors belong to at least one cluster and they share
    none: an actor in clusters {A, B} and one in {B, C} are *not* a cross-cluster pair, one in
    {A, B} and one in {C} are. Actors without a cluster are never endpoints but may lie on paths.
    Dividing by the number of pairs ``|X|`` makes the value the expected share of cross-cluster
    pairs whose shortest paths run through ``v`` (Freeman 1977's betweenness restricted to a pair
    set, Brandes 2008 "On variants of shortest-path betweenness", section 3.3). Sources are
    sampled as in :func:`betweenness` (``n x m > work``), then scaled by ``eligible / k``.

    ``clusters_of`` maps a node to its clusters; default the node attribute ``clusters``.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(g, {"a": ["x"], "b": ["x"], "c": ["y"]}, "clusters")
    >>> cross_cluster_betweenness(g).values  # pairs {a,c} and {b,c}; only a-c runs through b
    {'a': 0.0, 'b': 0.5, 'c': 0.0}
    """
    if clusters_of is None:
        if isinstance(graph, IndexedGraph):
            raise TypeError("pass clusters_of with an IndexedGraph")
        clusters_of = clusters_attribute(graph)
    indexed = index_graph(graph, weight=None)
    n = len(indexed.nodes)
    mu, _clusters = membership_matrix(indexed, clusters_of)
    member = mu.toarray() > 0
    signature = [frozenset(np.flatnonzero(row).tolist()) for row in member]
    eligible = [i for i in range(n) if signature[i]]
    groups: dict[frozenset, list[int]] = {}
    for i in eligible:
        groups.setdefault(signature[i], []).append(i)
    pairs = _cross_pairs(groups)
    size = sample_size(len(eligible), len(indexed.edges[0]), work)
    chosen = set(_sources(eligible, size, seed))
    has_cluster = member.any(axis=1)
    total = np.zeros(n)
    for key, members in sorted(groups.items(), key=lambda item: min(item[1])):
        sources = [i for i in members if i in chosen]
        if not sources:
            continue
        targets = np.flatnonzero(has_cluster & ~member[:, sorted(key)].any(axis=1)).tolist()
        if targets:
            total += np.asarray(indexed.igraph.betweenness(directed=False, sources=sources, targets=targets))
    scale = (len(eligible) / len(chosen)) / pairs if pairs and chosen else 0.0
    exact = len(chosen) == len(eligible)
    sample = () if exact else tuple(indexed.nodes[i] for i in sorted(chosen))
    return Betweenness(indexed.values(total * scale), len(chosen), len(eligible), exact, sample)


def _cross_pairs(groups: Mapping[frozenset, list[int]]) -> int:
    """Number of unordered pairs of actors whose cluster sets are disjoint."""
    keys = list(groups)
    return sum(len(groups[a]) * len(groups[b]) for i, a in enumerate(keys) for b in keys[i + 1 :] if not (a & b))


def constraint(graph: nx.Graph | IndexedGraph, weight: str | None = "weight") -> dict[Hashable, float]:
    r"""Burt's constraint of every node, weighted as in ``networkx.constraint``.

    .. math:: c_i = \sum_{j \in N(i)} \Big(p_{ij} + \sum_{q \in N(i),\ q \ne i,j} p_{iq}\, p_{qj}\Big)^2,
       \qquad p_{ij} = \frac{w_{ij}}{\sum_{k \in N(i)} w_{ik}}

    (Burt 1992, *Structural Holes*, p. 54-55). Low constraint: contacts that are not tied to each
    other, so the actor spans structural holes. A node without neighbours has ``nan``. Computed with
    igraph's ``Graph.constraint``, which uses this same definition.

    Examples
    --------
    >>> star = nx.star_graph(["hub", "a", "b"])
    >>> constraint(star)["hub"]  # two unconnected contacts of weight 1/2: 0.5**2 + 0.5**2
    0.5
    """
    indexed = index_graph(graph, weight=weight)
    return indexed.values(indexed.igraph.constraint(weights="weight"))


def effective_size(graph: nx.Graph | IndexedGraph, weight: str | None = "weight") -> dict[Hashable, float]:
    r"""Burt's effective size of every node, weighted as in ``networkx.effective_size``.

    .. math:: e_i = \sum_{j \in N(i)} \Big(1 - \sum_{q \in N(i),\ q \ne j} p_{iq}\, m_{jq}\Big),
       \qquad m_{jq} = \frac{w_{jq}}{\max_k w_{jk}}

    with :math:`p` as in :func:`constraint` (Burt 1992, p. 52; unweighted it reduces to Borgatti's
    :math:`n - 2t/n`, Borgatti 1997). Only triangles ``i, j, q`` contribute to the redundancy term, so
    it is computed from igraph's triangle list with vectorised NumPy. A node without neighbours has
    ``nan``. It equals NetworkX's per-node definition (``nx.effective_size(G, nodes=G, weight=w)``);
    NetworkX 3.6's whole-graph fast path divides weighted ties by the wrong node's maximum and
    differs from it on weighted graphs.

    Examples
    --------
    >>> g = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> effective_size(g)["ego"]  # 3 contacts, 1 tie among them: 3 - 2*1/3
    2.3333333333333335
    """
    indexed = index_graph(graph, weight=weight)
    if not indexed.nodes:
        return {}
    strength = indexed.strength
    row_max = indexed.weights.max(axis=1).toarray().ravel()
    redundancy = np.zeros(len(indexed.nodes))
    tri = indexed.triangles
    if len(tri):
        a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
        weights = indexed.edges[2]
        w_ab, w_ac, w_bc = (weights[indexed.triangle_edges[:, k]] for k in range(3))
        # ego i, alter j, third q: p_iq * m_jq = (w_iq / s_i) * (w_jq / max_j)
        for ego, j, q, w_iq, w_jq, w_ij, w_qj in (
            (a, b, c, w_ac, w_bc, w_ab, w_bc),
            (b, a, c, w_bc, w_ac, w_ab, w_ac),
            (c, a, b, w_bc, w_ab, w_ac, w_ab),
        ):
            # two ordered (alter, third) choices per ego: (j, q) and (q, j)
            contribution = (w_iq / strength[ego]) * (w_jq / row_max[j]) + (w_ij / strength[ego]) * (w_qj / row_max[q])
            redundancy += np.bincount(ego, weights=contribution, minlength=len(redundancy))
    degree = indexed.degree.astype(float)
    values = np.where(degree > 0, degree - redundancy, np.nan)
    return indexed.values(values)
