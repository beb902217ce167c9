"""SPARQL projections of the store into the NetworkX graphs that the analysis works on.

Every count is made by a SPARQL query (aggregates over mentions, passages and statements); Python
only combines the result rows into graphs. Nodes are IRIs (``str``) with the attributes ``label``,
``kind`` (``actor``, ``cluster`` or ``technology``), ``type``, ``status`` and ``clusters`` (sorted
cluster IRIs). The four projections:

``actors``
    actor-actor ties. ``co_mentions``: passages in which both actors are mentioned;
    ``partner_ties``: ``ccg:partnerOf`` statements between them, either direction (an asserted
    triple without a reified statement counts 1); ``weight`` = their sum.
``membership``
    actor-cluster (bipartite): ``org:memberOf`` from the registry and from documents.
``actor_technology``
    ``co_mentions``: passages mentioning both; ``works_on``: ``ccg:worksOn`` statements;
    ``weight`` = their sum (the actor's *evidence* on the technology).
``cluster_technology``
    the cluster's technology profile; see :func:`cluster_profiles`.

Actors with status ``ccg:rejected`` are always left out, ``ccg:candidate`` ones unless
``include_candidates``; an actor without a status counts as a candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from ontology.iris import IriScheme
from ontology.namespace import CCG
from ontology.sparql import SelectResult, run_query

#: Weight of one ``ccg:focusesOn`` statement in a cluster's technology profile (one piece of evidence).
FOCUS_WEIGHT = 1.0
#: A technology belongs to a cluster's profile when its weight there is at least one piece of
#: evidence; smaller weights are fractions spread by overview documents and by actors in many
#: clusters, and would put almost every technology into every cluster.
MIN_PROFILE_WEIGHT = 1.0
_STATUS_ORDER = (str(CCG.curated), str(CCG.accepted), str(CCG.candidate))

LABELS = """SELECT ?node ?label WHERE {
  VALUES ?class { ccg:Actor ccg:Cluster ccg:Technology }
  ?node a ?class .
  { ?node skos:prefLabel ?label } UNION { ?node rdfs:label ?label }
}"""
ACTOR_STATUS = "SELECT ?actor ?status WHERE { ?actor a ccg:Actor . OPTIONAL { ?actor ccg:status ?status } }"
ACTOR_TYPES = """SELECT ?actor ?type WHERE {
  ?actor a ccg:Actor , ?type . FILTER(?type != ccg:Actor && STRSTARTS(STR(?type), STR(ccg:)))
}"""
CLUSTERS = "SELECT ?cluster ?id WHERE { ?cluster a ccg:Cluster . OPTIONAL { ?cluster ccg:registryId ?id } }"
MEMBERSHIP = "SELECT DISTINCT ?actor ?cluster WHERE { ?actor org:memberOf ?cluster . ?actor a ccg:Actor . ?cluster a ccg:Cluster }"
TECHNOLOGIES = """SELECT ?tech (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {
  ?tech a ccg:Technology . OPTIONAL { ?mention ccg:refersTo ?tech }
} GROUP BY ?tech"""
#: Passages in which an actor and another resource of ``?class`` are both mentioned.
CO_MENTIONS = """SELECT ?class ?actor ?other (COUNT(DISTINCT ?passage) AS ?n) WHERE {
  ?ma ccg:refersTo ?actor ; ccg:inPassage ?passage .
  ?mo ccg:refersTo ?other ; ccg:inPassage ?passage .
  ?actor a ccg:Actor . ?other a ?class .
  FILTER(?actor != ?other)
} GROUP BY ?class ?actor ?other"""
#: Asserted relations of ``?predicate`` with the number of reified statements behind each.
STATEMENTS = """SELECT ?predicate ?s ?o (COUNT(DISTINCT ?statement) AS ?n) WHERE {
  ?s ?predicate ?o .
  OPTIONAL { ?statement rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?o }
} GROUP BY ?predicate ?s ?o"""
#: Mentions of resources of ``?class`` per document.
DOCUMENT_MENTIONS = """SELECT ?class ?doc ?x (COUNT(DISTINCT ?mention) AS ?n) WHERE {
  ?mention ccg:inDocument ?doc ; ccg:refersTo ?x . ?x a ?class .
} GROUP BY ?class ?doc ?x"""
FOCUS = "SELECT DISTINCT ?cluster ?tech WHERE { ?cluster ccg:focusesOn ?tech . ?cluster a ccg:Cluster . ?tech a ccg:Technology }"


@dataclass(frozen=True)
class Projection:
    """The graphs projected from one store, and the option they were projected with."""

    actors: nx.Graph
    membership: nx.Graph
    actor_technology: nx.Graph
    cluster_technology: nx.Graph
    include_candidates: bool = False

    def nodes_of_kind(self, kind: str) -> list[str]:
        """The sorted nodes of one kind (``actor``, ``cluster``, ``technology``) across the graphs."""
        found = set()
        for graph in (self.actors, self.membership, self.actor_technology, self.cluster_technology):
            found.update(n for n, k in graph.nodes(data="kind") if k == kind)
        return sorted(found)

    def attributes(self, node: str) -> dict:
        """The node attributes of ``node`` (from the first graph that holds it)."""
        for graph in (self.actors, self.cluster_technology, self.membership, self.actor_technology):
            if node in graph:
                return dict(graph.nodes[node])
        return {}


def select_values(dataset: Dataset, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[tuple]:
    """The rows of a SELECT query as plain values (IRIs and literals as ``str``, unbound as None).

    Oxigraph substitutes only projected variables, so queries project their bound variables; those
    columns are dropped here.
    """
    result = run_query(dataset, query, bindings=bindings, source="graph")
    assert isinstance(result, SelectResult)
    keep = [i for i, name in enumerate(result.variables) if name not in bindings]
    return [tuple(None if row[i] is None else row[i].value for i in keep) for row in result.rows]


def _class(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def labels_by_node(dataset: Dataset, language: str = "en") -> dict[str, str]:
    """The label of every actor, cluster and technology: in ``language``, else untagged, else English, else any."""
    result = run_query(dataset, LABELS, source="graph.projections")
    assert isinstance(result, SelectResult)
    best: dict[str, tuple] = {}
    for node, label in result.rows:
        lang = label.language or ""
        rank = (0 if lang == language else 1 if lang == "" else 2 if lang == "en" else 3, lang, label.value)
        if node.value not in best or rank < best[node.value]:
            best[node.value] = rank
    return {node: rank[2] for node, rank in best.items()}


def actor_records(dataset: Dataset, include_candidates: bool, labels: Mapping[str, str]) -> dict[str, dict]:
    """The included actors with their node attributes (clusters filled in by the caller).

    An actor with several statuses takes the strongest (curated, accepted, candidate); any
    ``ccg:rejected`` excludes it.
    """
    statuses: dict[str, set[str]] = defaultdict(set)
    for actor, status in select_values(dataset, ACTOR_STATUS):
        statuses[actor].add(status or str(CCG.candidate))
    types: dict[str, str] = {}
    for actor, type_iri in select_values(dataset, ACTOR_TYPES):
        name = type_iri.rsplit("#", 1)[-1]
        types[actor] = min(types.get(actor, name), name)
    records = {}
    for actor, found in sorted(statuses.items()):
        if str(CCG.rejected) in found:
            continue
        status = next((s for s in _STATUS_ORDER if s in found), str(CCG.candidate))
        if status == str(CCG.candidate) and not include_candidates:
            continue
        records[actor] = {
            "label": labels.get(actor, actor),
            "kind": "actor",
            "type": types.get(actor, "Actor"),
            "status": status.rsplit("#", 1)[-1],
            "clusters": [],
        }
    return records


def project(dataset: Dataset, iris: IriScheme, *, include_candidates: bool = False, language: str = "en") -> Projection:
    """Project the store into the four graphs of :class:`Projection`.

    ``language`` picks labels (then untagged, then English, then any).
    """
    labels = labels_by_node(dataset, language)
    actors = actor_records(dataset, include_candidates, labels)
    clusters = {
        cluster: {"label": labels.get(cluster, cluster), "kind": "cluster", "type": "Cluster", "status": "curated",
                  "id": cid or cluster.removeprefix(str(iris.cluster(""))), "clusters": [cluster]}
        for cluster, cid in sorted(select_values(dataset, CLUSTERS))
    }
    memberships = [(a, c) for a, c in select_values(dataset, MEMBERSHIP) if a in actors and c in clusters]
    for actor, cluster in sorted(memberships):
        actors[actor]["clusters"].append(cluster)
    technologies = {
        tech: {"label": labels.get(tech, tech), "kind": "technology", "type": "Technology", "status": "curated",
               "clusters": [], "evidence": int(n)}
        for tech, n in sorted(select_values(dataset, TECHNOLOGIES))
    }
    membership = nx.Graph()
    membership.add_nodes_from(sorted(actors.items()))
    membership.add_nodes_from(sorted(clusters.items()))
    membership.add_edges_from(sorted(memberships), weight=1)
    actor_graph = _actor_graph(dataset, actors)
    actor_tech = _actor_technology_graph(dataset, actors, technologies)
    cluster_tech = cluster_profiles(dataset, actors, clusters, technologies, actor_tech)
    return Projection(actor_graph, membership, actor_tech, cluster_tech, include_candidates)


def _symmetric(rows: Iterable[tuple], keep: Mapping[str, object]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a, b, n in rows:
        if a in keep and b in keep and a != b:
            counts[tuple(sorted((a, b)))] += int(n)
    return counts


def _actor_graph(dataset: Dataset, actors: Mapping[str, dict]) -> nx.Graph:
    co = _symmetric(select_values(dataset, CO_MENTIONS, **{"class": _class(str(CCG.Actor))}), actors)
    co = {pair: n // 2 for pair, n in co.items()}  # each pair came back in both orders
    partners = _symmetric(((s, o, max(int(n), 1)) for s, o, n in select_values(dataset, STATEMENTS, predicate=_class(str(CCG.partnerOf)))), actors)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(actors.items()))
    for pair in sorted(set(co) | set(partners)):
        c, p = co.get(pair, 0), partners.get(pair, 0)
        graph.add_edge(*pair, co_mentions=c, partner_ties=p, weight=c + p)
    return graph


def _actor_technology_graph(dataset: Dataset, actors: Mapping[str, dict], technologies: Mapping[str, dict]) -> nx.Graph:
    co = {(a, t): int(n) for a, t, n in select_values(dataset, CO_MENTIONS, **{"class": _class(str(CCG.Technology))}) if a in actors and t in technologies}
    works = {(a, t): max(int(n), 1) for a, t, n in select_values(dataset, STATEMENTS, predicate=_class(str(CCG.worksOn))) if a in actors and t in technologies}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(actors.items()))
    graph.add_nodes_from(sorted(technologies.items()))
    for pair in sorted(set(co) | set(works)):
        c, w = co.get(pair, 0), works.get(pair, 0)
        graph.add_edge(*pair, co_mentions=c, works_on=w, weight=c + w)
    return graph


def cluster_profiles(
    dataset: Dataset,
    actors: Mapping[str, dict],
    clusters: Mapping[str, dict],
    technologies: Mapping[str, dict],
    actor_technology: nx.Graph,
) -> nx.Graph:
    r"""The technology profile of every cluster as a weighted cluster-technology graph.

    .. math:: w(c, t) = \underbrace{\sum_d m(d, t)\, \mathrm{share}(d, c)}_{\texttt{documents}}
       + \underbrace{\mathrm{FOCUS\_WEIGHT} \cdot [c \text{ focusesOn } t]}_{\texttt{focus}}
       + \underbrace{\sum_{a \in c} \mu_{ac}\, e(a, t)}_{\texttt{members}}

    ``documents``: each document's technology mentions :math:`m(d, t)` go to the clusters whose
    member actors it mentions, in proportion to those mentions,
    :math:`\mathrm{share}(d, c) = \sum_{a \in c} n(d, a)\,\mu_{ac} / \sum_{a} n(d, a)` over actors
    with a cluster (a document about one cluster's members gives its technologies to that cluster;
    an overview document spreads them). ``focus``: a ``ccg:focusesOn`` statement of the cluster.
    ``members``: the actor-technology evidence :math:`e(a, t)` of the cluster's members
    (``actor_technology`` weights), an actor in ``k`` clusters giving ``1/k`` to each
    (:math:`\mu_{ac}`). A member's mention next to a technology thus counts in ``documents`` and in
    ``members``: direct evidence that a member works on it weighs more than a mention elsewhere in
    the document. The parts are kept as edge attributes beside ``weight``. Only technologies with
    :math:`w(c, t) \ge` :data:`MIN_PROFILE_WEIGHT` enter the profile (get an edge).
    """
    mu = {a: {c: 1.0 / len(r["clusters"]) for c in r["clusters"]} for a, r in actors.items() if r["clusters"]}
    doc_actor: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for doc, actor, n in select_values(dataset, DOCUMENT_MENTIONS, **{"class": _class(str(CCG.Actor))}):
        for cluster, share in mu.get(actor, {}).items():
            doc_actor[doc][cluster] += int(n) * share
    parts: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for doc, tech, n in select_values(dataset, DOCUMENT_MENTIONS, **{"class": _class(str(CCG.Technology))}):
        by_cluster = doc_actor.get(doc)
        if not by_cluster or tech not in technologies:
            continue
        total = sum(by_cluster.values())
        for cluster, mass in by_cluster.items():
            parts[(cluster, tech)][0] += int(n) * mass / total
    for cluster, tech in select_values(dataset, FOCUS):
        if cluster in clusters and tech in technologies:
            parts[(cluster, tech)][1] += FOCUS_WEIGHT
    for actor, tech, evidence in actor_technology.edges(data="weight"):
        if actor not in actors:
            actor, tech = tech, actor
        for cluster, share in mu.get(actor, {}).items():
            parts[(cluster, tech)][2] += evidence * share
    graph = nx.Graph()
    graph.add_nodes_from(sorted(clusters.items()))
    graph.add_nodes_from(sorted((t, dict(r, clusters=[])) for t, r in technologies.items()))
    for (cluster, tech), (documents, focus, members) in sorted(parts.items()):
        if documents + focus + members >= MIN_PROFILE_WEIGHT - 1e-9:
            graph.add_edge(cluster, tech, documents=documents, focus=focus, members=members, weight=documents + focus + members)
    for tech in technologies:
        graph.nodes[tech]["clusters"] = sorted(graph.neighbors(tech))
    return graph

