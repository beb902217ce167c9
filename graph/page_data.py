"""The data of the network page: nodes, edges, legend, filters and tooltips as one JSON-ready dict.

Pure functions: a graph, the chosen nodes, positions, measures, quotes and bridges in, plain dicts
out. Every text stays a plain string here; the page renders it with ``textContent`` (tooltips,
search) or through Jinja2's autoescaping (legend, filters), and :func:`script_json` makes the
dict safe inside a ``<script type="application/json">`` block.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence

import networkx as nx

from graph.bridges import BridgeCandidate, Quote
from graph.page_view import OVERVIEW_ACTORS, OVERVIEW_TECHNOLOGIES, ViewSelection
from graph.results import ActorMeasures

#: Colour-blind-safe cluster colours: Paul Tol's "muted" scheme and the blue of his "vibrant"
#: scheme (https://personal.sron.nl/~pault/). More clusters than colours repeat them; the cluster
#: names stay in tooltips, filters and the legend, so colour is never the only cue.
PALETTE = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499", "#0077BB")
TECHNOLOGY_COLOUR = "#4D4D4D"
NO_CLUSTER_COLOUR = "#BBBBBB"
STATUS_TEXT = {
    "curated": "curated (from the registry)",
    "accepted": "accepted (reviewed)",
    "candidate": "candidate (found in documents, not yet reviewed)",
}
KIND_TEXT = {"actor": "organisation (actor)", "cluster": "cluster", "technology": "technology"}
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(payload: object) -> str:
    """``payload`` as JSON that cannot end or alter the ``<script>`` block it is embedded in.

    ``<``, ``>``, ``&`` and the JavaScript line separators U+2028/U+2029 become ``\\uXXXX``
    escapes; ``JSON.parse`` reads them back unchanged.

    Examples
    --------
    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def human(name: str) -> str:
    """A type name as people write it.

    Examples
    --------
    >>> human("ResearchInstitute"), human("Company")
    ('Research institute', 'Company')
    """
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name) or [name]
    return " ".join([words[0]] + [w.lower() for w in words[1:]])


def cluster_colours(graph: nx.Graph) -> dict[Hashable, str]:
    """A colour per cluster, in the order of the clusters' labels (then IRIs).

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("c2", kind="cluster", label="B"); g.add_node("c1", kind="cluster", label="A")
    >>> cluster_colours(g)
    {'c1': '#CC6677', 'c2': '#332288'}
    """
    clusters = sorted((n for n, k in graph.nodes(data="kind") if k == "cluster"), key=lambda n: (str(graph.nodes[n].get("label", n)), str(n)))
    return {cluster: PALETTE[i % len(PALETTE)] for i, cluster in enumerate(clusters)}


def edge_width(weight: float) -> float:
    """Line width in pixels for an edge with ``weight`` pieces of evidence: 1 + 1.5 log2(1 + w), at most 10.

    Examples
    --------
    >>> edge_width(0), edge_width(1), edge_width(3), edge_width(10_000)
    (1.0, 2.5, 4.0, 10.0)
    """
    return round(min(10.0, 1.0 + 1.5 * math.log2(1.0 + max(float(weight), 0.0))), 2)


def node_size(kind: str, score: float | None, evidence: float) -> float:
    """Radius in pixels: clusters 34; actors 10 + 30 x bridging score (or by evidence without analysis); technologies by evidence.

    Examples
    --------
    >>> node_size("cluster", None, 5), node_size("actor", 0.5, 3), node_size("actor", None, 3), node_size("technology", None, 7)
    (34.0, 25.0, 16.0, 19.0)
    """
    if kind == "cluster":
        return 34.0
    if kind == "actor" and score is not None:
        return round(10.0 + 30.0 * max(0.0, min(score, 1.0)), 2)
    return round(min(30.0, 10.0 + 3.0 * math.log2(1.0 + max(evidence, 0.0))), 2)


def node_box(label: str, kind: str, size: float) -> tuple[float, float]:
    """The width and height in pixels that a node and its label (drawn below it) take on the page.

    Examples
    --------
    >>> node_box("DLR", "actor", 10.0), node_box("Hamburg Aviation", "cluster", 34.0)
    ((21.5, 39.0), (149.6, 91.0))
    """
    font = 13.0 if kind == "actor" else 17.0
    return round(max(2.0 * size, min(len(label), 40) * 0.55 * font), 1), round(2.0 * size + font + 6.0, 1)


def _number(value: float) -> str:
    """Three decimals without trailing zeros.

    Examples
    --------
    >>> _number(0.5), _number(0.123456), _number(0.0)
    ('0.5', '0.123', '0')
    """
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def actor_rows(measures: ActorMeasures | None) -> list[list[str]]:
    """The measures of an actor as ``[label, value]`` rows for its tooltip (none for an actor outside the analysis)."""
    if measures is None:
        return []
    rows = [
        ("bridging score", measures.bridging.score),
        ("cross-cluster betweenness", measures.cross_cluster_betweenness),
        ("betweenness", measures.betweenness),
        ("participation coefficient", measures.participation),
        ("constraint (Burt)", measures.constraint),
        ("effective size", measures.effective_size),
    ]
    found = [[label, _number(value)] for label, value in rows if value is not None]
    return found + ([["brokerage role", measures.brokerage_role]] if measures.brokerage_role else [])


def _measures(graph: nx.Graph, node: Hashable, measures: ActorMeasures | None) -> list[list[str]]:
    data = graph.nodes[node]
    kind = data.get("kind")
    if kind == "actor":
        rows = actor_rows(measures)
    elif kind == "cluster":
        rows = [["members on this page", str(sum(1 for n in graph[node] if graph.nodes[n].get("kind") == "actor"))]]
    else:
        rows = [["mentions in documents", str(data.get("evidence", 0))], ["clusters working on it", str(len(data.get("clusters") or ()))]]
    return rows + [["ties on this page", str(graph.degree(node))]]


def edge_evidence(data: Mapping[str, object]) -> list[float]:
    """The evidence counts the edge tooltip reads out: passages and statements, or the profile weight.

    Examples
    --------
    >>> edge_evidence({"relation": "tie", "co_mentions": 3, "partner_ties": 1}), edge_evidence({"relation": "member"})
    ([3, 1], [])
    """
    relation = data.get("relation")
    if relation == "tie":
        return [data.get("co_mentions", 0), data.get("partner_ties", 0)]
    if relation == "technology":
        return [data.get("co_mentions", 0), data.get("works_on", 0)]
    if relation == "profile":
        return [round(float(data.get("weight", 0)), 3)]
    return []


def _quotes(quotes: Sequence[Quote]) -> list[list[str]]:
    return [[q.text, q.title or q.source or q.document, q.source] for q in quotes]


_PLURALS = {"technology": "technologies"}


def left_out_note(selection: ViewSelection) -> dict[str, str]:
    """What the page does not show and the command that shows it, as ``{"text", "command"}`` (empty when nothing is left out).

    Examples
    --------
    >>> s = ViewSelection("actors", ("a",), {"actor": 1}, {"actor": 3}, max_nodes=1)
    >>> left_out_note(s)["command"]
    'ccg render --view actors --max-nodes 3'
    """
    gone = selection.left_out
    if not gone:
        return {}
    parts = ", ".join(f"{n:,} {kind if n == 1 else _PLURALS.get(kind, kind + 's')}" for kind, n in gone.items())
    cut = sum(selection.shown.values()) >= selection.max_nodes
    if selection.view == "overview" and not cut:
        text = (f"The overview shows every cluster, the {OVERVIEW_TECHNOLOGIES} most cross-cutting technologies and the "
                f"{OVERVIEW_ACTORS} actors with the highest bridging score. Not shown: {parts}. "
                "See every actor with the command below, or one actor's neighbourhood with --view ego --focus ID.")
        return {"text": text, "command": "ccg render --view actors"}
    total = sum(selection.available.values())
    text = f"This page keeps the {selection.max_nodes:,} most important nodes (bridging score, then evidence). Not shown: {parts}. "
    text += "Show more with a larger --max-nodes (slower in the browser), or look at one neighbourhood with --view ego --focus ID."
    command = f"ccg render --view {selection.view} --max-nodes {total}"
    if selection.view == "ego":
        command = f"ccg render --view ego --focus {str(selection.focus).rstrip('/').rsplit('/', 1)[-1]} --depth {selection.depth} --max-nodes {total}"
    return {"text": text, "command": command}


def page_payload(
    graph: nx.Graph,
    view: nx.Graph,
    selection: ViewSelection,
    positions: Mapping[Hashable, tuple[float, float]],
    measures: Mapping[str, ActorMeasures],
    quotes: Mapping[str, Sequence[Quote]],
    bridges: Sequence[BridgeCandidate],
    title: str,
) -> dict:
    """Everything the page shows, as plain JSON-ready data (see the module docstring).

    ``view`` is what the page draws (:func:`graph.page_view.shown_graph`); ``graph`` the whole
    network, which fixes the cluster colours. Node ids are their positions in ``selection.nodes``;
    nodes keep their IRI in ``iri``. The brokers and shared technologies of ``bridges`` (three of
    each) are marked ``bridge``.
    """
    colours = cluster_colours(graph)
    ids = {node: i for i, node in enumerate(selection.nodes)}
    cluster_keys = {c: f"c{i}" for i, c in enumerate(colours)}
    marked = {x for b in bridges for x in [t.technology for t in b.technologies[:3]] + [a.actor for a in b.brokers[:3]]}
    nodes = []
    for node in selection.nodes:
        data = graph.nodes[node]
        kind = data.get("kind", "actor")
        own = [c for c in (data.get("clusters") or ()) if c in cluster_keys]
        techs = sorted(ids[t] for t in graph[node] if t in ids and graph.nodes[t].get("kind") == "technology")
        score = measures[str(node)].bridging.score if str(node) in measures else None
        colour = TECHNOLOGY_COLOUR if kind == "technology" else colours.get(node) if kind == "cluster" else colours[own[0]] if own else NO_CLUSTER_COLOUR
        nodes.append({
            "id": ids[node], "iri": str(node), "label": str(data.get("label", node)), "kind": kind,
            "type": str(data.get("type", "")), "status": str(data.get("status", "")),
            "clusters": [cluster_keys[c] for c in own], "techs": techs,
            "x": positions[node][0], "y": positions[node][1], "colour": colour,
            "border": colours[own[1]] if kind == "actor" and len(own) > 1 else "#333333",
            "size": node_size(kind, None if score is None else float(score), float(data.get("evidence") or graph.degree(node, weight="weight"))),
            "bridge": node in marked,
            "measures": _measures(view, node, measures.get(str(node))),
            "quotes": _quotes(quotes.get(str(node), ())),
        })
    ordered = sorted((min(ids[u], ids[v]), max(ids[u], ids[v]), d) for u, v, d in view.edges(data=True))
    edges = [
        {"id": i, "from": a, "to": b, "relation": d.get("relation", "tie"), "width": edge_width(d.get("weight", 1)), "evidence": edge_evidence(d)}
        for i, (a, b, d) in enumerate(ordered)
    ]
    bridge_rows = [
        {"rank": b.rank, "score": _number(b.score), "a": b.label_a, "b": b.label_b,
         "technologies": [t.label for t in b.technologies[:3]], "brokers": [a.label for a in b.brokers[:3]],
         "nodes": [ids[n] for n in (b.cluster_a, b.cluster_b, *(t.technology for t in b.technologies[:3]), *(a.actor for a in b.brokers[:3])) if n in ids],
         "edge": [ids[b.cluster_a], ids[b.cluster_b]] if b.cluster_a in ids and b.cluster_b in ids else [],
         "quotes": _quotes(b.quotes[:1])}
        for b in bridges
    ]
    actors = [n for n in nodes if n["kind"] == "actor"]
    counts = Counter(n["kind"] for n in nodes)
    members = Counter(key for n in actors for key in n["clusters"])
    return {
        "title": title,
        "view": selection.view,
        "counts": {"actors": counts["actor"], "clusters": counts["cluster"], "technologies": counts["technology"], "edges": len(edges)},
        "left_out": left_out_note(selection),
        "unclustered": sum(1 for n in nodes if n["kind"] != "cluster" and not n["clusters"]),
        "clusters": [
            {"key": cluster_keys[c], "label": str(graph.nodes[c].get("label", c)), "colour": colour, "count": members[cluster_keys[c]]}
            for c, colour in colours.items() if c in ids or members[cluster_keys[c]]
        ],
        "types": [{"key": t, "label": human(t), "count": n} for t, n in sorted(Counter(n["type"] for n in actors).items())],
        "statuses": [{"key": s, "label": STATUS_TEXT.get(s, s), "count": n} for s, n in sorted(Counter(n["status"] for n in actors).items())],
        "technologies": sorted(({"id": n["id"], "label": n["label"]} for n in nodes if n["kind"] == "technology"), key=lambda t: (t["label"].casefold(), t["id"])),
        "bridges": bridge_rows,
        "nodes": nodes,
        "edges": edges,
    }
