"""Brokerage between clusters: participation coefficient, Gould-Fernandez roles, bridging score.

The cluster is the group (module) in every measure here. An actor may belong to several clusters;
it then counts as a fraction ``1/k`` in each of its ``k`` clusters (fractional membership), so that
every measure stays defined and an actor in one cluster gives the textbook values. Actors without
a cluster take no part in these measures (they have no group to broker between).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.indexed import IndexedGraph, clusters_attribute, index_graph, membership_matrix

#: Role names as written to ``ccg:brokerageRole``, in the order that breaks ties (rarest first).
ROLES = ("liaison", "gatekeeper-representative", "itinerant", "coordinator")


@dataclass(frozen=True)
class RoleCounts:
    """How many open two-paths through an actor fall into each Gould-Fernandez role.

    Counts are fractional when actors belong to several clusters (see :func:`brokerage_roles`).
    """

    coordinator: float = 0.0
    gatekeeper_representative: float = 0.0
    itinerant: float = 0.0
    liaison: float = 0.0

    @property
    def main_role(self) -> str | None:
        """The role with the highest count (ties go to the rarer role, see :data:`ROLES`); None if none.

        Examples
        --------
        >>> RoleCounts(coordinator=2.0, liaison=2.0).main_role
        'liaison'
        >>> RoleCounts().main_role is None
        True
        """
        counts = dict(zip(ROLES, (self.liaison, self.gatekeeper_representative, self.itinerant, self.coordinator)))
        best = max(ROLES, key=lambda role: (round(counts[role], 9), -ROLES.index(role)))
        return best if counts[best] > 1e-12 else None


@dataclass(frozen=True)
class BridgingScore:
    """An actor's bridging score and its three parts (each in [0, 1])."""

    score: float
    betweenness_part: float
    participation_part: float
    openness_part: float


def _memberships(graph: nx.Graph | IndexedGraph, clusters_of: Mapping[Hashable, Sequence[Hashable]] | None, weight: str | None) -> tuple[IndexedGraph, sp.csr_matrix]:
    if clusters_of is None:
        if isinstance(graph, IndexedGraph):
            raise TypeError("pass clusters_of with an IndexedGraph")
        clusters_of = clusters_attribute(graph)
    indexed = index_graph(graph, weight=weight)
    mu, _clusters = membership_matrix(indexed, clusters_of)
    return indexed, mu


def participation_coefficient(
    graph: nx.Graph | IndexedGraph,
    clusters_of: Mapping[Hashable, Sequence[Hashable]] | None = None,
    weight: str | None = "weight",
) -> dict[Hashable, float]:
    r"""Guimerà and Amaral's participation coefficient with the cluster as module.

    .. math:: P_i = 1 - \sum_s \left(\frac{k_{is}}{k_i}\right)^2, \qquad
       k_{is} = \sum_{j \in N(i)} w_{ij}\, \mu_{js}, \qquad k_i = \sum_s k_{is}

    (Guimerà and Amaral 2005, "Functional cartography of complex metabolic networks", Nature
    433:895). :math:`\mu_{js}` is ``1/k`` for each of neighbour ``j``'s ``k`` clusters, so a
    neighbour in two clusters adds half its tie weight to each. Neighbours without a cluster are
    left out of :math:`k_i`; an actor with no tie to a clustered actor gets 0. The actor's own
    clusters do not matter: ``P`` says how evenly its *ties* spread over clusters (0: all in one
    cluster; close to 1: spread evenly over many). ``weight=None`` counts ties instead of summing
    their evidence.

    Examples
    --------
    >>> g = nx.Graph([("ego", "a"), ("ego", "b")])
    >>> nx.set_node_attributes(g, {"a": ["x"], "b": ["y"]}, "clusters")
    >>> participation_coefficient(g)["ego"]  # 1 - (1/2)**2 - (1/2)**2
    0.5
    """
    indexed, mu = _memberships(graph, clusters_of, weight)
    k_is = (indexed.weights @ mu).toarray()
    k_i = k_is.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(k_i[:, None] > 0, k_is / k_i[:, None], 0.0)
    values = np.where(k_i > 0, 1.0 - (shares**2).sum(axis=1), 0.0)
    return indexed.values(values)


def brokerage_roles(
    graph: nx.Graph | IndexedGraph,
    clusters_of: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> dict[Hashable, RoleCounts]:
    r"""Gould and Fernandez's brokerage roles of every actor, with the cluster as group.

    Every *open two-path* ``a - v - c`` (``a`` and ``c`` are neighbours of broker ``v`` but not of
    each other) is one brokerage opportunity. By the groups of ``a``, ``v``, ``c`` it is
    (Gould and Fernandez 1989, "Structures of mediation", Sociological Methodology 19:89-126):

    - *coordinator*: all three in the same cluster;
    - *itinerant* (consultant): ``a`` and ``c`` in one cluster, ``v`` in another;
    - *gatekeeper* / *representative*: ``a`` and ``c`` in different clusters, ``v`` in one of them;
    - *liaison*: all three in different clusters.

    The roles are defined on directed ties: on ``a -> v -> c`` the broker is a gatekeeper when it
    shares the group of the receiver ``c`` and a representative when it shares that of the sender
    ``a``. Our ties (co-mention, partnership) are undirected, so every open pair is both at once:
    the two roles collapse into one count, ``gatekeeper_representative``. Each unordered pair
    ``{a, c}`` is counted once (the directed count on symmetric ties would be twice ours for
    coordinator, itinerant and liaison, and ours for gatekeeper and for representative each).

    Multi-cluster actors: an actor in ``k`` clusters is in each with weight ``1/k``, and a two-path
    adds :math:`\mu_{a s}\,\mu_{v t}\,\mu_{c u}` to the role of the cluster triple ``(s, t, u)``,
    so its total weight 1 is split over the roles. Two-paths through or to an actor without a
    cluster are not counted. Counted without enumerating two-paths: per broker, sums over all
    neighbour pairs follow from ``A @ mu`` and ``A @ mu**2`` (sparse), and the closed pairs
    (triangles, from igraph's C enumeration) are subtracted.

    Examples
    --------
    >>> g = nx.Graph([("a", "v"), ("v", "c")])
    >>> nx.set_node_attributes(g, {"a": ["x"], "v": ["y"], "c": ["z"]}, "clusters")
    >>> brokerage_roles(g)["v"]
    RoleCounts(coordinator=0.0, gatekeeper_representative=0.0, itinerant=0.0, liaison=1.0)
    """
    indexed, mu = _memberships(graph, clusters_of, weight=None)
    clustered = np.asarray(mu.sum(axis=1)).ravel() > 0
    ones = clustered.astype(float)
    adjacency = indexed.adjacency
    s = (adjacency @ mu).toarray()  # S_v(s): membership mass of v's neighbours in cluster s
    q = (adjacency @ mu.multiply(mu)).toarray()  # sum over neighbours of mu_a(s)**2
    m = adjacency @ ones  # clustered neighbours
    mu_dense = mu.toarray()
    pairs_same_by_cluster = (s**2 - q) / 2.0
    coordinator = (mu_dense * pairs_same_by_cluster).sum(axis=1)
    same = pairs_same_by_cluster.sum(axis=1) * ones
    total = m * (m - 1) / 2.0 * ones
    gatekeeper = (m - 1) * (s * mu_dense).sum(axis=1) - 2.0 * coordinator
    closed = _closed_pairs(indexed, mu, ones)
    coordinator = coordinator - closed["coordinator"]
    same = same - closed["same"]
    total = total - closed["total"]
    gatekeeper = gatekeeper - closed["gatekeeper"]
    itinerant = same - coordinator
    liaison = (total - same) - gatekeeper
    result = {}
    for i, node in enumerate(indexed.nodes):
        result[node] = RoleCounts(*(_clean(x[i]) for x in (coordinator, gatekeeper, itinerant, liaison)))
    return result


def _closed_pairs(indexed: IndexedGraph, mu: sp.csr_matrix, ones: np.ndarray) -> dict[str, np.ndarray]:
    """The role sums over closed neighbour pairs (triangles), per broker."""
    n = len(indexed.nodes)
    sums = {key: np.zeros(n) for key in ("coordinator", "same", "total", "gatekeeper")}
    tri = indexed.triangles
    if not len(tri):
        return sums
    rows, cols, _weights = indexed.edges
    edge_dots = np.asarray(mu[rows].multiply(mu[cols]).sum(axis=1)).ravel()  # mu_u . mu_v per edge
    dots = {}
    for k, (x, y) in enumerate(((0, 1), (0, 2), (1, 2))):
        dots[(x, y)] = dots[(y, x)] = edge_dots[indexed.triangle_edges[:, k]]
    triple = np.zeros(len(tri))
    shared = np.flatnonzero((dots[(0, 1)] > 0) & (dots[(0, 2)] > 0))  # only these can share a cluster
    if len(shared):
        picked = tri[shared]
        triple[shared] = np.asarray(mu[picked[:, 0]].multiply(mu[picked[:, 1]]).multiply(mu[picked[:, 2]]).sum(axis=1)).ravel()
    for ego, (a, c) in ((0, (1, 2)), (1, (0, 2)), (2, (0, 1))):
        brokers = tri[:, ego]
        both = ones[tri[:, a]] * ones[tri[:, c]] * ones[brokers]
        weights = {
            "coordinator": triple,
            "same": dots[(a, c)] * ones[brokers],
            "total": both,
            "gatekeeper": (dots[(a, ego)] + dots[(c, ego)]) * both - 2.0 * triple,
        }
        for key, values in weights.items():
            sums[key] += np.bincount(brokers, weights=values, minlength=n)
    return sums


def _clean(value: float) -> float:
    """Round away floating-point noise from the subtractions (counts are sums of products of 1/k)."""
    rounded = round(float(value), 9)
    return 0.0 if rounded == 0 else rounded


def bridging_scores(
    cross_betweenness: Mapping[Hashable, float],
    participation: Mapping[Hashable, float],
    constraint: Mapping[Hashable, float],
) -> dict[Hashable, BridgingScore]:
    r"""The bridging score of every actor: the mean of three parts in [0, 1].

    .. math:: B_i = \tfrac{1}{3}\Big(\underbrace{\frac{b_\times(i)}{\max_j b_\times(j)}}_{\text{betweenness part}}
       + \underbrace{P_i}_{\text{participation part}}
       + \underbrace{1 - \min(c_i, 1)}_{\text{openness part}}\Big)

    with :math:`b_\times` the cross-cluster betweenness
    (:func:`graph.centrality.cross_cluster_betweenness`), :math:`P` the participation coefficient
    (:func:`participation_coefficient`) and :math:`c` Burt's constraint
    (:func:`graph.centrality.constraint`; an isolated actor's ``nan`` counts as 1). An actor scores
    high when it lies on the shortest paths between clusters, spreads its ties over clusters and its
    contacts are not tied to each other (Burt 2004, "Structural holes and good ideas"). The mean
    (not the product) lets an actor that is strong in two parts still rank.

    Examples
    --------
    >>> bridging_scores({"a": 0.2, "b": 0.1}, {"a": 0.5, "b": 0.0}, {"a": 0.4, "b": float("nan")})["a"]
    BridgingScore(score=0.7, betweenness_part=1.0, participation_part=0.5, openness_part=0.6)
    """
    peak = max(cross_betweenness.values(), default=0.0)
    scores = {}
    for node, between in cross_betweenness.items():
        part_b = between / peak if peak > 0 else 0.0
        part_p = float(participation.get(node, 0.0))
        c = constraint.get(node, math.nan)
        part_o = 0.0 if c is None or math.isnan(c) else 1.0 - min(float(c), 1.0)
        total = (part_b + part_p + part_o) / 3.0
        scores[node] = BridgingScore(*(round(x, 12) for x in (total, part_b, part_p, part_o)))
    return scores
