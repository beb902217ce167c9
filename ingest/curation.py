"""Curator decisions (``data/curation.csv``), applied to every extraction so re-ingesting keeps them.

The file is a spreadsheet a cluster manager can read and edit, one decision a row::

    action,actor,target,label,note
    accept,mushlabs,,,"start-up, checked on its website"
    reject,hamburger-netzwerk,,,not an organisation
    merge,kreativ-gesellschaft,hamburg-kreativ-gesellschaft,,short form of the registry name
    rename,koordinierungsstelle-weiterbildung-und-beschaeftigung,,Koordinierungsstelle Weiterbildung und Beschäftigung e.V.,

``actor`` and ``target`` are actor ids (the last part of the actor's IRI, as ``ccg extract``
prints it) or names as they appear in documents (turned into the id the same way as found names).
Decisions: **accept** - the candidate gets status ``accepted``; **reject** - it gets status
``rejected``: its mentions stay (so the decision is visible next to its evidence) but relations
involving it are dropped and analyses leave it out; **merge** - mentions of ``actor`` resolve to
``target`` (a registry id or another candidate), with the target's label, type and status (a candidate
target keeps the mentions' type and status and takes the label in the row's ``label`` cell, which
``ccg review merge`` fills in);
**rename** - the actor's label becomes ``label``. Merges are followed transitively; later rows win.

Candidate ids were once slugs of the folded key (``mushlab``, ``stat-of-brandenburg``); rows written
with such ids still apply: :func:`with_current_ids` rewrites them to the current ids of the actors
at hand (see :func:`ingest.resolve.curate`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.errors import curation_problem
from ingest.model import ActorMention

CURATION_COLUMNS = ("action", "actor", "target", "label", "note")
ACTIONS = ("accept", "reject", "merge", "rename")


@dataclass(frozen=True)
class CurationDecision:
    """One row of the curation file, with ``actor``/``target`` already turned into actor ids."""

    action: str
    actor: str
    target: str = ""
    label: str = ""
    note: str = ""
    line: int = 0


def parse_curation(text: str, path: Path | str = "<curation>", to_id: Callable[[str], str] = str) -> tuple[CurationDecision, ...]:
    """Parse curation CSV ``text`` (comma or semicolon separated); ``to_id`` turns a name into an id.

    Raises a one-line :class:`ingest.errors.ExtractionError` naming the file and line of a bad row.

    Examples
    --------
    >>> rows = parse_curation("action,actor,target,label,note\\nmerge,kreativ-gesellschaft,hamburg-kreativ-gesellschaft,,\\n")
    >>> rows[0].action, rows[0].target, rows[0].line
    ('merge', 'hamburg-kreativ-gesellschaft', 2)
    >>> parse_curation("action,actor,target,label,note\\ndelete,x,,,\\n", "c.csv")
    Traceback (most recent call last):
    ...
    ingest.errors.ExtractionError: c.csv:2: unknown action 'delete'; use accept, reject, merge or rename (see docs/extraction.md)
    """
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    missing = [c for c in CURATION_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise curation_problem(path, 1, f"header lacks column(s) {', '.join(missing)}; the header is {','.join(CURATION_COLUMNS)}")
    decisions = []
    for row in reader:
        line = reader.line_num
        cells = {key: (row.get(key) or "").strip() for key in CURATION_COLUMNS}
        if not any(cells.values()):
            continue
        action = cells["action"].lower()
        if action not in ACTIONS:
            raise curation_problem(path, line, f"unknown action {cells['action']!r}")
        if not cells["actor"]:
            raise curation_problem(path, line, "the actor cell is empty")
        if action == "merge" and not cells["target"]:
            raise curation_problem(path, line, "merge needs a target actor")
        if action == "rename" and not cells["label"]:
            raise curation_problem(path, line, "rename needs a new label")
        target = to_id(cells["target"]) if cells["target"] else ""
        decisions.append(CurationDecision(action, to_id(cells["actor"]), target, cells["label"], cells["note"], line))
    return tuple(decisions)


def read_curation(path: Path, to_id: Callable[[str], str] = str) -> tuple[CurationDecision, ...]:
    """Read the curation file; a missing file means no decisions."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError as error:
        raise curation_problem(path, None, "not UTF-8; save it from the spreadsheet as 'CSV UTF-8'") from error
    return parse_curation(text, path, to_id)


def with_current_ids(
    decisions: Iterable[CurationDecision], earlier: Mapping[str, str], current: Collection[str]
) -> tuple[CurationDecision, ...]:
    """``decisions`` with the actor and target ids of an earlier id scheme replaced by the current ids.

    ``earlier`` maps an earlier id to the current id of the same actor; an id in ``current`` (in use
    now: a registry id or the id of a mention at hand) always means that actor and is never replaced.

    Examples
    --------
    >>> rows = [CurationDecision("accept", "mushlab"), CurationDecision("merge", "stat-of-brandenburg", "tuhh")]
    >>> [(d.actor, d.target) for d in with_current_ids(rows, {"mushlab": "mushlabs", "tuhh": "x"}, {"tuhh"})]
    [('mushlabs', ''), ('stat-of-brandenburg', 'tuhh')]
    """

    def now(actor_id: str) -> str:
        return actor_id if actor_id in current else earlier.get(actor_id, actor_id)

    return tuple(replace(d, actor=now(d.actor), target=now(d.target) if d.target else "") for d in decisions)


@dataclass(frozen=True)
class ActorFacts:
    """What a merge target contributes to the mentions merged into it (empty type or status: keep the mention's)."""

    iri: str
    label: str
    type: str
    status: str


def apply_curation(
    mentions: Iterable[ActorMention],
    decisions: Iterable[CurationDecision],
    id_of: Callable[[str], str],
    facts_of: Callable[[str], ActorFacts],
) -> tuple[ActorMention, ...]:
    """Apply the decisions to resolved mentions (pure: the callables only look things up).

    ``id_of`` gives the actor id of an IRI; ``facts_of`` the facts of an actor id (registry actor or
    candidate) for merge targets.

    Examples
    --------
    >>> m = ActorMention("Kreativ Gesellschaft", 0, 20, "x/actor/kreativ-gesellschaft", "Kreativ Gesellschaft",
    ...                  "Association", "pattern", "candidate", 0.8)
    >>> facts = lambda i: ActorFacts("x/actor/" + i, "Hamburg Kreativ Gesellschaft mbH", "ClusterOrganisation", "curated")
    >>> merged = apply_curation([m], [CurationDecision("merge", "kreativ-gesellschaft", "hkg")], lambda iri: iri.rsplit("/", 1)[1], facts)
    >>> merged[0].iri, merged[0].label, merged[0].status
    ('x/actor/hkg', 'Hamburg Kreativ Gesellschaft mbH', 'curated')
    """
    decisions = tuple(decisions)
    merges = {d.actor: d.target for d in decisions if d.action == "merge"}
    statuses = {d.actor: {"accept": "accepted", "reject": "rejected"}[d.action] for d in decisions if d.action in ("accept", "reject")}
    labels = {d.actor: d.label for d in decisions if d.action == "rename"}
    result = []
    for mention in mentions:
        actor_id = id_of(mention.iri)
        final = _follow(actor_id, merges)
        if final != actor_id:
            facts = facts_of(final)
            mention = replace(mention, iri=facts.iri, label=facts.label, type=facts.type or mention.type, status=facts.status or mention.status)
        if final in statuses and mention.status != "curated":
            mention = replace(mention, status=statuses[final])
        if final in labels:
            mention = replace(mention, label=labels[final])
        result.append(mention)
    return tuple(result)


def _follow(actor_id: str, merges: Mapping[str, str]) -> str:
    seen = {actor_id}
    while actor_id in merges and merges[actor_id] not in seen:
        actor_id = merges[actor_id]
        seen.add(actor_id)
    return actor_id
