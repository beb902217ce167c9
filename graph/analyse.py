"""The analysis in one call: project the store, measure, rank, and write the analysis graph."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Dataset

from graph.analysis_graph import write_analysis
from graph.bridges import bridge_candidates
from graph.centrality import EXACT_BETWEENNESS_WORK
from graph.communities import co_learning_fields
from graph.measures import actor_measures
from graph.passages import attach_quotes
from graph.projections import Projection, project
from graph.results import AnalysisParameters, AnalysisResult
from graph.technologies import technology_spread
from ontology.iris import IriScheme


def analyse_projection(
    projection: Projection,
    *,
    seed: int = 0,
    work: int = EXACT_BETWEENNESS_WORK,
    top_technologies: int = 5,
    top_brokers: int = 5,
) -> AnalysisResult:
    """Measures, cross-cutting technologies, bridge candidates (without quotes) and co-learning fields.

    Pure: graphs in, results out. ``seed`` fixes the betweenness sample and the communities;
    ``work`` is the betweenness budget (:data:`graph.centrality.EXACT_BETWEENNESS_WORK`).
    """
    network = actor_measures(projection.actors, seed=seed, work=work)
    spreads = technology_spread(projection.cluster_technology)
    bridges = bridge_candidates(
        projection.actors,
        projection.actor_technology,
        projection.cluster_technology,
        top_technologies=top_technologies,
        top_brokers=top_brokers,
    )
    fields = co_learning_fields(list(network.communities), projection.actors, projection.actor_technology)
    clusters = projection.nodes_of_kind("cluster")
    technologies = projection.nodes_of_kind("technology")
    parameters = AnalysisParameters(
        include_candidates=projection.include_candidates,
        seed=seed,
        betweenness_sources=network.betweenness.sources,
        betweenness_exact=network.betweenness.exact,
        actors=projection.actors.number_of_nodes(),
        ties=projection.actors.number_of_edges(),
        clusters=len(clusters),
        technologies=len(technologies),
    )
    labels = {node: str(projection.attributes(node).get("label", node)) for node in clusters + technologies}
    labels.update({m.actor: m.label for m in network.actors})
    cluster_ids = {c: str(projection.attributes(c).get("id", "")) for c in clusters}
    return AnalysisResult(parameters, network.actors, tuple(spreads), tuple(bridges), tuple(fields), cluster_ids, labels)


def analyse(
    dataset: Dataset,
    iris: IriScheme,
    *,
    include_candidates: bool = False,
    seed: int = 0,
    work: int = EXACT_BETWEENNESS_WORK,
    top_technologies: int = 5,
    top_brokers: int = 5,
    top_quotes: int = 3,
    write: bool = True,
) -> AnalysisResult:
    """Analyse the store and (unless ``write=False``) replace its analysis graph with the results.

    Projects the store (:func:`graph.projections.project`), measures the actor network
    (:func:`graph.measures.actor_measures`), ranks cross-cutting technologies
    (:func:`graph.technologies.technology_spread`) and bridge candidates
    (:func:`graph.bridges.bridge_candidates`) with their best source passages
    (:func:`graph.passages.attach_quotes`), finds co-learning fields
    (:func:`graph.communities.co_learning_fields`) and writes everything into the analysis named
    graph in one transaction (:func:`graph.analysis_graph.write_analysis`). The same store and
    options give the same rankings and the same bytes.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> analyse(open_dataset(), IriScheme()).parameters.actors
    0
    """
    projection = project(dataset, iris, include_candidates=include_candidates)
    result = analyse_projection(projection, seed=seed, work=work, top_technologies=top_technologies, top_brokers=top_brokers)
    members: dict[str, set[str]] = {}
    for measures in result.actors:
        for cluster in measures.clusters:
            members.setdefault(cluster, set()).add(measures.actor)
    frozen = {cluster: frozenset(actors) for cluster, actors in members.items()}
    result = replace(result, bridges=tuple(attach_quotes(dataset, result.bridges, frozen, top_quotes)))
    if write:
        write_analysis(dataset, iris, result)
    return result
