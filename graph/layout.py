"""Node positions for the network page, computed beforehand so that the browser draws at once.

The page shows the positions as they are (physics off), so the same graph always looks the same.
Positions come from igraph's Fruchterman-Reingold layout in its C core (about 0.4 s for 5,000
nodes and 22,000 edges here, against 9 s for DrL), started from seeded positions with igraph's
random number generator seeded for the call: same graph and seed, same coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence

import igraph as ig
import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from graph.communities import seeded_igraph

#: Typical distance in pixels between neighbouring nodes on the page.
SPACING = 150.0
#: Iterations of the force-directed layout (igraph's default is 500).
ITERATIONS = 500
#: Most rounds of :func:`remove_overlaps`.
OVERLAP_ITERATIONS = 60


def layout_positions(
    graph: nx.Graph,
    *,
    seed: int = 0,
    weight: str | None = "weight",
    spacing: float = SPACING,
    ring: Sequence[Hashable] = (),
) -> dict[Hashable, tuple[float, float]]:
    """Seeded force-directed positions of every node, in pixels, centred on the origin.

    Nodes are laid out in sorted order (so the result does not depend on insertion order). Edge
    weights pull harder: the layout uses ``1 + log(weight)`` so that a tie with much evidence does
    not collapse its two ends onto each other. The nodes in ``ring`` (e.g. the clusters) are pinned
    evenly on a circle in that order, clockwise from the top, and the others settle between them.
    The coordinates are scaled so that the drawing covers about ``spacing**2`` square pixels per
    node, and rounded to 0.1 px.

    Parameters
    ----------
    graph
        Any NetworkX graph (directions are ignored).
    seed
        Seed of the starting positions and of igraph's generator.
    weight
        Edge attribute holding the evidence, or None for unweighted.
    spacing
        Typical distance between neighbouring nodes in pixels.
    ring
        Nodes to pin on a circle (ignored when fewer than three are in ``graph``).

    Examples
    --------
    >>> g = nx.Graph([("b", "a"), ("a", "c")])
    >>> first = layout_positions(g, seed=1)
    >>> first == layout_positions(nx.Graph([("a", "c"), ("b", "a")]), seed=1)
    True
    >>> sorted(first)
    ['a', 'b', 'c']
    >>> layout_positions(nx.Graph())
    {}
    >>> pinned = layout_positions(nx.cycle_graph(6), ring=[0, 2, 4])  # an equilateral triangle, 0 on top
    >>> len({round(math.dist(pinned[a], pinned[b])) for a, b in ((0, 2), (2, 4), (4, 0))}), pinned[0][0]
    (1, 0.0)
    """
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), d.get(weight, 1) if weight else 1) for u, v, d in graph.edges(data=True) if u != v)
    layout_graph = ig.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in edges])
    weights = [1.0 + math.log(max(float(w), 1.0)) for _, _, w in edges]
    # Start spread over a square of side sqrt(n): igraph's grid then stays fast (0.3 s for 2,000 nodes).
    start = np.random.default_rng(seed).uniform(-0.5, 0.5, size=(len(nodes), 2)) * math.sqrt(len(nodes))
    bounds = {}
    pinned = [index[node] for node in ring if node in index]
    if len(pinned) >= 3:
        radius = 0.8 * math.sqrt(len(nodes))
        angles = np.pi / 2 - 2 * np.pi * np.arange(len(pinned)) / len(pinned)
        start[pinned] = np.column_stack((np.cos(angles), -np.sin(angles))) * radius  # screen y points down
        low, high = np.full((len(nodes), 2), -np.inf), np.full((len(nodes), 2), np.inf)
        low[pinned] = high[pinned] = start[pinned]
        bounds = {"minx": low[:, 0].tolist(), "maxx": high[:, 0].tolist(), "miny": low[:, 1].tolist(), "maxy": high[:, 1].tolist()}
    with seeded_igraph(seed):
        coords = layout_graph.layout_fruchterman_reingold(weights=weights or None, niter=ITERATIONS, seed=start.tolist(), **bounds)
    return dict(zip(nodes, _scaled(np.asarray(coords.coords, dtype=float), spacing)))


def _scaled(coords: np.ndarray, spacing: float) -> list[tuple[float, float]]:
    """Centre the coordinates and scale them to about ``spacing**2`` square pixels per node.

    Examples
    --------
    >>> _scaled(np.array([[0.0, 0.0], [2.0, 2.0]]), 10.0)  # 2 nodes on 4 units: x 10 * sqrt(2 / 4)
    [(-7.1, -7.1), (7.1, 7.1)]
    """
    centred = coords - (coords.max(axis=0) + coords.min(axis=0)) / 2.0
    extent = np.ptp(centred, axis=0)
    area = float(max(extent[0], 1e-9) * max(extent[1], extent[0] / 10, 1e-9))
    factor = spacing * math.sqrt(len(coords) / area)
    return [(round(float(x) * factor, 1) + 0.0, round(float(y) * factor, 1) + 0.0) for x, y in centred]


def remove_overlaps(
    positions: Mapping[Hashable, tuple[float, float]],
    boxes: Mapping[Hashable, tuple[float, float]],
    *,
    pinned: Collection[Hashable] = (),
    iterations: int = OVERLAP_ITERATIONS,
) -> dict[Hashable, tuple[float, float]]:
    """Move nodes apart until their boxes (width, height in pixels, centred on the node) do not overlap.

    Each round finds the overlapping pairs (a k-d tree over the positions) and pushes each pair
    apart along the axis where they overlap less, half each (all of it for the free node of a pair
    with a ``pinned`` one). Deterministic; stops early when nothing overlaps.

    Examples
    --------
    Two 40 x 20 boxes 10 px apart overlap less vertically (20 px) than horizontally (30 px), so
    they move apart vertically, until less than half a pixel overlaps; a pinned node stays:

    >>> boxes = {"a": (40.0, 20.0), "b": (40.0, 20.0)}
    >>> remove_overlaps({"a": (0.0, 0.0), "b": (10.0, 0.0)}, boxes)
    {'a': (0.0, -9.9), 'b': (10.0, 9.9)}
    >>> remove_overlaps({"a": (0.0, 0.0), "b": (10.0, 5.0)}, boxes, pinned={"a"})
    {'a': (0.0, 0.0), 'b': (10.0, 19.6)}
    """
    nodes = sorted(positions, key=str)
    if len(nodes) < 2:
        return dict(positions)
    xy = np.array([positions[n] for n in nodes], dtype=float)
    half = np.array([boxes[n] for n in nodes], dtype=float) / 2.0
    free = np.array([n not in pinned for n in nodes], dtype=float)
    reach = 2.0 * float(np.hypot(half[:, 0], half[:, 1]).max())
    for _ in range(iterations):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = xy[j] - xy[i]
        overlap = half[i] + half[j] - np.abs(delta)
        hit = (overlap > 0.5).all(axis=1)
        if not hit.any():
            break
        i, j, delta, overlap = i[hit], j[hit], delta[hit], overlap[hit]
        axis = (overlap[:, 1] < overlap[:, 0]).astype(int)  # push along the axis of the smaller overlap
        rows = np.arange(len(i))
        direction = np.where(delta[rows, axis] >= 0, 1.0, -1.0)
        share_i, share_j = free[i], free[j]
        total = np.maximum(share_i + share_j, 1.0)
        push = np.zeros((len(i), 2))
        push[rows, axis] = direction * overlap[rows, axis] * 1.02
        move = np.zeros_like(xy)
        np.add.at(move, i, -push * (share_i / total)[:, None])
        np.add.at(move, j, push * (share_j / total)[:, None])
        xy += move * 0.5  # half steps: a node in several overlaps gets several pushes
    return {node: (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for node, (x, y) in zip(nodes, xy)}
