"""Scoring extraction against gold files (``NNN.gold.json`` beside ``NNN.txt`` or another format).

Units, per document, micro-averaged over all documents (true positives, false positives and false
negatives are summed before precision, recall and F1 are computed):

* **actors**: distinct surface forms. The gold forms are every actor's ``name`` and ``aliases``;
  the predicted forms are the texts of the actor mentions that are not rejected. Both are
  normalised the same way (whitespace and line breaks collapsed, dashes unified, a leading article
  and an apostrophe-s removed) and compared case-sensitively.
* **technologies**: distinct surface forms, normalised and compared the same way.
* **relations**: distinct ``(subject, predicate, object)`` triples. A predicted actor IRI stands for
  the gold actor one of whose surface forms it was found with (its ``canonical`` name); a cluster
  IRI for its cluster id; a technology concept for itself, and a gold technology surface form for
  the concept that extraction gave that form. ``partnerOf`` pairs are unordered.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import gold_unreadable
from ingest.language import pipeline_language
from ingest.model import Extraction
from ingest.readers import read_document
from ingest.ruleset import LanguageRules
from ingest.textnorm import display_name

if TYPE_CHECKING:
    from ingest.resources import ExtractionResources

GOLD_SUFFIX = ".gold.json"
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True)
class Score:
    """Counts of one kind of item; precision, recall and F1 derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall.

        Examples
        --------
        >>> round(Score(tp=8, fp=2, fn=2).f1, 3), Score().f1
        (0.8, 1.0)
        """
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Comparison:
    """A score with what was missed (false negatives) and what was spurious (false positives)."""

    score: Score
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentScore:
    """The scores of one document."""

    document: str
    language: str
    actors: Comparison
    technologies: Comparison
    relations: Comparison


@dataclass(frozen=True)
class EvaluationReport:
    """The per-document scores and their micro-averaged totals."""

    documents: tuple[DocumentScore, ...]

    def total(self, kind: str) -> Score:
        """The summed score of ``kind`` (``actors``, ``technologies`` or ``relations``)."""
        return sum((getattr(d, kind).score for d in self.documents), Score())


@dataclass(frozen=True)
class GoldActor:
    name: str
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    """A parsed gold file."""

    language: str
    clusters: tuple[str, ...]
    actors: tuple[GoldActor, ...]
    technologies: tuple[str, ...]
    relations: tuple[tuple[str, str, str], ...]


def parse_gold(data: Mapping, path: Path | str = "<gold>") -> Gold:
    """Check and convert a parsed gold file.

    Examples
    --------
    >>> g = parse_gold({"language": "de", "clusters": ["maritime"], "technologies": ["LNG"],
    ...                 "actors": [{"name": "HSVA", "canonical": "HSVA GmbH", "type": "Company", "aliases": []}],
    ...                 "relations": [{"subject": "HSVA GmbH", "predicate": "worksOn", "object": "LNG"}]})
    >>> g.actors[0].canonical, g.relations
    ('HSVA GmbH', (('HSVA GmbH', 'worksOn', 'LNG'),))
    """
    try:
        actors = tuple(GoldActor(a["name"], a["canonical"], a.get("type", ""), tuple(a.get("aliases", []))) for a in data["actors"])
        relations = tuple((r["subject"], r["predicate"], r["object"]) for r in data.get("relations", []))
        return Gold(data["language"], tuple(data.get("clusters", [])), actors, tuple(data.get("technologies", [])), relations)
    except (KeyError, TypeError) as error:
        raise gold_unreadable(path, f"missing or malformed field {error}") from error


def read_gold(path: Path) -> Gold:
    """Read and check one ``NNN.gold.json`` file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise gold_unreadable(path, str(error).splitlines()[0]) from error
    return parse_gold(data, path)


def gold_documents(folder: Path) -> list[tuple[Path, Path]]:
    """``(gold file, document)`` pairs of a folder, sorted; a gold file without a document is an error."""
    pairs = []
    for gold in sorted(folder.glob(f"*{GOLD_SUFFIX}")):
        stem = gold.name[: -len(GOLD_SUFFIX)]
        document = next((folder / (stem + s) for s in DOCUMENT_SUFFIXES if (folder / (stem + s)).is_file()), None)
        if document is None:
            raise gold_unreadable(gold, f"no document {stem}.txt (or .md, .html, .pdf, .docx) beside it")
        pairs.append((gold, document))
    return pairs


def compare(gold: Iterable[str], predicted: Iterable[str]) -> Comparison:
    """Compare two sets of items.

    Examples
    --------
    >>> compare(["DLR", "TUHH"], ["DLR", "Hamburg"])
    Comparison(score=Score(tp=1, fp=1, fn=1), missed=('TUHH',), spurious=('Hamburg',))
    """
    gold_set, predicted_set = set(gold), set(predicted)
    return Comparison(
        Score(len(gold_set & predicted_set), len(predicted_set - gold_set), len(gold_set - predicted_set)),
        tuple(sorted(gold_set - predicted_set)),
        tuple(sorted(predicted_set - gold_set)),
    )


def score_document(document: str, gold: Gold, extraction: Extraction, rules: LanguageRules, cluster_ids: Mapping[str, str]) -> DocumentScore:
    """Score one document's extraction against its gold (see the module docstring).

    ``cluster_ids`` maps cluster IRIs to cluster ids.

    Examples
    --------
    >>> from ingest.model import ActorMention, RelationMention, TechnologyMention
    >>> gold = parse_gold({"language": "de", "technologies": ["Landstrom"], "actors": [
    ...     {"name": "Hamburg Port Authority", "canonical": "HPA AöR", "type": "PublicAgency", "aliases": ["HPA"]}],
    ...     "relations": [{"subject": "HPA AöR", "predicate": "worksOn", "object": "Landstrom"}]})
    >>> found = Extraction("de", actors=(ActorMention("HPA", 0, 3, "x/hpa", "HPA", "PublicAgency", "registry", "curated"),),
    ...     technologies=(TechnologyMention("Landstrom", 9, 18, "t/shore-power", "Landstrom"),),
    ...     relations=(RelationMention("x/hpa", "worksOn", "t/shore-power", 0, 20),))
    >>> s = score_document("d.txt", gold, found, LanguageRules("de"), {})
    >>> s.actors.score, s.technologies.score, s.relations.score
    (Score(tp=1, fp=0, fn=1), Score(tp=1, fp=0, fn=0), Score(tp=1, fp=0, fn=0))
    """
    norm = lambda text: display_name(text, rules)  # noqa: E731
    forms = {norm(form): actor.canonical for actor in gold.actors for form in (actor.name, *actor.aliases)}
    actors = [a for a in extraction.actors if a.status != "rejected"]
    actor_names: dict[str, str] = {}
    for mention in actors:
        if norm(mention.text) in forms:
            actor_names.setdefault(mention.iri, forms[norm(mention.text)])
    concept_of_form = {norm(t.text): t.iri for t in extraction.technologies}

    def name(iri: str) -> str:
        return actor_names.get(iri) or cluster_ids.get(iri) or iri

    gold_relations = {_triple(s, p, concept_of_form.get(norm(o), o) if p == "worksOn" else o) for s, p, o in gold.relations}
    predicted_relations = {_triple(name(r.subject), r.predicate, name(r.object)) for r in extraction.relations}
    return DocumentScore(
        document,
        gold.language,
        compare(forms, (norm(a.text) for a in actors)),
        compare((norm(t) for t in gold.technologies), (norm(t.text) for t in extraction.technologies)),
        compare(gold_relations, predicted_relations),
    )


def _triple(subject: str, predicate: str, obj: str) -> str:
    if predicate == "partnerOf":
        subject, obj = sorted((subject, obj))
    return f"{subject} --{predicate}--> {obj}"


def evaluate_corpus(gold_dir: Path, resources: ExtractionResources) -> EvaluationReport:
    """Read every gold file of ``gold_dir`` and its document, extract, and score.

    Documents are read with :func:`ingest.readers.read_document` and processed with the pipeline of
    their detected language, exactly as ``ccg ingest`` would.
    """
    from ingest.extract import build_pipeline, extract_texts  # spaCy only when evaluating

    pairs = gold_documents(gold_dir)
    if not pairs:
        raise gold_unreadable(gold_dir, f"no *{GOLD_SUFFIX} files in the folder")
    cluster_ids = {str(resources.iris.cluster(c.id)): c.id for c in resources.registry.clusters}
    pipelines: dict[str, object] = {}
    scores = []
    for gold_path, document_path in pairs:
        gold = read_gold(gold_path)
        document = read_document(document_path, cwd=gold_dir)
        language = pipeline_language(document.language)
        if language not in pipelines:
            pipelines[language] = build_pipeline(language, resources)
        extraction = next(extract_texts([document.text], language, resources, nlp=pipelines[language]))
        scores.append(score_document(document_path.name, gold, extraction, resources.rules.language(language), cluster_ids))
    return EvaluationReport(tuple(scores))


KINDS = ("actors", "technologies", "relations")


def report_data(report: EvaluationReport, verbose: bool = False) -> dict:
    """The report as plain data (for JSON): totals, and per document when ``verbose``.

    Examples
    --------
    >>> doc = DocumentScore("a.txt", "de", Comparison(Score(1, 0, 1), ("TUHH",)), Comparison(Score(1)), Comparison(Score()))
    >>> report_data(EvaluationReport((doc,)))["totals"]["actors"]
    {'tp': 1, 'fp': 0, 'fn': 1, 'precision': 1.0, 'recall': 0.5, 'f1': 0.6667}
    """

    def figures(score: Score) -> dict:
        return {"tp": score.tp, "fp": score.fp, "fn": score.fn, "precision": round(score.precision, 4),
                "recall": round(score.recall, 4), "f1": round(score.f1, 4)}

    data: dict = {"documents": len(report.documents), "totals": {kind: figures(report.total(kind)) for kind in KINDS}}
    if verbose:
        data["per_document"] = [
            {"document": d.document, "language": d.language,
             **{kind: {**figures(getattr(d, kind).score), "missed": list(getattr(d, kind).missed),
                       "spurious": list(getattr(d, kind).spurious)} for kind in KINDS}}
            for d in report.documents
        ]
    return data


def format_report(report: EvaluationReport, fmt: str = "table", verbose: bool = False) -> str:
    """The report as a text table (per-document rows and misses when ``verbose``) or as JSON.

    Examples
    --------
    >>> doc = DocumentScore("a.txt", "de", Comparison(Score(1, 0, 1), ("TUHH",)), Comparison(Score(1)), Comparison(Score()))
    >>> print(format_report(EvaluationReport((doc,))))
    kind             tp    fp    fn  precision  recall      f1
    actors            1     0     1      1.000   0.500   0.667
    technologies      1     0     0      1.000   1.000   1.000
    relations         0     0     0      1.000   1.000   1.000
    1 documents, micro-averaged over distinct surface forms (actors, technologies) and triples (relations)
    """
    if fmt == "json":
        return json.dumps(report_data(report, verbose), ensure_ascii=False, indent=2)
    lines = []
    if verbose:
        lines.append(f"{'document':<14}{'lang':<6}" + "".join(f"{kind[:5] + ' P/R/F1':>22}" for kind in KINDS))
        for d in report.documents:
            cells = "".join(f"{_prf(getattr(d, kind).score):>22}" for kind in KINDS)
            lines.append(f"{d.document:<14}{d.language:<6}{cells}")
        lines.append("")
    lines.append(f"{'kind':<14}{'tp':>5}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}{'f1':>8}")
    for kind in KINDS:
        s = report.total(kind)
        lines.append(f"{kind:<14}{s.tp:>5}{s.fp:>6}{s.fn:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    lines.append(f"{len(report.documents)} documents, micro-averaged over distinct surface forms (actors, technologies) and triples (relations)")
    if verbose:
        for d in report.documents:
            for kind in KINDS:
                comparison = getattr(d, kind)
                for label, items in (("missed", comparison.missed), ("spurious", comparison.spurious)):
                    for item in items:
                        lines.append(f"{d.document}  {kind:<12} {label:<8} {item!r}")
    return "\n".join(lines)


def _prf(score: Score) -> str:
    return f"{score.precision:.2f} {score.recall:.2f} {score.f1:.2f}"
