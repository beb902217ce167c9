"""A NetworkX graph as arrays: the form in which the heavy measures are computed.

The rest of the code sees NetworkX graphs whose nodes are IRIs. The measures in
:mod:`graph.centrality` and :mod:`graph.brokerage` convert such a graph once into an
:class:`IndexedGraph` (nodes in sorted order, a symmetric ``scipy.sparse`` weight matrix and the
same graph in python-igraph) and then work with vectorised ``scipy.sparse`` operations or igraph's
C core.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True, eq=False)
class IndexedGraph:
    """An undirected weighted graph with nodes numbered in sorted order.

    ``weights`` is symmetric with a zero diagonal (self-loops are dropped); an edge without a
    weight has weight 1.
    """

    nodes: tuple[Hashable, ...]
    weights: sp.csr_matrix

    @cached_property
    def index(self) -> dict[Hashable, int]:
        """Position of each node."""
        return {node: i for i, node in enumerate(self.nodes)}

    @cached_property
    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The edges once each as ``(rows, cols, weights)`` with ``rows < cols``, sorted."""
        upper = sp.triu(self.weights, k=1).tocoo()
        order = np.lexsort((upper.col, upper.row))
        return upper.row[order].astype(np.int64), upper.col[order].astype(np.int64), upper.data[order]

    @cached_property
    def igraph(self) -> ig.Graph:
        """The same graph in igraph, vertex ``i`` being ``nodes[i]``, edge attribute ``weight``."""
        rows, cols, data = self.edges
        graph = ig.Graph(n=len(self.nodes), edges=np.column_stack((rows, cols)).tolist(), directed=False)
        graph.es["weight"] = data.tolist()
        return graph

    def edge_ids(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Positions in :attr:`edges` of the edges ``{u[i], v[i]}`` (which must exist), vectorised."""
        rows, cols, _data = self.edges
        n = len(self.nodes)
        keys = rows * n + cols  # ascending, since edges are sorted by (row, col)
        return np.searchsorted(keys, np.minimum(u, v) * n + np.maximum(u, v))

    @cached_property
    def adjacency(self) -> sp.csr_matrix:
        """The 0/1 adjacency matrix."""
        adjacency = self.weights.copy()
        adjacency.data = np.ones_like(adjacency.data)
        return adjacency

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of neighbours of each node."""
        return np.diff(self.weights.indptr)

    @cached_property
    def strength(self) -> np.ndarray:
        """Sum of the weights of each node's edges."""
        return np.asarray(self.weights.sum(axis=1)).ravel()

    @cached_property
    def triangles(self) -> np.ndarray:
        """Every triangle once, as rows of three node positions (igraph's C enumeration)."""
        found = self.igraph.list_triangles()
        return np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found)).reshape(-1, 3)

    @cached_property
    def triangle_edges(self) -> np.ndarray:
        """For every row ``(a, b, c)`` of :attr:`triangles`, the positions of edges ``ab``, ``ac``, ``bc``."""
        tri = self.triangles
        pairs = ((0, 1), (0, 2), (1, 2))
        return np.column_stack([self.edge_ids(tri[:, i], tri[:, j]) for i, j in pairs]) if len(tri) else np.zeros((0, 3), dtype=np.int64)

    def values(self, array: Sequence[float] | np.ndarray) -> dict[Hashable, float]:
        """A per-node array as ``{node: float}``."""
        return {node: float(value) for node, value in zip(self.nodes, array)}


def from_edges(nodes: Sequence[Hashable], rows: np.ndarray, cols: np.ndarray, weights: np.ndarray | None = None) -> IndexedGraph:
    """An :class:`IndexedGraph` from edge arrays over ``nodes`` (sorted here); parallel edges add up.

    Examples
    --------
    >>> g = from_edges(["b", "a", "c"], np.array([0, 0]), np.array([1, 2]), np.array([2.0, 1.0]))
    >>> g.nodes, g.weights.toarray().tolist()
    (('a', 'b', 'c'), [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    """
    order = sorted(range(len(nodes)), key=lambda i: nodes[i])
    position = np.empty(len(nodes), dtype=np.int64)
    position[order] = np.arange(len(nodes))
    data = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=float)
    rows, cols = position[np.asarray(rows, dtype=np.int64)], position[np.asarray(cols, dtype=np.int64)]
    keep = rows != cols
    size = len(nodes)
    upper = sp.coo_matrix((data[keep], (np.minimum(rows, cols)[keep], np.maximum(rows, cols)[keep])), shape=(size, size)).tocsr()
    upper.sum_duplicates()
    symmetric = (upper + upper.T).tocsr()
    symmetric.sort_indices()
    return IndexedGraph(tuple(nodes[i] for i in order), symmetric)


def index_graph(graph: nx.Graph | IndexedGraph, weight: str | None = "weight") -> IndexedGraph:
    """The :class:`IndexedGraph` of an undirected NetworkX graph (an ``IndexedGraph`` passes through).

    ``weight`` names the edge attribute (missing means 1); ``None`` ignores weights.

    Examples
    --------
    >>> g = nx.Graph([("x", "y", {"weight": 3}), ("y", "z", {})])
    >>> index_graph(g).strength.tolist()
    [3.0, 4.0, 1.0]
    """
    if isinstance(graph, IndexedGraph):
        return graph
    nodes = list(graph.nodes)
    position = {node: i for i, node in enumerate(nodes)}
    count = graph.number_of_edges()
    rows = np.fromiter((position[u] for u, _ in graph.edges()), dtype=np.int64, count=count)
    cols = np.fromiter((position[v] for _, v in graph.edges()), dtype=np.int64, count=count)
    if weight is None:
        data = np.ones(count)
    else:
        data = np.fromiter((d.get(weight, 1) for _, _, d in graph.edges(data=True)), dtype=float, count=count)
    return from_edges(nodes, rows, cols, data)


def membership_matrix(indexed: IndexedGraph, clusters_of: Mapping[Hashable, Sequence[Hashable]]) -> tuple[sp.csr_matrix, tuple[Hashable, ...]]:
    """Fractional cluster membership: row ``i`` gives ``1/k`` to each of node ``i``'s ``k`` clusters.

    Nodes without a cluster have an empty row. Returns the matrix and the sorted clusters (columns).

    Examples
    --------
    >>> g = from_edges(["a", "b"], np.array([0]), np.array([1]))
    >>> mu, clusters = membership_matrix(g, {"a": ["x", "y"], "b": ["y"]})
    >>> clusters, mu.toarray().tolist()
    (('x', 'y'), [[0.5, 0.5], [0.0, 1.0]])
    """
    clusters = tuple(sorted({c for node in indexed.nodes for c in clusters_of.get(node, ())}))
    column = {c: j for j, c in enumerate(clusters)}
    rows, cols, data = [], [], []
    for i, node in enumerate(indexed.nodes):
        own = sorted(set(clusters_of.get(node, ())))
        for cluster in own:
            rows.append(i)
            cols.append(column[cluster])
            data.append(1.0 / len(own))
    matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(indexed.nodes), len(clusters)))
    return matrix, clusters


def clusters_attribute(graph: nx.Graph, attribute: str = "clusters") -> dict[Hashable, tuple[Hashable, ...]]:
    """The sorted clusters of every node, read from a node attribute (missing means none).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", clusters=["y", "x"]); g.add_node("b")
    >>> clusters_attribute(g)
    {'a': ('x', 'y'), 'b': ()}
    """
    return {node: tuple(sorted(data.get(attribute) or ())) for node, data in graph.nodes(data=True)}
