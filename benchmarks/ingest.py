"""Benchmark of ``ccg ingest``: the sample corpus replicated to at least 5 MB of text.

Measures, in one run on the same texts:

- ingest: reading, language detection, extraction, document graphs and store writes
  (:func:`ingest.run.ingest_paths` into a fresh on-disk store), documents/s and words/s;
- bare: the same spaCy pipelines (:func:`ingest.extract.build_pipeline`) run through ``nlp.pipe``
  on the same texts with the same batch size, nothing else;
- the ratio of ingest throughput to bare throughput (goal: at least 0.8), by wall-clock time and
  by CPU time (user + system, worker processes included; robust when other work shares the
  machine), peak memory (RSS) of the ingest, and a second, incremental run over the unchanged corpus;
- the CPU time of the writing process and of the workers apart: the busier of them bounds the
  wall-clock time when nothing else runs, so bare CPU time over it is the wall-clock ratio of an
  idle machine, whatever the load while measuring.

The last line is one JSON object with the figures.

Usage::

    .venv/bin/python benchmarks/ingest.py [--megabytes 5] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from ingest.extract import DEFAULT_BATCH_SIZE, build_pipeline, load_resources  # noqa: E402
from ingest.language import pipeline_language  # noqa: E402
from ingest.paths import select_files  # noqa: E402
from ingest.run import ingest_paths  # noqa: E402
from ingest.readers import read_document  # noqa: E402
from ontology.iris import IriScheme  # noqa: E402
from ontology.store import opened_dataset  # noqa: E402

SAMPLE = REPOSITORY / "data" / "sample"


def replicate(sample: Path, target: Path, megabytes: float) -> tuple[int, int]:
    """Copy the readable documents of ``sample`` into ``target/copy-NNN/`` until their text reaches ``megabytes``.

    Returns the number of copies and the text bytes of one copy.
    """
    documents = [read_document(path, cwd=sample) for path in select_files([sample]).files]
    text_bytes = sum(len(doc.text.encode("utf-8")) for doc in documents)
    copies = math.ceil(megabytes * 1e6 / text_bytes)
    for copy in range(copies):
        folder = target / f"copy-{copy:03d}"
        folder.mkdir(parents=True)
        for doc in documents:
            shutil.copyfile(doc.path, folder / doc.path.name)
    return copies, text_bytes


def cpu_seconds(who: int | None = None) -> float:
    """CPU seconds (user + system) of this process and its finished children (or of ``who`` alone): robust to a busy machine."""
    if who is None:
        return cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident set size of this process (or of its largest finished child) so far, in MB (Linux reports KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def bare_seconds(corpus: Path, resources: object) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of the bare pipelines over the corpus texts (building them included, as ingest does), and the documents and words they saw."""
    texts: dict[str, list[str]] = {}
    for path in select_files([corpus]).files:
        doc = read_document(path, cwd=corpus)
        if not doc.members:
            texts.setdefault(pipeline_language(doc.language), []).append(doc.text)
    started, cpu = time.perf_counter(), cpu_seconds()
    for language, batch in sorted(texts.items()):
        for _ in build_pipeline(language, resources).pipe(batch, batch_size=DEFAULT_BATCH_SIZE):  # as extract_texts
            pass
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    documents = sum(len(batch) for batch in texts.values())
    words = sum(len(text.split()) for batch in texts.values() for text in batch)
    return seconds, cpu, documents, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0, help="text to ingest, in MB")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes of the ingest")
    options = parser.parse_args()

    iris = IriScheme()
    resources = load_resources(iris)
    with tempfile.TemporaryDirectory(prefix="ccg-bench-") as temp:
        corpus, store = Path(temp) / "corpus", Path(temp) / "store"
        copies, copy_bytes = replicate(SAMPLE, corpus, options.megabytes)
        documents = len(select_files([corpus]).files)
        words = sum(len(read_document(p, cwd=corpus).text.split()) for p in select_files([corpus]).files)
        print(f"corpus: {copies} copies of {SAMPLE.relative_to(REPOSITORY)}, {documents:,} documents, "
              f"{copies * copy_bytes / 1e6:.1f} MB of text, {words:,} words")

        rss_before = peak_rss_mb()
        with opened_dataset(store) as dataset:
            started, own, workers = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
            report = ingest_paths(dataset, [corpus], iris, resources, jobs=options.jobs, progress=False, cwd=corpus)
            ingest_seconds = time.perf_counter() - started
            own, workers = cpu_seconds(resource.RUSAGE_SELF) - own, cpu_seconds(resource.RUSAGE_CHILDREN) - workers
            ingest_cpu = own + workers
            ingest_rss, worker_rss = peak_rss_mb(), peak_rss_mb(resource.RUSAGE_CHILDREN)
            bare_first, bare_first_cpu, bare_documents, bare_words = bare_seconds(corpus, resources)
            started = time.perf_counter()
            again = ingest_paths(dataset, [corpus], iris, resources, jobs=options.jobs, progress=False, cwd=corpus)
            incremental_seconds = time.perf_counter() - started
        assert not report.failed, report.failed[:3]
        if len(again.unchanged) != documents:  # e.g. the NER model was retrained in between: its fingerprint changed
            print(f"warning: the second run extracted {documents - len(again.unchanged)} documents again", file=sys.stderr)
        # The bare run twice, around the second ingest: a shared machine's load drifts during a long run.
        bare_second, bare_second_cpu, _, _ = bare_seconds(corpus, resources)
        bare, bare_cpu = (bare_first + bare_second) / 2, (bare_first_cpu + bare_second_cpu) / 2

    figures = {
        "documents": documents,
        "megabytes_of_text": round(copies * copy_bytes / 1e6, 2),
        "words": words,
        "jobs": options.jobs,
        "ingest_seconds": round(ingest_seconds, 2),
        "ingest_documents_per_second": round(documents / ingest_seconds, 1),
        "ingest_words_per_second": round(words / ingest_seconds),
        "bare_seconds": round(bare, 2),
        "bare_documents_per_second": round(bare_documents / bare, 1),
        "bare_words_per_second": round(bare_words / bare),
        "ratio_to_bare": round((words / ingest_seconds) / (bare_words / bare), 3),
        "ingest_cpu_seconds": round(ingest_cpu, 2),
        "bare_cpu_seconds": round(bare_cpu, 2),
        "cpu_ratio_to_bare": round((words / ingest_cpu) / (bare_words / bare_cpu), 3),
        "writer_cpu_seconds": round(own, 2),
        "worker_cpu_seconds": round(workers, 2),
        # The busiest process bounds the wall-clock time on an idle machine: this ratio is what the wall-clock one
        # comes to when nothing else runs, and it does not depend on the machine's load.
        "busiest_process_cpu_ratio": round(bare_cpu / max(own, workers / max(options.jobs, 1)) * words / bare_words, 3),
        "incremental_seconds": round(incremental_seconds, 2),
        "incremental_unchanged": len(again.unchanged),
        "peak_rss_mb_before": round(rss_before, 1),
        "peak_rss_mb_ingest": round(ingest_rss, 1),
        "peak_rss_mb_worker": round(worker_rss, 1),
    }
    print(f"ingest:      {figures['ingest_seconds']:8.2f} s  {figures['ingest_documents_per_second']:8.1f} documents/s  "
          f"{figures['ingest_words_per_second']:>9,} words/s  (jobs={options.jobs})")
    print(f"bare spaCy:  {figures['bare_seconds']:8.2f} s  {figures['bare_documents_per_second']:8.1f} documents/s  "
          f"{figures['bare_words_per_second']:>9,} words/s  (nlp.pipe, same pipelines and texts)")
    print(f"ratio ingest/bare (words/s): {figures['ratio_to_bare']:.3f} wall-clock, {figures['cpu_ratio_to_bare']:.3f} by CPU time "
          f"({figures['ingest_cpu_seconds']:.1f} s vs {figures['bare_cpu_seconds']:.1f} s)  (goal >= 0.8)")
    print(f"CPU time by process: writer {own:.1f} s, workers {workers:.1f} s; bare over the busiest process: "
          f"{figures['busiest_process_cpu_ratio']:.3f} (the wall-clock ratio of an idle machine)")
    print(f"second run (all unchanged):  {figures['incremental_seconds']:.2f} s")
    print(f"peak memory (RSS): {figures['peak_rss_mb_ingest']:.0f} MB in the writing process after ingest "
          f"({figures['peak_rss_mb_before']:.0f} MB before), {figures['peak_rss_mb_worker']:.0f} MB in the largest worker")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
