"""Member lists: CSV files with one organisation per row and the cluster it is a member of.

The header names the columns ``cluster`` and ``organisation`` (or ``organization``), and
optionally ``type`` (an actor type of the registry); other columns are ignored. Cells are
separated by commas or semicolons (a German spreadsheet's default). A list with any bad row is
rejected as a whole, with every bad row reported as ``file:line: problem``: ingesting half a list
would hide the rest, and a fixed file is picked up as changed on the next run.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from ingest.errors import bad_member_rows
from ingest.model import Extraction, MemberRow, ReadDocument, RelationMention, Sentence
from ingest.resolve import cluster_iri, resolve_member
from ontology.registry import ACTOR_TYPES

_COLUMN_NAMES = {"cluster": "cluster", "organisation": "organisation", "organization": "organisation", "type": "type"}


def parse_member_list(text: str, path: str = "<text>") -> tuple[MemberRow, ...]:
    """The rows of a member list, or :class:`ingest.errors.UnreadableDocument` listing every bad row.

    ``MemberRow.line`` is the line on which the row starts.

    Examples
    --------
    >>> parse_member_list("cluster;organisation;type\\naviation;Airbus Operations GmbH;Company\\n")
    (MemberRow(cluster='aviation', organisation='Airbus Operations GmbH', type='Company', line=2),)
    >>> parse_member_list("cluster,organisation\\naviation,\\n,DLR\\naviation,TUHH,x,y\\n", "m.csv")
    Traceback (most recent call last):
    ...
    ingest.errors.UnreadableDocument: m.csv:2: no organisation (and 2 more bad rows); fix the rows and run again
    """
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[MemberRow] = []
    problems: list[tuple[int, str]] = []
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        columns = {_COLUMN_NAMES[name]: index for index, name in enumerate(header) if name in _COLUMN_NAMES}
        if "cluster" not in columns or "organisation" not in columns:
            raise bad_member_rows(path, ((1, f"header {','.join(header) or '(empty)'!s} lacks the columns cluster and organisation; "
                                              "expected cluster,organisation,type"),))
        previous_end = reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            row_or_problem = _member_row(cells, len(header), columns, line)
            if isinstance(row_or_problem, str):
                problems.append((line, row_or_problem))
            else:
                rows.append(row_or_problem)
    except csv.Error as error:
        problems.append((reader.line_num, f"malformed CSV ({error})"))
    if problems:
        raise bad_member_rows(path, tuple(problems))
    if not rows:
        raise bad_member_rows(path, ((1, "no rows below the header; add members or remove the file"),))
    return tuple(rows)


def _member_row(cells: list[str], width: int, columns: dict[str, int], line: int) -> MemberRow | str:
    """A row, or the problem with it."""
    if len(cells) != width:
        return f"expected {width} cells like the header, found {len(cells)}"
    values = {name: cells[index].strip() for name, index in columns.items()}
    if not values["organisation"]:
        return "no organisation"
    if not values["cluster"]:
        return "no cluster"
    member_type = values.get("type", "")
    if member_type and member_type not in ACTOR_TYPES:
        return f"unknown type {member_type!r}; use one of {', '.join(ACTOR_TYPES)}"
    return MemberRow(cluster=values["cluster"], organisation=values["organisation"], type=member_type, line=line)


def member_extraction(document: ReadDocument, resources: object) -> Extraction:
    """The actors of a member list and their ``memberOf`` relations, one passage (the CSV line) per row.

    Every organisation is resolved like a name found in text (registry, curation, candidate); the
    cluster cell must name a cluster of the registry (its id, name or an alias). Rows naming an
    unknown cluster make the list unreadable, each reported with its line.
    """
    line_starts = _line_starts(document.text)
    actors, sentences, relations, problems = [], [], [], []
    for row in document.members:
        cluster = cluster_iri(row.cluster, resources)
        if cluster is None:
            problems.append((row.line, f"unknown cluster {row.cluster!r}; use the id, name or an alias of a cluster in data/registry/clusters.csv"))
            continue
        line_start = line_starts[row.line - 1]
        line_end = document.text.find("\n", line_start)
        line_end = len(document.text) if line_end < 0 else line_end
        start = document.text.find(row.organisation, line_start, line_end)
        start, end = (start, start + len(row.organisation)) if start >= 0 else (line_start, line_end)
        found = resolve_member(row.organisation, row.type, row.cluster, resources)
        actor = replace(found, text=document.text[start:end], start=start, end=end, source="memberlist")
        actors.append(actor)
        sentences.append(Sentence(line_start, line_end, document.text[line_start:line_end].rstrip("\r")))
        relations.append(RelationMention(actor.iri, "memberOf", cluster, line_start, line_end, ((start, end),)))
    if problems:
        raise bad_member_rows(document.source, tuple(problems))
    return Extraction(document.language, tuple(sentences), tuple(actors), (), tuple(relations))


def _line_starts(text: str) -> list[int]:
    """The offset at which every line of ``text`` starts (line 1 at index 0).

    Examples
    --------
    >>> _line_starts("a\\nbc\\n\\nd")
    [0, 2, 5, 6]
    """
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts
