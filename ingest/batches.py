"""The spaCy work of ingest: read a batch of files and extract them language by language.

A batch is read, grouped by pipeline language and sent through ``nlp.pipe`` once per language;
member lists skip spaCy. Each outcome carries the document as read and its extraction; what is
made of them (TriG for ``ccg ingest``, JSON for ``ccg extract``) is up to the calling process.

``jobs`` worker processes (``spawn``: a fresh interpreter, no state shared with the store's
threads) each load their pipelines once; results come back in input order, so the outcome does not
depend on ``jobs``. With ``jobs=1`` and a large run, the one worker does nothing but reading and
spaCy work while the calling process turns its results into RDF and writes the store (that costs
about a third of the spaCy work, and overlaps with it); a small run (fewer than
:data:`IN_PROCESS_BELOW` batches) stays in the calling process, where starting a worker would cost
more than it saves.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableDocument, member_row_messages
from ingest.extract import build_pipeline, extract_texts
from ingest.language import pipeline_language
from ingest.memberlist import member_extraction
from ingest.model import Extraction, ReadDocument
from ingest.readers import read_document

BATCH_DOCUMENTS = 32  # as extract_texts batches nlp.pipe
BATCH_BYTES = 1_000_000
IN_PROCESS_BELOW = 4  # batches: about 128 documents


@dataclass(frozen=True)
class Extracted:
    """A document that was read and extracted (its extraction carries the document's own language)."""

    document: ReadDocument
    extraction: Extraction
    pipeline: str  # the spaCy pipeline's language, "" for member lists (no spaCy)

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def language(self) -> str:
        return self.document.language


@dataclass(frozen=True)
class Failed:
    """A document that could not be read or extracted: one line per problem (several for a member list)."""

    path: Path
    source: str
    messages: tuple[str, ...]


Outcome = Extracted | Failed


@dataclass(frozen=True)
class WorkSettings:
    """What every batch needs besides its files (picklable: it goes to the worker processes)."""

    resources: Any  # ingest.extract.ExtractionResources
    max_bytes: int
    cwd: Path


@functools.lru_cache(maxsize=4)
def cached_pipeline(resources: Any, language: str, max_length: int) -> Any:
    """The spaCy pipeline of ``language``, built once per process and resources, accepting ``max_length`` characters.

    Building a pipeline takes seconds (lookup tables, patterns from the registry and taxonomy):
    repeated runs in one process (tests, a notebook, ``ccg build``) reuse it.
    """
    nlp = build_pipeline(language, resources)
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp


class Extractor:
    """Reads and extracts batches with the pipelines of :func:`cached_pipeline`."""

    def __init__(self, settings: WorkSettings) -> None:
        self.settings = settings

    def pipeline(self, language: str) -> Any:
        """The spaCy pipeline for ``language``, accepting documents up to ``max_bytes``."""
        return cached_pipeline(self.settings.resources, language, self.settings.max_bytes + 1)

    def run(self, paths: Sequence[Path]) -> list[Outcome]:
        """The outcome of every file of a batch, in the batch's order."""
        settings = self.settings
        outcomes: dict[int, Outcome] = {}
        documents: dict[int, ReadDocument] = {}
        for index, path in enumerate(paths):
            try:
                documents[index] = read_document(path, max_bytes=settings.max_bytes, cwd=settings.cwd)
            except UnreadableDocument as error:
                outcomes[index] = Failed(path, error.path, tuple(member_row_messages(error)))
        for index, document, extraction in self._extract(documents):
            outcomes[index] = self._outcome(document, extraction)
        return [outcomes[index] for index in range(len(paths))]

    def _extract(self, documents: dict[int, ReadDocument]) -> Iterator[tuple[int, ReadDocument, Extraction | UnreadableDocument]]:
        by_language: dict[str, list[int]] = {}
        for index, document in documents.items():
            if document.members:
                yield index, document, _member_extraction(document, self.settings.resources)
            else:
                by_language.setdefault(pipeline_language(document.language), []).append(index)
        for language, indices in sorted(by_language.items()):
            texts = [documents[i].text for i in indices]
            extractions = extract_texts(texts, language, self.settings.resources, nlp=self.pipeline(language))
            for index, extraction in zip(indices, extractions, strict=True):
                yield index, documents[index], extraction

    def _outcome(self, document: ReadDocument, extraction: Extraction | UnreadableDocument) -> Outcome:
        if isinstance(extraction, UnreadableDocument):  # a member list naming unknown clusters
            return Failed(document.path, document.source, tuple(member_row_messages(extraction)))
        pipeline = "" if document.members else pipeline_language(document.language)
        return Extracted(document, replace(extraction, language=document.language), pipeline)


def _member_extraction(document: ReadDocument, resources: Any) -> Extraction | UnreadableDocument:
    try:
        return member_extraction(document, resources)
    except UnreadableDocument as error:
        return error


def batches(paths: Sequence[Path], sizes: Sequence[int], max_documents: int = BATCH_DOCUMENTS, max_bytes: int = BATCH_BYTES) -> list[list[Path]]:
    """Split ``paths`` (with their file sizes) into batches of a few documents and bytes each.

    Examples
    --------
    >>> [len(b) for b in batches([Path(str(i)) for i in range(5)], [10, 10, 500, 10, 10], max_documents=3, max_bytes=100)]
    [2, 1, 2]
    """
    result: list[list[Path]] = []
    current: list[Path] = []
    current_bytes = 0
    for path, size in zip(paths, sizes, strict=True):
        if current and (len(current) >= max_documents or current_bytes + size > max_bytes):
            result.append(current)
            current, current_bytes = [], 0
        current.append(path)
        current_bytes += size
    if current:
        result.append(current)
    return result


_WORKER: Extractor | None = None


def _start_worker(settings: WorkSettings) -> None:
    global _WORKER  # noqa: PLW0603 - one extractor per worker process, made by the pool's initializer
    _WORKER = Extractor(settings)


def _run_in_worker(paths: list[Path]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(paths)


def run_batches(batch_list: Sequence[list[Path]], settings: WorkSettings, jobs: int = 1) -> Iterator[list[Outcome]]:
    """The outcomes of each batch, in order, computed by ``jobs`` worker processes (or here, for a small run with one job)."""
    if jobs <= 1 and len(batch_list) < IN_PROCESS_BELOW:
        extractor = Extractor(settings)
        for batch in batch_list:
            yield extractor.run(batch)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(jobs, 1), mp_context=context, initializer=_start_worker, initargs=(settings,)) as pool:
        yield from pool.map(_run_in_worker, batch_list)
