"""The quotes of the network page's tooltips: passages in which a node is mentioned, with their document.

Measures and bridge candidates are read by :mod:`graph.stored`; this module adds the evidence
behind every node: up to three ``ccg:Passage`` texts with their document's title and source,
chosen with SPARQL in three queries for the whole page. Texts reach the page as data, never as markup.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Mapping

from rdflib import Dataset

from graph.bridges import Quote
from graph.projections import select_values

QUOTES_PER_NODE = 3
#: Longest quote in characters; longer passages are cut with an ellipsis.
QUOTE_LENGTH = 320

MENTIONED_IN = """SELECT DISTINCT ?node ?passage ?doc ?mention WHERE {
  ?mention ccg:refersTo ?node ; ccg:inPassage ?passage . ?passage dct:isPartOf ?doc .
}"""
STATED_IN = """SELECT DISTINCT ?node ?passage WHERE {
  ?statement ccg:inPassage ?passage . { ?statement rdf:subject ?node } UNION { ?statement rdf:object ?node }
}"""
PASSAGE_TEXTS = """SELECT ?passage ?doc ?start ?text ?title ?source WHERE {
  ?passage a ccg:Passage ; ccg:text ?text ; dct:isPartOf ?doc .
  OPTIONAL { ?passage ccg:start ?start }
  OPTIONAL { ?doc dct:title ?title }
  OPTIONAL { ?doc dct:source ?source }
}"""


def choose_passages(
    mentioned: Mapping[str, Collection[tuple[str, str]]],
    stated: Collection[tuple[str, str]],
    busy: Mapping[str, int],
    order: Mapping[str, tuple],
    top: int = QUOTES_PER_NODE,
) -> dict[str, list[str]]:
    """Up to ``top`` passages per node, one per document, the most telling first.

    A passage that states a relation of the node comes first, then passages with more mentions
    (``busy``: mentions per passage), then document order (``order``: a sort key per passage).

    Examples
    --------
    >>> mentioned = {"n": [("p1", "d1"), ("p2", "d1"), ("p3", "d2")]}
    >>> choose_passages(mentioned, {("n", "p2")}, {"p1": 3, "p2": 1, "p3": 2}, {})
    {'n': ['p2', 'p3']}
    """
    chosen = {}
    for node, passages in mentioned.items():
        ranked = sorted(set(passages), key=lambda pd: ((node, pd[0]) not in stated, -busy.get(pd[0], 0), order.get(pd[0], ()), pd[0]))
        picked, documents = [], set()
        for passage, document in ranked:
            if document not in documents:
                documents.add(document)
                picked.append(passage)
            if len(picked) == top:
                break
        chosen[node] = picked
    return chosen


def shorten(text: str, limit: int = QUOTE_LENGTH) -> str:
    """``text`` with whitespace runs folded, cut at a word before ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> shorten("Airbus  and\\nDLR work on hydrogen.", 20)
    'Airbus and DLR work…'
    """
    folded = " ".join(text.split())
    if len(folded) <= limit:
        return folded
    cut = folded[: limit - 1]
    if folded[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # drop the word that the cut split
    return cut + "…"


def read_quotes(dataset: Dataset, nodes: Collection[Hashable], top: int = QUOTES_PER_NODE) -> dict[str, tuple[Quote, ...]]:
    """Up to ``top`` quotes for each of ``nodes`` that is mentioned in a document (see :func:`choose_passages`)."""
    wanted = {str(n) for n in nodes}
    mentioned: dict[str, set[tuple[str, str]]] = defaultdict(set)
    busy: Counter = Counter()
    for node, passage, document, _mention in select_values(dataset, MENTIONED_IN):
        busy[passage] += 1
        if node in wanted:
            mentioned[node].add((passage, document))
    if not mentioned:
        return {}
    stated = {(node, passage) for node, passage in select_values(dataset, STATED_IN) if node in wanted}
    texts = {}
    for passage, document, start, text, title, source in select_values(dataset, PASSAGE_TEXTS):
        texts[passage] = (source or "", int(start or 0), document, text, title or "")
    order = {p: (t[0] or t[2], t[1]) for p, t in texts.items()}
    chosen = choose_passages({n: [pd for pd in found if pd[0] in texts] for n, found in mentioned.items()}, stated, busy, order, top)
    quotes = {}
    for node, passages in sorted(chosen.items()):
        found = []
        for passage in passages:
            source, _start, document, text, title = texts[passage]
            found.append(Quote(passage, document, source, title, shorten(text), float(busy[passage])))
        if found:
            quotes[node] = tuple(found)
    return quotes
