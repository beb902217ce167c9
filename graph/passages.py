"""Source passages behind bridge candidates, selected and fetched with SPARQL.

A passage supports the bridge between clusters ``A`` and ``B`` when it mentions at least one of the
shared technologies. Its score:

.. math:: q(p) = \\sum_{t \\in p} \\mathrm{share}_t + [p \\text{ mentions a member of } A] + [p \\text{ mentions a member of } B]

with :math:`\\mathrm{share}_t` the technology's share of the topical closeness, so a sentence that
names members of both clusters next to a shared technology comes first. At most one passage per
document is kept, so the quotes show different sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import Dataset

from graph.bridges import BridgeCandidate, Quote
from graph.projections import select_values
from graph.rounding import rounded

TECHNOLOGY_PASSAGES = """SELECT DISTINCT ?passage ?doc ?tech WHERE {
  ?mention ccg:refersTo ?tech ; ccg:inPassage ?passage . ?tech a ccg:Technology .
  ?passage dct:isPartOf ?doc .
}"""
ACTOR_PASSAGES = """SELECT DISTINCT ?passage ?actor WHERE {
  ?mention ccg:refersTo ?actor ; ccg:inPassage ?passage . ?actor a ccg:Actor .
}"""
PASSAGE = """SELECT ?passage ?doc ?source ?title ?text WHERE {
  ?passage ccg:text ?text ; dct:isPartOf ?doc .
  OPTIONAL { ?doc dct:source ?source }
  OPTIONAL { ?doc dct:title ?title }
}"""


@dataclass(frozen=True)
class PassageIndex:
    """Which technologies and actors each passage mentions, and its document."""

    technologies: Mapping[str, frozenset[str]]
    actors: Mapping[str, frozenset[str]]
    document: Mapping[str, str]


def passage_index(dataset: Dataset) -> PassageIndex:
    """Every passage that mentions a technology, with the technologies and actors it mentions."""
    techs: dict[str, set[str]] = defaultdict(set)
    documents = {}
    for passage, doc, tech in select_values(dataset, TECHNOLOGY_PASSAGES):
        techs[passage].add(tech)
        documents[passage] = doc
    actors: dict[str, set[str]] = defaultdict(set)
    for passage, actor in select_values(dataset, ACTOR_PASSAGES):
        if passage in techs:
            actors[passage].add(actor)
    return PassageIndex(
        {p: frozenset(t) for p, t in techs.items()},
        {p: frozenset(a) for p, a in actors.items()},
        documents,
    )


def best_passages(
    index: PassageIndex,
    shares: Mapping[str, float],
    members_a: frozenset[str],
    members_b: frozenset[str],
    top: int = 3,
) -> list[tuple[str, float]]:
    """The ``top`` passages that best support a bridge, one per document, as ``(passage, score)``.

    Examples
    --------
    >>> idx = PassageIndex({"p1": frozenset({"t"}), "p2": frozenset({"t"}), "p3": frozenset({"u"})},
    ...                    {"p2": frozenset({"a"})}, {"p1": "d1", "p2": "d1", "p3": "d2"})
    >>> best_passages(idx, {"t": 1.0}, frozenset({"a"}), frozenset({"b"}))
    [('p2', 2.0)]
    """
    scored = []
    for passage, techs in index.technologies.items():
        shared = sum(shares.get(t, 0.0) for t in techs)
        if shared <= 0:
            continue
        mentioned = index.actors.get(passage, frozenset())
        score = shared + bool(mentioned & members_a) + bool(mentioned & members_b)
        scored.append((rounded(score) or 0.0, passage))
    scored.sort(key=lambda item: (-item[0], index.document[item[1]], item[1]))
    chosen, seen = [], set()
    for score, passage in scored:
        if index.document[passage] in seen:
            continue
        seen.add(index.document[passage])
        chosen.append((passage, score))
        if len(chosen) == top:
            break
    return chosen


def fetch_quote(dataset: Dataset, passage: str, score: float) -> Quote | None:
    """The text, document, source and title of one passage (None if the store lacks its text)."""
    rows = select_values(dataset, PASSAGE, passage=ox.NamedNode(passage))
    if not rows:
        return None
    doc, source, title, text = min(rows, key=lambda r: tuple(x or "" for x in r))
    return Quote(passage, doc, source or "", title or "", text, score)


def attach_quotes(
    dataset: Dataset,
    candidates: Iterable[BridgeCandidate],
    members: Mapping[str, frozenset[str]],
    top: int = 3,
) -> list[BridgeCandidate]:
    """The candidates with their best source passages (``members``: cluster IRI -> member actor IRIs)."""
    index = passage_index(dataset)
    result = []
    for candidate in candidates:
        total = sum(t.contribution for t in candidate.technologies) or 1.0
        shares = {t.technology: t.contribution / total for t in candidate.technologies}
        chosen = best_passages(index, shares, members.get(candidate.cluster_a, frozenset()), members.get(candidate.cluster_b, frozenset()), top)
        quotes = tuple(q for q in (fetch_quote(dataset, p, s) for p, s in chosen) if q is not None)
        result.append(replace(candidate, quotes=quotes))
    return result
