"""Running SPARQL queries on the store and writing their results for people and tools."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset

from ontology.errors import bad_query, query_failed
from ontology.prefixes import PREFIXES
from ontology.sparql_formats import FORMATS, render_table, solutions_json, term_text, write_result
from ontology.store import oxigraph_of

__all__ = ["SelectResult", "format_result", "render_table", "run_query", "term_text"]


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
    except RuntimeError as error:  # e.g. a binding for a variable the query does not project
        raise query_failed(source, str(error)) from error
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return SelectResult(variables, tuple(tuple(solution[v] for v in variables) for solution in result))
    return list(result)


def format_result(result: SelectResult | bool | list[ox.Triple], fmt: str) -> str:
    """Write a result of :func:`run_query` in a format of :data:`ontology.sparql_formats.FORMATS`.

    Examples
    --------
    >>> print(format_result(SelectResult(("n",), ((ox.Literal("1"),),)), "csv"), end="")
    n
    1
    """
    if isinstance(result, bool):
        native: object = ox.parse_query_results(json.dumps({"head": {}, "boolean": result}), format=ox.QueryResultsFormat.JSON)
    elif isinstance(result, SelectResult):
        native = ox.parse_query_results(solutions_json(result.variables, result.rows), format=ox.QueryResultsFormat.JSON)
    else:
        native = iter(result)
    return write_result(native, FORMATS[fmt], prefixes=PREFIXES).body.decode("utf-8").replace("\r\n", "\n")
