"""Scoring extraction against gold files: a tiny hand-made gold, and ``ccg evaluate`` on the sample corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from build_graph import cli
from ingest.errors import ExtractionError
from ingest.evaluate import EvaluationReport, Score, evaluate_corpus, format_report, gold_documents
from tests.extract_world import resources

TEXT = (
    "Wasserstoff im Hafen\n\n"
    "Die Hamburger Hochbahn AG arbeitet gemeinsam mit der Nordlicht Robotics GmbH an Brennstoffzellen. "
    "Die Hochbahn testet auch Drohnen.\n"
)
GOLD = {
    "language": "de",
    "clusters": ["logistics"],
    "actors": [
        {"name": "Hamburger Hochbahn AG", "canonical": "Hamburger Hochbahn AG", "type": "Company", "aliases": ["Hochbahn"]},
        {"name": "Nordlicht Robotics GmbH", "canonical": "Nordlicht Robotics GmbH", "type": "Company", "aliases": []},
        {"name": "Hafen", "canonical": "Hafen", "type": "Other", "aliases": []},
    ],
    "technologies": ["Wasserstoff", "Brennstoffzellen", "Drohnen", "Robotics"],
    "relations": [
        {"subject": "Hamburger Hochbahn AG", "predicate": "partnerOf", "object": "Nordlicht Robotics GmbH"},
        {"subject": "Nordlicht Robotics GmbH", "predicate": "worksOn", "object": "Brennstoffzellen"},
        {"subject": "Hamburger Hochbahn AG", "predicate": "fundedBy", "object": "Nordlicht Robotics GmbH"},
    ],
}


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory) -> EvaluationReport:
    folder = tmp_path_factory.mktemp("gold")
    (folder / "001.txt").write_text(TEXT, encoding="utf-8")
    (folder / "001.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return evaluate_corpus(folder, resources())


def test_actor_and_technology_scores_count_distinct_surface_forms(tiny_report):
    # predicted actors: Hamburger Hochbahn AG, Nordlicht Robotics GmbH, Hochbahn; gold also has the wrong "Hafen"
    assert tiny_report.total("actors") == Score(tp=3, fp=0, fn=1)
    # predicted technologies: Wasserstoff, Brennstoffzellen, Drohnen; "Robotics" is inside an actor name
    assert tiny_report.total("technologies") == Score(tp=3, fp=0, fn=1)
    assert tiny_report.documents[0].technologies.missed == ("Robotics",)


def test_relations_are_scored_as_triples_with_unordered_partners(tiny_report):
    relations = tiny_report.documents[0].relations
    assert relations.score.tp == 2  # partnerOf (either order) and Nordlicht worksOn fuel cells
    assert relations.missed == ("Hamburger Hochbahn AG --fundedBy--> Nordlicht Robotics GmbH",)
    assert "Hamburger Hochbahn AG --worksOn--> https://w3id.org/cross-cluster-graph/technology/fuel-cells" in relations.spurious


def test_report_formats(tiny_report):
    table = format_report(tiny_report, verbose=True)
    assert table.splitlines()[0].startswith("document")
    assert "001.txt  technologies missed   'Robotics'" in table
    data = json.loads(format_report(tiny_report, fmt="json", verbose=True))
    assert data["totals"]["actors"] == {"tp": 3, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.75, "f1": 0.8571}
    assert data["per_document"][0]["document"] == "001.txt"


def test_a_gold_file_without_document_is_an_error(tmp_path):
    (tmp_path / "007.gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"007.gold.json: cannot use the gold file \(no document 007.txt"):
        gold_documents(tmp_path)


@pytest.mark.slow
def test_ccg_evaluate_on_the_sample_corpus_meets_the_targets(repository):
    result = CliRunner().invoke(cli, ["evaluate", str(repository / "data" / "sample"), "--format", "json", "--verbose"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == len(list((repository / "data" / "sample").glob("*.gold.json")))
    assert set(report["totals"]) == {"actors", "technologies", "relations"}
    assert len(report["per_document"]) == report["documents"]
    for kind in report["totals"].values():
        assert kind["tp"] + kind["fn"] > 0 and 0.0 <= kind["f1"] <= 1.0
    # regression guard with the targets of issue 3
    assert report["totals"]["actors"]["f1"] >= 0.90
    assert report["totals"]["technologies"]["f1"] >= 0.85
