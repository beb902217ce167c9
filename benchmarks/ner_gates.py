"""Measure what each NER gate and each piece of evidence buys (``ingest/rules/ner.json``).

Extracts the gold documents once per setting: without the NER models; with them and no gates (every
ORG span the name filter keeps, confidence 0.5: the slot before the gates); with all gates of
``ner.json``; and with all but one gate or piece of evidence (its weight set to 0, or the
threshold to 0). Prints actor precision, recall and F1 overall, the NER candidates' true and false
positives, and the precision of the curated output (registry and curator decisions),
on all gold documents and on those the NER models never trained on (read from their
``model-card.json``). The rules were developed on the trained-on documents and on the sentences of
``tests/test_extract_ner.py``; the held-out columns are the measurement. The last line is one
JSON object.

Usage::

    .venv/bin/python benchmarks/ner_gates.py [GOLD_DIR]
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from ingest.evaluate import EvaluationReport, evaluate_corpus, trained_documents  # noqa: E402
from ingest.extract import DEFAULT_NER_DIR, ExtractionResources, load_resources  # noqa: E402
from ingest.ruleset import NerRules  # noqa: E402
from ontology.iris import IriScheme  # noqa: E402


def with_ner_rules(resources: ExtractionResources, change: dict) -> ExtractionResources:
    """The resources with the NER rules of every language changed by ``change`` (field -> value)."""
    languages = tuple(replace(lang, ner=replace(lang.ner, **change)) for lang in resources.rules.languages)
    return replace(resources, rules=replace(resources.rules, languages=languages))


def settings(rules: NerRules) -> list[tuple[str, dict | None]]:
    """Label and change of the NER rules of each setting; None: without the NER models."""
    evidence = dict(rules.evidence)
    rows: list[tuple[str, dict | None]] = [
        ("without NER", None),
        ("NER, no gates", {"gates": frozenset(), "evidence": (), "threshold": 0.0}),
        ("NER, all gates", {}),
    ]
    rows += [(f"  all but gate {gate}", {"gates": rules.gates - {gate}}) for gate in sorted(rules.gates)]
    rows.append(("  all but threshold", {"threshold": 0.0}))
    rows += [(f"  all but {name}", {"evidence": tuple(sorted({**evidence, name: 0.0}.items()))}) for name in sorted(evidence)]
    return rows


def main() -> None:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY / "data" / "sample"
    iris = IriScheme()
    trained = trained_documents(DEFAULT_NER_DIR)
    plain, with_ner = load_resources(iris, ner_dir=None), load_resources(iris, ner_dir=DEFAULT_NER_DIR)
    print(f"{'setting':<34}{'all: P':>8}{'R':>7}{'F1':>7}{'ner tp/fp':>11}{'curated P':>11}"
          f"{'held-out: P':>13}{'R':>7}{'F1':>7}{'ner tp/fp':>11}{'curated P':>11}")
    results = {}
    for label, change in settings(with_ner.rules.language("de").ner):
        report = evaluate_corpus(gold_dir, plain if change is None else with_ner_rules(with_ner, change))
        held_out = EvaluationReport(tuple(d for d in report.documents if d.document not in trained))
        cells, results[label.strip()] = "", {}
        for name, part in (("all", report), ("held_out", held_out)):
            actors, ner, curated = part.total("actors"), part.part_total("ner"), part.part_total("curated")
            cells += (f"{actors.precision:>{8 if name == 'all' else 13}.3f}{actors.recall:>7.3f}{actors.f1:>7.3f}"
                      f"{f'{ner.tp}/{ner.fp}':>11}{curated.precision:>11.3f}")
            results[label.strip()][name] = {"precision": round(actors.precision, 4), "recall": round(actors.recall, 4),
                                            "f1": round(actors.f1, 4), "ner_tp": ner.tp, "ner_fp": ner.fp,
                                            "curated_precision": round(curated.precision, 4)}
        print(f"{label:<34}{cells}")
    print(f"held out: {len(held_out.documents)} of {len(report.documents)} documents")
    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    main()
