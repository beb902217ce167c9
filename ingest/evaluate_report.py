"""The report of ``ccg evaluate``: a text table, or the same as JSON.

One table row per kind (actors, technologies, relations), and below the actors one row per part of
the output (:data:`ingest.evaluate.ACTOR_PARTS`), so that a reader sees what the curated output
and the candidates of each source are worth. Runs with and without the NER models stand side by
side.
"""

from __future__ import annotations

import json

from ingest.evaluate import ACTOR_PARTS, KINDS, Evaluation, EvaluationReport, Score

PARTS_NOTE = (
    "actor parts: curated = status curated or accepted (registry, curator decisions), candidate = status candidate; "
    "registry, pattern, ner = by source; fn = gold forms the part did not find"
)


def figures(score: Score) -> dict:
    """Counts and rounded precision, recall and F1.

    Examples
    --------
    >>> figures(Score(tp=1, fp=0, fn=1))
    {'tp': 1, 'fp': 0, 'fn': 1, 'precision': 1.0, 'recall': 0.5, 'f1': 0.6667}
    """
    return {"tp": score.tp, "fp": score.fp, "fn": score.fn, "precision": round(score.precision, 4),
            "recall": round(score.recall, 4), "f1": round(score.f1, 4)}


def report_data(report: EvaluationReport, verbose: bool = False) -> dict:
    """One run as plain data (for JSON): totals, actor parts, and per document when ``verbose``.

    Examples
    --------
    >>> from ingest.evaluate import Comparison, DocumentScore
    >>> doc = DocumentScore("a.txt", "de", Comparison(Score(1, 0, 1), ("TUHH",)), Comparison(Score(1)), Comparison(Score()),
    ...                     (("curated", Comparison(Score(1, 0, 1))),))
    >>> data = report_data(EvaluationReport((doc,)))
    >>> data["totals"]["actors"]["recall"], data["actor_parts"]["curated"]["tp"], data["actor_parts"]["ner"]["tp"]
    (0.5, 1, 0)
    """
    data: dict = {
        "documents": len(report.documents),
        "totals": {kind: figures(report.total(kind)) for kind in KINDS},
        "actor_parts": {part: figures(report.part_total(part)) for part, _ in ACTOR_PARTS},
    }
    if verbose:
        data["per_document"] = [
            {"document": d.document, "language": d.language,
             **{kind: {**figures(getattr(d, kind).score), "missed": list(getattr(d, kind).missed),
                       "spurious": list(getattr(d, kind).spurious)} for kind in KINDS},
             "actor_parts": {part: figures(c.score) for part, c in d.actor_parts}}
            for d in report.documents
        ]
    return data


def evaluation_data(evaluation: Evaluation, verbose: bool = False) -> dict:
    """An evaluation as plain data: one run as :func:`report_data`; several under ``runs`` by label
    (``without_ner``, ``with_ner``); with the documents left out when any were."""
    if len(evaluation.runs) == 1:
        data = report_data(evaluation.runs[0][1], verbose)
    else:
        data = {"documents": len(evaluation.runs[0][1].documents),
                "runs": {_key(label): report_data(report, verbose) for label, report in evaluation.runs}}
    if evaluation.left_out:
        data["left_out"] = list(evaluation.left_out)
    return data


def format_report(report: EvaluationReport, fmt: str = "table", verbose: bool = False) -> str:
    """One run as a text table (per-document rows and misses when ``verbose``) or as JSON.

    Examples
    --------
    >>> from ingest.evaluate import Comparison, DocumentScore
    >>> doc = DocumentScore("a.txt", "de", Comparison(Score(1, 0, 1), ("TUHH",)), Comparison(Score(1)), Comparison(Score()),
    ...                     (("curated", Comparison(Score(1, 0, 1))),))
    >>> print(format_report(EvaluationReport((doc,))))
    kind             tp    fp    fn  precision  recall      f1
    actors            1     0     1      1.000   0.500   0.667
      curated         1     0     1      1.000   0.500   0.667
      candidate       0     0     0      1.000   1.000   1.000
      registry        0     0     0      1.000   1.000   1.000
      pattern         0     0     0      1.000   1.000   1.000
      ner             0     0     0      1.000   1.000   1.000
    technologies      1     0     0      1.000   1.000   1.000
    relations         0     0     0      1.000   1.000   1.000
    1 documents, micro-averaged over distinct surface forms (actors, technologies) and triples (relations)
    actor parts: curated = status curated or accepted (registry, curator decisions), candidate = status candidate; registry, pattern, ner = by source; fn = gold forms the part did not find
    """
    return format_evaluation(Evaluation((("", report),)), fmt, verbose)


def format_evaluation(evaluation: Evaluation, fmt: str = "table", verbose: bool = False) -> str:
    """An evaluation as text (runs side by side) or JSON (:func:`evaluation_data`).

    Examples
    --------
    >>> from ingest.evaluate import Comparison, DocumentScore
    >>> def run(fp):
    ...     doc = DocumentScore("a.txt", "de", Comparison(Score(1, fp)), Comparison(Score()), Comparison(Score()))
    ...     return EvaluationReport((doc,))
    >>> text = format_evaluation(Evaluation((("without NER", run(0)), ("with NER", run(1))), ("b.txt",)))
    >>> print("\\n".join(text.splitlines()[:3]))
                     without NER                                  with NER
    kind             tp    fp    fn  precision  recall      f1    tp    fp    fn  precision  recall      f1
    actors            1     0     0      1.000   1.000   1.000     1     1     0      0.500   1.000   0.667
    >>> text.splitlines()[-1]
    'left out 1 documents the NER models trained on (their model-card.json): b.txt'
    """
    if fmt == "json":
        return json.dumps(evaluation_data(evaluation, verbose), ensure_ascii=False, indent=2)
    lines: list[str] = []
    reports = [report for _label, report in evaluation.runs]
    if verbose:
        for label, report in evaluation.runs:
            lines += ([f"== {label}"] if label else []) + _document_rows(report) + _item_lines(report) + [""]
    if len(reports) > 1:
        lines.append(" " * 17 + "".join(f"{label:<45}" for label, _ in evaluation.runs).rstrip())  # above each "tp"
    lines.append(f"{'kind':<14}" + "".join(f"{'tp':>5}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}{'f1':>8}" + " " for _ in reports).rstrip())
    for kind in KINDS:
        lines.append(_row(kind, [report.total(kind) for report in reports]))
        if kind == "actors":
            lines += [_row(f"  {part}", [report.part_total(part) for report in reports]) for part, _ in ACTOR_PARTS]
    lines.append(f"{len(reports[0].documents)} documents, micro-averaged over distinct surface forms (actors, technologies) and triples (relations)")
    lines.append(PARTS_NOTE)
    if evaluation.left_out:
        lines.append(f"left out {len(evaluation.left_out)} documents the NER models trained on (their model-card.json): {', '.join(evaluation.left_out)}")
    return "\n".join(lines)


def _row(name: str, scores: list[Score]) -> str:
    cells = (f"{s.tp:>5}{s.fp:>6}{s.fn:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>8.3f}" for s in scores)
    return f"{name:<14}" + " ".join(cells)


def _document_rows(report: EvaluationReport) -> list[str]:
    lines = [f"{'document':<14}{'lang':<6}" + "".join(f"{kind[:5] + ' P/R/F1':>22}" for kind in KINDS)]
    for d in report.documents:
        lines.append(f"{d.document:<14}{d.language:<6}" + "".join(f"{_prf(getattr(d, kind).score):>22}" for kind in KINDS))
    return lines


def _item_lines(report: EvaluationReport) -> list[str]:
    """Every missed and spurious item; a spurious actor with the parts of the output that gave it."""
    lines = []
    for d in report.documents:
        for kind in KINDS:
            comparison = getattr(d, kind)
            for label, items in (("missed", comparison.missed), ("spurious", comparison.spurious)):
                for item in items:
                    parts = [part for part, c in d.actor_parts if item in c.spurious] if kind == "actors" and label == "spurious" else []
                    lines.append(f"{d.document}  {kind:<12} {label:<8} {item!r}" + (f" ({', '.join(parts)})" if parts else ""))
    return lines


def _prf(score: Score) -> str:
    return f"{score.precision:.2f} {score.recall:.2f} {score.f1:.2f}"


def _key(label: str) -> str:
    return label.lower().replace(" ", "_")
