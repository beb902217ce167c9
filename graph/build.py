"""The main job, ``ccg build``: registry and vocabulary, ingest, analysis, page, report, export.

Every step is incremental or deterministic, so a second build on unchanged input skips every
document and writes byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from ontology.foundation import DEFAULT_REGISTRY_DIR, FoundationSummary, load_foundation
from ontology.iris import IriScheme
from ontology.stats import store_stats
from ontology.store import export_dataset

if TYPE_CHECKING:  # ingest (and spaCy) is imported only when a build runs
    from ingest.run import IngestReport


@dataclass(frozen=True)
class BuildSummary:
    """What a build did and wrote."""

    foundation: FoundationSummary
    ingest: IngestReport
    outputs: tuple[Path, ...]
    counts: dict[str, int]

    @property
    def exit_code(self) -> int:
        """The ingest's exit code: 0, or non-zero when documents failed."""
        return self.ingest.exit_code


def build(
    dataset: Dataset,
    iris: IriScheme,
    paths: list[Path],
    *,
    out_dir: Path,
    registry_dir: Path = DEFAULT_REGISTRY_DIR,
    full: bool = False,
    jobs: int = 1,
    include_candidates: bool = False,
    progress: bool = True,
    cwd: Path | None = None,
    curation_file: Path | None = None,
) -> BuildSummary:
    """Build the store from the registry and the documents under ``paths``, then analyse and publish.

    Writes ``network.html``, ``bridges.html``, ``bridges.md`` and ``graph.trig`` into ``out_dir``.
    ``curation_file`` holds the review decisions (default: ingest's ``data/curation.csv``).
    """
    from graph.analyse import analyse
    from graph.page import render_page
    from graph.report import write_report
    from ingest.resources import DEFAULT_CURATION_FILE, load_resources
    from ingest.run import ingest_paths

    foundation = load_foundation(dataset, iris, registry_dir)
    resources = load_resources(iris, registry_dir=registry_dir, curation_file=curation_file or DEFAULT_CURATION_FILE)
    report = ingest_paths(dataset, paths, iris, resources, full=full, jobs=jobs, progress=progress, cwd=cwd)
    analyse(dataset, iris, include_candidates=include_candidates)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [render_page(dataset, iris, view="overview", out_path=out_dir / "network.html").path]
    outputs += write_report(dataset, iris, out_dir, cwd=cwd)
    trig = out_dir / "graph.trig"
    trig.write_bytes(export_dataset(dataset, "trig"))
    outputs.append(trig)
    return BuildSummary(foundation=foundation, ingest=report, outputs=tuple(outputs), counts=store_stats(dataset, iris))
