"""Incremental ingest: bring the document graphs of the store in line with the files under some paths.

For every file under the given paths (see :mod:`ingest.paths`):

- its SHA-256 and the extraction fingerprint (registry, taxonomy, rules, curation, model) match
  what the store holds for its ``dct:source``: **unchanged**, skipped without reading it;
- otherwise it is read and extracted and its graph **added** or **changed** (written in bulk by
  :mod:`ingest.writer`; a graph cut short by a kill lacks its marker and is dropped and rebuilt by
  the next run, so a killed run followed by another gives the store of a clean run);
- it cannot be read or extracted: **failed**, reported in one line, and a graph from an earlier
  version of it is dropped (the store never describes content that is no longer there).

A stored document whose file is gone from a folder that was walked is **removed**. ``full=True``
extracts every file again. At the end, the confidences of candidate actors are recomputed over
all document graphs (:mod:`ingest.candidates`). Stores go through :mod:`ontology.store` only; spaCy work through
:mod:`ingest.batches`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rdflib import Dataset, URIRef
from tqdm import tqdm

from ingest.batches import Extracted, Failed, WorkSettings, batches, run_batches
from ingest.candidates import refresh_candidates
from ingest.document_graph import DocumentTrig, document_trig
from ingest.errors import missing_path, unreadable
from ingest.fingerprint import extraction_fingerprint
from ingest.language import UNDETERMINED
from ingest.model import Extraction, ReadDocument
from ingest.paths import FileSelection, select_files
from ingest.readers import DEFAULT_MAX_BYTES, document_source, file_sha256
from ingest.writer import FLUSH_DOCUMENTS, DocumentWriter, drop_unmarked
from ontology.iris import IriScheme
from ontology.sparql import SelectResult, run_query
from ontology.store import drop_graph

ProgressCallback = Callable[[int, int], None]  # (documents done, documents to do)
EXIT_OK, EXIT_ERROR, EXIT_SOME_FAILED = 0, 1, 3

_STORED_DOCUMENTS = """
SELECT ?graph ?source ?sha256 ?fingerprint WHERE {
  GRAPH ?graph {
    ?document a ccg:Document ; dct:source ?source ; ccg:sha256 ?sha256 .
    OPTIONAL { ?document ccg:extractionFingerprint ?fingerprint }
  }
}
"""


@dataclass
class IngestReport:
    """What an ingest run did, by ``dct:source`` of the documents."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line message); a member list may have several
    skipped: list[tuple[str, str]] = field(default_factory=list)  # files of unknown type inside folders: (source, notice)
    notices: list[str] = field(default_factory=list)  # e.g. documents in a language without its own pipeline

    @property
    def failed_sources(self) -> list[str]:
        """The documents that failed, each once."""
        return list(dict.fromkeys(source for source, _ in self.failed))

    @property
    def exit_code(self) -> int:
        """0 when every file was ingested, 1 when files failed and none was ingested, 3 when some failed.

        Examples
        --------
        >>> IngestReport(added=["a.txt"]).exit_code, IngestReport(failed=[("b.txt", "empty")]).exit_code
        (0, 1)
        >>> IngestReport(unchanged=["a.txt"], failed=[("b.txt", "empty")]).exit_code
        3
        """
        if not self.failed:
            return EXIT_OK
        return EXIT_SOME_FAILED if self.added or self.changed or self.unchanged else EXIT_ERROR


@dataclass(frozen=True)
class StoredDocument:
    """A document graph in the store."""

    graph: URIRef
    sha256: str
    fingerprint: str = ""


def stored_documents(dataset: Dataset, iris: IriScheme) -> dict[str, StoredDocument]:
    """The document graphs of the store by ``dct:source``.

    Examples
    --------
    >>> from ontology.store import open_dataset
    >>> stored_documents(open_dataset(), IriScheme())
    {}
    """
    result = run_query(dataset, _STORED_DOCUMENTS, source="stored documents")
    assert isinstance(result, SelectResult)
    prefix = iris.document_graph_prefix
    return {
        source.value: StoredDocument(URIRef(graph.value), sha.value, fingerprint.value if fingerprint is not None else "")
        for graph, source, sha, fingerprint in sorted(result.rows, key=lambda row: (row[1].value, row[0].value))
        if graph.value.startswith(prefix)
    }


def ingest_paths(
    dataset: Dataset,
    paths: Iterable[Path],
    iris: IriScheme,
    resources: object,
    *,
    full: bool = False,
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool | ProgressCallback = True,
    cwd: Path | None = None,
    write_batch: int = FLUSH_DOCUMENTS,
) -> IngestReport:
    """Ingest the files under ``paths`` into ``dataset``, one named graph per document, incrementally.

    ``resources`` comes from :func:`ingest.extract.load_resources`. ``jobs`` worker processes do
    the spaCy work (the store is written by this process only); ``progress`` shows a bar with
    documents/s on stderr (``True``, on a terminal), calls ``progress(done, total)`` whenever
    documents were written or failed, or neither. Graphs are written ``write_batch`` documents at
    a time (:mod:`ingest.writer`): larger is faster, smaller loses less work to a kill.
    Raises :class:`ontology.errors.StoreError` when the store cannot be written; unreadable files
    end up in :attr:`IngestReport.failed`.
    """
    cwd = cwd or Path.cwd()
    report = IngestReport()
    selection = select_files(paths)
    stored = stored_documents(dataset, iris)
    drop_unmarked(dataset, iris, {known.graph for known in stored.values()})
    report.skipped = [(document_source(path, cwd), notice) for path, notice in selection.skipped]
    fingerprint = extraction_fingerprint(resources)
    todo, sizes, seen = _changed_files(selection, stored, cwd, fingerprint if not full else None, report)
    settings = WorkSettings(resources=resources, max_bytes=max_bytes, cwd=cwd)
    to_trig = functools.partial(document_trig, iris=iris, fingerprint=fingerprint)
    writer = DocumentWriter(dataset, flush_documents=write_batch)
    with _Progress(len(todo), progress) as bar:
        for outcomes in run_batches(batches(todo, sizes), settings, jobs):
            for outcome in outcomes:
                bar.advance(_store_outcome(dataset, writer, outcome, to_trig, stored, report))
            if len(todo) - bar.done - len(writer.pending) < write_batch:
                # The last documents are written batch by batch, so that little is left to write once the workers are done.
                bar.advance(writer.flush())
        bar.advance(writer.flush())
    _drop_deleted(dataset, selection, stored, seen, cwd, report)
    refresh_candidates(dataset, iris)
    return report


def _changed_files(
    selection: FileSelection, stored: dict[str, StoredDocument], cwd: Path, fingerprint: str | None, report: IngestReport
) -> tuple[list[Path], list[int], set[str]]:
    """The files to extract (with their sizes) and the sources of every selected file.

    A file is unchanged when the store holds its SHA-256 and ``fingerprint``; ``None`` means every file is changed.
    """
    todo, sizes, seen = [], [], set()
    for path in selection.files:
        source = document_source(path, cwd)
        if source in seen:
            continue
        seen.add(source)
        try:
            sha256, size = file_sha256(path), path.stat().st_size
        except OSError as error:
            report.failed.append((source, str(unreadable(source, f"cannot open ({error.strerror or error}); check that it can be read"))))
            continue
        known = stored.get(source)
        if known is not None and (known.sha256, known.fingerprint) == (sha256, fingerprint):
            report.unchanged.append(source)
            continue
        todo.append(path)
        sizes.append(size)
    return todo, sizes, seen


def _store_outcome(
    dataset: Dataset,
    writer: DocumentWriter,
    outcome: Extracted | Failed,
    to_trig: Callable[[ReadDocument, Extraction], DocumentTrig],
    stored: dict[str, StoredDocument],
    report: IngestReport,
) -> int:
    """Report the outcome and hand its graph to the writer; the number of documents done now (written or failed).

    The graph is made here, not in the worker: this process has time to spare while the worker runs spaCy.
    """
    known = stored.get(outcome.source)
    if isinstance(outcome, Failed):
        report.failed.extend((outcome.source, message) for message in outcome.messages)
        if known is not None:
            drop_graph(dataset, known.graph)
        return 1
    (report.changed if known is not None else report.added).append(outcome.source)
    if outcome.pipeline and outcome.pipeline != outcome.language:
        what = "undetermined" if outcome.language == UNDETERMINED else f"'{outcome.language}', which has no pipeline of its own"
        report.notices.append(f"{outcome.source}: language {what}; extracted with the '{outcome.pipeline}' pipeline")
    return writer.add(to_trig(outcome.document, outcome.extraction), replaces=known.graph if known is not None else None)


def _drop_deleted(dataset: Dataset, selection: FileSelection, stored: dict[str, StoredDocument], seen: set[str], cwd: Path, report: IngestReport) -> None:
    folders = [document_source(folder, cwd) for folder in selection.folders]
    for source, known in stored.items():
        if source not in seen and any(_is_under(source, folder) for folder in folders):
            drop_graph(dataset, known.graph)
            report.removed.append(source)
    for path in selection.missing:
        source = document_source(path, cwd)
        if source in stored:
            drop_graph(dataset, stored[source].graph)
            report.removed.append(source)
        else:
            report.failed.append((source, str(missing_path(source))))


def _is_under(source: str, folder: str) -> bool:
    """Whether the document at ``source`` lies in ``folder`` (both as :func:`document_source` gives them).

    Examples
    --------
    >>> _is_under("data/sample/a.txt", "data/sample"), _is_under("data/samples/a.txt", "data/sample")
    (True, False)
    >>> _is_under("data/a.txt", "."), _is_under("/tmp/a.txt", ".")
    (True, False)
    """
    if folder == ".":
        return not source.startswith("/")
    return PurePosixPath(source).is_relative_to(folder)


class _Progress:
    """A tqdm bar with documents/s on stderr, a callback, or nothing."""

    def __init__(self, total: int, progress: bool | ProgressCallback) -> None:
        self.total, self.done = total, 0
        self.callback = progress if callable(progress) else None
        self.bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr, disable=None if progress is True else True, dynamic_ncols=True)

    def advance(self, count: int) -> None:
        if not count:
            return
        self.done += count
        self.bar.update(count)
        if self.callback is not None:
            self.callback(self.done, self.total)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

