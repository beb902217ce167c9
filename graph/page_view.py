"""What the network page shows: one graph of actors, clusters and technologies, and the three views of it.

:func:`page_graph` merges the four projections of :mod:`graph.projections` into one undirected
graph whose edges carry ``relation`` (``tie``, ``member``, ``technology``, ``profile``), their
evidence counts and ``weight``. :func:`select_view` picks the nodes of a view in order of
importance and cuts at ``max_nodes``, remembering how many of each kind it left out so that the
page can say so.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.errors import bad_choice, focus_required, unknown_focus
from graph.projections import Projection
from graph.rounding import rank_key
from graph.technologies import technology_spread

VIEWS = ("overview", "actors", "ego")
KINDS = ("cluster", "technology", "actor")
#: The overview shows the actors with the highest bridging score, at most this many.
OVERVIEW_ACTORS = 40
#: ... and the most cross-cutting technologies (in two or more cluster profiles), at most this many.
OVERVIEW_TECHNOLOGIES = 30
#: Default node limit of a page. Measured with ``benchmarks/page.py`` in headless Chromium (figures
#: in docs/managers.md): 2,000 nodes are drawn and interactive in about a second and a redraw (pan,
#: zoom, hover) takes 30-40 ms; at 5,000 a redraw takes 55-130 ms, which stutters.
DEFAULT_MAX_NODES = 2000

#: In the overview each technology keeps its lines to the clusters that work on it most, at most this many.
PROFILE_LINES = 3

_RELATIONS = (("actors", "tie"), ("membership", "member"), ("actor_technology", "technology"), ("cluster_technology", "profile"))


@dataclass(frozen=True)
class ViewSelection:
    """The nodes a page shows (most important first) and what the limit left out.

    ``available`` counts, per kind, the nodes the view holds before the ``max_nodes`` cut and the
    view's own choice (e.g. the overview's top actors); ``shown`` counts what is kept.
    """

    view: str
    nodes: tuple[Hashable, ...]
    shown: dict[str, int]
    available: dict[str, int]
    focus: Hashable | None = None
    depth: int = 0
    max_nodes: int = DEFAULT_MAX_NODES

    @property
    def left_out(self) -> dict[str, int]:
        """Nodes of each kind that the page does not show (zero counts omitted)."""
        return {kind: self.available[kind] - self.shown.get(kind, 0) for kind in KINDS if self.available.get(kind, 0) > self.shown.get(kind, 0)}


def page_graph(projection: Projection) -> nx.Graph:
    """The four projections as one graph; every edge has a ``relation`` and a ``weight`` (its evidence).

    Technologies of the taxonomy that nothing in the store is tied to are left out.

    Node attributes are those of the projections (``label``, ``kind``, ``type``, ``status``,
    ``clusters``). Edge attributes keep the projections' evidence counts (``co_mentions``,
    ``partner_ties``, ``works_on``, ``documents``, ``focus``, ``members``).

    Examples
    --------
    >>> actors = nx.Graph([("a", "b", {"weight": 2, "co_mentions": 2})])
    >>> members = nx.Graph([("a", "C", {"weight": 1})])
    >>> for g, node, kind in ((actors, "a", "actor"), (actors, "b", "actor"), (members, "C", "cluster")):
    ...     g.nodes[node]["kind"] = kind
    >>> g = page_graph(Projection(actors, members, nx.Graph(), nx.Graph()))
    >>> sorted((u, v, d["relation"], d["weight"]) for u, v, d in g.edges(data=True))
    [('a', 'C', 'member', 1), ('a', 'b', 'tie', 2)]
    """
    graph = nx.Graph()
    for name, relation in _RELATIONS:
        part: nx.Graph = getattr(projection, name)
        for node, data in sorted(part.nodes(data=True), key=lambda item: str(item[0])):
            if node not in graph:
                graph.add_node(node, **data)
        for u, v, data in sorted(part.edges(data=True), key=lambda item: (str(item[0]), str(item[1]))):
            graph.add_edge(u, v, **data, relation=relation)
    graph.remove_nodes_from([n for n, kind in list(graph.nodes(data="kind")) if kind == "technology" and not graph.degree(n)])
    return graph


def strength(graph: nx.Graph, node: Hashable) -> float:
    """The summed evidence (``weight``) of a node's edges."""
    return float(sum(w for _, _, w in graph.edges(node, data="weight", default=1)))


def importance_order(graph: nx.Graph, nodes: Sequence[Hashable], scores: Mapping[Hashable, float]) -> list[Hashable]:
    """``nodes`` from most to least important: bridging score, then evidence, then label and IRI.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> importance_order(g, ["c", "b", "a"], {"b": 0.5})
    ['b', 'a', 'c']
    """
    def key(node: Hashable) -> tuple:
        return (rank_key(scores.get(node, 0.0)), -strength(graph, node), str(graph.nodes[node].get("label", node)), str(node))

    return sorted(nodes, key=key)


def _of_kind(graph: nx.Graph, kind: str) -> list[Hashable]:
    return sorted((n for n, k in graph.nodes(data="kind") if k == kind), key=str)


def _counts(graph: nx.Graph, nodes: Sequence[Hashable]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for node in nodes:
        counts[graph.nodes[node].get("kind", "actor")] += 1
    return counts


def overview_nodes(graph: nx.Graph, scores: Mapping[Hashable, float]) -> list[Hashable]:
    """Every cluster, the most cross-cutting technologies, then the top bridging actors.

    Technologies are ranked by :func:`graph.technologies.technology_spread` over the ``profile``
    edges and only those in two or more clusters count; actors by :func:`importance_order`, only
    those with a positive score (or, without scores, with any edge).
    """
    profiles = nx.Graph()
    profiles.add_nodes_from(graph.nodes(data=True))
    profiles.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d.get("relation") == "profile")
    technologies = [s.technology for s in technology_spread(profiles) if s.cross_cutting][:OVERVIEW_TECHNOLOGIES]
    ranked = importance_order(graph, _of_kind(graph, "actor"), scores)
    keep = [a for a in ranked if scores.get(a, 0.0) > 0] if scores else [a for a in ranked if graph.degree(a) > 0]
    return _of_kind(graph, "cluster") + technologies + keep[:OVERVIEW_ACTORS]


def ego_nodes(graph: nx.Graph, focus: Hashable, depth: int, scores: Mapping[Hashable, float]) -> list[Hashable]:
    """``focus`` and every node within ``depth`` steps, nearest first, then by importance.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> nx.set_node_attributes(g, "actor", "kind")
    >>> ego_nodes(g, "b", 1, {})  # c has two edges, a one
    ['b', 'c', 'a']
    """
    distance = nx.single_source_shortest_path_length(graph, focus, cutoff=depth)
    by_distance: dict[int, list[Hashable]] = {}
    for node, steps in distance.items():
        by_distance.setdefault(steps, []).append(node)
    return [node for steps in sorted(by_distance) for node in importance_order(graph, by_distance[steps], scores)]


def find_focus(graph: nx.Graph, text: str) -> Hashable:
    """The node that ``text`` names: its IRI, the last segment of its IRI (registry id) or its label.

    Case is ignored for ids and labels. A text that fits several nodes or none is a
    :class:`graph.errors.GraphError` saying what to pass instead.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("https://x/actor/dlr", label="DLR", kind="actor")
    >>> g.add_node("https://x/cluster/aviation", label="Hamburg Aviation", kind="cluster")
    >>> find_focus(g, "aviation"), find_focus(g, "dlr"), find_focus(g, "hamburg aviation")
    ('https://x/cluster/aviation', 'https://x/actor/dlr', 'https://x/cluster/aviation')
    """
    if text in graph:
        return text
    wanted = text.strip().casefold()
    for attribute in (lambda n, d: str(n).rstrip("/").rsplit("/", 1)[-1], lambda n, d: str(d.get("label", ""))):
        matches = sorted((n for n, d in graph.nodes(data=True) if attribute(n, d).casefold() == wanted), key=str)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise unknown_focus(text, [str(m) for m in matches])
    raise unknown_focus(text, [])


def select_view(
    graph: nx.Graph,
    view: str,
    *,
    scores: Mapping[Hashable, float] | None = None,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> ViewSelection:
    """The nodes of ``view`` (``overview``, ``actors`` or ``ego``), at most ``max_nodes``, most important first.

    ``scores`` are the actors' bridging scores (empty when the store holds no analysis). ``ego``
    needs ``focus`` (see :func:`find_focus`) and takes its neighbourhood to ``depth`` steps over
    all relations; the focus itself is always kept.

    Examples
    --------
    >>> g = nx.star_graph(["hub", "a", "b", "c"])
    >>> nx.set_node_attributes(g, "actor", "kind")
    >>> s = select_view(g, "actors", max_nodes=2)
    >>> s.nodes, s.left_out
    (('hub', 'a'), {'actor': 2})
    """
    scores = scores or {}
    if view not in VIEWS:
        raise bad_choice("--view", view, VIEWS)
    found = None
    if view == "overview":
        ordered = overview_nodes(graph, scores)
    elif view == "actors":
        ordered = importance_order(graph, _of_kind(graph, "actor"), scores)
    else:
        if not focus:
            raise focus_required()
        found = find_focus(graph, focus)
        ordered = ego_nodes(graph, found, depth, scores)
    kept = ordered[: max(1, max_nodes)]
    # the overview chooses from the whole network; the other views from what they hold
    available = _counts(graph, list(graph.nodes) if view == "overview" else ordered)
    return ViewSelection(view, tuple(kept), _counts(graph, kept), available, found, depth if view == "ego" else 0, max_nodes)


def shown_graph(graph: nx.Graph, selection: ViewSelection) -> nx.Graph:
    """The selected nodes and the edges between them, as a copy.

    The overview is a map of the clusters: it leaves out the lines between actors and technologies
    (each actor's tooltip lists its technologies, and the technology filter still uses them) and a
    technology keeps only its :data:`PROFILE_LINES` strongest lines to clusters (its tooltip still
    counts all its clusters).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("t", kind="technology")
    >>> for i, w in enumerate([5, 1, 3, 4]):
    ...     g.add_node(f"c{i}", kind="cluster"); g.add_edge("t", f"c{i}", relation="profile", weight=w)
    >>> sorted(shown_graph(g, ViewSelection("overview", tuple(g), {}, {}))["t"])
    ['c0', 'c2', 'c3']
    """
    shown = graph.subgraph(selection.nodes).copy()
    if selection.view == "overview":
        shown.remove_edges_from([(u, v) for u, v, r in shown.edges(data="relation") if r == "technology"])
        for node, kind in list(shown.nodes(data="kind")):
            if kind != "technology":
                continue
            profile = sorted(((-float(d.get("weight", 1)), str(c)) for c, d in shown[node].items() if d.get("relation") == "profile"))
            shown.remove_edges_from((node, c) for _, c in profile[PROFILE_LINES:])
    return shown
