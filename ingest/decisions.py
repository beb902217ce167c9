"""Writing review decisions into the curation file that ingest applies on every extraction.

A decision names its actor by id, IRI or exact label; the actor must be in the store and must not
be a registry actor (those are edited in ``data/registry/actors.csv``); a merge target may be any
actor. The file keeps one status decision (accept, reject or merge) and one rename per actor: a
new decision replaces the row it supersedes in place, anything else is appended, other rows stay as
they are. The format and its reader are :mod:`ingest.curation`'s; the file is rewritten as UTF-8
CSV with its header, so the same decisions always give the same bytes.

Every curation change is part of the extraction fingerprint (:mod:`ingest.fingerprint`), so the
next ``ccg ingest`` or ``ccg build`` extracts every document again and the decision takes effect.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
from rdflib import Dataset

from ingest.curation import ACTIONS, CURATION_COLUMNS, CurationDecision, read_curation
from ingest.errors import review_ambiguous_actor, review_refused, review_unknown_actor
from ontology.iris import IriScheme, slugify
from ontology.namespace import CCG
from ontology.sparql import SelectResult, run_query

STATUS_ACTIONS = ("accept", "reject", "merge")  # one of these per actor; rename is independent

_ACTOR = """
SELECT DISTINCT ?actor ?status ?label WHERE {
  ?actor a ccg:Actor .
  OPTIONAL { ?actor ccg:status ?status }
  OPTIONAL { ?actor rdfs:label ?label }
}
"""
_BY_LABEL = """
SELECT DISTINCT ?name ?actor WHERE {
  ?actor a ccg:Actor ; rdfs:label ?label .
  FILTER(STR(?label) = ?name)
}
"""
_SOURCES = "SELECT DISTINCT ?source WHERE { ?document a ccg:Document ; dct:source ?source }"


@dataclass(frozen=True)
class StoredActor:
    """An actor as the store describes it."""

    iri: str
    id: str
    label: str
    curated: bool  # a registry actor


@dataclass(frozen=True)
class Written:
    """What :func:`record_decision` wrote, and what to run next."""

    path: Path
    decision: CurationDecision
    replaced: CurationDecision | None
    next_step: str

    def lines(self) -> list[str]:
        """What ``ccg review`` prints: the row written, the row it replaced, the command to run next.

        Examples
        --------
        >>> done = Written(Path("data/curation.csv"), CurationDecision("merge", "a", "b"), CurationDecision("accept", "a", line=3), "ccg build data/sample")
        >>> for line in done.lines():
        ...     print(line)
        data/curation.csv: merge,a,b,,
        (replaces line 3: accept,a,,,)
        next: ccg build data/sample  (the curation file changed, so every document is extracted again)
        """
        lines = [f"{self.path}: {_row(self.decision)}"]
        if self.replaced is not None:
            lines.append(f"(replaces line {self.replaced.line}: {_row(self.replaced)})")
        lines.append(f"next: {self.next_step}  (the curation file changed, so every document is extracted again)")
        return lines


def _row(decision: CurationDecision) -> str:
    return curation_csv([decision]).splitlines()[1]


def _rows(dataset: Dataset, query: str, **bindings: ox.NamedNode | ox.Literal) -> tuple[tuple, ...]:
    result = run_query(dataset, query, bindings=bindings, source="ccg review")
    assert isinstance(result, SelectResult)
    return result.rows


def _stored(dataset: Dataset, iris: IriScheme, iri: str) -> StoredActor | None:
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    rows = _rows(dataset, _ACTOR, actor=node)
    if not rows:
        return None
    labels = sorted({row[2].value for row in rows if row[2] is not None})
    curated = any(row[1] is not None and row[1].value == str(CCG.curated) for row in rows)
    return StoredActor(iri, iri.removeprefix(str(iris.actor(""))), labels[0] if labels else "", curated)


def find_actor(dataset: Dataset, iris: IriScheme, name: str) -> StoredActor:
    """The actor that ``name`` names: its IRI, its id (the IRI's last segment) or its exact label.

    Raises a one-line :class:`ingest.errors.ReviewError` when no actor or several fit.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> find_actor(open_dataset(), IriScheme(), "Nordwerk GmbH")
    Traceback (most recent call last):
    ...
    ingest.errors.ReviewError: actor 'Nordwerk GmbH': no actor in the store has this id, IRI or label; list the candidates with 'ccg review'
    """
    text = name.strip()
    for iri in (text, str(iris.actor(text))) if slugify(text) == text else (text,):
        found = _stored(dataset, iris, iri)
        if found is not None:
            return found
    matches = sorted({actor.value for _, actor in _rows(dataset, _BY_LABEL, name=ox.Literal(text))})
    if not matches:
        raise review_unknown_actor(name)
    if len(matches) > 1:
        raise review_ambiguous_actor(name, [m.removeprefix(str(iris.actor(""))) for m in matches])
    found = _stored(dataset, iris, matches[0])
    assert found is not None
    return found


def supersedes(old: CurationDecision, new: CurationDecision, to_id: Callable[[str], str] = str) -> bool:
    """Whether ``new`` replaces ``old``: same actor, and both a status decision or both a rename.

    Examples
    --------
    >>> supersedes(CurationDecision("accept", "nordwerk"), CurationDecision("reject", "nordwerk"))
    True
    >>> supersedes(CurationDecision("accept", "nordwerk"), CurationDecision("rename", "nordwerk", label="Nordwerk AG"))
    False
    """
    same_kind = (old.action in STATUS_ACTIONS) == (new.action in STATUS_ACTIONS)
    return same_kind and to_id(old.actor) == to_id(new.actor)


def updated_decisions(
    existing: Sequence[CurationDecision], new: CurationDecision, to_id: Callable[[str], str] = str
) -> tuple[tuple[CurationDecision, ...], CurationDecision | None]:
    """``existing`` with ``new`` in place of the first row it supersedes (others dropped), else appended.

    Returns the decisions and the row that was replaced (None when ``new`` was appended).

    Examples
    --------
    >>> rows = (CurationDecision("accept", "a"), CurationDecision("rename", "a", label="A"), CurationDecision("reject", "b"))
    >>> decisions, old = updated_decisions(rows, CurationDecision("merge", "a", "b"))
    >>> [(d.action, d.actor, d.target) for d in decisions], old.action
    ([('merge', 'a', 'b'), ('rename', 'a', ''), ('reject', 'b', '')], 'accept')
    >>> len(updated_decisions(rows, CurationDecision("accept", "c"))[0])
    4
    """
    replaced = next((row for row in existing if supersedes(row, new, to_id)), None)
    if replaced is None:
        return (*existing, new), None
    kept = tuple(new if row is replaced else row for row in existing if row is replaced or not supersedes(row, new, to_id))
    return kept, replaced


def curation_csv(decisions: Sequence[CurationDecision]) -> str:
    """The curation file for ``decisions``: header and one row each, as :func:`ingest.curation.read_curation` reads it.

    Examples
    --------
    >>> print(curation_csv([CurationDecision("rename", "nordwerk", label="Nordwerk, Hamburg")]), end="")
    action,actor,target,label,note
    rename,nordwerk,,"Nordwerk, Hamburg",
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CURATION_COLUMNS)
    for d in decisions:
        writer.writerow([d.action, d.actor, d.target, d.label, d.note])
    return buffer.getvalue()


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, path)


def document_folders(dataset: Dataset) -> list[str]:
    """The folders of the stored documents' sources, those inside another one left out, sorted.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> document_folders(open_dataset())
    []
    """
    folders = sorted({str(PurePosixPath(row[0].value).parent) for row in _rows(dataset, _SOURCES)})
    return [f for f in folders if not any(f != o and PurePosixPath(f).is_relative_to(o) for o in folders)]


def next_step(dataset: Dataset) -> str:
    """The command that applies a new decision to the store."""
    paths = " ".join(document_folders(dataset)) or "DOCUMENTS"
    return f"ccg build {paths}"


def _check(action: str, actor: StoredActor, target: StoredActor | None, label: str, curation_file: Path) -> None:
    if action not in ACTIONS:
        raise review_refused(curation_file, f"unknown action {action!r}; use {', '.join(ACTIONS)}")
    if action == "rename" and not label.strip():
        raise review_refused(curation_file, "a rename needs a new, non-empty name")
    if actor.curated:
        raise review_refused(curation_file, f"{actor.id!r} is a registry actor; edit its row in data/registry/actors.csv instead")
    if target is not None and target.iri == actor.iri:
        raise review_refused(curation_file, f"cannot merge {actor.id!r} into itself")


def record_decision(
    dataset: Dataset,
    iris: IriScheme,
    curation_file: Path | None,
    action: str,
    actor: str,
    *,
    target: str = "",
    label: str = "",
    note: str = "",
    to_id: Callable[[str], str] | None = None,
) -> Written:
    """Write one decision about ``actor`` (id, IRI or exact label) into ``curation_file``.

    ``curation_file`` None is ingest's default (``data/curation.csv``). ``target`` is the
    surviving actor of a merge (a merge into a candidate notes the survivor's label in the row, so
    that ingest describes it alike in every document), ``label`` the new name of a rename. ``to_id`` turns the actor
    cells already in the file into ids (default: ingest's
    :meth:`ingest.resources.ExtractionResources.actor_id` over the registry), so that a row naming
    the actor by its name is replaced too. Raises :class:`ingest.errors.ReviewError` (one line)
    and writes nothing when an actor is unknown or the decision makes no sense.
    """
    from ingest.resources import DEFAULT_CURATION_FILE, load_resources

    curation_file = curation_file or DEFAULT_CURATION_FILE
    to_id = to_id or load_resources(iris, curation_file=None, ner_dir=None).actor_id
    subject = find_actor(dataset, iris, actor)
    survivor = find_actor(dataset, iris, target) if action == "merge" else None
    _check(action, subject, survivor, label, curation_file)
    existing = read_curation(curation_file)
    if survivor is not None and _merges_into(existing, survivor.id, subject.id, to_id):
        raise review_refused(curation_file, f"{survivor.id!r} is already merged into {subject.id!r}; merging back would make a cycle")
    if survivor is not None and not survivor.curated:
        label = survivor.label  # ingest gives the merged mentions this label (see ingest.curation)
    decision = CurationDecision(action, subject.id, survivor.id if survivor else "", label.strip(), note.strip())
    decisions, replaced = updated_decisions(existing, decision, to_id)
    _write_atomically(curation_file, curation_csv(decisions))
    return Written(curation_file, decision, replaced, next_step(dataset))


def _merges_into(decisions: Sequence[CurationDecision], start: str, goal: str, to_id: Callable[[str], str]) -> bool:
    """Whether the merges of ``decisions`` lead from ``start`` to ``goal``."""
    merges = {to_id(d.actor): to_id(d.target) for d in decisions if d.action == "merge"}
    seen, current = set(), to_id(start)
    while current in merges and current not in seen:
        seen.add(current)
        current = merges[current]
        if current == to_id(goal):
            return True
    return False
