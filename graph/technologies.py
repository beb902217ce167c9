"""Cross-cutting technologies: which technologies appear in the profiles of several clusters."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from graph.rounding import rank_key


@dataclass(frozen=True)
class TechnologySpread:
    """How one technology spreads over the clusters.

    ``clusters`` are the IRIs of the clusters it appears in (sorted); ``spread`` their number;
    ``entropy`` the normalised Shannon entropy of its shares of weight in them; ``evidence`` the
    technology's mentions in all documents; ``rank`` its position (1 = most cross-cutting).
    """

    technology: str
    label: str
    clusters: tuple[str, ...]
    spread: int
    entropy: float
    evidence: int
    rank: int = 0

    @property
    def cross_cutting(self) -> bool:
        """True when the technology appears in two or more clusters."""
        return self.spread >= 2


def normalised_entropy(weights: list[float], categories: int) -> float:
    r"""Shannon entropy of ``weights`` divided by its maximum :math:`\ln(\text{categories})`.

    .. math:: H = -\frac{1}{\ln C} \sum_c p_c \ln p_c, \qquad p_c = w_c / \sum w

    (Shannon 1948). 0 when all weight is in one category, 1 when it is spread evenly over all
    ``categories``; 0 when there are fewer than two categories.

    Examples
    --------
    >>> normalised_entropy([1.0, 1.0], 2)
    1.0
    >>> round(normalised_entropy([1.0, 1.0], 4), 6)
    0.5
    >>> normalised_entropy([3.0], 4)
    0.0
    """
    total = sum(weights)
    if categories < 2 or total <= 0:
        return 0.0
    entropy = -sum((w / total) * math.log(w / total) for w in weights if w > 0)
    return max(0.0, entropy / math.log(categories))


def technology_spread(cluster_technology: nx.Graph) -> list[TechnologySpread]:
    """Every technology that appears in at least one cluster profile, ranked.

    A technology *appears in* a cluster when its weight in the cluster's profile
    (:func:`graph.projections.cluster_profiles`) is positive; its share there is that weight over the
    technology's total weight. The entropy is normalised by the number of clusters in the store, so
    1 means "evenly in every cluster". Ranking: more clusters first, then higher entropy, then more
    evidence, then label and IRI (deterministic).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from(["c1", "c2"], kind="cluster")
    >>> g.add_node("t", kind="technology", label="T", evidence=4)
    >>> g.add_edge("c1", "t", weight=3.0); g.add_edge("c2", "t", weight=1.0)  # shares 3/4, 1/4
    >>> [(s.label, s.spread, round(s.entropy, 3), s.clusters) for s in technology_spread(g)]
    [('T', 2, 0.811, ('c1', 'c2'))]
    """
    clusters = [n for n, kind in cluster_technology.nodes(data="kind") if kind == "cluster"]
    found = []
    for tech, data in cluster_technology.nodes(data=True):
        if data.get("kind") != "technology":
            continue
        weights = {c: float(w) for c, w in ((n, cluster_technology[tech][n].get("weight", 1.0)) for n in cluster_technology[tech]) if w > 0}
        total = sum(weights.values())
        if total <= 0:
            continue
        found.append(
            TechnologySpread(
                technology=tech,
                label=str(data.get("label", tech)),
                clusters=tuple(sorted(weights)),
                spread=len(weights),
                entropy=normalised_entropy(list(weights.values()), len(clusters)),
                evidence=int(data.get("evidence", 0)),
            )
        )
    found.sort(key=lambda s: (-s.spread, rank_key(s.entropy), -s.evidence, s.label, s.technology))
    return [TechnologySpread(**{**s.__dict__, "rank": i}) for i, s in enumerate(found, start=1)]
