"""The interactive network page: one self-contained HTML file that works offline.

:func:`render_page` reads the store (projections, analysis results, quotes), picks a view, lays it
out and writes the page. :func:`page_html` is the pure part: data in, HTML text out. The page
inlines vis-network (the copy that ships inside the pyvis package), its own script and style, and
the data as JSON; it loads nothing from anywhere else and its Content-Security-Policy forbids it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from rdflib import Dataset

from graph.bridges import BridgeCandidate, Quote
from graph.errors import GraphError, page_not_written, template_missing
from graph.layout import layout_positions, remove_overlaps
from graph.page_data import NO_CLUSTER_COLOUR, TECHNOLOGY_COLOUR, cluster_colours, node_box, page_payload, script_json
from graph.page_evidence import read_quotes
from graph.results import ActorMeasures
from graph.stored import read_actor_measures, read_bridges
from graph.page_view import DEFAULT_MAX_NODES, ViewSelection, find_focus, page_graph, select_view, shown_graph
from graph.partners import resolve_actor
from graph.projections import project
from ontology.iris import IriScheme

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATE = "network.html"
#: vis-network as shipped inside the pyvis package (pinned in pyproject.toml), inlined into every page.
VIS_NETWORK = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")
#: Up to this many nodes the layout makes room for every label; bigger pages only keep nodes apart
#: (their labels show when zoomed in, where they have room).
LABEL_ROOM_NODES = 500
#: Bridge candidates listed (and their brokers and technologies highlighted) on a page.
TOP_BRIDGES = 10
TITLES = {"overview": "Cluster network: overview", "actors": "Cluster network: all organisations", "ego": "Cluster network around {focus}"}


@dataclass(frozen=True)
class PageSummary:
    """What :func:`render_page` wrote."""

    path: Path
    view: str
    nodes: int
    edges: int
    bytes: int
    left_out: dict[str, int] = field(default_factory=dict)


def _read_asset(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise template_missing(path) from error
    if "</script" in text.lower() or "<!--" in text:
        raise template_missing(path)  # an inlined script must not be able to end (or escape) its own <script> block
    return text


@lru_cache(maxsize=1)
def page_assets() -> dict[str, str]:
    """The inlined script and style: vis-network, the page's script and its CSS."""
    package, resource = VIS_NETWORK
    return {
        "vis_js": _read_asset(Path(str(files(package) / resource))),
        "page_js": _read_asset(STATIC_DIR / "network.js"),
        "page_css": _read_asset(STATIC_DIR / "network.css"),
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    if not (TEMPLATE_DIR / TEMPLATE).is_file():
        raise template_missing(TEMPLATE_DIR / TEMPLATE)
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(default=True), undefined=StrictUndefined, keep_trailing_newline=True)


def page_html(payload: dict) -> str:
    """The page for ``payload`` (from :func:`graph.page_data.page_payload`) as one HTML string.

    Texts in the HTML are escaped by Jinja2; the data goes in as :func:`graph.page_data.script_json`.

    Examples
    --------
    >>> html = page_html({"title": "<T>", "counts": {"actors": 0, "clusters": 0, "technologies": 0, "edges": 0},
    ...                   "left_out": {}, "unclustered": 0, "clusters": [], "types": [], "statuses": [],
    ...                   "technologies": [], "bridges": [], "nodes": [], "edges": []})
    >>> "<title>&lt;T&gt;</title>" in html, '"title":"\\\\u003cT\\\\u003e"' in html
    (True, True)
    """
    template = _environment().get_template(TEMPLATE)
    return template.render(
        data=payload,
        data_json=script_json(payload),
        technology_colour=TECHNOLOGY_COLOUR,
        no_cluster_colour=NO_CLUSTER_COLOUR,
        **page_assets(),
    )


def view_title(view: str, focus_label: str = "") -> str:
    """The page title of a view.

    Examples
    --------
    >>> view_title("ego", "DLR")
    'Cluster network around DLR'
    """
    return TITLES[view].format(focus=focus_label)


def page_file(out_dir: Path, view: str) -> Path:
    """The default file of a view's page in ``out_dir``.

    Examples
    --------
    >>> page_file(Path("out"), "overview").as_posix(), page_file(Path("out"), "ego").as_posix()
    ('out/network.html', 'out/network-ego.html')
    """
    return out_dir / ("network.html" if view == "overview" else f"network-{view}.html")


def write_page(html: str, out_path: Path) -> int:
    """Write the page (folders created); returns its size in bytes."""
    data = html.encode("utf-8")
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_bytes(data)
    except OSError as error:
        raise page_not_written(out_path, error.strerror or str(error)) from error
    return len(data)


def resolve_focus(dataset: Dataset, iris: IriScheme, graph: nx.Graph, text: str) -> str:
    """The node of ``graph`` that ``text`` names: see :func:`graph.page_view.find_focus`, then actor aliases.

    Aliases (``skos:altLabel``, e.g. "Airbus" for Airbus Operations GmbH) are looked up with
    :func:`graph.partners.resolve_actor`; if that finds nothing in ``graph`` either, the first
    error stands.
    """
    try:
        return str(find_focus(graph, text))
    except GraphError as not_found:
        try:
            actor = resolve_actor(dataset, iris, text)
        except GraphError:
            raise not_found from None
        if actor not in graph:
            raise not_found from None
        return actor


def render_page(
    dataset: Dataset,
    iris: IriScheme,
    *,
    view: str = "overview",
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
    out_path: Path = Path("out/network.html"),
    seed: int = 0,
    store: str = "the store",
) -> PageSummary:
    """Write the network page of the analysed store: ``overview``, ``actors`` or ``ego`` (around ``focus``).

    Candidates are included (drawn with a dashed border). Measures and bridge candidates come from
    the analysis graph (:mod:`graph.stored`); a store that was never analysed is an error naming
    ``store``. Same store and options, same bytes.

    Examples
    --------
    >>> import tempfile
    >>> from graph.analyse import analyse
    >>> from ontology.store import open_dataset
    >>> dataset = open_dataset()
    >>> _ = analyse(dataset, IriScheme())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     render_page(dataset, IriScheme(), out_path=Path(folder) / "network.html").nodes
    0
    """
    measures = {m.actor: m for m in read_actor_measures(dataset, iris, store=store)}
    bridges = read_bridges(dataset, iris, top=TOP_BRIDGES, store=store)
    graph = page_graph(project(dataset, iris, include_candidates=True))
    scores = {actor: m.bridging.score for actor, m in measures.items()}
    if view == "ego" and focus:
        focus = resolve_focus(dataset, iris, graph, focus)
    selection = select_view(graph, view, scores=scores, focus=focus, depth=depth, max_nodes=max_nodes)
    quotes = read_quotes(dataset, selection.nodes)
    payload, html = build_page(graph, selection, measures=measures, quotes=quotes, bridges=bridges, seed=seed)
    size = write_page(html, out_path)
    return PageSummary(out_path, view, len(payload["nodes"]), len(payload["edges"]), size, selection.left_out)


def build_page(
    graph: nx.Graph,
    selection: ViewSelection,
    *,
    measures: Mapping[str, ActorMeasures] | None = None,
    quotes: Mapping[str, Sequence[Quote]] | None = None,
    bridges: Sequence[BridgeCandidate] = (),
    seed: int = 0,
) -> tuple[dict, str]:
    """Lay out the selected nodes and make the page: returns the payload and the HTML. Pure.

    Layout: :func:`graph.layout.layout_positions` with the clusters pinned on a ring (in legend
    order), then :func:`graph.layout.remove_overlaps` so that nodes, and on pages up to
    :data:`LABEL_ROOM_NODES` nodes their labels, do not cover each other.

    Examples
    --------
    >>> from graph.synthetic import synthetic_page_graph
    >>> g = synthetic_page_graph(60)
    >>> payload, html = build_page(g, select_view(g, "actors", max_nodes=20))
    >>> len(payload["nodes"]), html.count("</script>")
    (20, 3)
    """
    focus = selection.focus
    focus_label = str(graph.nodes[focus].get("label", focus)) if focus is not None else ""
    shown = shown_graph(graph, selection)
    ring = [c for c in cluster_colours(graph) if c in shown]
    positions = layout_positions(shown, seed=seed, ring=ring)
    payload = page_payload(graph, shown, selection, positions, measures or {}, quotes or {}, bridges, view_title(selection.view, focus_label))
    nodes = payload["nodes"]
    pinned = {n["id"] for n in nodes if n["iri"] in set(ring)} if len(ring) >= 3 else set()
    labelled = len(nodes) <= LABEL_ROOM_NODES
    boxes = {n["id"]: node_box(n["label"] if labelled else "", n["kind"], n["size"]) for n in nodes}
    moved = remove_overlaps({n["id"]: (n["x"], n["y"]) for n in nodes}, boxes, pinned=pinned)
    for node in nodes:
        node["x"], node["y"] = moved[node["id"]]
    return payload, page_html(payload)
