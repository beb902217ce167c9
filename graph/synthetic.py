"""Seeded synthetic networks shaped like :func:`graph.page_view.page_graph`, for benchmarks and browser tests.

Ten clusters, one technology per 25 nodes, the rest actors. Actors belong to one cluster (one in
five to two), tie mostly to actors of their own cluster, and work on a technology their cluster
works on. Same ``nodes`` and ``seed``, same graph.
"""

from __future__ import annotations

import random

import networkx as nx

CLUSTERS = 10
TYPES = ("Company", "University", "ResearchInstitute", "PublicAgency", "ClusterOrganisation", "Association", "Other")
BASE = "https://example.org/synthetic/"


def synthetic_page_graph(nodes: int, *, seed: int = 0, ties_per_actor: float = 2.0) -> nx.Graph:
    """A network of ``nodes`` nodes (at least 12) with the node and edge attributes of the page graph.

    Examples
    --------
    >>> g = synthetic_page_graph(100, seed=1)
    >>> g.number_of_nodes(), sorted({k for _, k in g.nodes(data="kind")})
    (100, ['actor', 'cluster', 'technology'])
    >>> nx.utils.graphs_equal(g, synthetic_page_graph(100, seed=1))
    True
    """
    rng = random.Random(seed)
    graph = nx.Graph()
    clusters = [f"{BASE}cluster/c{i}" for i in range(CLUSTERS)]
    technologies = [f"{BASE}technology/t{i}" for i in range(max(2, nodes // 25))]
    actors = [f"{BASE}actor/a{i:05d}" for i in range(max(0, nodes - len(clusters) - len(technologies)))]
    for i, cluster in enumerate(clusters):
        graph.add_node(cluster, label=f"Cluster {i}", kind="cluster", type="Cluster", status="curated", clusters=[cluster])
    profile: dict[str, list[str]] = {c: rng.sample(technologies, min(len(technologies), 6)) for c in clusters}
    for i, tech in enumerate(technologies):
        graph.add_node(tech, label=f"Technology {i}", kind="technology", type="Technology", status="curated", clusters=[], evidence=rng.randint(1, 40))
    home: dict[str, list[str]] = {}
    for i, actor in enumerate(actors):
        own = sorted(rng.sample(clusters, 2 if rng.random() < 0.2 else 1))
        home[actor] = own
        status = "candidate" if rng.random() < 0.15 else "curated"
        graph.add_node(actor, label=f"Organisation {i}", kind="actor", type=rng.choice(TYPES), status=status, clusters=own)
        for cluster in own:
            graph.add_edge(actor, cluster, relation="member", weight=1)
        tech = rng.choice(profile[own[0]])
        graph.add_edge(actor, tech, relation="technology", co_mentions=rng.randint(1, 4), works_on=rng.randint(0, 1), weight=rng.randint(1, 5))
    by_cluster: dict[str, list[str]] = {c: [a for a in actors if c in home[a]] for c in clusters}
    for actor in actors:
        for _ in range(round(ties_per_actor / 2 + rng.random())):
            pool = by_cluster[home[actor][0]] if rng.random() < 0.85 else actors
            other = rng.choice(pool)
            if other != actor:
                co = rng.randint(1, 6)
                graph.add_edge(actor, other, relation="tie", co_mentions=co, partner_ties=0, weight=co)
    for cluster, techs in profile.items():
        for tech in techs:
            graph.add_edge(cluster, tech, relation="profile", weight=round(rng.uniform(0.5, 8.0), 3))
    for tech in technologies:
        graph.nodes[tech]["clusters"] = sorted(n for n in graph[tech] if graph.nodes[n]["kind"] == "cluster")
    return graph
