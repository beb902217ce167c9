"""Relations stated in one sentence: memberOf, partnerOf, fundedBy and worksOn (pure functions).

Each relation needs a cue of its predicate in the sentence (``rules/cues.json``, found by
:mod:`ingest.cues`) and the mentions it connects; it points to the sentence (``start``/``end``) and
to the mentions it rests on (``evidence``). Rejected actors take part in no relation.

* **memberOf**: every actor that is not a cluster, to every cluster the sentence names (a cluster's
  name, or its managing organisation), object = the cluster IRI; when the sentence names no
  cluster, the actors before the cue to the first association after it ("DESY, a member of the
  Helmholtz Association"). The objects of membership take part in no other relation of the sentence.
* **partnerOf**: with actors before and after the first cue, each actor before with each actor
  after ("A arbeitet gemeinsam mit B und C"); otherwise every pair of the sentence's actors
  ("Partner sind A, B und C"). Symmetric: each pair once, in IRI order.
* **fundedBy**: the actors after the first cue fund the actors before it ("A wird von B gefördert",
  "A is funded by B").
* **worksOn**: every actor that is neither a funder nor a cluster organisation (which convene a
  topic rather than work on it), with every technology of the sentence.

Co-mention is not a relation here: two mentions in one passage are a co-mention for ``graph/``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

from ingest.model import ActorMention, RelationMention, Sentence, TechnologyMention

MEMBERSHIP_BODIES = frozenset({"Association", "ClusterOrganisation"})


@dataclass(frozen=True)
class Cue:
    """A cue phrase of a predicate found at character offsets ``start``-``end``."""

    predicate: str
    start: int
    end: int


def _in(sentence: Sentence, start: int) -> bool:
    return sentence.start <= start < sentence.end


def sentence_relations(
    sentence: Sentence,
    actors: Sequence[ActorMention],
    technologies: Sequence[TechnologyMention],
    cues: Sequence[Cue],
    cluster_of: Callable[[ActorMention], str | None],
) -> list[RelationMention]:
    """The relations one sentence states (``actors`` etc. are the sentence's own mentions).

    Examples
    --------
    >>> s = Sentence(0, 60, "A arbeitet gemeinsam mit B an Wasserstoff und ist Mitglied im C.")
    >>> a = ActorMention("A", 0, 1, "a", "A", "Company", "pattern", "candidate")
    >>> b = ActorMention("B", 25, 26, "b", "B", "Company", "pattern", "candidate")
    >>> c = ActorMention("C", 58, 59, "m", "C", "ClusterOrganisation", "registry", "curated")
    >>> h2 = TechnologyMention("Wasserstoff", 30, 41, "h2", "Hydrogen")
    >>> cues = [Cue("partnerOf", 11, 24), Cue("memberOf", 50, 58), Cue("worksOn", 27, 29)]
    >>> for r in sentence_relations(s, [a, b, c], [h2], cues, lambda m: "cluster/maritime" if m.iri == "m" else None):
    ...     print(r.subject, r.predicate, r.object)
    a memberOf cluster/maritime
    b memberOf cluster/maritime
    a partnerOf b
    a worksOn h2
    b worksOn h2
    """
    actors = [a for a in actors if a.status != "rejected"]
    predicates = {cue.predicate for cue in cues}
    first_cue = {p: min(c.start for c in cues if c.predicate == p) for p in predicates}
    found: list[RelationMention] = []

    def add(subject: ActorMention, predicate: str, obj: str, other: ActorMention | TechnologyMention) -> None:
        if subject.iri != obj:
            evidence = tuple(sorted({(subject.start, subject.end), (other.start, other.end)}))
            found.append(RelationMention(subject.iri, predicate, obj, sentence.start, sentence.end, evidence))

    clusters = {a.iri: cluster_of(a) for a in actors}
    distinct = _first_per_iri(actors)
    if "memberOf" in predicates:
        objects = [(a, clusters[a.iri]) for a in distinct if clusters[a.iri]]
        if not objects:  # "DESY, a member of the Helmholtz Association"
            after = [a for a in distinct if a.start >= first_cue["memberOf"] and a.type in MEMBERSHIP_BODIES]
            objects = [(after[0], after[0].iri)] if after else []
        members = [a for a in distinct if all(a.iri != o.iri for o, _ in objects) and not clusters[a.iri]]
        for member in members:
            for mention, obj in objects:
                add(member, "memberOf", obj, mention)
        distinct = members
    if "partnerOf" in predicates and len(distinct) > 1:
        before = [a for a in distinct if a.end <= first_cue["partnerOf"]]
        after = [a for a in distinct if a.start >= first_cue["partnerOf"]]
        pairs = [(x, y) for x in before for y in after] if before and after else list(combinations(distinct, 2))
        for x, y in pairs:
            first, second = sorted((x, y), key=lambda m: m.iri)
            add(first, "partnerOf", second.iri, second)
    funders: set[str] = set()
    if "fundedBy" in predicates:
        givers = [a for a in distinct if a.start >= first_cue["fundedBy"]]
        funders = {a.iri for a in givers}
        for recipient in (a for a in distinct if a.end <= first_cue["fundedBy"]):
            for funder in givers:
                add(recipient, "fundedBy", funder.iri, funder)
    if "worksOn" in predicates:
        for actor in (a for a in distinct if a.iri not in funders and a.type != "ClusterOrganisation"):
            for technology in _first_per_iri(technologies):
                add(actor, "worksOn", technology.iri, technology)
    return _unique(found)


def document_relations(
    sentences: Sequence[Sentence],
    actors: Sequence[ActorMention],
    technologies: Sequence[TechnologyMention],
    cues: Sequence[Cue],
    cluster_of: Callable[[ActorMention], str | None],
) -> tuple[RelationMention, ...]:
    """The relations of every sentence of a document, in sentence order."""
    relations: list[RelationMention] = []
    cues_in, actors_in, technologies_in = (_by_sentence(sentences, items) for items in (cues, actors, technologies))
    for index, sentence in enumerate(sentences):
        if cues_in[index]:
            relations += sentence_relations(sentence, actors_in[index], technologies_in[index], cues_in[index], cluster_of)
    return tuple(relations)


_Located = TypeVar("_Located", ActorMention, TechnologyMention, Cue)


def _by_sentence(sentences: Sequence[Sentence], items: Sequence[_Located]) -> list[list[_Located]]:
    """The items that start in each sentence, in their given order (sentences do not overlap).

    Examples
    --------
    >>> cues = [Cue("worksOn", 12, 14), Cue("partnerOf", 2, 5), Cue("fundedBy", 9, 10)]
    >>> [[c.start for c in group] for group in _by_sentence([Sentence(0, 8, "..."), Sentence(10, 20, "...")], cues)]
    [[2], [12]]
    """
    order = sorted(range(len(sentences)), key=lambda i: sentences[i].start)
    starts = [sentences[i].start for i in order]
    groups: list[list[_Located]] = [[] for _ in sentences]
    for item in items:
        position = bisect.bisect_right(starts, item.start) - 1
        if position >= 0 and _in(sentences[order[position]], item.start):
            groups[order[position]].append(item)
    return groups


def _first_per_iri(mentions: Iterable[ActorMention | TechnologyMention]) -> list:
    seen: dict[str, ActorMention | TechnologyMention] = {}
    for mention in mentions:
        seen.setdefault(str(mention.iri), mention)
    return list(seen.values())


def _unique(relations: Iterable[RelationMention]) -> list[RelationMention]:
    seen: dict[tuple[str, str, str], RelationMention] = {}
    for relation in relations:
        seen.setdefault((relation.subject, relation.predicate, relation.object), relation)
    return list(seen.values())
