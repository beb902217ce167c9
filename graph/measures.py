"""All measures of the actor network at once, on one indexed copy of the graph."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from graph.brokerage import bridging_scores, brokerage_roles, participation_coefficient
from graph.centrality import EXACT_BETWEENNESS_WORK, Betweenness, betweenness, constraint, cross_cluster_betweenness, effective_size
from graph.communities import communities, community_of
from graph.indexed import clusters_attribute, index_graph
from graph.results import ActorMeasures


@dataclass(frozen=True)
class ActorNetworkMeasures:
    """The measures of every actor (sorted by IRI), how betweenness was computed, and the communities."""

    actors: tuple[ActorMeasures, ...]
    betweenness: Betweenness
    cross_cluster: Betweenness
    communities: tuple[tuple[str, ...], ...]


def _defined(value: float) -> float | None:
    return None if math.isnan(value) else value


def actor_measures(actors: nx.Graph, *, seed: int = 0, work: int = EXACT_BETWEENNESS_WORK) -> ActorNetworkMeasures:
    """Betweenness (plain and cross-cluster), constraint, effective size, participation, brokerage
    roles, bridging score and community of every actor of the weighted actor network.

    The node attribute ``clusters`` gives each actor's clusters. See the functions in
    :mod:`graph.centrality`, :mod:`graph.brokerage` and :mod:`graph.communities` for the definitions.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": ["X"], "b": ["X"], "c": ["Y"]}, "clusters")
    >>> m = {x.actor: x for x in actor_measures(g).actors}
    >>> m["b"].betweenness, m["b"].cross_cluster_betweenness, m["b"].brokerage_role
    (1.0, 0.5, 'gatekeeper-representative')
    """
    clusters_of = clusters_attribute(actors)
    indexed = index_graph(actors)
    plain = betweenness(indexed, seed=seed, work=work)
    cross = cross_cluster_betweenness(indexed, clusters_of, seed=seed, work=work)
    burt = constraint(indexed)
    size = effective_size(indexed)
    participation = participation_coefficient(indexed, clusters_of)
    roles = brokerage_roles(indexed, clusters_of)
    bridging = bridging_scores(cross.values, participation, burt)
    found = communities(indexed, seed=seed)
    number = community_of(found)
    measures = tuple(
        ActorMeasures(
            actor=node,
            label=str(actors.nodes[node].get("label", node)),
            clusters=clusters_of[node],
            betweenness=plain.values[node],
            cross_cluster_betweenness=cross.values[node],
            constraint=_defined(burt[node]),
            effective_size=_defined(size[node]),
            participation=participation[node],
            roles=roles[node],
            bridging=bridging[node],
            community=number[node],
            type=str(actors.nodes[node].get("type", "")),
            status=str(actors.nodes[node].get("status", "")),
        )
        for node in indexed.nodes
    )
    return ActorNetworkMeasures(measures, plain, cross, tuple(found))
