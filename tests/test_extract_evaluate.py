"""Scoring extraction against gold files: a tiny hand-made gold, and ``ccg evaluate`` on the sample corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from build_graph import cli
from ingest.errors import ExtractionError
from ingest.evaluate import EvaluationReport, Score, evaluate_corpus, gold_documents, trained_documents
from ingest.evaluate_report import format_report
from tests.extract_world import resources, write_ruler_model

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


def test_actors_are_also_scored_by_part_of_the_output(tiny_report):
    # Hamburger Hochbahn AG and Hochbahn come from the registry, Nordlicht Robotics GmbH from a legal-form pattern
    assert tiny_report.part_total("curated") == tiny_report.part_total("registry") == Score(tp=2, fp=0, fn=2)
    assert tiny_report.part_total("candidate") == tiny_report.part_total("pattern") == Score(tp=1, fp=0, fn=3)
    assert tiny_report.part_total("ner") == Score(tp=0, fp=0, fn=4)
    assert "  candidate       1     0     3      1.000   0.250   0.400" in format_report(tiny_report).splitlines()


def held_out_folder(root):
    """A gold folder of two documents, 001.txt trained on by the NER "model" of ``root/models`` (a
    ruler tagging Zyrtex and Qvantor, with a model card naming 001.txt), 002.txt held out."""
    gold, models = root / "gold", root / "models"
    gold.mkdir()
    models.mkdir()
    write_ruler_model(models / "ner-de", [{"label": "ORG", "pattern": "Zyrtex"}, {"label": "ORG", "pattern": "Qvantor"}])
    card = {"data": [{"name": "sample-de", "role": "train", "documents": ["001.txt"]}]}
    (models / "ner-de" / "model-card.json").write_text(json.dumps(card), encoding="utf-8")
    texts = {"001.txt": "Die Hamburger Hochbahn AG kauft bei Zyrtex ein.",
             "002.txt": "Die Hamburger Hochbahn AG testet mit Zyrtex neue Busse. Qvantor berichtet darüber."}
    for name, text in texts.items():
        (gold / name).write_text(text, encoding="utf-8")
        actors = [{"name": n, "canonical": n, "type": "Company", "aliases": []} for n in ("Hamburger Hochbahn AG", "Zyrtex")]
        (gold / name.replace(".txt", ".gold.json")).write_text(json.dumps({"language": "de", "actors": actors}), encoding="utf-8")
    return gold, models


def test_ccg_evaluate_compares_with_and_without_ner_on_held_out_documents(tmp_path):
    gold, models = held_out_folder(tmp_path)
    assert trained_documents(models) == {"001.txt"}
    args = ["evaluate", str(gold), "--ner-models", str(models), "--compare-ner", "--held-out"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["documents"], data["left_out"]) == (1, ["001.txt"])
    without, with_ner = data["runs"]["without_ner"], data["runs"]["with_ner"]
    # 002.txt: the registry finds the Hochbahn; the NER adds Zyrtex (gold) and Qvantor (not gold)
    assert [without["totals"]["actors"][k] for k in ("tp", "fp", "fn")] == [1, 0, 1]
    assert [with_ner["totals"]["actors"][k] for k in ("tp", "fp", "fn")] == [2, 1, 0]
    assert [with_ner["actor_parts"]["ner"][k] for k in ("tp", "fp")] == [1, 1]
    assert with_ner["actor_parts"]["curated"] == without["actor_parts"]["curated"]
    table = CliRunner().invoke(cli, args).output
    assert table.splitlines()[0].split() == ["without", "NER", "with", "NER"]
    assert "left out 1 documents the NER models trained on (their model-card.json): 001.txt" in table


def test_ccg_evaluate_refuses_compare_without_ner_and_models_without_card(tmp_path):
    gold, models = held_out_folder(tmp_path)
    refused = CliRunner().invoke(cli, ["evaluate", str(gold), "--no-ner", "--compare-ner"])
    assert refused.exit_code == 2 and "leave out --no-ner" in refused.output
    (models / "ner-de" / "model-card.json").unlink()
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--ner-models", str(models), "--held-out"])
    assert result.exit_code == 1
    assert "model-card.json: cannot tell which documents the NER model trained on (file not found)" in result.output


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


@pytest.mark.slow
def test_the_ner_models_do_not_lower_the_precision_of_curated_output(repository):
    result = CliRunner().invoke(cli, ["evaluate", str(repository / "data" / "sample"), "--compare-ner", "--format", "json"])
    assert result.exit_code == 0, result.output
    runs = json.loads(result.output)["runs"]
    curated = [runs[run]["actor_parts"]["curated"] for run in ("without_ner", "with_ner")]
    assert curated[1]["fp"] <= curated[0]["fp"] and curated[1]["tp"] >= curated[0]["tp"]  # issue 7
