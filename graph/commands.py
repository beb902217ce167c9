"""What the analysis commands of the CLI print: one function per command, store in, text out.

``ccg analyse``, ``ccg bridges``, ``ccg actors``, ``ccg technologies`` and ``ccg suggest-partners``
each call exactly one of these. Apart from :func:`analyse_text`, they read the stored analysis
(:mod:`graph.stored`) and recompute nothing.
"""

from __future__ import annotations

from rdflib import Dataset

from graph.analyse import analyse
from graph.errors import actor_not_analysed
from graph.formats import format_actors, format_bridges, format_partners, format_technologies, sort_actors
from graph.partners import resolve_actor, suggest_partners
from graph.projections import labels_by_node, project
from graph.stored import read_actor_measures, read_bridges, read_parameters, read_technologies
from ontology.iris import IriScheme


def analyse_text(dataset: Dataset, iris: IriScheme, *, include_candidates: bool = False, seed: int = 0) -> str:
    """Run the analysis, write the analysis graph, and summarise what it found."""
    result = analyse(dataset, iris, include_candidates=include_candidates, seed=seed)
    p = result.parameters
    how = "exact" if p.betweenness_exact else f"sampled from {p.betweenness_sources} sources (seed {p.seed})"
    lines = [
        f"actor network: {p.actors} actors, {p.ties} ties ({'with' if p.include_candidates else 'without'} candidate actors)",
        f"betweenness: {how}",
        f"bridge candidates: {len(result.bridges)} cluster pairs",
        f"cross-cutting technologies: {sum(1 for s in result.technologies if s.cross_cutting)} in two or more of {p.clusters} clusters",
        f"co-learning fields: {len(result.fields)} communities spanning clusters",
    ]
    if result.bridges:
        best = result.bridges[0]
        lines.append(f"top bridge: {best.label_a} – {best.label_b} (score {best.score:.3f})")
    return "\n".join(lines)


def bridges_text(dataset: Dataset, iris: IriScheme, *, top: int | None = 10, fmt: str = "table", store: str = "the store") -> str:
    """The stored bridge candidates, best first."""
    return format_bridges(read_bridges(dataset, iris, top=top, store=store), fmt)


def actors_text(dataset: Dataset, iris: IriScheme, *, sort: str = "bridging", top: int | None = 20, fmt: str = "table", store: str = "the store") -> str:
    """The stored actor measures, sorted by ``sort`` and cut to ``top``."""
    ordered = sort_actors(read_actor_measures(dataset, iris, store=store), sort)
    return format_actors(ordered[:top] if top else ordered, fmt, labels_by_node(dataset))


def technologies_text(dataset: Dataset, iris: IriScheme, *, cross_cutting: bool = False, top: int | None = None, fmt: str = "table", store: str = "the store") -> str:
    """The stored technologies by rank; with ``cross_cutting`` only those in two or more clusters."""
    spreads = [s for s in read_technologies(dataset, iris, store=store) if s.cross_cutting or not cross_cutting]
    return format_technologies(spreads[:top] if top else spreads, fmt, labels_by_node(dataset))


def partners_text(dataset: Dataset, iris: IriScheme, actor: str, *, top: int = 10, fmt: str = "table", store: str = "the store") -> str:
    """Partner suggestions for the actor named by ``actor`` (id, IRI, name or alias).

    Uses the actor network of the stored analysis' options (with or without candidates); the
    suggestions themselves are computed on the fly (:func:`graph.partners.suggest_partners`).
    """
    include_candidates = bool(read_parameters(dataset, iris, store)["include_candidates"])
    ego = resolve_actor(dataset, iris, actor)
    projection = project(dataset, iris, include_candidates=include_candidates)
    if ego not in projection.actors:
        raise actor_not_analysed(ego)
    suggestions = suggest_partners(projection.actors, projection.actor_technology, ego, top=top)
    return format_partners(str(projection.actors.nodes[ego].get("label", ego)), suggestions, fmt)
