"""``ccg ingest`` and ``ccg extract`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from build_graph import cli
from ontology.iris import IriScheme
from tests.ingest_world import GOOD_DOCUMENTS, foundation_store, write, write_corpus

ACTOR_KEYS = ["text", "start", "end", "iri", "label", "type", "source", "status"]


def test_extract_prints_one_object_per_document_and_touches_no_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus)
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "extract", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"] for r in records] == [str(p) for p in paths]
    assert not store.exists()
    for record in records:
        assert list(record) == ["document", "language", "actors", "technologies", "relations"]
        assert record["language"] in {"de", "en", "und"}
        for actor in record["actors"]:
            assert list(actor) == ACTOR_KEYS
            assert actor["source"] in {"registry", "pattern", "ner", "memberlist", "curation"}
            assert actor["status"] in {"curated", "accepted", "candidate", "rejected"}
            assert isinstance(actor["start"], int) and actor["start"] < actor["end"]
        for technology in record["technologies"]:
            assert list(technology) == ["text", "start", "end", "iri", "label"]
        for relation in record["relations"]:
            assert list(relation) == ["subject", "predicate", "object", "start", "end"]
            assert relation["predicate"] in {"memberOf", "partnerOf", "worksOn", "fundedBy"}


def test_extract_offsets_point_into_the_file_content(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf" + GOOD_DOCUMENTS["news/wasserstoff.txt"].replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    text = path.read_bytes().decode("utf-8-sig")
    assert record["document"] == str(path) and record["language"] == "de"
    found = record["actors"] + record["technologies"]
    assert {"Airbus Operations GmbH", "Brennstoffzellen"} <= {item["text"] for item in found}
    for item in found:
        assert text[item["start"] : item["end"]] == item["text"]
    for relation in record["relations"]:
        assert text[relation["start"] : relation["end"]].strip()


def test_extract_reports_a_bad_file_on_stderr_and_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "a.md", GOOD_DOCUMENTS["news/fuel-cells.md"])
    bad = write(tmp_path / "b.txt", b"")
    result = CliRunner().invoke(cli, ["extract", str(good), str(bad)])
    assert result.exit_code == 3
    assert [json.loads(line)["document"] for line in result.stdout.splitlines()] == [str(good)]
    assert result.stderr.strip() == f"error: {bad}: empty file (no text); add text or remove it"


def test_ingest_then_validate_has_no_violation(tmp_path: Path, iris: IriScheme) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    count = len(write_corpus(corpus))
    with foundation_store(store, iris):
        pass
    runner = CliRunner()
    first = runner.invoke(cli, ["--store", str(store), "ingest", str(corpus), "--jobs", "1"])
    second = runner.invoke(cli, ["--store", str(store), "ingest", str(corpus)])
    checked = runner.invoke(cli, ["--store", str(store), "validate"])
    assert first.exit_code == 0, first.output
    assert f"documents: {count} added, 0 changed, 0 unchanged, 0 removed, 0 failed" in first.stdout
    assert f"documents: 0 added, 0 changed, {count} unchanged, 0 removed, 0 failed" in second.stdout
    assert checked.exit_code == 0, checked.output
    assert "0 violations" in checked.output


def test_ingest_help_explains_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["ingest", "--help"])
    assert result.exit_code == 0
    assert "3  some files failed" in result.output and "1  no file could be ingested" in result.output
