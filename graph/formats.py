"""Analysis results as text for the command line: ``table``, ``csv``, ``json`` or ``md``.

Every writer takes records (from :mod:`graph.stored` or :mod:`graph.analyse`) and returns a string;
numbers are rounded to :data:`graph.rounding.DIGITS` digits. Markdown cells are escaped, since
labels and quotes come from documents.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

from graph.bridges import BridgeCandidate
from graph.errors import bad_choice
from graph.partners import PartnerSuggestion
from graph.results import ActorMeasures
from graph.rounding import rank_key, rounded
from graph.technologies import TechnologySpread
from ontology.sparql import render_table

FORMATS = ("table", "csv", "json", "md")
ACTOR_SORTS: dict[str, tuple[str, Callable[[ActorMeasures], float | None], bool]] = {
    # name: (column, value, ascending)
    "bridging": ("bridging", lambda m: m.bridging.score, False),
    "betweenness": ("betweenness", lambda m: m.betweenness, False),
    "constraint": ("constraint", lambda m: m.constraint, True),
    "participation": ("participation", lambda m: m.participation, False),
}


def sort_actors(measures: Sequence[ActorMeasures], by: str) -> list[ActorMeasures]:
    """Actors ordered by a measure: descending, except constraint (low constraint spans holes) ascending.

    Undefined values (an isolated actor's constraint) go last; ties by label, then IRI.
    """
    if by not in ACTOR_SORTS:
        raise bad_choice("--sort", by, list(ACTOR_SORTS))
    _column, value, ascending = ACTOR_SORTS[by]

    def key(m: ActorMeasures) -> tuple:
        v = value(m)
        if v is None:
            return (1, 0.0, m.label, m.actor)
        return (0, -rank_key(v) if ascending else rank_key(v), m.label, m.actor)

    return sorted(measures, key=key)


def _number(value: float | None) -> str:
    shown = rounded(value)
    return "" if shown is None else f"{shown:g}"


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown_text(text: str) -> str:
    """Escape text from documents for Markdown: no links, HTML, emphasis or table breaks; one line.

    Examples
    --------
    >>> print(markdown_text("a|b <script> [x](javascript:y) *z*"))
    a\\|b &lt;script&gt; \\[x\\](javascript:y) \\*z\\*
    """
    return " ".join(text.translate(_MARKDOWN_SPECIALS).split())


def render_rows(header: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """Rows of text cells as an aligned ``table``, ``csv`` or Markdown (``md``) table.

    Examples
    --------
    >>> print(render_rows(["a", "b"], [["1", "x|y"]], "md"))
    | a | b |
    | --- | --- |
    | 1 | x\\|y |
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt == "table":
        return render_table(list(header), [list(r) for r in rows])
    raise bad_choice("--format", fmt, FORMATS)


def bridges_json(candidates: Sequence[BridgeCandidate]) -> list[dict]:
    """Bridge candidates as JSON-ready dicts (rank order kept)."""
    return [
        {
            "rank": c.rank,
            "cluster_a": {"iri": c.cluster_a, "label": c.label_a},
            "cluster_b": {"iri": c.cluster_b, "label": c.label_b},
            "score": rounded(c.score),
            "topical_closeness": rounded(c.topical_closeness),
            "structural_tie": rounded(c.structural_tie),
            "structural_tie_parts": {
                "shared_members": rounded(c.shared_members),
                "partner_ties": rounded(c.partner_ties),
                "co_mention_ties": rounded(c.co_mention_ties),
            },
            "shared_technologies": [{"iri": t.technology, "label": t.label, "contribution": rounded(t.contribution)} for t in c.technologies],
            "brokers": [{"iri": b.actor, "label": b.label, "score": rounded(b.score)} for b in c.brokers],
            "quotes": [
                {"passage": q.passage, "document": q.document, "source": q.source, "title": q.title, "text": q.text, "score": rounded(q.score)}
                for q in c.quotes
            ],
        }
        for c in candidates
    ]


def format_bridges(candidates: Sequence[BridgeCandidate], fmt: str) -> str:
    """Bridge candidates for ``ccg bridges``."""
    if fmt == "json":
        return json.dumps(bridges_json(candidates), ensure_ascii=False, indent=2)
    header = ["rank", "cluster A", "cluster B", "score", "closeness", "tie", "shared technologies", "brokers", "quotes"]
    rows = [
        [str(c.rank), c.label_a, c.label_b, _number(c.score), _number(c.topical_closeness), _number(c.structural_tie),
         "; ".join(t.label for t in c.technologies), "; ".join(b.label for b in c.brokers), str(len(c.quotes))]
        for c in candidates
    ]
    return render_rows(header, rows, fmt)


def actors_json(measures: Sequence[ActorMeasures], labels: dict[str, str]) -> list[dict]:
    """Actor measures as JSON-ready dicts."""
    return [
        {
            "iri": m.actor,
            "label": m.label,
            "type": m.type,
            "status": m.status,
            "clusters": [{"iri": c, "label": labels.get(c, c)} for c in m.clusters],
            "bridging_score": rounded(m.bridging.score),
            "bridging_parts": {
                "betweenness": rounded(m.bridging.betweenness_part),
                "participation": rounded(m.bridging.participation_part),
                "openness": rounded(m.bridging.openness_part),
            },
            "betweenness": rounded(m.betweenness),
            "cross_cluster_betweenness": rounded(m.cross_cluster_betweenness),
            "constraint": rounded(m.constraint),
            "effective_size": rounded(m.effective_size),
            "participation_coefficient": rounded(m.participation),
            "brokerage_role": m.brokerage_role,
            "brokerage_roles": {
                "coordinator": rounded(m.roles.coordinator),
                "gatekeeper_representative": rounded(m.roles.gatekeeper_representative),
                "itinerant": rounded(m.roles.itinerant),
                "liaison": rounded(m.roles.liaison),
            },
            "community": m.community,
        }
        for m in measures
    ]


def format_actors(measures: Sequence[ActorMeasures], fmt: str, labels: dict[str, str]) -> str:
    """Actor measures for ``ccg actors`` (already sorted and cut)."""
    if fmt == "json":
        return json.dumps(actors_json(measures, labels), ensure_ascii=False, indent=2)
    header = ["actor", "clusters", "bridging", "betweenness part", "participation part", "openness part",
              "betweenness", "cross-cluster", "constraint", "effective size", "participation", "role"]
    rows = [
        [m.label, "; ".join(labels.get(c, c) for c in m.clusters), _number(m.bridging.score), _number(m.bridging.betweenness_part),
         _number(m.bridging.participation_part), _number(m.bridging.openness_part), _number(m.betweenness),
         _number(m.cross_cluster_betweenness), _number(m.constraint), _number(m.effective_size), _number(m.participation),
         m.brokerage_role or ""]
        for m in measures
    ]
    return render_rows(header, rows, fmt)


def format_technologies(spreads: Sequence[TechnologySpread], fmt: str, labels: dict[str, str]) -> str:
    """Technology spreads for ``ccg technologies``."""
    if fmt == "json":
        data = [
            {"rank": s.rank, "iri": s.technology, "label": s.label, "clusters": [{"iri": c, "label": labels.get(c, c)} for c in s.clusters],
             "spread": s.spread, "entropy": rounded(s.entropy), "evidence": s.evidence}
            for s in spreads
        ]
        return json.dumps(data, ensure_ascii=False, indent=2)
    header = ["rank", "technology", "clusters", "spread", "entropy", "evidence"]
    rows = [[str(s.rank), s.label, "; ".join(sorted(labels.get(c, c) for c in s.clusters)), str(s.spread), _number(s.entropy), str(s.evidence)] for s in spreads]
    return render_rows(header, rows, fmt)


def format_partners(ego_label: str, suggestions: Sequence[PartnerSuggestion], fmt: str) -> str:
    """Partner suggestions for ``ccg suggest-partners``."""
    if fmt == "json":
        data = {
            "actor": ego_label,
            "suggestions": [
                {"iri": s.actor, "label": s.label, "score": rounded(s.score),
                 "shared": [{"iri": n.node, "label": n.label, "kind": n.kind, "contribution": rounded(n.contribution)} for n in s.shared]}
                for s in suggestions
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    header = ["partner", "score", "shared neighbours (actors and technologies)"]
    rows = [[s.label, _number(s.score), "; ".join(n.label for n in s.shared)] for s in suggestions]
    return render_rows(header, rows, fmt)
