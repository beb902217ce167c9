"""SHACL validation of the store against ``ontology/shapes.ttl``, reported one violation a line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from ontology.foundation import SHAPES_FILE
from ontology.prefixes import PREFIXES
from ontology.store import export_dataset


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, readable by a person."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}:" if self.path else ""
        return f"{self.severity}: {self.focus}{where} {self.message}"


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs as one in-memory rdflib ``Graph`` (for pySHACL)."""
    graph = Graph()
    graph.parse(data=export_dataset(dataset, "ntriples"), format="nt")
    return graph


def validate_graph(data: Graph, shapes_path: Path = SHAPES_FILE) -> list[Violation]:
    """The SHACL results of ``data`` against the shapes in ``shapes_path``, sorted.

    Examples
    --------
    >>> from rdflib import Literal
    >>> from ontology.namespace import CCG
    >>> from rdflib.namespace import RDF
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://example.org/a"), RDF.type, CCG.Actor))
    >>> [v.path for v in validate_graph(g)]
    ['ccg:status', 'rdf:type', 'rdfs:label']
    """
    shapes = Graph().parse(shapes_path, format="turtle")
    _conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    names = Graph()
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace, override=True)
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        severity = report.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_short(report.value(result, SH.focusNode), names),
                path=_short(report.value(result, SH.resultPath), names),
                message=str(report.value(result, SH.resultMessage) or "violates its shape"),
                severity=str(severity).rsplit("#", 1)[-1],
            )
        )
    return sorted(violations)


def validate_dataset(dataset: Dataset, shapes_path: Path = SHAPES_FILE) -> list[Violation]:
    """The SHACL results of every named graph of ``dataset`` taken together."""
    return validate_graph(union_graph(dataset), shapes_path)


def _short(node: object, graph: Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - fall back to the full IRI
            return f"<{node}>"
    return str(node)
