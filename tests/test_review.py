"""The review flow through the CLI: list candidates, accept, reject, merge; re-ingest; decisions hold, no evidence lost."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from build_graph import cli
from ingest.curation import read_curation
from ontology.iris import IriScheme
from ontology.sparql import run_query
from ontology.store import opened_dataset

# Three German news items about organisations that are not in the registry (and one that is).
CORPUS = {
    "drohnen.txt": (
        "Drohnen für die Flugzeuginspektion\n\n"
        "Die Nordlicht Robotik GmbH entwickelt gemeinsam mit der Airbus Operations GmbH autonome Drohnen für die Inspektion von Flugzeugen.\n"
        "Die Elbstrom Speicher GmbH liefert dafür leichte Batterien aus Hamburg.\n"
        "Die Hafenblick Consulting GmbH begleitet das Projekt im Auftrag der Stadt.\n"
    ),
    "hafen.txt": (
        "Wasserstoff im Hafen\n\n"
        "Auch die Nordlicht Robotik GmbH setzt Künstliche Intelligenz im Hamburger Hafen ein.\n"
        "Die Elbstrom Speichertechnik GmbH testet dort Batteriespeicher für Wasserstoff-Lkw.\n"
        "Die Hafenblick Consulting GmbH hat dazu eine Studie veröffentlicht.\n"
    ),
    "mitglieder.txt": (
        "Neue Partner im Cluster\n\n"
        "Die Elbstrom Speicher GmbH und die Nordlicht Robotik GmbH sind neue Mitglieder von Hamburg Aviation.\n"
    ),
}
ACCEPT, REJECT, SURVIVOR, MERGED = "Nordlicht Robotik GmbH", "Hafenblick Consulting GmbH", "Elbstrom Speicher GmbH", "Elbstrom Speichertechnik GmbH"

EVIDENCE = """
SELECT ?actor ?mention ?passage ?status ?label WHERE {
  ?mention ccg:refersTo ?actor ; ccg:inPassage ?passage .
  OPTIONAL { ?actor ccg:status ?status }
  OPTIONAL { ?actor rdfs:label ?label }
}
"""


def ccg(workspace: Path, *args: str) -> str:
    """Run ``ccg --store STORE --out OUT ARGS`` for ``workspace``; fail the test on a non-zero exit code."""
    result = CliRunner().invoke(cli, ["--store", str(workspace / "store"), "--out", str(workspace / "out"), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def evidence(store: Path, actor_id: str) -> dict[str, set[str]]:
    """Mentions and passages that refer to an actor, and the statuses and labels it is described with."""
    with opened_dataset(store, read_only=True) as dataset:
        rows = run_query(dataset, EVIDENCE, bindings={"actor": ox.NamedNode(str(IriScheme().actor(actor_id)))}).rows
    columns = list(zip(*rows))[1:] if rows else [(), (), (), ()]
    mentions, passages, statuses, labels = ({cell.value for cell in column if cell is not None} for column in columns)
    return {"mentions": mentions, "passages": passages, "statuses": {s.rsplit("#", 1)[-1] for s in statuses}, "labels": labels}


def queue(workspace: Path) -> dict[str, dict]:
    return {item["label"]: item for item in json.loads(ccg(workspace, "review", "--format", "json"))}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A store of the corpus, its queue and evidence before review, then the decisions and a re-ingest."""
    workspace = tmp_path_factory.mktemp("review")
    corpus = workspace / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    curation = workspace / "curation.csv"
    ccg(workspace, "build")
    ccg(workspace, "ingest", str(corpus), "--curation-file", str(curation))
    before = queue(workspace)
    ids = {label: before[label]["id"] for label in (ACCEPT, REJECT, SURVIVOR, MERGED)}
    evidence_before = {label: evidence(workspace / "store", actor_id) for label, actor_id in ids.items()}
    outputs = [
        ccg(workspace, "review", "accept", ACCEPT, "--curation-file", str(curation), "--note", "checked on its website"),
        ccg(workspace, "review", "reject", ids[REJECT], "--curation-file", str(curation)),
        ccg(workspace, "review", "merge", str(IriScheme().actor(ids[MERGED])), ids[SURVIVOR], "--curation-file", str(curation)),
    ]
    decisions = read_curation(curation)
    reingest = ccg(workspace, "ingest", str(corpus), "--curation-file", str(curation))
    after = {label: evidence(workspace / "store", actor_id) for label, actor_id in ids.items()}
    return {
        "workspace": workspace, "corpus": corpus, "curation": curation, "ids": ids, "before": before, "evidence_before": evidence_before,
        "outputs": outputs, "decisions": decisions, "reingest": reingest, "after": after, "queue_after": queue(workspace),
    }


def test_the_queue_lists_the_new_organisations_with_counts_types_matches_and_quotes(reviewed):
    before = reviewed["before"]
    assert {ACCEPT, REJECT, SURVIVOR, MERGED} <= set(before)
    assert "Airbus Operations GmbH" not in before  # a registry actor is no candidate
    nordlicht = before[ACCEPT]
    assert (nordlicht["mentions"], nordlicht["documents"]) == (3, 3)  # once in each document
    assert nordlicht["type"] == "Company"  # "GmbH"
    assert 1 <= len(nordlicht["closest"]) <= 3
    assert [m["score"] for m in nordlicht["closest"]] == sorted((m["score"] for m in nordlicht["closest"]), reverse=True)
    assert len(nordlicht["quotes"]) == 2
    assert len({quote["source"] for quote in nordlicht["quotes"]}) == 2  # from two different documents
    assert all(ACCEPT in quote["text"] for quote in nordlicht["quotes"])
    mentions = [item["mentions"] for item in before.values()]
    assert mentions == sorted(mentions, reverse=True)


def test_each_decision_is_one_row_of_the_curation_file_and_says_what_to_run_next(reviewed):
    ids = reviewed["ids"]
    rows = [(d.action, d.actor, d.target, d.label, d.note) for d in reviewed["decisions"]]
    assert rows == [
        ("accept", ids[ACCEPT], "", "", "checked on its website"),
        ("reject", ids[REJECT], "", "", ""),
        ("merge", ids[MERGED], ids[SURVIVOR], SURVIVOR, ""),
    ]
    for output in reviewed["outputs"]:
        assert f"next: ccg build {reviewed['corpus']}" in output


def test_the_decisions_hold_after_re_ingest(reviewed):
    assert "3 changed" in reviewed["reingest"]  # the curation file is part of the extraction fingerprint
    after = reviewed["after"]
    assert after[ACCEPT]["statuses"] == {"accepted"}
    assert after[REJECT]["statuses"] == {"rejected"}
    assert after[SURVIVOR]["statuses"] == {"candidate"}
    assert after[SURVIVOR]["labels"] == {SURVIVOR}  # described alike in every document graph
    assert set(reviewed["queue_after"]) == {SURVIVOR}


def test_no_evidence_is_lost(reviewed):
    before, after = reviewed["evidence_before"], reviewed["after"]
    assert after[MERGED]["mentions"] == set()
    assert len(after[SURVIVOR]["mentions"]) == len(before[SURVIVOR]["mentions"]) + len(before[MERGED]["mentions"])
    assert after[SURVIVOR]["mentions"] == before[SURVIVOR]["mentions"] | before[MERGED]["mentions"]
    assert after[SURVIVOR]["passages"] == before[SURVIVOR]["passages"] | before[MERGED]["passages"]
    for label in (ACCEPT, REJECT):  # accepting or rejecting keeps every mention
        assert after[label]["mentions"] == before[label]["mentions"]


def test_an_unchanged_re_ingest_keeps_the_decisions(reviewed):
    workspace = reviewed["workspace"]
    output = ccg(workspace, "ingest", str(reviewed["corpus"]), "--curation-file", str(reviewed["curation"]))
    assert "3 unchanged" in output
    assert evidence(workspace / "store", reviewed["ids"][ACCEPT])["statuses"] == {"accepted"}


def test_a_new_decision_replaces_the_old_one_for_the_same_actor(reviewed, tmp_path):
    curation = tmp_path / "curation.csv"
    curation.write_bytes(reviewed["curation"].read_bytes())
    actor = reviewed["ids"][ACCEPT]
    output = ccg(reviewed["workspace"], "review", "reject", actor, "--curation-file", str(curation))
    assert "(replaces line 2: accept," in output
    ccg(reviewed["workspace"], "review", "rename", actor, "Nordlicht Robotik", "--curation-file", str(curation))
    rows = [(d.action, d.actor) for d in read_curation(curation) if d.actor == actor]
    assert rows == [("reject", actor), ("rename", actor)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("accept", "airbus-operations"), "is a registry actor"),
        (("reject", "Nordwerk Hamburg GmbH"), "no actor in the store has this id, IRI or label"),
        (("merge", SURVIVOR, SURVIVOR), "into itself"),
        (("rename", SURVIVOR, " "), "needs a new, non-empty name"),
    ],
)
def test_a_decision_that_makes_no_sense_is_one_line_and_writes_nothing(reviewed, tmp_path, args, message):
    curation = tmp_path / "curation.csv"
    result = CliRunner().invoke(cli, ["--store", str(reviewed["workspace"] / "store"), "review", *args, "--curation-file", str(curation)])
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not curation.exists()
