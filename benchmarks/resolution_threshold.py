"""Measure the fuzzy-matching threshold of actor resolution on the gold files of the sample corpus.

For every gold surface form that is not a registry name exactly (after normalisation), fuzzy
matching (rapidfuzz ``ratio`` on the normalised keys) either links it to the right registry actor,
links it wrongly (to another actor, or although the organisation is not in the registry), or
leaves it unlinked. The table shows these counts per threshold, the highest-F1 threshold and the
lowest threshold without a wrong link: a wrong link silently merges an organisation into another
one, a missed link leaves a candidate that a curator can merge, so the configured threshold lies
in the zero-wrong plateau with a margin above the best-scoring wrong link. The last line is one
JSON object.

Usage::

    .venv/bin/python benchmarks/resolution_threshold.py [GOLD_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from ingest.evaluate import gold_documents, read_gold  # noqa: E402
from ingest.extract import load_resources  # noqa: E402
from ingest.resolve import FUZZY_THRESHOLD  # noqa: E402
from ingest.thresholds import link_cases, threshold_curve  # noqa: E402
from ontology.iris import IriScheme  # noqa: E402


def main() -> None:
    gold_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY / "data" / "sample"
    resources = load_resources(IriScheme(), curation_file=None, ner_dir=None)
    golds = [read_gold(gold) for gold, _ in gold_documents(gold_dir)]
    cases = link_cases(golds, resources.index, resources.rules)
    points = threshold_curve(cases, resources.index, range(60, 101, 2))
    print(f"{len(cases)} surface forms need fuzzy matching ({sum(1 for c in cases if c.truth)} of them are registry actors)")
    print(f"{'threshold':>9} {'correct':>8} {'wrong':>6} {'missed':>7} {'rejected':>9} {'precision':>10} {'recall':>7} {'f1':>6}")
    for p in points:
        s = p.score
        print(f"{p.threshold:>9} {p.correct:>8} {p.wrong:>6} {p.missed:>7} {p.rejected:>9} {s.precision:>10.3f} {s.recall:>7.3f} {s.f1:>6.3f}")
    best = max(points, key=lambda p: (round(p.score.f1, 6), p.threshold))
    safe = min((p.threshold for p in points if p.wrong == 0), default=None)
    for case in cases:
        print(f"  case {case.form!r} -> {case.truth or '(not in registry)'}")
    print(f"highest F1 at {best.threshold}; no wrong link from {safe}; configured {FUZZY_THRESHOLD}")
    print(json.dumps({"cases": len(cases), "best_threshold": best.threshold, "best_f1": round(best.score.f1, 4), "zero_wrong_from": safe,
                      "configured_threshold": FUZZY_THRESHOLD,
                      "curve": [{"threshold": p.threshold, "correct": p.correct, "wrong": p.wrong, "missed": p.missed} for p in points]}))


if __name__ == "__main__":
    main()
