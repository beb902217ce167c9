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


_CURATION_OPTION = click.option(
    "--curation-file", type=click.Path(dir_okay=False, path_type=Path), envvar="CCG_CURATION_FILE", default=None,
    help="The review decisions that ingest applies ('ccg review' writes them) [default: data/curation.csv, or $CCG_CURATION_FILE].",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--registry-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, help="Folder with clusters.csv and actors.csv [default: data/registry].")
@click.option("--full", is_flag=True, help="Extract every document again, even unchanged ones.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes for the spaCy work.")
@click.option("--include-candidates", is_flag=True, help="Let candidate (not yet reviewed) actors take part in the analysis.")
@_CURATION_OPTION
@pass_settings
@domain_errors
def build(settings: Settings, paths: tuple[Path, ...], registry_dir: Path | None, full: bool, jobs: int, include_candidates: bool, curation_file: Path | None) -> None:
    """The main job: registry and vocabulary, ingest of PATHS, analysis, page, report, export.

    Writes OUT/network.html (the network page), OUT/bridges.html and OUT/bridges.md (the bridge
    report) and OUT/graph.trig (the whole graph, sorted). Unchanged documents are skipped, so a
    second build is quick and writes the same bytes. Without PATHS, the documents already in the
    store are analysed again. Exit codes as for 'ccg ingest' (3: some documents failed).

    \b
    Example:
      ccg --store out/store --out out build data/sample
    """
    from graph.build import build as build_all
    from ontology.foundation import DEFAULT_REGISTRY_DIR

    with store_of(settings) as dataset:
        summary = build_all(
            dataset,
            settings.iris,
            list(paths),
            out_dir=settings.out,
            registry_dir=registry_dir or DEFAULT_REGISTRY_DIR,
            full=full,
            jobs=jobs,
            include_candidates=include_candidates,
            curation_file=curation_file,
        )
    click.echo(f"registry: {summary.foundation.clusters} clusters, {summary.foundation.actors} actors")
    _echo_ingest_report(summary.ingest)
    _echo_counts(summary.counts)
    click.echo(f"store: {settings.store}")
    for path in summary.outputs:
        click.echo(f"wrote: {path}")
    sys.exit(summary.exit_code)


def _echo_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        click.echo(f"{name.ljust(width)}  {value:>8,}")


def _name_value(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, equals, given = value.partition("=")
        if not equals or not name.strip():
            raise click.ClickException(f"--param {value!r}: write NAME=VALUE, e.g. cluster=cluster/aviation")
        pairs.append((name.strip(), given))
    return pairs


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read the query from a .rq file.")
@click.option("--param", "params", multiple=True, callback=_name_value, metavar="NAME=VALUE", help="Bind a variable of the query (repeatable); IRIs in full, as tech:x, or relative to --base-iri (cluster/aviation).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]), default="table", show_default=True, help="table for people; csv, tsv, json, xml are the W3C SPARQL result formats; turtle, ntriples for CONSTRUCT/DESCRIBE.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Stop the query after this many seconds [default: no limit].")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most this many rows (or triples).")
@click.option("--list", "list_queries", is_flag=True, help="List the research queries: name, question, parameters.")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write every research query with its result on this store as Markdown to this file.")
@pass_settings
@domain_errors
def query(settings: Settings, query: str | None, query_file: Path | None, params: list[tuple[str, str]], fmt: str, timeout: float | None, limit: int | None, list_queries: bool, docs_path: Path | None) -> None:
    """Run a SPARQL query or a research query (by NAME) on the store, read-only.

    Prefixes ccg, org, skos, prov, dct, rdfs, oa, tech, schema, xsd are predeclared. Values given
    with --param are bound to the query's variables, never pasted into its text.

    \b
    Example:
      ccg query --list
      ccg query cluster-technology-profile --param cluster=cluster/aviation
      ccg query 'SELECT ?c ?label WHERE { ?c a ccg:Cluster ; rdfs:label ?label } ORDER BY ?label'
      ccg query -f my-question.rq --format csv --timeout 30 > answer.csv
      ccg query --docs docs/queries.md
    """
    from ontology.query_library import answer_query, describe_library, load_library

    if list_queries:
        click.echo(describe_library(load_library()))
        return
    if docs_path is not None:
        from ontology.query_docs import write_query_docs

        write_query_docs(settings.store, docs_path, base_iri=settings.base_iri)
        click.echo(f"wrote {docs_path}")
        return
    answer = answer_query(settings.store, query, file=query_file, params=params, fmt=fmt, timeout=timeout, limit=limit, base_iri=settings.base_iri)
    text = answer.body.decode("utf-8")
    click.echo(text, nl=not text.endswith("\n"))
    if answer.truncated:
        click.echo(f"(the first {answer.rows} rows of more; raise --limit to see them)", err=True)


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
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld", "graphml", "gexf", "csv"]), default="trig", show_default=True,
              help="RDF (trig, nquads, turtle, ntriples, jsonld) or the network for Gephi (graphml, gexf, csv node and edge lists).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (for csv: this folder) instead of standard output.")
@pass_settings
@domain_errors
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export the store as RDF, or its network of actors, clusters and technologies for Gephi.

    The network formats carry node kind, type, status, clusters and the measures of 'ccg analyse' as
    attributes, so Gephi can colour and size by them. The same store gives the same bytes.

    \b
    Example:
      ccg export --format trig -o out/graph.trig
      ccg export --format graphml -o out/network.graphml
      ccg export --format csv -o out/gephi          # nodes.csv and edges.csv
    """
    from graph.export import export_store

    with store_of(settings, read_only=True) as dataset:
        files = export_store(dataset, settings.iris, fmt)
    if output is None and len(files) > 1:
        raise click.UsageError(f"--format {fmt} writes {len(files)} files ({', '.join(files)}): give -o FOLDER")
    if output is None:
        click.echo(next(iter(files.values())).decode("utf-8"), nl=False)
        return
    for name, data in files.items():
        path = output / name if len(files) > 1 else output
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        click.echo(f"wrote {path}")


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


def _parse_fold(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    """``K/N`` -> ``(K, N)`` with ``0 <= K < N``."""
    if value is None:
        return None
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 0 <= int(k) < int(n)):
        raise click.BadParameter(f"{value!r}: use K/N with 0 <= K < N, e.g. 2/5")
    return int(k), int(n)


@cli.command("train-ner")
@click.option("--lang", type=click.Choice(["de", "en"]), required=True, help="Language of the model.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/data/ner"), show_default=True, help="Folder of the open NER corpora (read in place).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Model folder to write (spaCy files, model-card.md).")
@click.option("--max-steps", type=click.IntRange(min=1), default=20000, show_default=True, help="Stop after this many optimizer steps.")
@click.option("--max-seconds", type=click.FloatRange(min=1), default=840.0, show_default=True, help="Stop the training loop after this many seconds.")
@click.option("--max-sentences", type=click.IntRange(min=4), default=None, help="Cap the training sentences of every corpus (quick runs).")
@click.option("--corpus", "corpora", multiple=True, help="Training mix item NAME or NAME:MAX_SENTENCES (repeatable) [default: the shipped mix].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the splits and the training.")
@click.option("--sample", "sample_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("data/sample"), show_default=True, help="In-domain documents with *.gold.json (corpora sample-LANG, registry-LANG; half held out).")
@click.option("--pretrain-epochs", type=click.IntRange(min=0), default=0, show_default=True, help="Epochs of spaCy pretraining of the tok2vec on the corpora's raw text before training (0: none).")
@click.option("--fold", callback=_parse_fold, metavar="K/N", default=None, help="Hold out fold K of N of every corpus instead of the standard held-out part (cross-validation).")
@domain_errors
def train_ner_command(lang: str, data_dir: Path, out_dir: Path, max_steps: int, max_seconds: float, max_sentences: int | None, corpora: tuple[str, ...], seed: int, sample_dir: Path, pretrain_epochs: int, fold: tuple[int, int] | None) -> None:
    """Train the NER model for finding new actors (ORG, PER, LOC) from the open corpora.

    Evaluates on a held-out part of every corpus and writes OUT/model-card.md.

    \b
    Example:
      ccg train-ner --lang de --data ../shared/data/ner --out ingest/models/ner-de --max-steps 5000 --max-seconds 2700
      ccg train-ner --lang en --out /tmp/ner-en --max-steps 30 --max-sentences 200   # a quick check
      ccg train-ner --lang de --out /tmp/ner-de --corpus 'germeval*2' --corpus smartdata --corpus ler:6000
      ccg train-ner --lang de --out /tmp/ner-de-fold2 --max-steps 5000 --fold 2/5   # one fold of five
    """
    from ingest.ner_training import train_ner

    card = train_ner(lang, data_dir, out_dir, max_steps=max_steps, max_seconds=max_seconds, max_sentences=max_sentences, seed=seed, corpora=corpora or None, sample_dir=sample_dir if sample_dir.is_dir() else None, fold=fold, pretrain_epochs=pretrain_epochs, progress=click.echo)
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
@_CURATION_OPTION
@pass_settings
@domain_errors
def ingest_command(settings: Settings, paths: tuple[Path, ...], full: bool, jobs: int, max_bytes: int, curation_file: Path | None) -> None:
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
    from ingest.resources import DEFAULT_CURATION_FILE
    from ingest.run import ingest_paths

    resources = load_resources(settings.iris, curation_file=curation_file or DEFAULT_CURATION_FILE)
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
@_CURATION_OPTION
@pass_settings
@domain_errors
def extract_command(settings: Settings, paths: tuple[Path, ...], fmt: str, jobs: int, max_bytes: int, curation_file: Path | None) -> None:
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
    from ingest.resources import DEFAULT_CURATION_FILE

    failed = written = 0
    resources = load_resources(settings.iris, curation_file=curation_file or DEFAULT_CURATION_FILE)
    for item in extract_paths(paths, resources, jobs=jobs, max_bytes=max_bytes):
        if isinstance(item, dict):
            click.echo(json.dumps(item, ensure_ascii=False))
            written += 1
        else:
            for message in item.messages:
                click.echo(f"error: {message}", err=True)
            failed += 1
    sys.exit(0 if not failed else 3 if written else 1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; the default reaches this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Stop a query after this many seconds (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, help="Cut results after this many rows or triples (header CCG-Truncated).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Queries that may run at once.")
@pass_settings
@domain_errors
def serve(settings: Settings, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve the store read-only: SPARQL 1.1 endpoint at /sparql, query page at /.

    Updates and SERVICE calls are refused (HTTP 403); a query past --timeout is stopped (HTTP 503).

    \b
    Example:
      ccg serve                          # then open http://127.0.0.1:7878/
      ccg serve --port 8000 --timeout 10 --max-rows 2000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?c a ccg:Cluster }' http://127.0.0.1:7878/sparql
    """
    from ontology.endpoint import EndpointSettings, serve as serve_endpoint

    serve_endpoint(settings.store, host=host, port=port, workers=workers, announce=click.echo,
                   settings=EndpointSettings(timeout=timeout, max_rows=max_rows, base_iri=settings.base_iri))


_RESULT_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]), default="table", show_default=True)


@cli.command()
@click.option("--include-candidates", is_flag=True, help="Count candidate actors (extracted, not yet reviewed) in the actor network.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the betweenness sample and the community detection.")
@pass_settings
@domain_errors
def analyse(settings: Settings, include_candidates: bool, seed: int) -> None:
    """Analyse the store: actor measures, cross-cutting technologies, bridge candidates, co-learning fields.

    Replaces the analysis graph; 'ccg bridges', 'ccg actors' and 'ccg technologies' then read it.

    \b
    Example:
      ccg analyse
      ccg analyse --include-candidates --seed 7
    """
    from graph.commands import analyse_text

    with store_of(settings) as dataset:
        click.echo(analyse_text(dataset, settings.iris, include_candidates=include_candidates, seed=seed))


@cli.command()
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Show this many candidates.")
@_RESULT_FORMAT
@pass_settings
@domain_errors
def bridges(settings: Settings, top: int, fmt: str) -> None:
    """List the stored bridge candidates: cluster pairs close in technologies but weakly tied, best first.

    \b
    Example:
      ccg bridges --top 5
      ccg bridges --format json > bridges.json
    """
    from graph.commands import bridges_text

    with store_of(settings, read_only=True) as dataset:
        click.echo(bridges_text(dataset, settings.iris, top=top, fmt=fmt, store=str(settings.store)))


@cli.command()
@click.option("--sort", type=click.Choice(["bridging", "betweenness", "constraint", "participation"]), default="bridging", show_default=True, help="Order (constraint: lowest first).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Show this many actors.")
@_RESULT_FORMAT
@pass_settings
@domain_errors
def actors(settings: Settings, sort: str, top: int, fmt: str) -> None:
    """List actors with their stored brokerage measures.

    \b
    Example:
      ccg actors --sort bridging --top 10
      ccg actors --sort constraint --format csv
    """
    from graph.commands import actors_text

    with store_of(settings, read_only=True) as dataset:
        click.echo(actors_text(dataset, settings.iris, sort=sort, top=top, fmt=fmt, store=str(settings.store)))


@cli.command()
@click.option("--cross-cutting", is_flag=True, help="Only technologies that appear in two or more clusters.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show this many technologies.")
@_RESULT_FORMAT
@pass_settings
@domain_errors
def technologies(settings: Settings, cross_cutting: bool, top: int | None, fmt: str) -> None:
    """List technologies by how they spread over the clusters (from the stored analysis).

    \b
    Example:
      ccg technologies --cross-cutting
      ccg technologies --cross-cutting --format md --top 10
    """
    from graph.commands import technologies_text

    with store_of(settings, read_only=True) as dataset:
        click.echo(technologies_text(dataset, settings.iris, cross_cutting=cross_cutting, top=top, fmt=fmt, store=str(settings.store)))


@cli.command("suggest-partners")
@click.argument("actor")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Show this many suggestions.")
@_RESULT_FORMAT
@pass_settings
@domain_errors
def suggest_partners_command(settings: Settings, actor: str, top: int, fmt: str) -> None:
    """Suggest partners for ACTOR (registry id, IRI, name or alias) with the shared neighbours as reasons.

    \b
    Example:
      ccg suggest-partners tuhh
      ccg suggest-partners "Airbus Operations GmbH" --top 5 --format json
    """
    from graph.commands import partners_text

    with store_of(settings, read_only=True) as dataset:
        click.echo(partners_text(dataset, settings.iris, actor, top=top, fmt=fmt, store=str(settings.store)))


@cli.command()
@pass_settings
@domain_errors
def report(settings: Settings) -> None:
    """Write the bridge report (bridges.html, bridges.md) into --out from the stored analysis.

    \b
    Example:
      ccg --out out report
    """
    from graph.report import write_report

    with store_of(settings, read_only=True) as dataset:
        for path in write_report(dataset, settings.iris, settings.out):
            click.echo(f"wrote {path}")


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Add a row per document and every missed and spurious item.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--ner/--no-ner", default=True, show_default=True, help="Use the statistical NER models (--ner-models) for candidate actors.")
@click.option("--compare-ner", is_flag=True, help="Score twice, without and with the NER models, side by side.")
@click.option("--held-out", is_flag=True, help="Score only the documents the NER models never trained on (their model-card.json lists the others).")
@click.option("--ner-models", "ner_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of the NER models (ner-de, ner-en).  [default: ingest/models]")
@pass_settings
@domain_errors
def evaluate(settings: Settings, gold_dir: Path, verbose: bool, fmt: str, ner: bool, compare_ner: bool, held_out: bool, ner_dir: Path | None) -> None:
    """Score extraction against the gold files (NNN.gold.json) in GOLD_DIR: precision, recall, F1.

    Actors and technologies are scored as distinct surface forms per document, relations as
    (subject, predicate, object) triples; all micro-averaged (see docs/extraction.md). The actors
    are also scored by part of the output: curated (registry, curator decisions) and candidates,
    and by source (registry, pattern, ner).

    \b
    Example:
      ccg evaluate data/sample
      ccg evaluate data/sample --verbose --format json > out/evaluation.json
      ccg evaluate data/sample --no-ner       # rules and registry only
      ccg evaluate data/sample --compare-ner --held-out   # without and with NER, on documents it never trained on
    """
    from ingest.evaluate import evaluate_gold
    from ingest.evaluate_report import format_evaluation
    from ingest.resources import DEFAULT_NER_DIR

    if compare_ner and not ner:
        raise click.UsageError("--compare-ner scores with and without the NER models; leave out --no-ner")
    mode = "compare" if compare_ner else "with" if ner else "without"
    evaluation = evaluate_gold(gold_dir, settings.iris, ner_dir or DEFAULT_NER_DIR, mode, held_out)
    click.echo(format_evaluation(evaluation, fmt=fmt, verbose=verbose))


@cli.group(invoke_without_command=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show only the N most mentioned candidates.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="table for people (first quote only), json with everything, csv for a spreadsheet.")
@click.pass_context
@domain_errors
def review(ctx: click.Context, limit: int | None, fmt: str) -> None:
    """List candidate actors to review; decide with accept, reject, merge or rename.

    Each candidate shows its id, label, mentions and documents, guessed type, the closest registry
    names with a similarity score (0-100) and quotes. A decision is written to the curation file,
    which every later 'ccg ingest' or 'ccg build' applies (it re-extracts the documents).

    \b
    Example:
      ccg review --limit 20
      ccg review --format csv > review.csv
      ccg review accept agentur-fuer-arbeit-hamburg
      ccg review merge europaeische-laboratorium-fuer-molekularbiologie embl-hamburg
    """
    if ctx.invoked_subcommand is not None:
        return
    from ingest.review import format_queue, review_queue

    settings = ctx.find_object(Settings)
    with store_of(settings, read_only=True) as dataset:
        click.echo(format_queue(review_queue(dataset, settings.iris, limit=limit), fmt), nl=False)


_NOTE_OPTION = click.option("--note", default="", help="Why: kept in the note column of the curation file.")


def _decide(settings: Settings, curation_file: Path | None, action: str, actor: str, **details: str) -> None:
    """Write one decision and print it with the command to run next."""
    from ingest.decisions import record_decision

    with store_of(settings, read_only=True) as dataset:
        written = record_decision(dataset, settings.iris, curation_file, action, actor, **details)
    for line in written.lines():
        click.echo(line)


@review.command("accept")
@click.argument("actor")
@_NOTE_OPTION
@_CURATION_OPTION
@pass_settings
@domain_errors
def review_accept(settings: Settings, actor: str, note: str, curation_file: Path | None) -> None:
    """Accept candidate ACTOR (id, IRI or exact label) as a real actor: status accepted.

    \b
    Example:
      ccg review accept agentur-fuer-arbeit-hamburg --note "Hamburg's employment agency"
    """
    _decide(settings, curation_file, "accept", actor, note=note)


@review.command("reject")
@click.argument("actor")
@_NOTE_OPTION
@_CURATION_OPTION
@pass_settings
@domain_errors
def review_reject(settings: Settings, actor: str, note: str, curation_file: Path | None) -> None:
    """Reject candidate ACTOR: status rejected; its mentions stay, analyses leave it out.

    \b
    Example:
      ccg review reject state-of-brandenburg --note "not a Hamburg cluster actor"
    """
    _decide(settings, curation_file, "reject", actor, note=note)


@review.command("merge")
@click.argument("actor")
@click.argument("into_actor")
@_NOTE_OPTION
@_CURATION_OPTION
@pass_settings
@domain_errors
def review_merge(settings: Settings, actor: str, into_actor: str, note: str, curation_file: Path | None) -> None:
    """Merge candidate ACTOR into INTO_ACTOR (a registry actor or another candidate): its mentions move there.

    \b
    Example:
      ccg review merge europaeische-laboratorium-fuer-molekularbiologie embl-hamburg
      ccg review merge kwb-koordinierungsstelle-weiterbildung-und-beschaeftigung koordinierungsstelle-weiterbildung-und-beschaeftigung
    """
    _decide(settings, curation_file, "merge", actor, target=into_actor, note=note)


@review.command("rename")
@click.argument("actor")
@click.argument("new_name")
@_NOTE_OPTION
@_CURATION_OPTION
@pass_settings
@domain_errors
def review_rename(settings: Settings, actor: str, new_name: str, note: str, curation_file: Path | None) -> None:
    """Give candidate ACTOR the label NEW_NAME (its id stays).

    \b
    Example:
      ccg review rename koordinierungsstelle-weiterbildung-und-beschaeftigung "Koordinierungsstelle Weiterbildung und Beschäftigung e.V."
    """
    _decide(settings, curation_file, "rename", actor, label=new_name, note=note)



@cli.command()
@click.option("--view", type=click.Choice(["overview", "actors", "ego"]), default="overview", show_default=True, help="overview: clusters, cross-cutting technologies, top bridging actors; actors: the actor network; ego: one actor or cluster and its neighbourhood.")
@click.option("--focus", default=None, help="The actor or cluster of --view ego: id, IRI or name.")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Steps around the focus (--view ego).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None, help="Keep at most this many nodes, the most important first [default: 2000, fluid in a browser].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Page to write [default: OUT/network.html, OUT/network-actors.html, OUT/network-ego.html].")
@pass_settings
@domain_errors
def render(settings: Settings, view: str, focus: str | None, depth: int, max_nodes: int | None, output: Path | None) -> None:
    """Write the interactive network page: one HTML file that works offline in any browser.

    \b
    Example:
      ccg render                                   # the overview, out/network.html
      ccg render --view actors -o /tmp/actors.html
      ccg render --view ego --focus airbus --depth 2
    """
    from graph.page import page_file, render_page
    from graph.page_view import DEFAULT_MAX_NODES

    path = output or page_file(settings.out, view)
    with store_of(settings, read_only=True) as dataset:
        summary = render_page(dataset, settings.iris, view=view, focus=focus, depth=depth, max_nodes=max_nodes or DEFAULT_MAX_NODES, out_path=path, store=str(settings.store))
    click.echo(f"wrote {summary.path}: {summary.nodes:,} nodes, {summary.edges:,} lines, {summary.bytes / 1e6:.1f} MB")
    if summary.left_out:
        click.echo("not shown: " + ", ".join(f"{n:,} {kind}s" for kind, n in summary.left_out.items()) + " (the page says how to see them)")

if __name__ == "__main__":
    cli()
