"""``ccg extract``: what extraction finds in each document as one JSON object, without a store.

The object has exactly these keys, in this order::

    {"document": "<path as given>", "language": "de",
     "actors": [{"text", "start", "end", "iri", "label", "type", "source", "status"}],
     "technologies": [{"text", "start", "end", "iri", "label"}],
     "relations": [{"subject", "predicate", "object", "start", "end"}]}

``start`` and ``end`` are character offsets into the document's text as read (for ``.txt``: the
decoded file content, unchanged); lists are sorted by offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ingest.batches import Extracted, Failed, WorkSettings, batches, run_batches
from ingest.errors import missing_path
from ingest.model import Extraction
from ingest.paths import select_files
from ingest.readers import DEFAULT_MAX_BYTES, document_source


def extraction_record(document: str, extraction: Extraction) -> dict[str, Any]:
    """The JSON object of one document's extraction.

    Examples
    --------
    >>> from ingest.model import TechnologyMention
    >>> found = Extraction("de", technologies=(TechnologyMention("KI", 4, 6, "https://w3id.org/cross-cluster-graph/technology/ai", "AI"),))
    >>> extraction_record("a.txt", found)
    {'document': 'a.txt', 'language': 'de', 'actors': [], 'technologies': [{'text': 'KI', 'start': 4, 'end': 6, 'iri': 'https://w3id.org/cross-cluster-graph/technology/ai', 'label': 'AI'}], 'relations': []}
    """
    actors = sorted(extraction.actors, key=lambda a: (a.start, a.end, a.iri))
    technologies = sorted(extraction.technologies, key=lambda t: (t.start, t.end, t.iri))
    relations = sorted({(r.start, r.end, str(r.subject), r.predicate, str(r.object)) for r in extraction.relations})
    return {
        "document": document,
        "language": extraction.language,
        "actors": [
            {"text": a.text, "start": a.start, "end": a.end, "iri": str(a.iri), "label": a.label, "type": a.type, "source": a.source, "status": a.status}
            for a in actors
        ],
        "technologies": [{"text": t.text, "start": t.start, "end": t.end, "iri": str(t.iri), "label": t.label} for t in technologies],
        "relations": [
            {"subject": subject, "predicate": predicate, "object": obj, "start": start, "end": end}
            for start, end, subject, predicate, obj in relations
        ],
    }


def extract_paths(
    paths: Iterable[Path], resources: object, *, jobs: int = 1, max_bytes: int = DEFAULT_MAX_BYTES, cwd: Path | None = None
) -> Iterator[dict[str, Any] | Failed]:
    """For every file under ``paths``, in order, its JSON object or why it failed; touches no store."""
    cwd = cwd or Path.cwd()
    selection = select_files(paths)
    for path in selection.missing:
        source = document_source(path, cwd)
        yield Failed(path, source, (str(missing_path(source)),))
    settings = WorkSettings(resources=resources, max_bytes=max_bytes, cwd=cwd)
    files = list(selection.files)
    sizes = [path.stat().st_size if path.is_file() else 0 for path in files]
    for outcomes in run_batches(batches(files, sizes), settings, jobs):
        for outcome in outcomes:
            yield extraction_record(str(outcome.path), outcome.extraction) if isinstance(outcome, Extracted) else outcome
