"""The review queue: candidate actors that ingest found, with what a person needs to decide on them.

For every actor with ``ccg:status ccg:candidate`` the queue shows its label, how often and in how
many documents it is mentioned, the type guessed for it, the closest registry names (over every
registry name and alias, best three actors, see :func:`closest_names`) and two quotes (the passage and
the document it comes from, from different documents where there are several). Everything is read
from the store with SPARQL; actor IRIs are bound into the queries, never written into them.
Decisions go to the curation file (:mod:`ingest.decisions`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace

import pyoxigraph as ox
from rapidfuzz import fuzz, process, utils
from rdflib import Dataset

from ingest.resolve import actor_key
from ingest.ruleset import Rules, read_rules
from ontology.iris import IriScheme
from ontology.sparql import SelectResult, render_table, run_query

FORMATS = ("table", "json", "csv")

_CANDIDATES = """
SELECT ?actor ?label ?type (COUNT(DISTINCT ?graph) AS ?votes) WHERE {
  GRAPH ?graph { ?actor ccg:status ccg:candidate ; rdfs:label ?label ; a ?type . }
  FILTER(?type != ccg:Actor)
}
GROUP BY ?actor ?label ?type
"""
_MENTION_COUNTS = """
SELECT ?actor (COUNT(DISTINCT ?mention) AS ?mentions) (COUNT(DISTINCT ?document) AS ?documents) (MAX(?stated) AS ?confidence) WHERE {
  ?actor ccg:status ccg:candidate .
  ?mention ccg:refersTo ?actor ; ccg:inDocument ?document .
  OPTIONAL { ?mention ccg:confidence ?stated }
}
GROUP BY ?actor
"""
_PASSAGES = """
SELECT ?actor ?source ?start ?text WHERE {
  ?mention ccg:refersTo ?actor ; ccg:inPassage ?passage ; ccg:inDocument ?document .
  ?passage ccg:text ?text ; ccg:start ?start .
  ?document dct:source ?source .
}
ORDER BY ?source ?start
"""
_REGISTRY_NAMES = """
SELECT DISTINCT ?actor ?name WHERE {
  ?actor a ccg:Actor ; ccg:status ccg:curated .
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name }
}
"""


@dataclass(frozen=True)
class Quote:
    """A passage that mentions a candidate, and the document (``dct:source``) it comes from."""

    source: str
    start: int
    text: str


@dataclass(frozen=True)
class RegistryMatch:
    """A registry actor whose name or alias resembles a candidate's label (score 0-100)."""

    actor: str
    name: str
    score: float


@dataclass(frozen=True)
class ReviewItem:
    """One candidate actor of the review queue."""

    actor: str  # IRI
    id: str  # the IRI's last segment: what 'ccg review accept ID' takes
    label: str
    type: str  # the guessed class, e.g. "Company"
    mentions: int
    documents: int
    confidence: float  # the highest confidence of its mentions
    closest: tuple[RegistryMatch, ...] = ()
    quotes: tuple[Quote, ...] = ()


def _select(dataset: Dataset, query: str, **bindings: ox.NamedNode) -> tuple[tuple, ...]:
    result = run_query(dataset, query, bindings=bindings, source="review queue")
    assert isinstance(result, SelectResult)
    return result.rows


def _majority(votes: Counter[str]) -> str:
    """The value with most votes; ties go to the alphabetically first.

    Examples
    --------
    >>> _majority(Counter({"Company": 2, "Association": 2, "Other": 1}))
    'Association'
    """
    return min(votes, key=lambda value: (-votes[value], value))


def candidate_actors(dataset: Dataset, iris: IriScheme) -> list[ReviewItem]:
    """Every candidate actor with its label, type guess, counts and confidence (no quotes yet).

    Each document graph describes the candidates it mentions; where documents disagree on the
    label or the type, the one most documents state wins. Sorted by mentions, then documents
    (both most first), then label and IRI.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> candidate_actors(open_dataset(), IriScheme())
    []
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for actor, label, type_, votes in _select(dataset, _CANDIDATES):
        labels[actor.value][label.value] += int(votes.value)
        types[actor.value][type_.value.rsplit("#", 1)[-1]] += int(votes.value)
    counts = {
        actor.value: (int(m.value), int(d.value), float(c.value) if c is not None else 0.0)
        for actor, m, d, c in _select(dataset, _MENTION_COUNTS)
    }
    prefix = str(iris.actor(""))
    items = [
        ReviewItem(
            actor=actor,
            id=actor.removeprefix(prefix),
            label=_majority(labels[actor]),
            type=_majority(types[actor]) if types[actor] else "Other",
            mentions=counts.get(actor, (0, 0, 0.0))[0],
            documents=counts.get(actor, (0, 0, 0.0))[1],
            confidence=round(counts.get(actor, (0, 0, 0.0))[2], 3),
        )
        for actor in labels
    ]
    return sorted(items, key=lambda i: (-i.mentions, -i.documents, i.label.casefold(), i.actor))


def pick_quotes(passages: Iterable[tuple[str, int, str]], count: int = 2) -> tuple[Quote, ...]:
    """``count`` quotes from ``(source, start, text)`` rows: the first passage of each document first.

    Examples
    --------
    >>> rows = [("a.txt", 0, "A1"), ("a.txt", 9, "A2"), ("b.txt", 4, "B1")]
    >>> [q.text for q in pick_quotes(rows)]
    ['A1', 'B1']
    >>> [q.text for q in pick_quotes(rows[:2])]
    ['A1', 'A2']
    """
    unique = sorted({Quote(source, start, text) for source, start, text in passages}, key=lambda q: (q.source, q.start))
    firsts = list({quote.source: quote for quote in reversed(unique)}.values())[::-1]
    rest = [quote for quote in unique if quote not in firsts]
    return tuple((firsts + rest)[:count])


def quotes_of(dataset: Dataset, actor: str, count: int = 2) -> tuple[Quote, ...]:
    """Two (``count``) passages that mention ``actor``, with their documents."""
    rows = _select(dataset, _PASSAGES, actor=ox.NamedNode(actor))
    return pick_quotes(((source.value, int(start.value), text.value) for _, source, start, text in rows), count)


def registry_names(dataset: Dataset) -> list[tuple[str, str]]:
    """Every ``(actor IRI, name or alias)`` of the registry's actors, sorted."""
    return sorted((actor.value, name.value) for actor, name in _select(dataset, _REGISTRY_NAMES))


def closest_names(
    label: str, names: Sequence[tuple[str, str]], top: int = 3, normalise: Callable[[str], str] = utils.default_process
) -> tuple[RegistryMatch, ...]:
    """The ``top`` registry actors whose name or alias is closest to ``label``.

    The score (0-100) is the mean of rapidfuzz's ``token_set_ratio`` (high when one name's words
    are all in the other: "Food Cluster" and "Food Cluster Hamburg GmbH") and ``ratio`` (the edit
    distance, which keeps names that merely share "Hamburg" low), on the ``normalise``-d names
    (:func:`review_queue` uses ingest's name key, without legal form, so "GmbH" counts for
    nothing). Each actor appears once, with its best-matching name; ties are broken by name.

    Examples
    --------
    >>> names = [("x/airbus", "Airbus"), ("x/airbus", "Airbus Operations GmbH"), ("x/tuhh", "TUHH"), ("x/hochbahn", "Hamburger Hochbahn AG")]
    >>> [(m.name, m.score) for m in closest_names("Hochbahn", names, top=2)]
    [('Hamburger Hochbahn AG', 77.6), ('TUHH', 33.3)]
    """
    if not names:
        return ()
    query, choices = normalise(label), [normalise(name) for _, name in names]
    scores = sum(process.cdist([query], choices, scorer=scorer)[0] for scorer in (fuzz.token_set_ratio, fuzz.ratio)) / 2
    best: dict[str, RegistryMatch] = {}
    for (actor, name), score in zip(names, scores):
        match = RegistryMatch(actor, name, round(float(score), 1))
        known = best.get(actor)
        if known is None or (match.score, known.name) > (known.score, match.name):
            best[actor] = match
    return tuple(sorted(best.values(), key=lambda m: (-m.score, m.name, m.actor))[:top])


def name_normaliser(rules: Rules | None = None) -> Callable[[str], str]:
    """Ingest's key of an organisation name (:func:`ingest.resolve.actor_key`), lower-cased, without punctuation.

    Examples
    --------
    >>> name_normaliser()("Die Elbstrom Speicher GmbH")
    'elbstrom speich'
    """
    rules = rules or read_rules()
    return functools.lru_cache(maxsize=None)(lambda name: utils.default_process(actor_key(name, rules)))


def review_queue(dataset: Dataset, iris: IriScheme, *, limit: int | None = None, rules: Rules | None = None) -> list[ReviewItem]:
    """The candidate actors to review, most mentioned first, each with closest registry names and quotes.

    ``rules`` are ingest's rules (default: ``ingest/rules``), for comparing names as ingest does.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> review_queue(open_dataset(), IriScheme(), limit=5)
    []
    """
    items = candidate_actors(dataset, iris)[:limit]
    if not items:
        return []
    names, normalise = registry_names(dataset), name_normaliser(rules)
    return [replace(item, closest=closest_names(item.label, names, normalise=normalise), quotes=quotes_of(dataset, item.actor)) for item in items]


def _flat(item: ReviewItem) -> dict[str, str]:
    """The columns of the table and CSV forms."""
    closest = "; ".join(f"{m.name} ({m.score:g})" for m in item.closest)
    quotes = [f"{q.source}: {q.text}" for q in item.quotes] + ["", ""]
    return {
        "id": item.id,
        "label": item.label,
        "mentions": str(item.mentions),
        "documents": str(item.documents),
        "type": item.type,
        "confidence": f"{item.confidence:g}",
        "closest registry names": closest,
        "quote 1": quotes[0],
        "quote 2": quotes[1],
    }


def format_queue(items: Sequence[ReviewItem], fmt: str = "table") -> str:
    """The queue as an aligned text ``table``, as ``json`` (everything, nested) or as ``csv``.

    Examples
    --------
    >>> item = ReviewItem("https://x/actor/nordwerk", "nordwerk", "Nordwerk GmbH", "Company", 3, 2, 0.8,
    ...     (RegistryMatch("https://x/actor/nordex", "Nordex SE", 71.4),), (Quote("a.txt", 0, "Die Nordwerk GmbH baut."),))
    >>> print(format_queue([item], "csv"), end="")
    id,label,mentions,documents,type,confidence,closest registry names,quote 1,quote 2
    nordwerk,Nordwerk GmbH,3,2,Company,0.8,Nordex SE (71.4),a.txt: Die Nordwerk GmbH baut.,
    >>> json.loads(format_queue([item], "json"))[0]["closest"][0]["score"]
    71.4
    """
    if fmt == "json":
        return json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=2) + "\n"
    rows = [_flat(item) for item in items]
    header = list(_flat(ReviewItem("", "", "", "", 0, 0, 0.0)))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not rows:
        return "no candidate actors to review\n"
    shown = [h for h in header if h != "quote 2"]
    return render_table(shown, [[row[h] for h in shown] for row in rows], max_width=48) + "\n"
