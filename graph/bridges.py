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

from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.rounding import DIGITS, rank_key


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
    ties: sp.csr_matrix  # actors x actors, weights (symmetric)
    partner_edges: np.ndarray  # (k, 2) actor pairs with a partner tie
    co_mention_edges: np.ndarray  # (k, 2) actor pairs mentioned together
    evidence: sp.csr_matrix  # actors x technologies, actor-technology evidence
    profiles: np.ndarray  # clusters x technologies, profile weights


def cluster_index(actors: nx.Graph, actor_technology: nx.Graph, cluster_technology: nx.Graph) -> ClusterIndex:
    """Number the clusters, actors and technologies (sorted IRIs) and build the matrices (one pass per graph)."""
    clusters = tuple(sorted(n for n, k in cluster_technology.nodes(data="kind") if k == "cluster"))
    technologies = tuple(sorted(n for n, k in cluster_technology.nodes(data="kind") if k == "technology"))
    actor_list = tuple(sorted(actors.nodes))
    a_pos = {a: i for i, a in enumerate(actor_list)}
    c_pos = {c: i for i, c in enumerate(clusters)}
    t_pos = {t: i for i, t in enumerate(technologies)}
    n, count = len(actor_list), actors.number_of_edges()
    pairs = [(a_pos[a], c_pos[c]) for a, cs in actors.nodes(data="clusters") for c in (cs or ()) if c in c_pos]
    members = _matrix(np.array(pairs, dtype=np.int64).reshape(-1, 2), np.ones(len(pairs)), (n, len(clusters)))
    table = np.zeros((count, 5))
    for k, (u, v, d) in enumerate(actors.edges(data=True)):
        table[k] = (a_pos[u], a_pos[v], d.get("weight", 1.0), d.get("partner_ties", 0), d.get("co_mentions", 0))
    ends = table[:, :2].astype(np.int64)
    ties = _matrix(np.vstack((ends, ends[:, ::-1])), np.concatenate((table[:, 2], table[:, 2])), (n, n))
    ev = []
    for u, v, w in actor_technology.edges(data="weight", default=1.0):
        a, t = (u, v) if u in a_pos else (v, u)
        if a in a_pos and t in t_pos:
            ev.append((a_pos[a], t_pos[t], float(w)))
    ev_array = np.array(ev, dtype=float).reshape(-1, 3)
    evidence = _matrix(ev_array[:, :2].astype(np.int64), ev_array[:, 2], (n, len(technologies)))
    profiles = np.zeros((len(clusters), len(technologies)))
    for u, v, w in cluster_technology.edges(data="weight", default=1.0):
        c, t = (u, v) if u in c_pos else (v, u)
        profiles[c_pos[c], t_pos[t]] = float(w)
    return ClusterIndex(clusters, actor_list, technologies, members, ties, ends[table[:, 3] > 0], ends[table[:, 4] > 0], evidence, profiles)


def _matrix(pairs: np.ndarray, data: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    return sp.csr_matrix((data, (pairs[:, 0], pairs[:, 1])), shape=shape)


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


def structural_ties(index: ClusterIndex, edges: np.ndarray) -> np.ndarray:
    r"""Actor pairs tied across two clusters, per cluster pair, normalised.

    .. math:: \mathrm{tie}_{AB} = \min\Big(1, \frac{|\{\{u,v\} : u \in A,\ v \in B,\ u \ne v,\ x_{uv} > 0\}|}{\sqrt{n_A n_B}}\Big)

    where ``edges`` are the actor pairs with a tie of one kind (:attr:`ClusterIndex.partner_edges`
    or :attr:`ClusterIndex.co_mention_edges`) and :math:`n_A` the number of members of ``A``: tied
    actor pairs per member, the geometric mean of the two cluster sizes making it symmetric and
    independent of which cluster is larger. Each tied pair counts once however much evidence it has.
    """
    sizes = np.asarray(index.members.sum(axis=0)).ravel()
    if not len(edges):
        return np.zeros((len(index.clusters),) * 2)
    us = index.members[edges[:, 0]]
    vs = index.members[edges[:, 1]]
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


def rank_brokers(
    index: ClusterIndex, side: np.ndarray, pairs: np.ndarray, shares: np.ndarray, top: int, labels: dict[str, str]
) -> list[tuple[Broker, ...]]:
    r"""The actors that could broker between each pair of clusters, best first.

    .. math:: \mathrm{broker}(i) = \underbrace{\min(s_{iA}, s_{iB})}_{\text{ties}} +
       \underbrace{\sum_t \frac{\hat x_{At}\hat x_{Bt}}{T_{AB}}\, e(i, t)}_{\text{technology}}

    ``ties``: how strongly the actor reaches *both* sides (membership counts 1, each tie its
    evidence, :func:`side_strengths`; zero unless it reaches both). ``technology``: its evidence
    :math:`e(i, t)` on the shared technologies, each weighted by its share of the closeness
    (``shares``, one row per pair in ``pairs``). Actors with score 0 are not listed; ties broken by
    IRI. Pairs are scored in blocks with one sparse-dense product each.
    """
    result: list[tuple[Broker, ...]] = []
    for start in range(0, len(pairs), 64):
        block = pairs[start : start + 64]
        tie = np.minimum(side[:, block[:, 0]], side[:, block[:, 1]])
        tech = np.asarray(index.evidence @ shares[start : start + 64].T)
        score = tie + tech
        for j in range(len(block)):
            column = score[:, j]
            candidates = np.flatnonzero(column > 0)
            if len(candidates) > top:
                threshold = np.partition(column[candidates], len(candidates) - top)[len(candidates) - top]
                candidates = candidates[column[candidates] >= threshold]
            ordered = candidates[np.lexsort((candidates, -np.round(column[candidates], DIGITS)))][:top]  # index order = IRI order
            result.append(tuple(
                Broker(index.actors[i], labels.get(index.actors[i], index.actors[i]), float(column[i]), float(tie[i, j]), float(tech[i, j]))
                for i in ordered
            ))
    return result


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
    partner = structural_ties(index, index.partner_edges)
    co = structural_ties(index, index.co_mention_edges)
    tie = (shared + partner + co) / 3.0
    labels = {n: str(d.get("label", n)) for g in (actors, cluster_technology) for n, d in g.nodes(data=True)}
    pairs = np.array([(a, b) for a in range(len(index.clusters)) for b in range(a + 1, len(index.clusters)) if closeness[a, b] > 1e-12], dtype=np.int64).reshape(-1, 2)
    contributions = x[pairs[:, 0]] * x[pairs[:, 1]]
    shares = contributions / contributions.sum(axis=1, keepdims=True) if len(pairs) else contributions
    brokers = rank_brokers(index, side_strengths(index), pairs, shares, top_brokers, labels)
    found = []
    for k, (a, b) in enumerate(pairs):
        row = contributions[k]
        positive = np.flatnonzero(row > 0)
        order = positive[np.lexsort((positive, -np.round(row[positive], DIGITS)))]
        techs = tuple(SharedTechnology(index.technologies[t], labels.get(index.technologies[t], ""), float(row[t])) for t in order[:top_technologies])
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
                brokers=brokers[k],
            )
        )
    found.sort(key=lambda c: (rank_key(c.score), c.cluster_a, c.cluster_b))
    return [replace(c, rank=i) for i, c in enumerate(found, start=1)]
