"""The bridge report: ``bridges.html`` and ``bridges.md`` for the programme team.

Read from the stored analysis (:mod:`graph.stored`), rendered with the Jinja2 templates in
``graph/templates/``. The HTML is self-contained (inline CSS, no scripts, no external resources)
and autoescapes every text; the Markdown escapes table cells and quotes. Quotes link to their
documents by a path relative to the report (``dct:source``), or to an ``http(s)`` URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from rdflib import Dataset

from graph.bridges import BridgeCandidate
from graph.errors import template_missing
from graph.formats import markdown_text, sort_actors
from graph.projections import labels_by_node
from graph.results import ActorMeasures
from graph.rounding import rounded
from graph.stored import read_actor_measures, read_bridges, read_fields, read_parameters, read_technologies
from ontology.iris import IriScheme

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_FILES = ("bridges.html", "bridges.md")


@dataclass(frozen=True)
class ReportData:
    """Everything the templates show, already ordered and cut."""

    bridges: tuple[BridgeCandidate, ...]
    technologies: tuple
    actors: tuple[ActorMeasures, ...]
    fields: tuple
    parameters: dict
    labels: dict[str, str]
    memberships: dict[str, tuple[str, ...]]


def document_link(source: str, out_dir: Path, cwd: Path) -> str:
    """A link from the report folder to a document: relative path (POSIX, URL-quoted) or http(s) URL.

    Anything else (``javascript:``, ``data:``) gives an empty link, so a source from a document can
    never become active content.

    Examples
    --------
    >>> document_link("data/sample/001.txt", Path("/w/out"), Path("/w"))
    '../data/sample/001.txt'
    >>> document_link("javascript:alert(1)", Path("/w/out"), Path("/w"))
    ''
    >>> document_link("https://example.org/a b.pdf", Path("/w/out"), Path("/w"))
    'https://example.org/a%20b.pdf'
    """
    if not source:
        return ""
    scheme = urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return quote(source, safe=":/?#@!$&'*+,;=%")
    if scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
        return ""
    target = Path(source) if Path(source).is_absolute() else cwd / source
    relative = os.path.relpath(target, out_dir if out_dir.is_absolute() else cwd / out_dir)
    return quote(Path(relative).as_posix())


def percent(part: float, whole: float) -> str:
    """``part`` as a whole-number percentage of ``whole``.

    Examples
    --------
    >>> percent(0.25, 0.5), percent(1.0, 0.0)
    ('50 %', '')
    """
    return f"{round(100 * part / whole)} %" if whole > 0 else ""


def report_data(dataset: Dataset, iris: IriScheme, *, top_bridges: int = 20, top_rows: int = 15, store: str = "the store") -> ReportData:
    """The stored results the report shows."""
    parameters = read_parameters(dataset, iris, store)
    actors = read_actor_measures(dataset, iris, store=store)
    ranked = sort_actors(actors, "bridging")
    return ReportData(
        bridges=tuple(read_bridges(dataset, iris, top=top_bridges, store=store)),
        technologies=tuple(s for s in read_technologies(dataset, iris, store=store) if s.cross_cutting)[:top_rows],
        actors=tuple(ranked[:top_rows]),
        fields=tuple(read_fields(dataset, iris, store=store)),
        parameters=parameters,
        labels=labels_by_node(dataset),
        memberships={m.actor: m.clusters for m in actors},
    )


def _environment(autoescape: bool) -> Environment:
    if not TEMPLATES.is_dir():
        raise template_missing(TEMPLATES)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = lambda value, digits=3: "" if rounded(value) is None else f"{rounded(value):.{digits}f}"
    env.filters["percent"] = percent
    env.filters["md"] = markdown_text
    return env


def render_report(data: ReportData, fmt: str, out_dir: Path, cwd: Path) -> str:
    """The report as ``html`` or ``md`` text."""
    name = f"bridges.{fmt}"
    if not (TEMPLATES / name).is_file():
        raise template_missing(TEMPLATES / name)
    template = _environment(fmt == "html").get_template(name)
    return template.render(
        data=data,
        link=lambda source: document_link(source, out_dir, cwd),
        label=lambda iri: data.labels.get(iri, iri),
        clusters_of=lambda actor: ", ".join(data.labels.get(c, c) for c in data.memberships.get(actor, ())),
    )


def write_report(dataset: Dataset, iris: IriScheme, out_dir: Path, *, top_bridges: int = 20, cwd: Path | None = None) -> list[Path]:
    """Write ``bridges.html`` and ``bridges.md`` into ``out_dir``; returns their paths.

    Document links are relative to ``out_dir``; relative ``dct:source`` paths are taken relative
    to ``cwd`` (default: the working folder, where ``ccg build`` ran).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_data(dataset, iris, top_bridges=top_bridges)
    written = []
    for fmt in ("html", "md"):
        path = out_dir / f"bridges.{fmt}"
        path.write_text(render_report(data, fmt, out_dir, cwd or Path.cwd()), encoding="utf-8")
        written.append(path)
    return written
