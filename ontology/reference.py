"""The ontology reference ``docs/ontology.md``, generated from ``ccg.ttl`` and ``technologies.ttl``.

Classes, properties (with domain, range and characteristics), status individuals and annotation
properties with their English and German labels and comments, then the technology scheme as a
tree. Run ``python -m ontology.reference`` after editing the Turtle files; ``--check`` exits with 1
when the file on disk is out of date (the test suite does the same). No network, rdflib only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ontology.generate_namespace import load_vocabularies
from ontology.namespace import CCG
from ontology.prefixes import PREFIXES
from ontology.taxonomy import TechnologyConcept, concepts_from_graph

REFERENCE_FILE = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"

# (heading, kind in the overview, rdf:type that selects the terms) in the order of the reference
SECTIONS: tuple[tuple[str, str, URIRef], ...] = (
    ("Classes", "class", OWL.Class),
    ("Object properties", "object property", OWL.ObjectProperty),
    ("Datatype properties", "datatype property", OWL.DatatypeProperty),
    ("Annotation properties", "annotation property", OWL.AnnotationProperty),
    ("Status values", "status value", CCG.Status),
)
_CHARACTERISTICS = {OWL.FunctionalProperty: "functional", OWL.SymmetricProperty: "symmetric", OWL.TransitiveProperty: "transitive"}


@dataclass(frozen=True)
class Term:
    """One term of the ontology as the reference shows it; IRIs are written as CURIEs."""

    curie: str
    labels: tuple[tuple[str, str], ...]  # (language, text), sorted
    comments: tuple[tuple[str, str], ...]
    parents: tuple[str, ...] = ()  # rdfs:subClassOf / rdfs:subPropertyOf
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """The HTML id of the term's entry."""
        return self.curie.replace(":", "-")

    def text(self, language: str, which: str = "labels") -> str:
        """The label (or comment) in ``language``, or ``""``."""
        return dict(getattr(self, which)).get(language, "")


def curie(iri: URIRef | str) -> str:
    """``iri`` shortened with ccg's prefixes (the longest matching namespace wins).

    Examples
    --------
    >>> curie(CCG.Actor), curie("http://www.w3.org/2001/XMLSchema#double"), curie("https://example.org/x")
    ('ccg:Actor', 'xsd:double', 'https://example.org/x')
    """
    text = str(iri)
    matches = [(len(ns), name) for name, ns in PREFIXES.items() if text.startswith(ns) and len(text) > len(ns)]
    if not matches:
        return text
    length, name = max(matches)
    return f"{name}:{text[length:]}"


def _literals(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((o.language or "", str(o)) for o in graph.objects(node, predicate) if isinstance(o, Literal)))


def _curies(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(curie(o) for o in graph.objects(node, predicate) if isinstance(o, URIRef)))


def ontology_terms(graph: Graph, kind: URIRef, namespace: str = str(CCG._NS)) -> tuple[Term, ...]:
    """The terms of ``namespace`` typed ``kind`` in ``graph``, sorted by CURIE.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix ccg: <https://w3id.org/cross-cluster-graph/ontology#> .
    ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... ccg:score a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "score"@en, "Punktwert"@de ;
    ...     rdfs:range <http://www.w3.org/2001/XMLSchema#double> .''')
    >>> [(t.curie, t.text("de"), t.range, t.characteristics) for t in ontology_terms(g, OWL.DatatypeProperty)]
    [('ccg:score', 'Punktwert', ('xsd:double',), ('functional',))]
    """
    terms = []
    for node in sorted(set(graph.subjects(RDF.type, kind))):
        if not isinstance(node, URIRef) or not str(node).startswith(namespace):
            continue
        types = set(graph.objects(node, RDF.type))
        terms.append(
            Term(
                curie=curie(node),
                labels=_literals(graph, node, RDFS.label),
                comments=_literals(graph, node, RDFS.comment),
                parents=_curies(graph, node, RDFS.subClassOf) + _curies(graph, node, RDFS.subPropertyOf),
                domain=_curies(graph, node, RDFS.domain),
                range=_curies(graph, node, RDFS.range),
                characteristics=tuple(name for kind_, name in _CHARACTERISTICS.items() if kind_ in types),
            )
        )
    return tuple(sorted(terms, key=lambda t: t.curie))


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _link(name: str, known: set[str]) -> str:
    return f"[{name}](#{name.replace(':', '-')})" if name in known else f"`{name}`"


def render_term(term: Term, known: set[str]) -> list[str]:
    """The Markdown entry of one term: heading, labels, comments and its axioms."""
    lines = [f'<a id="{term.anchor}"></a>', f"### {term.curie}", ""]
    lines.append(f"*{term.text('en') or '-'}* (en) · *{term.text('de') or '-'}* (de)")
    lines.append("")
    facts = [
        ("sub-term of", term.parents),
        ("domain", term.domain),
        ("range", term.range),
        ("characteristics", term.characteristics),
    ]
    for name, values in facts:
        if values:
            shown = ", ".join(_link(v, known) if ":" in v else v for v in values)
            lines.append(f"- {name}: {shown}")
    for language, flag in (("en", "en"), ("de", "de")):
        comment = term.text(language, "comments")
        if comment:
            lines.append(f"- {flag}: {comment}")
    lines.append("")
    return lines


def render_tree(concepts: Sequence[TechnologyConcept]) -> list[str]:
    """The technology scheme as a nested Markdown list: fields, then their concepts, by English label.

    Examples
    --------
    >>> field = TechnologyConcept("t/energy", "energy", (("de", "Energie"), ("en", "Energy")))
    >>> h2 = TechnologyConcept("t/h2", "hydrogen", (("de", "Wasserstoff"), ("en", "Hydrogen")), (("", "H2"),), ("t/energy",))
    >>> print("\\n".join(render_tree([h2, field])))
    - **Energy** / Energie (`tech:energy`)
      - **Hydrogen** / Wasserstoff (`tech:hydrogen`); also: H2
    """
    children: dict[str, list[TechnologyConcept]] = {}
    for concept in concepts:
        for parent in concept.broader or ("",):
            children.setdefault(parent, []).append(concept)
    lines: list[str] = []

    def walk(parent: str, depth: int) -> None:
        for concept in sorted(children.get(parent, []), key=lambda c: (c.label("en").casefold(), c.iri)):
            also = [label for _, label in concept.alt_labels]
            suffix = f"; also: {', '.join(also)}" if also else ""
            lines.append(f"{'  ' * depth}- **{concept.label('en')}** / {concept.label('de')} (`tech:{concept.slug}`){suffix}")
            walk(concept.iri, depth + 1)

    walk("", 0)
    return lines


def render_reference(ontology: Graph, taxonomy: Graph) -> str:
    """The whole of ``docs/ontology.md``."""
    sections = [(heading, kind_name, ontology_terms(ontology, kind)) for heading, kind_name, kind in SECTIONS]
    known = {term.curie for _, _, terms in sections for term in terms}
    concepts = concepts_from_graph(taxonomy)
    lines = [
        "# Ontology reference",
        "",
        "<!-- GENERATED by `python -m ontology.reference` from ontology/ccg.ttl and ontology/technologies.ttl: do not edit by hand. -->",
        "",
        "The terms of the `ccg:` vocabulary (`" + str(CCG._NS) + "`) with their English and German labels and",
        "comments, and the technology scheme. How the pipeline uses them: [architecture](architecture.md).",
        "Prefixes: " + ", ".join(f"`{name}:`" for name in sorted(PREFIXES)) + " (as in `ccg query`).",
        "",
        "## Overview",
        "",
        "| term | kind | label (en) | label (de) |",
        "|---|---|---|---|",
    ]
    for _, kind_name, terms in sections:
        for term in terms:
            lines.append(f"| {_link(term.curie, known)} | {kind_name} | {_cell(term.text('en'))} | {_cell(term.text('de'))} |")
    lines.append("")
    for heading, _, terms in sections:
        lines += [f"## {heading}", ""]
        for term in terms:
            lines += render_term(term, known)
    lines += [
        "## Technology scheme",
        "",
        f"{len(concepts)} concepts in {sum(1 for c in concepts if not c.broader)} fields; English / German preferred label, then the alternative labels that ingest matches too.",
        "",
        *render_tree(concepts),
        "",
    ]
    return "\n".join(lines)


def reference_text(directory: Path | None = None) -> str:
    """The reference rendered from the Turtle files in ``directory`` (default: this package)."""
    ontology, taxonomy = load_vocabularies() if directory is None else load_vocabularies(directory)
    return render_reference(ontology, taxonomy)


def main(argv: Iterable[str] | None = None) -> int:
    """Write ``docs/ontology.md``; with ``--check`` only say whether it is up to date."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = reference_text()
    if "--check" in args:
        current = REFERENCE_FILE.read_text(encoding="utf-8") if REFERENCE_FILE.exists() else ""
        if current != text:
            print(f"{REFERENCE_FILE}: out of date; run: python -m ontology.reference", file=sys.stderr)
            return 1
        return 0
    REFERENCE_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {REFERENCE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
