"""Running SPARQL queries on the store and writing their results for people and tools."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset

from ontology.errors import bad_query
from ontology.prefixes import PREFIXES
from ontology.store import oxigraph_of

RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle")


@dataclass(frozen=True)
class SelectResult:
    """The variables and rows of a SELECT query; cells are N-Triples terms or None."""

    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]


def run_query(
    dataset: Dataset,
    query: str,
    *,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    source: str = "query",
) -> SelectResult | bool | list[ox.Triple]:
    """Run a SPARQL query over the union of all named graphs, with ccg's prefixes predeclared.

    Values from outside (document text, user input) go in ``bindings``, never into the query text.
    Oxigraph substitutes only variables that the query projects (``SELECT *`` projects all).

    Examples
    --------
    >>> from ontology.store import open_dataset, replace_graph
    >>> from rdflib import URIRef
    >>> ds = open_dataset()
    >>> replace_graph(ds, URIRef("https://example.org/g"), '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .')
    >>> result = run_query(ds, "SELECT ?s ?label WHERE { ?s rdfs:label ?label }", bindings={"label": ox.Literal("A")})
    >>> [row[0].value for row in result.rows]
    ['https://example.org/a']
    """
    substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
    try:
        result = oxigraph_of(dataset).query(
            query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions
        )
    except SyntaxError as error:
        raise bad_query(source, str(error)) from error
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return SelectResult(variables, tuple(tuple(solution[v] for v in variables) for solution in result))
    return list(result)


def term_text(term: object) -> str:
    """A cell as people read it: IRIs and literals as their plain value, unbound as empty."""
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def format_result(result: SelectResult | bool | list[ox.Triple], fmt: str) -> str:
    """Write a query result as ``table``, ``csv``, ``tsv``, ``json`` (SPARQL JSON) or ``turtle``."""
    if isinstance(result, bool):
        return json.dumps({"head": {}, "boolean": result}) if fmt == "json" else ("yes" if result else "no")
    if isinstance(result, list):
        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "ntriples" else ox.RdfFormat.TURTLE
        return ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None).decode()
    if fmt == "json":
        return json.dumps(
            {"head": {"vars": list(result.variables)}, "results": {"bindings": [_json_row(result.variables, row) for row in result.rows]}},
            ensure_ascii=False,
            indent=2,
        )
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([term_text(cell) for cell in row] for row in result.rows)
        return buffer.getvalue()
    return render_table(result.variables, [[term_text(cell) for cell in row] for row in result.rows])


def _json_row(variables: tuple[str, ...], row: tuple) -> dict:
    cells = {}
    for name, term in zip(variables, row):
        if term is None:
            continue
        if isinstance(term, ox.NamedNode):
            cells[name] = {"type": "uri", "value": term.value}
        elif isinstance(term, ox.BlankNode):
            cells[name] = {"type": "bnode", "value": term.value}
        else:
            cell = {"type": "literal", "value": term.value}
            if term.language:
                cell["xml:lang"] = term.language
            elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                cell["datatype"] = term.datatype.value
            cells[name] = cell
    return cells


def render_table(header: tuple[str, ...] | list[str], rows: list[list[str]], max_width: int = 60) -> str:
    """A plain-text table with aligned columns; long cells are cut with an ellipsis.

    Examples
    --------
    >>> print(render_table(["a", "bb"], [["1", "two"]]))
    a  bb
    -  ---
    1  two
    """
    cut = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cut]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cut)
    return "\n".join(lines)
