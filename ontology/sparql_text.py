"""Reading SPARQL text without running it: the query form, updates and federated ``SERVICE`` calls.

The text is split into tokens the way the SPARQL grammar does (comments, strings, IRIs, variables,
prefixed names and blank nodes are whole tokens), so a keyword inside a string, an IRI or a comment
is never taken for one. Oxigraph still parses every query; these checks decide only what the
endpoint refuses before a query reaches the store.
"""

from __future__ import annotations

import re

QUERY_FORMS = ("select", "ask", "construct", "describe")
GRAPH_FORMS = ("construct", "describe")
UPDATE_KEYWORDS = frozenset({"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"})

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$]\w+)
    | (?P<blank>_:[\w.\-]*)
    | (?P<pname>(?:[^\W\d_][\w.\-]*)?:[\w.\-:%\\]*)
    | (?P<word>[^\W\d]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text in order, lower-cased (keywords, function names, ``a``).

    Examples
    --------
    >>> keywords('SELECT ?service WHERE { ?s rdfs:label "SERVICE" } # SERVICE')
    ['select', 'where']
    """
    return [m.group("word").lower() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def query_form(text: str) -> str:
    """``select``, ``ask``, ``construct``, ``describe``, ``update``, or ``unknown`` when neither.

    The form is the first keyword after the prologue (``BASE`` and ``PREFIX`` declarations).

    Examples
    --------
    >>> query_form("PREFIX ex: <https://example.org/>\\nASK { ?s ex:p ?o }")
    'ask'
    >>> query_form("# DELETE nothing\\nconstruct where { ?s ?p ?o }")
    'construct'
    >>> query_form("INSERT DATA { <https://example.org/s> <https://example.org/p> 1 }")
    'update'
    >>> query_form("hello")
    'unknown'
    """
    for word in keywords(text):
        if word in ("base", "prefix"):
            continue
        if word in QUERY_FORMS:
            return word
        return "update" if word in UPDATE_KEYWORDS else "unknown"
    return "unknown"


def calls_service(text: str) -> bool:
    """Whether the query calls another endpoint (``SERVICE``), which would make the server fetch a URL.

    Examples
    --------
    >>> calls_service("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> calls_service("SELECT ?service WHERE { ?service a <https://example.org/SERVICE> }")
    False
    """
    return "service" in keywords(text)
