r"""Cluster-bridge candidates: pairs of clusters close in their technologies but weakly tied.

For every pair of clusters ``(A, B)``:

- **topical closeness** :math:`T_{AB}`: cosine of the clusters' TF-IDF-weighted technology
  profiles (:func:`tfidf_profiles`), in [0, 1];
- **structural tie** :math:`S_{AB}`: the mean of three normalised tie counts
  (:func:`structural_ties`), in [0, 1];
- **bridge score** :math:`B_{AB} = T_{AB}\,(1 - S_{AB})`: high where the clusters work on the same
  technologies but are not yet tied, 0 where they share nothing or are fully tied.

Each candidate carries its reasons: the shared technologies with their contribution to the cosine,
and the actors that could broker (:func:`rank_brokers`). Source passages are attached by
:mod:`graph.passages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.rounding import rank_key


@dataclass(frozen=True)
class SharedTechnology:
    """A technology both clusters work on; ``contribution`` is its summand of the cosine."""

    technology: str
    label: str
    contribution: float


@dataclass(frozen=True)
class Broker:
    """An actor that could broker a bridge; ``score`` = ``ties`` + ``technology`` (see :func:`rank_brokers`).

    The parts are None when read back from the store, which keeps only the score.
    """

    actor: str
    label: str
    score: float
    ties: float | None = None
    technology: float | None = None


@dataclass(frozen=True)
class Quote:
    """A source passage behind a bridge: the sentence and the document it comes from."""

    passage: str
    document: str
    source: str
    title: str
    text: str
    score: float


@dataclass(frozen=True)
class BridgeCandidate:
    """One ranked pair of clusters with its scores and reasons."""

    rank: int
    cluster_a: str
    cluster_b: str
    label_a: str
    label_b: str
    score: float
    topical_closeness: float
    structural_tie: float
    shared_members: float
    partner_ties: float
    co_mention_ties: float
    technologies: tuple[SharedTechnology, ...] = ()
    brokers: tuple[Broker, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class ClusterIndex:
    """Clusters, actors and technologies in a fixed order, with the matrices the scores need."""

    clusters: tuple[str, ...]
    actors: tuple[str, ...]
    technologies: tuple[str, ...]
    members: sp.csr_matrix  # actors x clusters, 0/1
    ties: sp.csr_matrix  # actors x actors, weights
    evidence: sp.csr_matrix  # actors x technologies, actor-technology evidence
    profiles: np.ndarray  # clusters x technologies, profile weights


def cluster_index(actors: nx.Graph, actor_technology: nx.Graph, cluster_technology: nx.Graph) -> ClusterIndex:
    """Number the clusters, actors and technologies (sorted IRIs) and build the matrices."""
    clusters = tuple(sorted(n for n, k in cluster_technology.nodes(data="kind") if k == "cluster"))
    technologies = tuple(sorted(n for n, k in cluster_technology.nodes(data="kind") if k == "technology"))
    actor_list = tuple(sorted(actors.nodes))
    a_pos = {a: i for i, a in enumerate(actor_list)}
    c_pos = {c: i for i, c in enumerate(clusters)}
    t_pos = {t: i for i, t in enumerate(technologies)}
    pairs = [(a_pos[a], c_pos[c]) for a, cs in actors.nodes(data="clusters") for c in (cs or ()) if c in c_pos]
    members = _matrix(pairs, [1.0] * len(pairs), (len(actor_list), len(clusters)))
    edges = [(a_pos[u], a_pos[v], float(w)) for u, v, w in actors.edges(data="weight", default=1.0)]
    ties = _matrix([(u, v) for u, v, _ in edges] + [(v, u) for u, v, _ in edges], [w for *_, w in edges] * 2, (len(actor_list),) * 2)
    ev = [(a_pos[a], t_pos[t], float(w)) for u, v, w in actor_technology.edges(data="weight", default=1.0)
          for a, t in ((u, v), (v, u)) if a in a_pos and t in t_pos]
    evidence = _matrix([(a, t) for a, t, _ in ev], [w for *_, w in ev], (len(actor_list), len(technologies)))
    profiles = np.zeros((len(clusters), len(technologies)))
    for u, v, w in cluster_technology.edges(data="weight", default=1.0):
        c, t = (u, v) if u in c_pos else (v, u)
        profiles[c_pos[c], t_pos[t]] = float(w)
    return ClusterIndex(clusters, actor_list, technologies, members, ties, evidence, profiles)


def _matrix(pairs: Sequence[tuple[int, int]], data: Sequence[float], shape: tuple[int, int]) -> sp.csr_matrix:
    rows = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    return sp.csr_matrix((np.asarray(data, dtype=float), (rows, cols)), shape=shape)


def tfidf_profiles(profiles: np.ndarray) -> np.ndarray:
    r"""TF-IDF weighted, L2-normalised cluster profiles (rows).

    .. math:: x_{ct} = w_{ct} \left(\ln\frac{1 + C}{1 + \mathrm{df}_t} + 1\right), \qquad
       \hat x_c = x_c / \lVert x_c \rVert_2

    with :math:`w_{ct}` the profile weight, ``C`` the number of clusters and :math:`\mathrm{df}_t`
    the number of clusters whose profile contains ``t`` (smoothed IDF as in scikit-learn; Salton and
    Buckley 1988). A technology every cluster has still counts, but less than a distinctive one.
    The cosine of two clusters is then :math:`\sum_t \hat x_{At}\,\hat x_{Bt}`, and each summand is
    that technology's contribution.

    Examples
    --------
    >>> x = tfidf_profiles(np.array([[1.0, 0.0], [1.0, 1.0]]))  # idf = (1, ln(3/2) + 1 = 1.405)
    >>> round(float(x[0] @ x[1]), 4)  # 1 / sqrt(1 + 1.405**2)
    0.5797
    """
    count = profiles.shape[0]
    df = (profiles > 0).sum(axis=0)
    idf = np.log((1.0 + count) / (1.0 + df)) + 1.0
    weighted = profiles * idf
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    return np.divide(weighted, norms, out=np.zeros_like(weighted), where=norms > 0)


def structural_ties(index: ClusterIndex, actors: nx.Graph, edge_attribute: str) -> np.ndarray:
    r"""Actor pairs tied across two clusters, per cluster pair, normalised.

    .. math:: \mathrm{tie}_{AB} = \min\Big(1, \frac{|\{\{u,v\} : u \in A,\ v \in B,\ u \ne v,\ x_{uv} > 0\}|}{\sqrt{n_A n_B}}\Big)

    where :math:`x_{uv}` is the edge attribute (``partner_ties`` or ``co_mentions``) and
    :math:`n_A` the number of members of ``A``: tied actor pairs per member, the geometric mean of
    the two cluster sizes making it symmetric and independent of which cluster is larger. Each
    tied pair counts once however much evidence it has.
    """
    pos = {a: i for i, a in enumerate(index.actors)}
    edges = [(pos[u], pos[v]) for u, v, x in actors.edges(data=edge_attribute, default=0) if x and x > 0]
    sizes = np.asarray(index.members.sum(axis=0)).ravel()
    if not edges:
        return np.zeros((len(index.clusters),) * 2)
    us = index.members[[u for u, _ in edges]]
    vs = index.members[[v for _, v in edges]]
    one_way = (us.T @ vs).toarray()
    both = us.multiply(vs)
    counts = one_way + one_way.T - (both.T @ both).toarray()
    denominator = np.sqrt(np.outer(sizes, sizes))
    return np.minimum(1.0, np.divide(counts, denominator, out=np.zeros_like(counts), where=denominator > 0))


def shared_members(index: ClusterIndex) -> np.ndarray:
    r"""Overlap coefficient of the member sets: :math:`|A \cap B| / \min(n_A, n_B)` (Szymkiewicz-Simpson).

    1 when the smaller cluster's members all belong to the larger one too.
    """
    overlap = (index.members.T @ index.members).toarray()
    sizes = np.diag(overlap).copy()
    smaller = np.minimum.outer(sizes, sizes)
    return np.divide(overlap, smaller, out=np.zeros_like(overlap), where=smaller > 0)


def side_strengths(index: ClusterIndex) -> np.ndarray:
    """``s[i, A]``: 1 if actor ``i`` is a member of ``A``, plus the weights of its ties to members of ``A``."""
    return (index.members + index.ties @ index.members).toarray()


def rank_brokers(index: ClusterIndex, side: np.ndarray, a: int, b: int, shares: np.ndarray, top: int, labels: dict[str, str]) -> tuple[Broker, ...]:
    r"""The actors that could broker between clusters ``a`` and ``b``, best first.

    .. math:: \mathrm{broker}(i) = \underbrace{\min(s_{iA}, s_{iB})}_{\text{ties}} +
       \underbrace{\sum_t \frac{\hat x_{At}\hat x_{Bt}}{T_{AB}}\, e(i, t)}_{\text{technology}}

    ``ties``: how strongly the actor reaches *both* sides (membership counts 1, each tie its
    evidence, :func:`side_strengths`; zero unless it reaches both). ``technology``: its evidence :math:`e(i, t)` on the
    shared technologies, each weighted by its share of the closeness. Actors with score 0 are not
    listed; ties broken by IRI.
    """
    tie = np.minimum(side[:, a], side[:, b])
    tech = index.evidence @ shares
    score = tie + tech
    candidates = np.flatnonzero(score > 0)
    if len(candidates) > top:
        candidates = candidates[np.argpartition(-score[candidates], top - 1)[:top]]
        threshold = score[candidates].min()
        candidates = np.flatnonzero(score >= threshold)
    ordered = sorted(candidates, key=lambda i: (rank_key(score[i]), index.actors[i]))[:top]
    return tuple(
        Broker(index.actors[i], labels.get(index.actors[i], index.actors[i]), float(score[i]), float(tie[i]), float(tech[i]))
        for i in ordered
    )


def bridge_candidates(
    actors: nx.Graph,
    actor_technology: nx.Graph,
    cluster_technology: nx.Graph,
    *,
    top_technologies: int = 5,
    top_brokers: int = 5,
) -> list[BridgeCandidate]:
    """Every pair of clusters that shares a technology, ranked by bridge score (best first).

    Ties in score are broken by the clusters' IRIs, so the same input gives the same ranking.

    Examples
    --------
    >>> ct = nx.Graph()
    >>> ct.add_nodes_from(["A", "B", "C"], kind="cluster"); ct.add_node("t", kind="technology", label="T")
    >>> ct.add_edges_from([("A", "t"), ("B", "t"), ("C", "t")], weight=1.0)
    >>> actors = nx.Graph(); actors.add_node("x", clusters=["A", "B"]); actors.add_node("y", clusters=["C"])
    >>> [(c.cluster_a, c.cluster_b, round(c.score, 3)) for c in bridge_candidates(actors, nx.Graph(), ct)]
    [('A', 'C', 1.0), ('B', 'C', 1.0), ('A', 'B', 0.667)]
    """
    index = cluster_index(actors, actor_technology, cluster_technology)
    x = tfidf_profiles(index.profiles)
    closeness = x @ x.T
    shared = shared_members(index)
    partner = structural_ties(index, actors, "partner_ties")
    co = structural_ties(index, actors, "co_mentions")
    tie = (shared + partner + co) / 3.0
    labels = {n: str(d.get("label", n)) for g in (actors, cluster_technology) for n, d in g.nodes(data=True)}
    side = side_strengths(index)
    found = []
    for a in range(len(index.clusters)):
        for b in range(a + 1, len(index.clusters)):
            if closeness[a, b] <= 1e-12:
                continue
            contributions = x[a] * x[b]
            shares = contributions / contributions.sum()
            order = sorted(np.flatnonzero(contributions > 0), key=lambda t: (rank_key(contributions[t]), index.technologies[t]))
            techs = tuple(SharedTechnology(index.technologies[t], labels.get(index.technologies[t], ""), float(contributions[t])) for t in order[:top_technologies])
            found.append(
                BridgeCandidate(
                    rank=0,
                    cluster_a=index.clusters[a],
                    cluster_b=index.clusters[b],
                    label_a=labels.get(index.clusters[a], ""),
                    label_b=labels.get(index.clusters[b], ""),
                    score=float(closeness[a, b] * (1.0 - tie[a, b])),
                    topical_closeness=float(closeness[a, b]),
                    structural_tie=float(tie[a, b]),
                    shared_members=float(shared[a, b]),
                    partner_ties=float(partner[a, b]),
                    co_mention_ties=float(co[a, b]),
                    technologies=techs,
                    brokers=rank_brokers(index, side, a, b, shares, top_brokers, labels),
                )
            )
    found.sort(key=lambda c: (rank_key(c.score), c.cluster_a, c.cluster_b))
    return [replace(c, rank=i) for i, c in enumerate(found, start=1)]
