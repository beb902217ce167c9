"""The ``ccg`` command line: thin click commands over the ``ontology``, ``ingest`` and ``graph`` libraries.

Each command parses its options, calls one library function, prints the result and turns ccg's
errors into a one-line message with a non-zero exit code. ``python build_graph.py ...`` works like
``ccg ...``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ontology.errors import CcgError
from ontology.iris import DEFAULT_BASE_IRI, IriScheme

DEFAULT_STORE = Path("out/store")
DEFAULT_OUT = Path("out")


@dataclass(frozen=True)
class Settings:
    """The global options, handed to every command."""

    store: Path
    out: Path
    base_iri: str

    @property
    def iris(self) -> IriScheme:
        return IriScheme(self.base_iri)


def domain_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn ccg's errors into a one-line ``click.ClickException`` (exit code 1, no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CcgError as error:
            raise click.ClickException(str(error)) from error
        except ValueError as error:  # e.g. a malformed --base-iri
            raise click.ClickException(str(error)) from error

    return wrapper


@contextmanager
def store_of(settings: Settings, *, read_only: bool = False) -> Iterator[Any]:
    """The store named by ``--store``, closed afterwards."""
    from ontology.store import opened_dataset

    with opened_dataset(settings.store, read_only=read_only) as dataset:
        yield dataset


pass_settings = click.make_pass_decorator(Settings)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE, show_default=True, help="Folder of the Oxigraph store.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True, help="Folder for generated files (pages, reports, exports).")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Base IRI of the data (actors, clusters, documents).")
@click.version_option(package_name="cross-cluster-graph")
@click.pass_context
def cli(ctx: click.Context, store: Path, out: Path, base_iri: str) -> None:
    """Cross-Cluster Graph: map Hamburg's innovation clusters, their actors and technologies.

    \b
    Example:
      ccg build data/sample          # registry + ingest + analysis + page + report
      ccg query 'SELECT * WHERE { ?s a ccg:Cluster }'
    """
    ctx.obj = Settings(store=store, out=out, base_iri=base_iri)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--registry-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Folder with clusters.csv and actors.csv [default: data/registry].")
@pass_settings
@domain_errors
def build(settings: Settings, paths: tuple[Path, ...], registry_dir: Path | None) -> None:
    """Build the store: ontology, taxonomy and registry, then the documents in PATHS.

    \b
    Example:
      ccg --store out/store build data/sample
    """
    from ontology.foundation import load_foundation
    from ontology.stats import store_stats

    from ontology.foundation import DEFAULT_REGISTRY_DIR

    with store_of(settings) as dataset:
        summary = load_foundation(dataset, settings.iris, registry_dir or DEFAULT_REGISTRY_DIR)
        stats = store_stats(dataset, settings.iris)
    click.echo(f"registry: {summary.clusters} clusters, {summary.actors} actors")
    _echo_counts(stats)
    click.echo(f"store: {settings.store}")


def _echo_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        click.echo(f"{name.ljust(width)}  {value:>8,}")


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default="table", show_default=True)
@pass_settings
@domain_errors
def query(settings: Settings, query: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query on the store (prefixes ccg, org, skos, prov, dct, rdfs, oa predeclared).

    \b
    Example:
      ccg query 'SELECT ?c ?label WHERE { ?c a ccg:Cluster ; rdfs:label ?label } ORDER BY ?label'
      ccg query -f ontology/queries/actors-in-several-clusters.rq --format csv
    """
    from ontology.sparql import format_result, run_query

    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query_file.read_text(encoding="utf-8") if query_file else query
    with store_of(settings, read_only=True) as dataset:
        result = run_query(dataset, text, source=str(query_file or "query"))
        click.echo(format_result(result, fmt))


@cli.command()
@pass_settings
@domain_errors
def validate(settings: Settings) -> None:
    """Validate the store against ontology/shapes.ttl (SHACL); one violation a line.

    Exits with 1 when there is any violation.

    \b
    Example:
      ccg validate
    """
    from ontology.validate import validate_dataset

    with store_of(settings, read_only=True) as dataset:
        violations = validate_dataset(dataset)
    for violation in violations:
        click.echo(str(violation))
    errors = [v for v in violations if v.severity == "Violation"]
    click.echo(f"{len(errors)} violations, {len(violations) - len(errors)} warnings", err=bool(errors))
    if errors:
        sys.exit(1)


@cli.command()
@pass_settings
@domain_errors
def stats(settings: Settings) -> None:
    """Count what the store holds: triples, graphs, clusters, actors by status, documents.

    \b
    Example:
      ccg stats
    """
    from ontology.stats import store_stats

    with store_of(settings, read_only=True) as dataset:
        _echo_counts(store_stats(dataset, settings.iris))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "ntriples"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
@pass_settings
@domain_errors
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export the store, sorted so that the same store gives the same bytes.

    \b
    Example:
      ccg export --format trig -o out/graph.trig
    """
    from ontology.store import export_dataset

    with store_of(settings, read_only=True) as dataset:
        data = export_dataset(dataset, fmt)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        click.echo(f"wrote {output}")
    else:
        click.echo(data.decode("utf-8"), nl=False)


@cli.group()
def registry() -> None:
    """Work with the registry of clusters and actors (data/registry/*.csv).

    \b
    Example:
      ccg registry check
    """


@registry.command("check")
@click.option("--registry-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Folder with clusters.csv and actors.csv [default: data/registry].")
@domain_errors
def registry_check(registry_dir: Path | None) -> None:
    """Report duplicate ids or names, unknown cluster ids and missing types, with file and line.

    \b
    Example:
      ccg registry check --registry-dir data/registry
    """
    from ontology.foundation import DEFAULT_REGISTRY_DIR
    from ontology.registry import check_registry, read_registry

    folder = registry_dir or DEFAULT_REGISTRY_DIR
    loaded = read_registry(folder)
    problems = check_registry(loaded)
    for problem in problems:
        click.echo(f"{folder / problem.path}:{problem.line}: {problem.message}")
    click.echo(f"{len(loaded.clusters)} clusters, {len(loaded.actors)} actors, {len(problems)} problems", err=bool(problems))
    if problems:
        sys.exit(1)


@cli.command("train-ner")
@click.option("--lang", type=click.Choice(["de", "en"]), required=True, help="Language of the model.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/data/ner"), show_default=True, help="Folder of the open NER corpora (read in place).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder to write (spaCy files, model-card.md).")
@click.option("--max-steps", type=click.IntRange(min=1), default=20000, show_default=True, help="Stop after this many optimizer steps.")
@click.option("--max-seconds", type=click.FloatRange(min=1), default=840.0, show_default=True, help="Stop the training loop after this many seconds.")
@click.option("--max-sentences", type=click.IntRange(min=4), default=None, help="Cap the training sentences of every corpus (quick runs).")
@click.option("--corpus", "corpora", multiple=True, help="Training mix item NAME or NAME:MAX_SENTENCES (repeatable) [default: the shipped mix].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the splits and the training.")
@domain_errors
def train_ner_command(lang: str, data_dir: Path, out_dir: Path, max_steps: int, max_seconds: float, max_sentences: int | None, corpora: tuple[str, ...], seed: int) -> None:
    """Train the NER model for finding new actors (ORG, PER, LOC) from the open corpora.

    Evaluates on a held-out part of every corpus and writes OUT/model-card.md.

    \b
    Example:
      ccg train-ner --lang de --data ../shared/data/ner --out ingest/models/ner-de --max-seconds 840
      ccg train-ner --lang en --out /tmp/ner-en --max-steps 30 --max-sentences 200
    """
    from ingest.ner_training import train_ner

    card = train_ner(lang, data_dir, out_dir, max_steps=max_steps, max_seconds=max_seconds, max_sentences=max_sentences, seed=seed, corpora=corpora or None, progress=click.echo)
    click.echo(f"model card: {card.card_path}")
    for eval_set, by_label in card.scores.items():
        cells = "  ".join(f"{label} P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}" for label, s in by_label.items())
        click.echo(f"{eval_set}: {cells}")
    click.echo(f"size {card.size_bytes / 1e6:.1f} MB, {card.words_per_second:,.0f} words/s")


_MAX_BYTES_OPTION = click.option(
    "--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
    help="Largest document text (and text file) in bytes; bigger files are reported and skipped.",
)
_JOBS_OPTION = click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes for the spaCy work.")


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--full", is_flag=True, help="Extract every file again, even unchanged ones (after a registry, taxonomy or rule change).")
@_JOBS_OPTION
@_MAX_BYTES_OPTION
@pass_settings
@domain_errors
def ingest_command(settings: Settings, paths: tuple[Path, ...], full: bool, jobs: int, max_bytes: int) -> None:
    """Ingest documents (files or folders, read recursively) into the store, one graph per document.

    Unchanged files (same SHA-256) are skipped, changed ones replace their graph, and documents
    whose files were deleted from a given folder lose theirs. Each file that cannot be read is
    reported on stderr in one line (file and reason); the others are ingested.

    \b
    Exit codes:
      0  every file was ingested or unchanged
      3  some files failed (listed on stderr); the others were ingested
      1  no file could be ingested, or the store could not be written
      2  wrong usage (unknown option, missing PATH)

    \b
    Example:
      ccg ingest data/sample
      ccg ingest --jobs 4 reports/ news/2026-11.html
      ccg ingest --full data/sample       # after editing the registry
    """
    from ingest.extract import load_resources
    from ingest.pipeline import ingest_paths

    resources = load_resources(settings.iris)
    with store_of(settings) as dataset:
        report = ingest_paths(dataset, paths, settings.iris, resources, full=full, jobs=jobs, max_bytes=max_bytes)
    _echo_ingest_report(report)
    sys.exit(report.exit_code)


def _echo_ingest_report(report: Any) -> None:
    """Failures and notices on stderr, one line each; then the counts."""
    for _source, message in report.failed:
        click.echo(f"error: {message}", err=True)
    for notice in report.notices:
        click.echo(f"notice: {notice}", err=True)
    if report.skipped:
        suffixes = sorted({Path(source).suffix or "(none)" for source, _ in report.skipped})
        click.echo(f"notice: skipped {len(report.skipped)} file(s) of unknown type ({', '.join(suffixes)})", err=True)
    click.echo(
        f"documents: {len(report.added)} added, {len(report.changed)} changed, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed, {len(report.failed_sources)} failed"
    )


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True, help="One JSON object per document and line.")
@_JOBS_OPTION
@_MAX_BYTES_OPTION
@pass_settings
@domain_errors
def extract_command(settings: Settings, paths: tuple[Path, ...], fmt: str, jobs: int, max_bytes: int) -> None:
    """Print what extraction finds in each document (actors, technologies, relations); the store is not touched.

    Each line: {"document", "language", "actors": [{"text", "start", "end", "iri", "label", "type",
    "source", "status"}], "technologies": [{"text", "start", "end", "iri", "label"}], "relations":
    [{"subject", "predicate", "object", "start", "end"}]}; offsets are characters of the text as read.
    Unreadable files are reported on stderr; exit codes as for 'ccg ingest'.

    \b
    Example:
      ccg extract data/sample/001.txt --format jsonl
      ccg extract data/sample | jq -c '.actors[] | [.text, .status]'
    """
    import json

    from ingest.extract import load_resources
    from ingest.records import extract_paths

    failed = written = 0
    for item in extract_paths(paths, load_resources(settings.iris), settings.iris, jobs=jobs, max_bytes=max_bytes):
        if isinstance(item, dict):
            click.echo(json.dumps(item, ensure_ascii=False))
            written += 1
        else:
            for message in item.messages:
                click.echo(f"error: {message}", err=True)
            failed += 1
    sys.exit(0 if not failed else 3 if written else 1)


if __name__ == "__main__":
    cli()
