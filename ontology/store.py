"""The RDF store: an rdflib ``Dataset`` over oxrdflib's Oxigraph store.

One named graph per source (ontology, taxonomy, registry, each document, analysis). Writes go
through Oxigraph's own parser, never one ``add`` per triple, and replacing a named graph is atomic:
the new content is parsed into a staging graph in one transaction and moved over the old graph in a
second one, so a failure at any point leaves the old graph as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from ontology.errors import StoreError, not_a_store, store_locked
from ontology.prefixes import PREFIXES

STAGING_SUFFIX = "#ccg-staging"

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,  # expanded JSON-LD, one object per named graph, sorted
}
_QUAD_FORMATS = {"trig", "nquads", "jsonld"}


def open_dataset(path: Path | str | None = None, *, read_only: bool = False) -> Dataset:
    """Open the store in folder ``path`` (created if missing), or in memory when ``path`` is None.

    Parameters
    ----------
    path
        The store folder, or None for a store in memory (tests, ``ccg extract``).
    read_only
        Open an existing store without taking the write lock, so that a running ``ccg serve`` and
        ``ccg query`` can share it.

    Examples
    --------
    >>> ds = open_dataset()
    >>> len(list(named_graphs(ds)))
    0
    """
    if path is None:
        inner = ox.Store()
    else:
        folder = Path(path)
        try:
            if read_only:
                if not folder.is_dir():
                    raise not_a_store(folder, "no such folder; run 'ccg build' first")
                inner = ox.Store.read_only(str(folder))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                inner = ox.Store(str(folder))
        except OSError as error:
            if "lock" in str(error).lower():
                raise store_locked(folder) from error
            raise not_a_store(folder, str(error).splitlines()[0]) from error
    dataset = Dataset(store=OxigraphStore(store=inner), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    if not read_only:
        discard_staging_graphs(dataset)
    return dataset


@contextmanager
def opened_dataset(path: Path | str | None = None, *, read_only: bool = False) -> Iterator[Dataset]:
    """Context manager around :func:`open_dataset` that closes the store afterwards."""
    dataset = open_dataset(path, read_only=read_only)
    try:
        yield dataset
    finally:
        close_dataset(dataset)


def close_dataset(dataset: Dataset) -> None:
    """Flush and release the store (and its lock)."""
    try:
        oxigraph_of(dataset).flush()
    except RuntimeError:
        pass  # a read-only instance has nothing to flush
    dataset.store.close()


def oxigraph_of(dataset: Dataset) -> ox.Store:
    """The ``pyoxigraph.Store`` behind ``dataset``, for bulk work and native queries."""
    store = dataset.store
    if not isinstance(store, OxigraphStore):
        raise StoreError("this dataset is not backed by Oxigraph; open it with ontology.store.open_dataset")
    return store._inner  # noqa: SLF001 - oxrdflib exposes no public accessor


def _node(iri: URIRef | str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def named_graphs(dataset: Dataset) -> list[URIRef]:
    """The IRIs of the named graphs that hold data, sorted."""
    inner = oxigraph_of(dataset)
    names = (URIRef(g.value) for g in inner.named_graphs() if isinstance(g, ox.NamedNode))
    return sorted(n for n in names if not n.endswith(STAGING_SUFFIX) and _has_quads(inner, n))


def _has_quads(inner: ox.Store, graph: URIRef) -> bool:
    return next(iter(inner.quads_for_pattern(None, None, None, _node(graph))), None) is not None


def discard_staging_graphs(dataset: Dataset) -> None:
    """Drop staging graphs left behind by a process that was killed half-way through a replace."""
    inner = oxigraph_of(dataset)
    for graph in list(inner.named_graphs()):
        if isinstance(graph, ox.NamedNode) and graph.value.endswith(STAGING_SUFFIX):
            inner.remove_graph(graph)


def replace_graph(dataset: Dataset, graph: URIRef, data: str | bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
    """Replace the content of named graph ``graph`` by ``data``, atomically.

    ``data`` holds triples in ``rdf_format`` (N-Triples by default; Turtle works too). If parsing
    fails, the old graph is untouched and ``SyntaxError`` propagates.

    Examples
    --------
    >>> ds = open_dataset()
    >>> g = URIRef("https://example.org/graph/a")
    >>> replace_graph(ds, g, '<https://example.org/s> <https://example.org/p> "1" .\\n')
    >>> replace_graph(ds, g, '<https://example.org/s> <https://example.org/p> "2" .\\n')
    >>> [str(o) for o in ds.graph(g).objects()]
    ['2']
    """
    inner = oxigraph_of(dataset)
    if not _has_quads(inner, URIRef(graph)):
        # Nothing to replace: one transactional load is atomic on its own and needs no copy.
        inner.load(data, rdf_format, to_graph=_node(graph))
        return
    staging = _node(str(graph) + STAGING_SUFFIX)
    inner.remove_graph(staging)
    inner.load(data, rdf_format, to_graph=staging)
    if not _has_quads(inner, URIRef(staging.value)):
        drop_graph(dataset, graph)
        return
    # One SPARQL update is one transaction: the old content disappears and the new appears together.
    inner.update(f"MOVE SILENT GRAPH {staging} TO GRAPH {_node(graph)}")


def replace_graph_with(dataset: Dataset, graph: URIRef, content: Graph) -> None:
    """Replace named graph ``graph`` by the triples of an rdflib ``Graph``, atomically."""
    replace_graph(dataset, graph, content.serialize(format="nt", encoding="utf-8"))


def replace_graph_from_file(dataset: Dataset, graph: URIRef, path: Path) -> None:
    """Replace named graph ``graph`` by the triples of an RDF file (format from its suffix)."""
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise StoreError(f"{path}: unknown RDF file type {path.suffix!r}; use .ttl, .nt or .rdf")
    try:
        replace_graph(dataset, graph, path.read_bytes(), rdf_format)
    except SyntaxError as error:
        raise StoreError(f"{path}: not valid RDF: {str(error).splitlines()[0]}") from error


def drop_graph(dataset: Dataset, graph: URIRef) -> None:
    """Remove a named graph and all its triples (no error if it does not exist)."""
    inner = oxigraph_of(dataset)
    if inner.contains_named_graph(_node(graph)):
        inner.remove_graph(_node(graph))


def sorted_quads(dataset: Dataset, graphs: Iterable[URIRef] | None = None) -> list[ox.Quad]:
    """All quads of ``graphs`` (default: every named graph), in a canonical order."""
    inner = oxigraph_of(dataset)
    selected = named_graphs(dataset) if graphs is None else list(graphs)
    quads = [q for g in selected for q in inner.quads_for_pattern(None, None, None, _node(g))]
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def export_dataset(dataset: Dataset, fmt: str, graphs: Iterable[URIRef] | None = None) -> bytes:
    """Serialise the store (or some of its graphs) so that the same content gives the same bytes.

    ``fmt`` is ``trig``, ``nquads``, ``jsonld``, ``turtle`` or ``ntriples``; the triple formats
    merge the selected graphs.

    Examples
    --------
    >>> ds = open_dataset()
    >>> replace_graph(ds, URIRef("https://example.org/g"), '<https://example.org/b> <https://example.org/p> "x" .\\n<https://example.org/a> <https://example.org/p> "y" .\\n')
    >>> print(export_dataset(ds, "nquads").decode().strip())
    <https://example.org/a> <https://example.org/p> "y" <https://example.org/g> .
    <https://example.org/b> <https://example.org/p> "x" <https://example.org/g> .
    """
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(EXPORT_FORMATS))}")
    quads = sorted_quads(dataset, graphs)
    rdf_format = EXPORT_FORMATS[fmt]
    if fmt in _QUAD_FORMATS:
        items: list = quads
    else:
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        items = sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if fmt in {"trig", "turtle"} else None
    return ox.serialize(items, format=rdf_format, prefixes=prefixes)
