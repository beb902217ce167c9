"""Communities of the actor network, and those that span clusters: candidate co-learning fields."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from graph.indexed import IndexedGraph, index_graph


@dataclass(frozen=True)
class CoLearningField:
    """A community whose members belong to two or more clusters.

    ``clusters`` are ``(cluster IRI, number of members in it)`` pairs, sorted by IRI;
    ``technologies`` the IRIs (sorted) of the technologies its members have the most evidence on.
    """

    number: int
    members: tuple[str, ...]
    clusters: tuple[tuple[str, int], ...]
    technologies: tuple[str, ...]


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms on ``random.Random(seed)``, then restore its default RNG."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def communities(graph: nx.Graph | IndexedGraph, *, seed: int = 0, resolution: float = 1.0) -> list[tuple[str, ...]]:
    """Leiden communities of the weighted actor network, largest first, members sorted.

    Leiden (Traag, Waltman and van Eck 2019, "From Louvain to Leiden: guaranteeing well-connected
    communities", Scientific Reports 9:5233) maximises modularity with ``resolution`` like Louvain
    but guarantees connected communities; igraph's C implementation is run until it is stable, on a
    random generator seeded with ``seed``, so the same graph gives the same communities. Isolated
    actors are communities of one. Order: size (descending), then first member.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> communities(g)
    [('a', 'b', 'c'), ('x', 'y', 'z')]
    """
    indexed = index_graph(graph)
    if not indexed.nodes:
        return []
    with seeded_igraph(seed):
        partition = indexed.igraph.community_leiden(
            objective_function="modularity", weights="weight", resolution=resolution, n_iterations=-1
        )
    groups: dict[int, list[str]] = defaultdict(list)
    for position, label in enumerate(partition.membership):
        groups[label].append(indexed.nodes[position])
    found = [tuple(sorted(members)) for members in groups.values()]
    return sorted(found, key=lambda members: (-len(members), members[0]))


def co_learning_fields(
    found: list[tuple[str, ...]],
    actors: nx.Graph,
    actor_technology: nx.Graph,
    *,
    min_clusters: int = 2,
    min_size: int = 3,
    top_technologies: int = 5,
) -> list[CoLearningField]:
    """The communities with at least ``min_size`` actors from at least ``min_clusters`` clusters.

    A community spans a cluster when at least one member belongs to it (a member in two clusters
    counts for both). Its dominant technologies are those its members have the most evidence on
    (summed ``actor_technology`` weights; the top ``top_technologies``, listed by IRI). Fields keep the community order and are numbered from 1.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": ["X"], "b": ["X"], "c": ["Y"]}, "clusters")
    >>> at = nx.Graph([("a", "t", {"weight": 2}), ("c", "t", {"weight": 1})])
    >>> co_learning_fields([("a", "b", "c")], g, at)
    [CoLearningField(number=1, members=('a', 'b', 'c'), clusters=(('X', 2), ('Y', 1)), technologies=('t',))]
    """
    fields = []
    for members in found:
        if len(members) < min_size:
            continue
        clusters = Counter(c for m in members for c in (actors.nodes[m].get("clusters") or ()))
        if len(clusters) < min_clusters:
            continue
        techs: Counter = Counter()
        for m in members:
            if m in actor_technology:
                for tech, data in actor_technology[m].items():
                    techs[tech] += float(data.get("weight", 1.0))
        fields.append(
            CoLearningField(
                number=len(fields) + 1,
                members=members,
                clusters=tuple(sorted(clusters.items())),
                technologies=tuple(sorted(t for t, _ in sorted(techs.items(), key=lambda x: (-x[1], x[0]))[:top_technologies])),
            )
        )
    return fields


def community_of(found: list[tuple[str, ...]]) -> dict[str, int]:
    """The community number (1 = largest) of every actor.

    Examples
    --------
    >>> community_of([("a", "b"), ("c",)])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {member: number for number, members in enumerate(found, start=1) for member in members}
