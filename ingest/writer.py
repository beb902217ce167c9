"""Writing document graphs into the store in bulk, safely against a killed process.

Oxigraph's transactional writes of a document graph (~500 triples) cost about 11 ms of CPU; its
bulk loader, given a few hundred documents as TriG at once, about 5 ms, but it is not atomic. So
documents are buffered and written in three steps per flush:

1. the old graphs of changed documents are dropped (one transaction each);
2. the new content of all buffered documents is bulk-loaded;
3. their markers (``ccg:sha256``, ``ccg:extractionFingerprint``) are added in one transaction.

A document graph without its marker was cut short by a kill between steps 1 and 3: the next run
drops it first (:func:`drop_unmarked`) and, the file not being known as stored, extracts it again.
The store then holds exactly what a clean run writes.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from ingest.document_graph import DocumentTrig
from ontology.errors import StoreError
from ontology.iris import IriScheme
from ontology.store import drop_graph, named_graphs, oxigraph_of

FLUSH_DOCUMENTS = 256  # Oxigraph's bulk loader costs less per triple the more it gets at once
FLUSH_BYTES = 32_000_000


class DocumentWriter:
    """Buffers document graphs and writes them in bulk (see the module's description)."""

    def __init__(self, dataset: Dataset, flush_documents: int = FLUSH_DOCUMENTS, flush_bytes: int = FLUSH_BYTES) -> None:
        self.dataset = dataset
        self.flush_documents, self.flush_bytes = flush_documents, flush_bytes
        self.pending: list[DocumentTrig] = []
        self.stale: list[URIRef] = []  # old graphs to drop before the pending ones are written
        self.size = 0

    def add(self, quads: DocumentTrig, replaces: URIRef | None = None) -> int:
        """Buffer a document graph (replacing graph ``replaces``); the number of documents written now (0 or all buffered)."""
        self.pending.append(quads)
        if replaces is not None:
            self.stale.append(replaces)
        self.size += len(quads.content) + len(quads.marker)
        if len(self.pending) >= self.flush_documents or self.size >= self.flush_bytes:
            return self.flush()
        return 0

    def flush(self) -> int:
        """Write every buffered document graph; the number written."""
        if not self.pending:
            return 0
        inner = oxigraph_of(self.dataset)
        try:
            for graph in self.stale:
                drop_graph(self.dataset, graph)
            inner.bulk_load(b"".join(q.content for q in self.pending), ox.RdfFormat.TRIG)
            inner.load(b"".join(q.marker for q in self.pending), ox.RdfFormat.TRIG)
        except OSError as error:
            raise StoreError(f"cannot write document graphs into the store ({str(error).splitlines()[0]}); check the disk and run again") from error
        written = len(self.pending)
        self.pending, self.stale, self.size = [], [], 0
        return written


def drop_unmarked(dataset: Dataset, iris: IriScheme, marked: set[URIRef]) -> list[URIRef]:
    """Drop the document graphs that lack their marker (a run was killed while writing them); return them."""
    prefix = iris.document_graph_prefix
    unmarked = [graph for graph in named_graphs(dataset) if graph.startswith(prefix) and graph not in marked]
    for graph in unmarked:
        drop_graph(dataset, graph)
    return unmarked
