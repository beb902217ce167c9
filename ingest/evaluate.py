"""Scoring extraction against gold files (``NNN.gold.json`` beside ``NNN.txt`` or another format).

Units, per document, micro-averaged over all documents (true positives, false positives and false
negatives are summed before precision, recall and F1 are computed):

* **actors**: distinct surface forms. The gold forms are every actor's ``name`` and ``aliases``;
  the predicted forms are the texts of the actor mentions that are not rejected. Both are
  normalised the same way (whitespace and line breaks collapsed, dashes unified, a leading article
  and an apostrophe-s removed) and compared case-sensitively. The actors are also scored by part
  of the output (:data:`ACTOR_PARTS`): the curated mentions (status curated or accepted: registry
  and curator decisions), the candidates, and the mentions of each source (registry, pattern, ner);
  a part's false negatives are the gold forms it did not find.
* **technologies**: distinct surface forms, normalised and compared the same way.
* **relations**: distinct ``(subject, predicate, object)`` triples. A predicted actor IRI stands for
  the gold actor one of whose surface forms it was found with (its ``canonical`` name); a cluster
  IRI for its cluster id; a technology concept for itself, and a gold technology surface form for
  the concept that extraction gave that form. ``partnerOf`` pairs are unordered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import gold_unreadable, model_card_unreadable
from ingest.language import pipeline_language
from ingest.model import ActorMention, Extraction
from ingest.readers import read_document
from ingest.ruleset import LanguageRules
from ingest.textnorm import display_name

if TYPE_CHECKING:
    from ingest.resources import ExtractionResources
    from ontology.iris import IriScheme

GOLD_SUFFIX = ".gold.json"
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
KINDS = ("actors", "technologies", "relations")
ACTOR_PARTS: tuple[tuple[str, Callable[[ActorMention], bool]], ...] = (
    ("curated", lambda m: m.status in ("curated", "accepted")),
    ("candidate", lambda m: m.status == "candidate"),
    ("registry", lambda m: m.source == "registry"),
    ("pattern", lambda m: m.source == "pattern"),
    ("ner", lambda m: m.source == "ner"),
)


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
    actor_parts: tuple[tuple[str, Comparison], ...] = ()  # the actors by part of the output (ACTOR_PARTS)


@dataclass(frozen=True)
class EvaluationReport:
    """The per-document scores and their micro-averaged totals."""

    documents: tuple[DocumentScore, ...]

    def total(self, kind: str) -> Score:
        """The summed score of ``kind`` (``actors``, ``technologies`` or ``relations``)."""
        return sum((getattr(d, kind).score for d in self.documents), Score())

    def part_total(self, part: str) -> Score:
        """The summed actor score of one part of the output (``curated``, ``candidate``, ``ner``, ...)."""
        return sum((c.score for d in self.documents for name, c in d.actor_parts if name == part), Score())


@dataclass(frozen=True)
class Evaluation:
    """One or more labelled runs over the same documents (``without NER``, ``with NER``), and the
    documents left out because the NER models trained on them."""

    runs: tuple[tuple[str, EvaluationReport], ...]
    left_out: tuple[str, ...] = ()


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
    >>> dict(s.actor_parts)["curated"].score, dict(s.actor_parts)["candidate"].score
    (Score(tp=1, fp=0, fn=1), Score(tp=0, fp=0, fn=2))
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
        tuple((part, compare(forms, (norm(a.text) for a in actors if belongs(a)))) for part, belongs in ACTOR_PARTS),
    )


def _triple(subject: str, predicate: str, obj: str) -> str:
    if predicate == "partnerOf":
        subject, obj = sorted((subject, obj))
    return f"{subject} --{predicate}--> {obj}"


def evaluate_corpus(gold_dir: Path, resources: ExtractionResources, skip: frozenset[str] = frozenset()) -> EvaluationReport:
    """Read every gold file of ``gold_dir`` and its document, extract, and score.

    Documents are read with :func:`ingest.readers.read_document` and processed with the pipeline of
    their detected language, exactly as ``ccg ingest`` would. Documents whose file names are in
    ``skip`` are left out.
    """
    from ingest.extract import build_pipeline, extract_texts  # spaCy only when evaluating

    pairs = [(gold, document) for gold, document in gold_documents(gold_dir) if document.name not in skip]
    if not pairs:
        raise gold_unreadable(gold_dir, f"no *{GOLD_SUFFIX} files in the folder" + (" besides the left-out documents" if skip else ""))
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


def trained_documents(ner_dir: Path) -> frozenset[str]:
    """The file names of the gold documents the NER models in ``ner_dir`` were trained on, as their
    ``model-card.json`` files list them (``documents`` of the corpora with role ``train``).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "ner-de").mkdir()
    >>> _ = (root / "ner-de" / "model-card.json").write_text(json.dumps({"data": [
    ...     {"name": "sample-de", "role": "train", "documents": ["003.txt", "001.txt"]},
    ...     {"name": "uner", "role": "evaluation only"}]}))
    >>> sorted(trained_documents(root))
    ['001.txt', '003.txt']
    """
    documents: set[str] = set()
    folders = sorted(p for p in ner_dir.glob("ner-*") if p.is_dir()) if ner_dir.is_dir() else []
    if not folders:
        raise model_card_unreadable(ner_dir / "ner-*" / "model-card.json", "no model folder")
    for folder in folders:
        card = folder / "model-card.json"
        try:
            data = json.loads(card.read_text(encoding="utf-8"))
            documents.update(d for corpus in data["data"] if corpus.get("role") == "train" for d in corpus.get("documents", []))
        except FileNotFoundError as error:
            raise model_card_unreadable(card, "file not found") from error
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise model_card_unreadable(card, str(error).splitlines()[0] if str(error) else type(error).__name__) from error
    return frozenset(documents)


def evaluate_gold(gold_dir: Path, iris: IriScheme, ner_dir: Path, ner: str = "with", held_out: bool = False) -> Evaluation:
    """Score the gold files of ``gold_dir`` with the NER models of ``ner_dir`` (``ner="with"``),
    without them (``"without"``), or both (``"compare"``); with ``held_out`` only on the documents
    the models never trained on (:func:`trained_documents`).
    """
    from ingest.extract import load_resources  # spaCy only when evaluating

    skip = trained_documents(ner_dir) if held_out else frozenset()
    settings = {"with": (("with NER", ner_dir),), "without": (("without NER", None),),
                "compare": (("without NER", None), ("with NER", ner_dir))}[ner]
    resources = load_resources(iris, ner_dir=None)  # read once; the runs differ only in their NER folder
    runs = tuple((label, evaluate_corpus(gold_dir, replace(resources, ner_dir=folder), skip)) for label, folder in settings)
    left_out = sorted(document.name for _gold, document in gold_documents(gold_dir) if document.name in skip)
    return Evaluation(runs, tuple(left_out))
