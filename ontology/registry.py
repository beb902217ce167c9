"""The registry of clusters and actors: CSV files a cluster manager edits in a spreadsheet.

``data/registry/clusters.csv`` and ``data/registry/actors.csv`` are read with their line numbers,
checked, and turned into the registry named graph. Multi-valued cells are separated by ``|``.
Files saved by a German spreadsheet (semicolon-separated, with a byte-order mark) are read too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS, XSD

from ontology.errors import RegistryError
from ontology.iris import IriScheme
from ontology.namespace import CCG

CLUSTER_COLUMNS = ("id", "name", "aliases", "managing_organisation", "website", "founded", "sector")
ACTOR_COLUMNS = ("id", "name", "aliases", "type", "clusters", "website", "description")
ACTOR_TYPES = ("Company", "University", "ResearchInstitute", "PublicAgency", "ClusterOrganisation", "Association", "Other")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class ClusterRecord:
    """One row of ``clusters.csv``."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    managing_organisation: str = ""
    website: str = ""
    founded: str = ""
    sector: str = ""
    line: int = 0


@dataclass(frozen=True)
class ActorRecord:
    """One row of ``actors.csv``."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""
    clusters: tuple[str, ...] = ()
    website: str = ""
    description: str = ""
    line: int = 0


@dataclass(frozen=True)
class Registry:
    """The clusters and actors of the registry, and the files they came from."""

    clusters: tuple[ClusterRecord, ...]
    actors: tuple[ActorRecord, ...]
    clusters_path: Path = field(default=Path("clusters.csv"))
    actors_path: Path = field(default=Path("actors.csv"))


@dataclass(frozen=True, order=True)
class RegistryProblem:
    """A problem found by :func:`check_registry`, located by file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def split_multi(cell: str) -> tuple[str, ...]:
    """Split a multi-valued cell on ``|``, dropping blanks.

    Examples
    --------
    >>> split_multi("TUHH | TU Hamburg||")
    ('TUHH', 'TU Hamburg')
    """
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a registry CSV as ``(line number, {column: value})``.

    Raises :class:`RegistryError` naming the file and line for an unreadable file, a wrong header
    or a row with the wrong number of cells.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise RegistryError(path, None, "file not found") from error
    return parse_rows(decode_spreadsheet_csv(data, path), columns, path)


def decode_spreadsheet_csv(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode a CSV as spreadsheets save it: UTF-8 (with or without BOM), else Windows-1252.

    German Excel saves plain "CSV" as Windows-1252; anything else (UTF-16, binary) is refused.

    Examples
    --------
    >>> decode_spreadsheet_csv("Bürger".encode("cp1252"))
    'Bürger'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise RegistryError(path, None, "neither UTF-8 nor Windows-1252 text; save it from the spreadsheet as 'CSV UTF-8'")


def parse_rows(text: str, columns: Sequence[str], path: Path | str = "<text>") -> list[tuple[int, dict[str, str]]]:
    """Parse registry CSV ``text`` (comma or semicolon separated) into numbered rows.

    Examples
    --------
    >>> parse_rows("id;name\\nhh;Hamburg\\n", ("id", "name"))
    [(2, {'id': 'hh', 'name': 'Hamburg'})]
    >>> parse_rows("id,name\\nhh\\n", ("id", "name"))
    Traceback (most recent call last):
    ...
    ontology.errors.RegistryError: <text>:2: expected 2 cells (id, name), found 1
    """
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise RegistryError(path, None, f"empty file; expected a header row: {','.join(columns)}")
        header = [h.strip() for h in header]
        missing = [c for c in columns if c not in header]
        if missing:
            raise RegistryError(path, 1, f"header lacks column(s) {', '.join(missing)}; expected {','.join(columns)}")
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise RegistryError(path, line, f"expected {len(header)} cells ({', '.join(header)}), found {len(cells)}")
            rows.append((line, {name: value.strip() for name, value in zip(header, cells)}))
        return rows
    except csv.Error as error:
        raise RegistryError(path, reader.line_num, f"malformed CSV ({error})") from error


def read_registry(directory: Path) -> Registry:
    """Read ``clusters.csv`` and ``actors.csv`` from ``directory``."""
    clusters_path, actors_path = directory / "clusters.csv", directory / "actors.csv"
    clusters = tuple(
        ClusterRecord(
            id=row["id"],
            name=row["name"],
            aliases=split_multi(row["aliases"]),
            managing_organisation=row["managing_organisation"],
            website=row["website"],
            founded=row["founded"],
            sector=row["sector"],
            line=line,
        )
        for line, row in read_rows(clusters_path, CLUSTER_COLUMNS)
    )
    actors = tuple(
        ActorRecord(
            id=row["id"],
            name=row["name"],
            aliases=split_multi(row["aliases"]),
            type=row["type"],
            clusters=split_multi(row["clusters"]),
            website=row["website"],
            description=row["description"],
            line=line,
        )
        for line, row in read_rows(actors_path, ACTOR_COLUMNS)
    )
    return Registry(clusters=clusters, actors=actors, clusters_path=clusters_path, actors_path=actors_path)


def check_registry(registry: Registry) -> list[RegistryProblem]:
    """Every problem of the registry, sorted by file and line.

    Finds malformed or duplicate ids, empty names, names or aliases used twice, unknown cluster
    ids, missing or unknown actor types, bad years and unknown managing organisations.

    Examples
    --------
    >>> reg = Registry(
    ...     clusters=(ClusterRecord("aviation", "Hamburg Aviation", line=2),),
    ...     actors=(ActorRecord("a", "Alpha GmbH", type="Company", clusters=("aviaton",), line=2),
    ...             ActorRecord("a", "Alpha GmbH", type="", clusters=("aviation",), line=3)))
    >>> for problem in check_registry(reg):
    ...     print(problem)
    actors.csv:2: unknown cluster id 'aviaton' (known: aviation)
    actors.csv:3: duplicate id 'a' (first on line 2)
    actors.csv:3: missing type; use one of Company, University, ResearchInstitute, PublicAgency, ClusterOrganisation, Association, Other
    actors.csv:3: name or alias 'Alpha GmbH' is already used on line 2
    """
    problems: list[RegistryProblem] = []
    cpath, apath = registry.clusters_path.name, registry.actors_path.name
    cluster_ids = {c.id for c in registry.clusters}
    actor_ids = {a.id for a in registry.actors}
    problems += _check_ids(cpath, [(c.line, c.id) for c in registry.clusters])
    problems += _check_ids(apath, [(a.line, a.id) for a in registry.actors])
    problems += _check_names(cpath, [(c.line, (c.name, *c.aliases)) for c in registry.clusters])
    problems += _check_names(apath, [(a.line, (a.name, *a.aliases)) for a in registry.actors])
    known = ", ".join(sorted(cluster_ids))
    for cluster in registry.clusters:
        if cluster.managing_organisation and cluster.managing_organisation not in actor_ids:
            problems.append(RegistryProblem(cpath, cluster.line, f"managing_organisation '{cluster.managing_organisation}' is not an actor id in {apath}"))
        if cluster.founded and not _YEAR.match(cluster.founded):
            problems.append(RegistryProblem(cpath, cluster.line, f"founded '{cluster.founded}' is not a year like 2011"))
    for actor in registry.actors:
        if not actor.type:
            problems.append(RegistryProblem(apath, actor.line, f"missing type; use one of {', '.join(ACTOR_TYPES)}"))
        elif actor.type not in ACTOR_TYPES:
            problems.append(RegistryProblem(apath, actor.line, f"unknown type '{actor.type}'; use one of {', '.join(ACTOR_TYPES)}"))
        for cluster_id in actor.clusters:
            if cluster_id not in cluster_ids:
                problems.append(RegistryProblem(apath, actor.line, f"unknown cluster id '{cluster_id}' (known: {known})"))
    return sorted(problems, key=lambda p: (p.path != cpath, p.line, p.message))


def _check_ids(path: str, ids: Iterable[tuple[int, str]]) -> list[RegistryProblem]:
    problems, first_line = [], {}
    for line, record_id in ids:
        if not _ID.match(record_id):
            problems.append(RegistryProblem(path, line, f"id '{record_id}' must be lowercase letters, digits and single hyphens"))
        elif record_id in first_line:
            problems.append(RegistryProblem(path, line, f"duplicate id '{record_id}' (first on line {first_line[record_id]})"))
        else:
            first_line[record_id] = line
    return problems


def _check_names(path: str, names: Iterable[tuple[int, tuple[str, ...]]]) -> list[RegistryProblem]:
    problems, first_line = [], {}
    for line, labels in names:
        if not labels or not labels[0]:
            problems.append(RegistryProblem(path, line, "empty name"))
        for label in dict.fromkeys(labels):
            key = label.casefold()
            if key in first_line and first_line[key] != line:
                problems.append(RegistryProblem(path, line, f"name or alias '{label}' is already used on line {first_line[key]}"))
            first_line.setdefault(key, line)
    return problems


def raise_for_problems(problems: Sequence[RegistryProblem], registry: Registry) -> None:
    """Raise the first problem as a one-line :class:`RegistryError`, counting the rest."""
    if not problems:
        return
    first = problems[0]
    folder = registry.actors_path.parent
    more = f" (and {len(problems) - 1} more; run 'ccg registry check')" if len(problems) > 1 else ""
    raise RegistryError(folder / first.path, first.line, first.message + more)


def registry_graph(registry: Registry, iris: IriScheme) -> Graph:
    """The registry as RDF: clusters, actors, their types, labels, memberships and links.

    Examples
    --------
    >>> reg = Registry(clusters=(ClusterRecord("aviation", "Hamburg Aviation", managing_organisation="ha"),),
    ...                actors=(ActorRecord("ha", "Hamburg Aviation e.V.", ("HAv",), "ClusterOrganisation", ("aviation",)),))
    >>> g = registry_graph(reg, IriScheme())
    >>> (IriScheme().actor("ha"), ORG.memberOf, IriScheme().cluster("aviation")) in g
    True
    """
    graph = Graph()
    for cluster in registry.clusters:
        node = iris.cluster(cluster.id)
        graph.add((node, RDF.type, CCG.Cluster))
        graph.add((node, RDFS.label, Literal(cluster.name)))
        graph.add((node, CCG.registryId, Literal(cluster.id)))
        graph.add((node, CCG.status, CCG.curated))
        for alias in cluster.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        if cluster.managing_organisation:
            graph.add((node, CCG.managedBy, iris.actor(cluster.managing_organisation)))
        if cluster.website:
            graph.add((node, SDO.url, URIRef(cluster.website)))
        if cluster.founded:
            graph.add((node, SDO.foundingDate, Literal(cluster.founded, datatype=XSD.gYear)))
        if cluster.sector:
            graph.add((node, DCTERMS.subject, Literal(cluster.sector, lang="de")))
    for actor in registry.actors:
        node = iris.actor(actor.id)
        graph.add((node, RDF.type, CCG.Actor))
        if actor.type in ACTOR_TYPES:
            graph.add((node, RDF.type, CCG[actor.type]))
        graph.add((node, RDFS.label, Literal(actor.name)))
        graph.add((node, CCG.registryId, Literal(actor.id)))
        graph.add((node, CCG.status, CCG.curated))
        for alias in actor.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        for cluster_id in actor.clusters:
            graph.add((node, ORG.memberOf, iris.cluster(cluster_id)))
        if actor.website:
            graph.add((node, SDO.url, URIRef(actor.website)))
        if actor.description:
            graph.add((node, DCTERMS.description, Literal(actor.description, lang="en")))
    return graph
