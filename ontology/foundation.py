"""Load the vocabulary and the registry into the store: the first step of every build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from ontology.iris import IriScheme
from ontology.registry import check_registry, raise_for_problems, read_registry, registry_graph
from ontology.store import replace_graph_from_file, replace_graph_with

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "ccg.ttl"
TAXONOMY_FILE = ONTOLOGY_DIR / "technologies.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
REPOSITORY_DIR = ONTOLOGY_DIR.parent
DEFAULT_REGISTRY_DIR = REPOSITORY_DIR / "data" / "registry"


@dataclass(frozen=True)
class FoundationSummary:
    """What :func:`load_foundation` put into the store."""

    clusters: int
    actors: int
    triples: int


def load_foundation(dataset: Dataset, iris: IriScheme, registry_dir: Path = DEFAULT_REGISTRY_DIR) -> FoundationSummary:
    """Replace the ontology, taxonomy and registry graphs of ``dataset``.

    The registry is checked first; its first problem is raised as a one-line
    :class:`ontology.errors.RegistryError` and nothing is written.
    """
    registry = read_registry(registry_dir)
    raise_for_problems(check_registry(registry), registry)
    replace_graph_from_file(dataset, iris.ontology_graph, ONTOLOGY_FILE)
    replace_graph_from_file(dataset, iris.taxonomy_graph, TAXONOMY_FILE)
    graph = registry_graph(registry, iris)
    replace_graph_with(dataset, iris.registry_graph, graph)
    return FoundationSummary(clusters=len(registry.clusters), actors=len(registry.actors), triples=len(graph))
