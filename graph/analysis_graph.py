"""The results of an analysis as RDF: the analysis named graph, replaced as a whole on each run.

What is written (all numbers rounded to :data:`graph.rounding.DIGITS` digits, so the same results
give the same bytes):

- on the analysis graph's own IRI: ``ccg:betweennessSources``, ``ccg:includesCandidates``,
  ``ccg:randomSeed``;
- on every actor of the network: ``ccg:betweenness``, ``ccg:crossClusterBetweenness``,
  ``ccg:constraint`` and ``ccg:effectiveSize`` (not for isolated actors),
  ``ccg:participationCoefficient``, ``ccg:bridgingScore``, ``ccg:brokerageRole`` (if any), the four
  role counts (``ccg:coordinatorBrokerage`` ...) and ``ccg:community``;
- on every technology in a cluster profile: ``ccg:rank``, ``ccg:clusterSpread``,
  ``ccg:spreadEntropy``, ``ccg:evidenceCount``, ``ccg:appearsInCluster``;
- a ``ccg:BridgeCandidate`` per cluster pair (``iris.bridge``) with ``ccg:rank``, ``ccg:score``,
  ``ccg:topicalCloseness``, ``ccg:structuralTie`` and its parts, ``ccg:clusterA``/``ccg:clusterB``,
  ``ccg:sharedTechnology``, ``ccg:broker``, ``prov:wasDerivedFrom`` passages; each of these reasons
  is also a ``ccg:BridgeReason`` (a reified triple, ``iris.bridge_reason``) with its ``ccg:rank``
  and ``ccg:score`` among the reasons of its kind;
- a ``ccg:CoLearningField`` per community spanning clusters (``iris.co_learning_field``).
"""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph.results import AnalysisResult
from graph.rounding import rounded
from ontology.iris import IriScheme
from ontology.namespace import CCG
from ontology.store import replace_graph_with


def _double(value: float) -> Literal:
    return Literal(rounded(value), datatype=XSD.double)


def _integer(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def analysis_triples(result: AnalysisResult, iris: IriScheme) -> Graph:
    """The analysis graph of ``result`` as an rdflib ``Graph`` (no blank nodes).

    Examples
    --------
    >>> from graph.results import AnalysisParameters
    >>> params = AnalysisParameters(False, 0, 10, True, 10, 12, 2, 3)
    >>> g = analysis_triples(AnalysisResult(params, (), (), (), ()), IriScheme())
    >>> sorted(str(o) for o in g.objects())
    ['0', '10', 'false']
    """
    graph = Graph()
    _parameters(graph, result, iris)
    for measures in result.actors:
        node = URIRef(measures.actor)
        values = {
            CCG.betweenness: measures.betweenness,
            CCG.crossClusterBetweenness: measures.cross_cluster_betweenness,
            CCG.constraint: measures.constraint,
            CCG.effectiveSize: measures.effective_size,
            CCG.participationCoefficient: measures.participation,
            CCG.bridgingScore: measures.bridging.score,
            CCG.coordinatorBrokerage: measures.roles.coordinator,
            CCG.gatekeeperRepresentativeBrokerage: measures.roles.gatekeeper_representative,
            CCG.itinerantBrokerage: measures.roles.itinerant,
            CCG.liaisonBrokerage: measures.roles.liaison,
        }
        for predicate, value in values.items():
            if value is not None:
                graph.add((node, predicate, _double(value)))
        if measures.brokerage_role:
            graph.add((node, CCG.brokerageRole, Literal(measures.brokerage_role)))
        graph.add((node, CCG.community, _integer(measures.community)))
    for spread in result.technologies:
        node = URIRef(spread.technology)
        graph.add((node, CCG.rank, _integer(spread.rank)))
        graph.add((node, CCG.clusterSpread, _integer(spread.spread)))
        graph.add((node, CCG.spreadEntropy, _double(spread.entropy)))
        graph.add((node, CCG.evidenceCount, _integer(spread.evidence)))
        for cluster in spread.clusters:
            graph.add((node, CCG.appearsInCluster, URIRef(cluster)))
    for candidate in result.bridges:
        _bridge(graph, candidate, result.cluster_ids, iris)
    for field in result.fields:
        node = iris.co_learning_field(field.number)
        graph.add((node, RDF.type, CCG.CoLearningField))
        graph.add((node, CCG.rank, _integer(field.number)))
        graph.add((node, RDFS.label, Literal(f"co-learning field {field.number}", lang="en")))
        for member in field.members:
            graph.add((node, CCG.includesActor, URIRef(member)))
        for cluster, _count in field.clusters:
            graph.add((node, CCG.spansCluster, URIRef(cluster)))
        for tech in field.technologies:
            graph.add((node, CCG.dominantTechnology, URIRef(tech)))
    return graph


def _parameters(graph: Graph, result: AnalysisResult, iris: IriScheme) -> None:
    node = iris.analysis_graph
    graph.add((node, CCG.betweennessSources, _integer(result.parameters.betweenness_sources)))
    graph.add((node, CCG.includesCandidates, Literal(bool(result.parameters.include_candidates))))
    graph.add((node, CCG.randomSeed, _integer(result.parameters.seed)))


def _bridge(graph: Graph, candidate, cluster_ids: dict[str, str], iris: IriScheme) -> None:
    a_id = cluster_ids.get(candidate.cluster_a, candidate.cluster_a.rsplit("/", 1)[-1])
    b_id = cluster_ids.get(candidate.cluster_b, candidate.cluster_b.rsplit("/", 1)[-1])
    node = iris.bridge(a_id, b_id)
    graph.add((node, RDF.type, CCG.BridgeCandidate))
    graph.add((node, RDFS.label, Literal(f"{candidate.label_a} – {candidate.label_b}")))
    graph.add((node, CCG.rank, _integer(candidate.rank)))
    graph.add((node, CCG.clusterA, URIRef(candidate.cluster_a)))
    graph.add((node, CCG.clusterB, URIRef(candidate.cluster_b)))
    for predicate, value in (
        (CCG.score, candidate.score),
        (CCG.topicalCloseness, candidate.topical_closeness),
        (CCG.structuralTie, candidate.structural_tie),
        (CCG.sharedMembers, candidate.shared_members),
        (CCG.partnerTies, candidate.partner_ties),
        (CCG.coMentionTies, candidate.co_mention_ties),
    ):
        graph.add((node, predicate, _double(value)))
    reasons = (
        [(CCG.sharedTechnology, t.technology, t.contribution) for t in candidate.technologies]
        + [(CCG.broker, b.actor, b.score) for b in candidate.brokers]
        + [(PROV.wasDerivedFrom, q.passage, q.score) for q in candidate.quotes]
    )
    rank_within: dict[URIRef, int] = {}
    for number, (predicate, target, score) in enumerate(reasons, start=1):
        rank_within[predicate] = rank_within.get(predicate, 0) + 1
        statement = iris.bridge_reason(a_id, b_id, number)
        graph.add((node, predicate, URIRef(target)))
        graph.add((statement, RDF.type, CCG.BridgeReason))
        graph.add((statement, RDF.subject, node))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, RDF.object, URIRef(target)))
        graph.add((statement, CCG.rank, _integer(rank_within[predicate])))
        graph.add((statement, CCG.score, _double(score)))


def write_analysis(dataset: Dataset, iris: IriScheme, result: AnalysisResult) -> int:
    """Replace the analysis graph of ``dataset`` by ``result``, atomically; returns the triple count."""
    graph = analysis_triples(result, iris)
    replace_graph_with(dataset, iris.analysis_graph, graph)
    return len(graph)
