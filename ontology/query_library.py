"""The library of research queries (``ontology/queries/*.rq``) and their parameters.

Every file opens with a header of comment lines::

    # question: What is one cluster's technology profile?
    # param: ?cluster iri — the cluster (e.g. cluster/aviation); every cluster when not given
    # example: cluster=cluster/aviation
    # any other comment lines explain the columns

A parameter is a variable that the query projects; a value given for it is bound by Oxigraph
(never written into the query text), and a query without the value answers for all values.
Parameter kinds are ``iri``, ``string``, ``integer``, ``decimal`` and ``date``. An IRI value is
written in full (``https://...`` or ``<...>``), as a prefixed name (``tech:hydrogen``) or relative to
the base IRI of the data (``cluster/aviation``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import (
    bad_parameter_value,
    bad_query_header,
    query_or_file,
    unknown_parameter,
    unknown_research_query,
    unreadable_query,
)
from ontology.query_runner import query_store
from ontology.sparql_exec import Answer, QueryRequest

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
PARAM_KINDS = ("iri", "string", "integer", "decimal", "date")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(question|param|example):\s*(.*?)\s*$")
_PARAM = re.compile(r"^\?(\w+)\s+(\w+)\s*(?:[—–-]+\s*)?(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Param:
    """A parameter of a research query."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class LibraryQuery:
    """A research query: its name (the file stem), question, parameters and text."""

    name: str
    question: str
    params: tuple[Param, ...]
    example: tuple[tuple[str, str], ...]
    notes: str
    text: str

    def as_json(self) -> dict:
        """The query as the query page and ``GET /queries`` show it."""
        return {
            "name": self.name,
            "question": self.question,
            "notes": self.notes,
            "params": [{"name": p.name, "kind": p.kind, "description": p.description} for p in self.params],
            "example": dict(self.example),
            "text": self.text,
        }


def parse_query_file(text: str, name: str, source: str = "") -> LibraryQuery:
    """Read the header of a research query.

    Examples
    --------
    >>> q = parse_query_file("# question: Who?\\n# param: ?c iri — a cluster\\nSELECT ?c WHERE { ?c a ccg:Cluster }", "who")
    >>> q.question, q.params
    ('Who?', (Param(name='c', kind='iri', description='a cluster'),))
    """
    where = source or name
    fields: dict[str, list[str]] = {"question": [], "param": [], "example": []}
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields[match.group(1)].append(match.group(2))
            if match.group(1) == "param" and not _PARAM.match(match.group(2)):
                raise bad_query_header(f"{where}:{number}", f"a param line reads '# param: ?name kind — description' with kind one of {', '.join(PARAM_KINDS)}")
        else:
            notes.append(line.lstrip("#").strip())
    if len(fields["question"]) != 1:
        raise bad_query_header(where, "a research query opens with exactly one '# question: ...' line")
    params = tuple(Param(*_PARAM.match(p).groups()) for p in fields["param"])  # type: ignore[union-attr]
    for param in params:
        if param.kind not in PARAM_KINDS:
            raise bad_query_header(where, f"parameter ?{param.name} has kind {param.kind!r}; use one of {', '.join(PARAM_KINDS)}")
    example = tuple(tuple(pair.split("=", 1)) for line in fields["example"] for pair in line.split())
    return LibraryQuery(name, fields["question"][0], params, example, " ".join(n for n in notes if n), text)  # type: ignore[arg-type]


def load_library(folder: Path = QUERIES_DIR) -> dict[str, LibraryQuery]:
    """Every ``*.rq`` file of ``folder`` by name, sorted.

    Examples
    --------
    >>> library = load_library()
    >>> len(library) >= 12 and all(q.question.endswith("?") for q in library.values())
    True
    """
    return {
        path.stem: parse_query_file(path.read_text(encoding="utf-8"), path.stem, str(path))
        for path in sorted(folder.glob("*.rq"))
    }


def parse_value(raw: str, kind: str | None, *, base_iri: str, prefixes: Mapping[str, str], source: str = "query") -> ox.NamedNode | ox.Literal:
    """The RDF term that a parameter value given on the command line (or a form) stands for.

    ``kind`` None guesses: an IRI when the value is written as one, a string otherwise.

    Examples
    --------
    >>> parse_value("cluster/aviation", "iri", base_iri="https://example.org/id/", prefixes={})
    <NamedNode value=https://example.org/id/cluster/aviation>
    >>> parse_value("tech:hydrogen", None, base_iri="https://example.org/id/", prefixes={"tech": "https://example.org/t/"})
    <NamedNode value=https://example.org/t/hydrogen>
    >>> parse_value("2024-05-01", "date", base_iri="https://example.org/id/", prefixes={}).datatype.value
    'http://www.w3.org/2001/XMLSchema#date'
    """
    value = raw.strip()
    if kind is None:
        kind = "iri" if _looks_like_iri(value, prefixes) else "string"
    try:
        if kind == "iri":
            return ox.NamedNode(_expand_iri(value, base_iri, prefixes))
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if kind == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(_XSD + "decimal"))
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    except (ValueError, InvalidOperation) as error:
        expected = {"iri": "an IRI", "integer": "an integer", "decimal": "a number", "date": "a date YYYY-MM-DD"}[kind]
        raise bad_parameter_value(source, raw, expected, str(error)) from error
    return ox.Literal(value)


def _looks_like_iri(value: str, prefixes: Mapping[str, str]) -> bool:
    if value.startswith("<") and value.endswith(">"):
        return True
    if re.match(r"^https?://\S+$", value):
        return True
    prefix, colon, _ = value.partition(":")
    return bool(colon) and prefix in prefixes


def _expand_iri(value: str, base_iri: str, prefixes: Mapping[str, str]) -> str:
    inner = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if re.match(r"^[a-zA-Z][\w+.-]*:", inner):
        prefix, _, local = inner.partition(":")
        return prefixes[prefix] + local if prefix in prefixes and not local.startswith("//") else inner
    return base_iri + inner.lstrip("/")


def bind_params(
    raw: Sequence[tuple[str, str]],
    declared: Sequence[Param] | None,
    *,
    base_iri: str,
    prefixes: Mapping[str, str],
    source: str = "query",
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings for ``NAME=VALUE`` pairs, typed by the declared parameters (guessed when None).

    Examples
    --------
    >>> bind_params([("cluster", "cluster/x")], [Param("cluster", "iri", "")], base_iri="https://example.org/", prefixes={})
    {'cluster': <NamedNode value=https://example.org/cluster/x>}
    """
    kinds = {p.name: p.kind for p in declared} if declared is not None else None
    bindings = {}
    for name, value in raw:
        name = name.lstrip("?$")
        if kinds is not None and name not in kinds:
            known = ", ".join(f"?{n}" for n in kinds) or "none"
            raise unknown_parameter(source, name, known)
        bindings[name] = parse_value(value, kinds[name] if kinds is not None else None, base_iri=base_iri, prefixes=prefixes, source=source)
    return bindings


def is_query_name(argument: str) -> bool:
    """Whether a command-line argument names a library query rather than holding SPARQL text."""
    return bool(_NAME.match(argument))


def find_query(name: str, library: Mapping[str, LibraryQuery]) -> LibraryQuery:
    """The library query ``name``, or a one-line error that lists where to look."""
    if name not in library:
        raise unknown_research_query(name)
    return library[name]


def resolve_query(argument: str | None, file: Path | None, library: Mapping[str, LibraryQuery]) -> tuple[str, str, tuple[Param, ...] | None]:
    """The text, the name for messages and the declared parameters (None: guess) of a query given
    as a library name, as SPARQL text, or as a file.

    Examples
    --------
    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }", None, {})[1:]
    ('query', None)
    """
    if (argument is None) == (file is None):
        raise query_or_file()
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise unreadable_query(file, str(error)) from error
        declared = parse_query_file(text, file.stem, str(file)).params if _HEADER.match(text.split("\n", 1)[0]) else None
        return text, str(file), declared
    assert argument is not None
    if is_query_name(argument):
        found = find_query(argument, library)
        return found.text, found.name, found.params
    return argument, "query", None


def describe_library(library: Mapping[str, LibraryQuery]) -> str:
    """The research queries as ``ccg query --list`` prints them: name, question, parameters.

    Examples
    --------
    >>> print(describe_library({"who": parse_query_file("# question: Who?\\n# param: ?c iri — a cluster\\nSELECT ?c {}", "who")}))
    who
        Who?
        --param c=...   iri: a cluster
    """
    blocks = []
    for query in library.values():
        lines = [query.name, f"    {query.question}"]
        lines.extend(f"    --param {p.name}=...   {p.kind}: {p.description}" for p in query.params)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def answer_query(
    folder: Path,
    query: str | None = None,
    *,
    file: Path | None = None,
    params: Sequence[tuple[str, str]] = (),
    fmt: str = "table",
    timeout: float | None = None,
    limit: int | None = None,
    base_iri: str | None = None,
    library: Mapping[str, LibraryQuery] | None = None,
) -> Answer:
    """Answer a query on the store in ``folder`` (read-only): what ``ccg query`` does.

    Parameters
    ----------
    folder
        The store folder.
    query
        A research query name (see :func:`load_library`) or SPARQL text.
    file
        A ``.rq`` file instead of ``query``.
    params
        ``(name, value)`` pairs, bound to the query's variables (typed by its ``# param:`` lines).
    fmt
        A format of :data:`ontology.sparql_formats.FORMATS`.
    timeout
        Stop the query after this many seconds (:class:`ontology.errors.QueryTimeout`); None: no limit.
    limit
        Keep at most this many rows (or triples).
    base_iri
        The base IRI of the data (relative IRIs in ``params``, the table's IRIs).
    """
    from ontology.iris import DEFAULT_BASE_IRI  # noqa: PLC0415
    from ontology.prefixes import PREFIXES  # noqa: PLC0415

    base = base_iri or DEFAULT_BASE_IRI
    text, source, declared = resolve_query(query, file, load_library() if library is None else library)
    bindings = bind_params(params, declared, base_iri=base, prefixes=PREFIXES, source=source)
    request = QueryRequest(text, source, fmt, bindings, max_rows=limit, prefixes=PREFIXES, base_iri=base)
    return query_store(folder, request, timeout)
