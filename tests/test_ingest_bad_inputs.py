"""Bad inputs in one run: each gives one line naming the file, and every good document is still ingested."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from build_graph import cli
from ingest.run import EXIT_ERROR, EXIT_SOME_FAILED, ingest_paths
from ontology.iris import IriScheme
from ontology.store import export_dataset
from tests.ingest_world import GOOD_DOCUMENTS, foundation_store, pdf_bytes, resources, write, write_corpus  # noqa: F401

LATIN1_TEXT = "Die Technische Universität Hamburg forscht gemeinsam mit der Airbus Operations GmbH an Brennstoffzellen.\n"
SCRIPT_PAGE = (
    "<html><head><script>var secret = 'HIDDEN-SCRIPT';</script><style>p{}</style></head><body>"
    "<main><p>Die HAW Hamburg forscht an Drohnen.</p><script>document.write('HIDDEN-INLINE')</script></main></body></html>"
)


def write_bad_files(folder: Path) -> dict[str, Path]:
    """One file of every kind of bad input; the member list has two bad rows."""
    huge = folder / "huge.txt"
    huge.parent.mkdir(parents=True, exist_ok=True)
    with huge.open("wb") as handle:
        handle.write(LATIN1_TEXT.encode("utf-8") * (50_000_000 // len(LATIN1_TEXT) + 1))
    return {
        "corrupt.pdf": write(folder / "corrupt.pdf", pdf_bytes(["Hamburg"])[:60] + b"\x00broken" * 10),
        "scan.pdf": write(folder / "scan.pdf", pdf_bytes([])),
        "binary.txt": write(folder / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        "empty.txt": write(folder / "empty.txt", b""),
        "invalid-utf8.txt": write(folder / "invalid-utf8.txt", "Grüße aus Hamburg. ".encode("utf-8") * 5 + b"\xff\xfe\xfd"),
        "huge.txt": huge,
        "members.csv": write(folder / "members.csv", "cluster;organisation;type\naviation;Airbus Operations GmbH;Company\naviation;\nnirgendwo;ZAL GmbH;Firma\n"),
    }


def test_every_bad_file_is_one_line_and_every_good_one_is_ingested(tmp_path: Path, iris: IriScheme) -> None:
    corpus = tmp_path / "corpus"
    good = write_corpus(corpus / "good")
    good.append(write(corpus / "good/latin1.txt", LATIN1_TEXT.encode("latin-1")))
    good.append(write(corpus / "good/script.html", SCRIPT_PAGE))
    bad = write_bad_files(corpus / "bad")
    store = tmp_path / "store"
    with foundation_store(store, iris):
        pass

    result = CliRunner().invoke(cli, ["--store", str(store), "ingest", str(corpus)])

    assert result.exit_code == EXIT_SOME_FAILED, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for name, path in bad.items():
        lines = [line for line in errors if str(path) in line]
        assert len(lines) == (2 if name == "members.csv" else 1), (name, errors)
    assert len(errors) == len(bad) + 1
    member_lines = sorted(line for line in errors if "members.csv" in line)
    assert [line.split(str(bad["members.csv"]))[1].split(":")[1] for line in member_lines] == ["3", "4"]
    assert f"documents: {len(good)} added, 0 changed, 0 unchanged, 0 removed, {len(bad)} failed" in result.stdout

    with foundation_store(store, iris) as dataset:
        export = export_dataset(dataset, "nquads").decode("utf-8")
    assert "HIDDEN" not in export
    assert "Die HAW Hamburg forscht an Drohnen." in export
    assert "Die Technische Universität Hamburg forscht gemeinsam" in export


def test_a_run_where_every_file_fails_exits_with_1(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "bad"
    write(folder / "empty.txt", b"")
    write(folder / "binary.txt", b"\x00\x01\x02" * 100)
    with foundation_store(None, iris) as dataset:
        report = ingest_paths(dataset, [folder], iris, resources, progress=False, cwd=tmp_path)
    assert report.exit_code == EXIT_ERROR
    assert sorted(report.failed_sources) == ["bad/binary.txt", "bad/empty.txt"]
    assert all("\n" not in message and message.startswith(source + ":") for source, message in report.failed)


def test_a_file_that_turns_bad_loses_its_old_graph(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    path = write(folder / "a.txt", GOOD_DOCUMENTS["news/wasserstoff.txt"])
    write(folder / "b.md", GOOD_DOCUMENTS["news/fuel-cells.md"])
    with foundation_store(None, iris) as dataset:
        ingest_paths(dataset, [folder], iris, resources, progress=False, cwd=tmp_path)
        path.write_bytes(b"")
        report = ingest_paths(dataset, [folder], iris, resources, progress=False, cwd=tmp_path)
        export = export_dataset(dataset, "nquads").decode("utf-8")
    assert report.failed_sources == ["corpus/a.txt"] and report.unchanged == ["corpus/b.md"]
    assert report.exit_code == EXIT_SOME_FAILED
    assert '"corpus/a.txt"' not in export and '"corpus/b.md"' in export
