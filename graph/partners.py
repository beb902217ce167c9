"""Partner suggestions for one actor, and finding an actor by id, IRI or name."""

from __future__ import annotations

import re

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import ambiguous_actor, unknown_actor
from graph.projections import select_values
from graph.rounding import rank_key
from ontology.iris import IriScheme

IS_ACTOR = "SELECT ?actor WHERE { ?actor a ccg:Actor }"
ACTOR_BY_NAME = """SELECT DISTINCT ?name ?actor WHERE {
  ?actor a ccg:Actor .
  { ?actor ccg:registryId ?id . FILTER(LCASE(STR(?id)) = LCASE(?name)) }
  UNION { ?actor rdfs:label ?label . FILTER(LCASE(STR(?label)) = LCASE(?name)) }
  UNION { ?actor skos:altLabel ?alias . FILTER(LCASE(STR(?alias)) = LCASE(?name)) }
}"""

_REGISTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SharedNeighbour:
    """A neighbour both actors have (an actor or a technology) and what it adds to the score."""

    node: str
    label: str
    kind: str
    contribution: float


@dataclass(frozen=True)
class PartnerSuggestion:
    """An actor not yet tied to the ego, with its resource-allocation score and the reasons."""

    actor: str
    label: str
    score: float
    shared: tuple[SharedNeighbour, ...]


def resolve_actor(dataset: Dataset, iris: IriScheme, text: str) -> str:
    """The IRI of the actor that ``text`` names: an IRI, a registry id, a name or an alias.

    Names and aliases match case-insensitively; a name that fits several actors is an error that
    lists them. Values are bound into the queries, never written into them.
    """
    candidates = [text]
    if _REGISTRY_ID.match(text):
        candidates.append(str(iris.actor(text)))
    for candidate in candidates:
        try:
            node = ox.NamedNode(candidate)
        except ValueError:
            continue
        if select_values(dataset, IS_ACTOR, actor=node):
            return candidate
    matches = sorted({actor for (actor,) in select_values(dataset, ACTOR_BY_NAME, name=ox.Literal(text.strip()))})
    if not matches:
        raise unknown_actor(text)
    if len(matches) > 1:
        raise ambiguous_actor(text, matches)
    return matches[0]


def suggest_partners(actors: nx.Graph, actor_technology: nx.Graph, ego: str, *, top: int = 10) -> list[PartnerSuggestion]:
    r"""Actors the ego is not tied to, ranked by the resource allocation index over shared neighbours.

    .. math:: \mathrm{RA}(u, v) = \sum_{w \in N(u) \cap N(v)} \frac{1}{k_w}

    (Zhou, Lü and Zhang 2009, "Predicting missing links via local information", Eur. Phys. J. B
    71:623) on the graph of actor-actor ties *and* actor-technology ties, so a shared partner and a
    shared technology both count, each by how few others it connects (:math:`k_w`: its degree). It
    equals ``networkx.resource_allocation_index`` on that graph. Each suggestion lists its shared
    neighbours by contribution. Ties in score go to the smaller IRI.

    Examples
    --------
    >>> actors = nx.Graph([("u", "w"), ("v", "w")]); actors.add_node("x")
    >>> tech = nx.Graph([("u", "t"), ("v", "t"), ("x", "t")])
    >>> [(s.actor, round(s.score, 3), [n.node for n in s.shared]) for s in suggest_partners(actors, tech, "u")]
    [('v', 0.833, ['w', 't']), ('x', 0.333, ['t'])]
    """
    combined = nx.Graph()
    combined.add_nodes_from(actor_technology.nodes(data=True))
    combined.add_nodes_from(actors.nodes(data=True))
    combined.add_edges_from(actors.edges)
    combined.add_edges_from(actor_technology.edges)
    if ego not in combined:
        return []
    scores: dict[str, list[tuple[float, str]]] = {}
    for shared in combined[ego]:
        weight = 1.0 / combined.degree(shared)
        for other in combined[shared]:
            if other != ego and other in actors and not actors.has_edge(ego, other):
                scores.setdefault(other, []).append((weight, shared))
    suggestions = []
    for other, parts in scores.items():
        reasons = tuple(
            SharedNeighbour(node, str(combined.nodes[node].get("label", node)), str(combined.nodes[node].get("kind", "actor")), weight)
            for weight, node in sorted(parts, key=lambda p: (-p[0], p[1]))
        )
        suggestions.append(PartnerSuggestion(other, str(combined.nodes[other].get("label", other)), sum(w for w, _ in parts), reasons))
    suggestions.sort(key=lambda s: (rank_key(s.score), s.actor))
    return suggestions[:top]
