"""Incremental ingest on a real store: skip unchanged files, replace changed ones, drop deleted ones, survive a kill."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDFS

from ingest.batches import IN_PROCESS_BELOW, Extractor, WorkSettings, batches, run_batches
from ingest.extract import load_resources
from ingest.readers import DEFAULT_MAX_BYTES, document_key
from ingest.run import ingest_paths, stored_documents
from ontology.iris import IriScheme
from ontology.sparql import run_query
from ontology.store import export_dataset, named_graphs, replace_graph
from tests.ingest_world import GOOD_DOCUMENTS, foundation_store, nquads, resources, write, write_corpus  # noqa: F401

REPOSITORY = Path(__file__).resolve().parent.parent


def ingest(dataset, folder: Path, iris: IriScheme, resources, **options):  # noqa: ANN001, ANN201, F811
    return ingest_paths(dataset, [folder], iris, resources, progress=False, cwd=folder.parent, **options)


def sources(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder.parent).as_posix() for p in folder.rglob("*") if p.is_file())


def quotes_in(dataset, graph) -> set[str]:  # noqa: ANN001
    result = run_query(dataset, "SELECT ?q ?g WHERE { GRAPH ?g { ?s oa:exact ?q } }", bindings={"g": ox.NamedNode(str(graph))})
    return {row[0].value for row in result.rows}


def test_a_second_run_skips_every_document_and_changes_no_byte(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder)
    with foundation_store(None, iris) as dataset:
        first = ingest(dataset, folder, iris, resources)
        before = export_dataset(dataset, "nquads")
        second = ingest(dataset, folder, iris, resources)
        after = export_dataset(dataset, "nquads")
    assert sorted(first.added) == sources(folder) and not first.failed
    assert sorted(second.unchanged) == sources(folder)
    assert second.added == second.changed == second.removed == []
    assert before == after


def test_a_changed_file_replaces_its_graph(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder)
    news = folder / "news/wasserstoff.txt"
    graph = iris.document_graph(document_key("corpus/news/wasserstoff.txt"))
    with foundation_store(None, iris) as dataset:
        ingest(dataset, folder, iris, resources)
        assert "Muster Kabinenbau GmbH" in quotes_in(dataset, graph)
        write(news, GOOD_DOCUMENTS["news/wasserstoff.txt"].replace("Muster Kabinenbau GmbH", "Beispiel Leichtbau GmbH"))
        report = ingest(dataset, folder, iris, resources)
        quotes = quotes_in(dataset, graph)
        stored = stored_documents(dataset, iris)["corpus/news/wasserstoff.txt"]
    assert report.changed == ["corpus/news/wasserstoff.txt"]
    assert sorted(report.unchanged) == [s for s in sources(folder) if s != "corpus/news/wasserstoff.txt"]
    assert "Beispiel Leichtbau GmbH" in quotes and "Muster Kabinenbau GmbH" not in quotes
    assert stored.graph == graph
    assert stored.sha256 == hashlib.sha256(news.read_bytes()).hexdigest()


def test_a_deleted_file_loses_its_graph_and_the_store_equals_a_clean_run(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder)
    with foundation_store(None, iris) as dataset:
        ingest(dataset, folder, iris, resources)
        (folder / "news/fuel-cells.md").unlink()
        report = ingest(dataset, folder, iris, resources)
        graphs = named_graphs(dataset)
        incremental = export_dataset(dataset, "nquads")
    with foundation_store(None, iris) as clean:
        ingest(clean, folder, iris, resources)
        from_scratch = export_dataset(clean, "nquads")
    assert report.removed == ["corpus/news/fuel-cells.md"]
    assert iris.document_graph(document_key("corpus/news/fuel-cells.md")) not in graphs
    assert incremental == from_scratch


def test_full_extracts_every_file_again_with_the_same_result(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder)
    with foundation_store(None, iris) as dataset:
        ingest(dataset, folder, iris, resources)
        before = export_dataset(dataset, "nquads")
        report = ingest(dataset, folder, iris, resources, full=True)
        after = export_dataset(dataset, "nquads")
    assert sorted(report.changed) == sources(folder) and report.unchanged == []
    assert before == after


def test_an_edited_registry_extracts_unchanged_files_again(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write(folder / "a.txt", GOOD_DOCUMENTS["news/wasserstoff.txt"])
    registry = tmp_path / "registry"
    shutil.copytree(REPOSITORY / "data" / "registry", registry)
    with (registry / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("muster-kabinenbau,Muster Kabinenbau GmbH,,Company,aviation,,\n")
    with foundation_store(None, iris) as dataset:
        ingest(dataset, folder, iris, resources)
        report = ingest(dataset, folder, iris, load_resources(iris, registry_dir=registry))
    assert report.changed == ["corpus/a.txt"]


def test_two_jobs_give_the_same_store_as_one(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder, copies=3)
    exports = []
    for jobs in (1, 2):
        with foundation_store(None, iris) as dataset:
            report = ingest(dataset, folder, iris, resources, jobs=jobs)
            exports.append(export_dataset(dataset, "nquads"))
        assert sorted(report.added) == sources(folder) and not report.failed
    assert exports[0] == exports[1]


def test_a_graph_cut_short_before_its_marker_is_dropped_and_rebuilt(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder)
    with foundation_store(None, iris) as clean:
        ingest(clean, folder, iris, resources)
        expected = export_dataset(clean, "nquads")
    news = iris.document_graph(document_key("corpus/news/wasserstoff.txt"))
    orphan = iris.document_graph(document_key("corpus/gone.txt"))
    with foundation_store(None, iris) as dataset:
        ingest(dataset, folder, iris, resources)
        # What a kill between the bulk load and the markers leaves: content without ccg:sha256.
        for graph in (news, orphan):
            replace_graph(dataset, graph, f"<{graph}> <{RDFS.label}> \"half written\" .\n")
        report = ingest(dataset, folder, iris, resources)
        assert report.added == ["corpus/news/wasserstoff.txt"]
        assert export_dataset(dataset, "nquads") == expected


_KILLABLE_INGEST = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from ingest.extract import load_resources
    from ingest.run import ingest_paths
    from ontology.foundation import load_foundation
    from ontology.iris import IriScheme
    from ontology.store import opened_dataset

    def written(done, total):
        print(f"written {done} of {total}", flush=True)
        sys.stdin.readline()  # wait here: the test kills this process while it is in the middle of the run

    iris = IriScheme()
    with opened_dataset(Path(sys.argv[1])) as dataset:
        load_foundation(dataset, iris)
        ingest_paths(dataset, [Path(sys.argv[2])], iris, load_resources(iris), progress=written, cwd=Path(sys.argv[3]), write_batch=4)
    """
)


def test_a_killed_ingest_run_again_gives_the_same_store_as_a_clean_run(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    write_corpus(folder, copies=3)
    killed_store, clean_store = tmp_path / "killed", tmp_path / "clean"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE_INGEST, str(killed_store), str(folder), str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment, cwd=REPOSITORY,
    )
    first_line = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert first_line.startswith("written "), first_line
    done, total = (int(n) for n in first_line.split()[1::2])
    assert 0 < done < total

    with foundation_store(killed_store, iris) as dataset:
        assert 0 < len(stored_documents(dataset, iris)) < total
        report = ingest(dataset, folder, iris, resources)
    assert len(report.unchanged) == done and len(report.added) == total - done
    with foundation_store(clean_store, iris) as dataset:
        ingest(dataset, folder, iris, resources)
    assert nquads(killed_store) == nquads(clean_store)


def test_one_worker_process_gives_what_the_calling_process_gives(tmp_path: Path, resources) -> None:  # noqa: F811
    paths = write_corpus(tmp_path / "corpus")
    settings = WorkSettings(resources=resources, max_bytes=DEFAULT_MAX_BYTES, cwd=tmp_path)
    one_per_batch = batches(paths, [p.stat().st_size for p in paths], max_documents=1)
    assert len(one_per_batch) >= IN_PROCESS_BELOW  # so that run_batches hands them to a worker process
    in_worker = [outcome for outcomes in run_batches(one_per_batch, settings, jobs=1) for outcome in outcomes]
    here = [outcome for batch in one_per_batch for outcome in Extractor(settings).run(batch)]
    assert in_worker == here
