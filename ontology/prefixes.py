"""The prefixes ccg declares in SPARQL queries and serialisations."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from ontology.namespace import CCG, OA, TECH

PREFIXES: dict[str, str] = {
    "ccg": str(CCG._NS),
    "dct": str(DCTERMS._NS),
    "oa": str(OA._NS),
    "org": str(ORG._NS),
    "owl": str(OWL._NS),
    "prov": str(PROV._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "schema": str(SDO._NS),
    "sh": str(SH._NS),
    "skos": str(SKOS._NS),
    "tech": str(TECH._NS),
    "xsd": str(XSD._NS),
}


def sparql_prologue(prefixes: dict[str, str] = PREFIXES) -> str:
    """``PREFIX`` lines for ``prefixes``, sorted.

    Examples
    --------
    >>> print(sparql_prologue({"ex": "https://example.org/"}))
    PREFIX ex: <https://example.org/>
    """
    return "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in sorted(prefixes.items()))
