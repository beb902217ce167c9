"""Reading the results of ``ccg analyse`` back from the store, without recomputing anything.

Every function queries the analysis graph with SPARQL (joined with labels and memberships from the
registry and documents) and returns the same records the analysis produced, in the stored order.
Numbers come back as stored (rounded to :data:`graph.rounding.DIGITS` digits). Broker scores are
stored without their parts, so :attr:`graph.bridges.Broker.ties` and ``.technology`` are None here;
the three parts of an actor's bridging score are recomputed from the stored (rounded) measures, so
they may differ from the analysis in the last digit (the stored score itself does not).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import PROV

from graph.bridges import BridgeCandidate, Broker, SharedTechnology
from graph.brokerage import BridgingScore, RoleCounts, bridging_scores
from graph.communities import CoLearningField
from graph.errors import no_analysis
from graph.passages import fetch_quote
from graph.projections import labels_by_node, select_values
from graph.results import ActorMeasures
from graph.rounding import rounded
from graph.technologies import TechnologySpread
from ontology.iris import IriScheme
from ontology.namespace import CCG

PARAMETERS = """SELECT ?graph ?sources ?candidates ?seed WHERE {
  ?graph ccg:betweennessSources ?sources ; ccg:includesCandidates ?candidates ; ccg:randomSeed ?seed .
}"""
BRIDGES = """SELECT ?bridge ?rank ?a ?b ?score ?closeness ?tie ?shared ?partner ?co WHERE {
  ?bridge a ccg:BridgeCandidate ; ccg:rank ?rank ; ccg:clusterA ?a ; ccg:clusterB ?b ; ccg:score ?score ;
      ccg:topicalCloseness ?closeness ; ccg:structuralTie ?tie ; ccg:sharedMembers ?shared ;
      ccg:partnerTies ?partner ; ccg:coMentionTies ?co .
} ORDER BY ?rank"""
REASONS = """SELECT ?bridge ?predicate ?object ?rank ?score WHERE {
  ?statement a ccg:BridgeReason ; rdf:subject ?bridge ; rdf:predicate ?predicate ; rdf:object ?object ;
      ccg:rank ?rank ; ccg:score ?score .
  ?bridge a ccg:BridgeCandidate .
} ORDER BY ?bridge ?predicate ?rank"""
STATUS_ORDER = ("curated", "accepted", "candidate", "rejected")
ACTORS = """SELECT ?actor ?betweenness ?cross ?constraint ?size ?participation ?bridging ?coordinator ?gatekeeper ?itinerant ?liaison ?community WHERE {
  ?actor ccg:betweenness ?betweenness ; ccg:crossClusterBetweenness ?cross ; ccg:participationCoefficient ?participation ;
      ccg:bridgingScore ?bridging ; ccg:coordinatorBrokerage ?coordinator ; ccg:gatekeeperRepresentativeBrokerage ?gatekeeper ;
      ccg:itinerantBrokerage ?itinerant ; ccg:liaisonBrokerage ?liaison ; ccg:community ?community .
  OPTIONAL { ?actor ccg:constraint ?constraint }
  OPTIONAL { ?actor ccg:effectiveSize ?size }
} ORDER BY ?actor"""
ACTOR_FACTS = """SELECT ?actor ?cluster ?status ?type WHERE {
  ?actor ccg:community ?community .
  OPTIONAL { ?actor org:memberOf ?cluster . ?cluster a ccg:Cluster }
  OPTIONAL { ?actor ccg:status ?status }
  OPTIONAL { ?actor a ?type . FILTER(?type != ccg:Actor && STRSTARTS(STR(?type), STR(ccg:))) }
}"""
TECHNOLOGIES = """SELECT ?tech ?rank ?spread ?entropy ?evidence ?cluster WHERE {
  ?tech ccg:rank ?rank ; ccg:clusterSpread ?spread ; ccg:spreadEntropy ?entropy ; ccg:evidenceCount ?evidence .
  OPTIONAL { ?tech ccg:appearsInCluster ?cluster }
} ORDER BY ?rank ?cluster"""
FIELDS = """SELECT ?field ?rank ?property ?value WHERE {
  ?field a ccg:CoLearningField ; ccg:rank ?rank ; ?property ?value .
  VALUES ?property { ccg:includesActor ccg:spansCluster ccg:dominantTechnology }
} ORDER BY ?rank ?property ?value"""


def read_parameters(dataset: Dataset, iris: IriScheme, store: str = "the store") -> dict[str, object]:
    """The parameters the stored analysis ran with; raises if the store was never analysed."""
    rows = select_values(dataset, PARAMETERS, graph=ox.NamedNode(str(iris.analysis_graph)))
    if not rows:
        raise no_analysis(store)
    sources, candidates, seed = rows[0]
    return {"betweenness_sources": int(sources), "include_candidates": candidates == "true", "seed": int(seed)}


def read_bridges(dataset: Dataset, iris: IriScheme, *, top: int | None = None, store: str = "the store") -> list[BridgeCandidate]:
    """The stored bridge candidates by rank, with shared technologies, brokers and quotes."""
    read_parameters(dataset, iris, store)
    labels = labels_by_node(dataset)
    rows = select_values(dataset, BRIDGES)
    if top is not None:
        rows = rows[:top]
    reasons: dict[str, dict[str, list[tuple[int, str, float]]]] = defaultdict(lambda: defaultdict(list))
    for bridge, predicate, target, rank, score in select_values(dataset, REASONS):
        reasons[bridge][predicate].append((int(rank), target, float(score)))
    found = []
    for bridge, rank, a, b, score, closeness, tie, shared, partner, co in rows:
        why = reasons.get(bridge, {})
        techs = tuple(SharedTechnology(t, labels.get(t, t), s) for _, t, s in sorted(why.get(str(CCG.sharedTechnology), [])))
        brokers = tuple(Broker(x, labels.get(x, x), s, None, None) for _, x, s in sorted(why.get(str(CCG.broker), [])))
        passages = sorted(why.get(str(PROV.wasDerivedFrom), []))
        quotes = tuple(q for q in (fetch_quote(dataset, p, s) for _, p, s in passages) if q is not None)
        found.append(
            BridgeCandidate(int(rank), a, b, labels.get(a, a), labels.get(b, b), float(score), float(closeness), float(tie),
                            float(shared), float(partner), float(co), techs, brokers, quotes)
        )
    return found


def read_actor_measures(dataset: Dataset, iris: IriScheme, *, store: str = "the store") -> list[ActorMeasures]:
    """The stored measures of every actor, sorted by IRI, with labels, clusters, type and status."""
    read_parameters(dataset, iris, store)
    labels = labels_by_node(dataset)
    clusters: dict[str, set[str]] = defaultdict(set)
    statuses: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for actor, cluster, status, type_iri in select_values(dataset, ACTOR_FACTS):
        if cluster:
            clusters[actor].add(cluster)
        if status:
            statuses[actor].add(status.rsplit("#", 1)[-1])
        if type_iri:
            types[actor].add(type_iri.rsplit("#", 1)[-1])
    rows = select_values(dataset, ACTORS)
    cross = {r[0]: float(r[2]) for r in rows}
    participation = {r[0]: float(r[5]) for r in rows}
    constraint = {r[0]: float(r[3]) if r[3] is not None else float("nan") for r in rows}
    parts = bridging_scores(cross, participation, constraint)
    measures = []
    for actor, between, x, c, size, p, bridging, co, gk, it, li, community in rows:
        roles = RoleCounts(float(co), float(gk), float(it), float(li))
        part = parts[actor]
        measures.append(
            ActorMeasures(
                actor=actor,
                label=labels.get(actor, actor),
                clusters=tuple(sorted(clusters.get(actor, ()))),
                betweenness=float(between),
                cross_cluster_betweenness=float(x),
                constraint=None if c is None else float(c),
                effective_size=None if size is None else float(size),
                participation=float(p),
                roles=roles,
                bridging=BridgingScore(float(bridging), *(rounded(x) for x in (part.betweenness_part, part.participation_part, part.openness_part))),
                community=int(community),
                type=min(types.get(actor, {""})),
                status=next((x for x in STATUS_ORDER if x in statuses.get(actor, ())), ""),
            )
        )
    return measures


def read_technologies(dataset: Dataset, iris: IriScheme, *, store: str = "the store") -> list[TechnologySpread]:
    """The stored technology spreads by rank."""
    read_parameters(dataset, iris, store)
    labels = labels_by_node(dataset)
    by_tech: dict[str, list] = {}
    for tech, rank, spread, entropy, evidence, cluster in select_values(dataset, TECHNOLOGIES):
        entry = by_tech.setdefault(tech, [int(rank), int(spread), float(entropy), int(evidence), []])
        if cluster:
            entry[4].append(cluster)
    return [
        TechnologySpread(tech, labels.get(tech, tech), tuple(sorted(cl)), spread, entropy, evidence, rank)
        for tech, (rank, spread, entropy, evidence, cl) in sorted(by_tech.items(), key=lambda item: item[1][0])
    ]


def read_fields(dataset: Dataset, iris: IriScheme, *, store: str = "the store") -> list[CoLearningField]:
    """The stored co-learning fields by rank (member counts per cluster recomputed from memberships)."""
    read_parameters(dataset, iris, store)
    values: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for _field, rank, prop, value in select_values(dataset, FIELDS):
        values[int(rank)][prop].append(value)
    memberships: dict[str, set[str]] = defaultdict(set)
    for actor, cluster, _status, _type in select_values(dataset, ACTOR_FACTS):
        if cluster:
            memberships[actor].add(cluster)
    fields = []
    for rank, props in sorted(values.items()):
        members = tuple(sorted(props.get(str(CCG.includesActor), [])))
        spanned = sorted(props.get(str(CCG.spansCluster), []))
        counts = tuple((c, sum(1 for m in members if c in memberships.get(m, ()))) for c in spanned)
        fields.append(CoLearningField(rank, members, counts, tuple(sorted(props.get(str(CCG.dominantTechnology), [])))))
    return fields
