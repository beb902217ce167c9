"""Exact-span scoring of the NER models: per-label precision / recall / F1 and words per CPU second."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.ner_corpora import TARGET_LABELS, TaggedSentence

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LabelScore", "evaluate_sentences", "prf", "score_entities", "score_heldout", "words_per_second"]


@dataclass(frozen=True)
class LabelScore:
    """Exact-span precision, recall and F1 of one label (``support`` = gold entities)."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


def score_entities(
    gold: Sequence[Iterable[tuple[int, int, str]]],
    predicted: Sequence[Iterable[tuple[int, int, str]]],
    labels: Sequence[str] = TARGET_LABELS,
) -> dict[str, LabelScore]:
    """Exact-span precision, recall and F1 per label and micro-averaged over ``labels`` (``ALL``).

    Examples
    --------
    >>> g = [[(0, 1, "ORG"), (3, 5, "PER")], [(1, 2, "ORG")]]
    >>> p = [[(0, 1, "ORG"), (3, 4, "PER")], [(1, 2, "ORG"), (4, 5, "ORG")]]
    >>> s = score_entities(g, p)
    >>> round(s["ORG"].precision, 3), s["ORG"].recall, s["PER"].f1, s["ORG"].support
    (0.667, 1.0, 0.0, 2)
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, predicted, strict=True):
        g_set = {e for e in g_doc if e[2] in labels}
        p_set = {e for e in p_doc if e[2] in labels}
        for e in g_set:
            n_gold[e[2]] += 1
            n_gold["ALL"] += 1
        for e in p_set:
            n_pred[e[2]] += 1
            n_pred["ALL"] += 1
        for e in g_set & p_set:
            tp[e[2]] += 1
            tp["ALL"] += 1
    return {label: LabelScore(*prf(tp[label], n_pred[label], n_gold[label]), n_gold[label], n_pred[label])
            for label in (*labels, "ALL")}


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of counts (0 where nothing was predicted or nothing is gold).

    Examples
    --------
    >>> prf(3, 4, 6), prf(0, 0, 5)
    ((0.75, 0.5, 0.6), (0.0, 0.0, 0.0))
    """
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _predict(nlp: Language, sentences: Sequence[TaggedSentence]) -> list[list[tuple[int, int, str]]]:
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(s.words)) for s in sentences)
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(docs, batch_size=256)]


def evaluate_sentences(
    nlp: Language, sentences: Sequence[TaggedSentence], labels: Sequence[str] = TARGET_LABELS
) -> dict[str, LabelScore]:
    """Run ``nlp`` on the gold tokenisation of ``sentences`` and score its entities."""
    return score_entities([s.entities() for s in sentences], _predict(nlp, sentences), labels)


def words_per_second(nlp: Language, texts: Sequence[str], *, rounds: int = 2) -> float:
    """Words (tokens) per CPU second of the whole pipeline on ``texts`` (best of ``rounds``).

    CPU time of this process, not wall-clock time, so that other jobs on a shared machine do not
    change the figure.
    """
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        n = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
        elapsed = time.process_time() - start
        best = max(best, n / elapsed if elapsed > 0 else 0.0)
    return best



def score_heldout(
    nlp: Language,
    heldout: Mapping[str, Sequence[TaggedSentence]],
    *,
    partial: Iterable[str] = (),
    pooled: Iterable[str] = (),
) -> dict[str, dict[str, LabelScore]]:
    """Scores per held-out set, preceded by ``heldout``: the sets named in ``pooled`` scored together.

    The ``partial`` sets annotate organisations only and are scored on ``ORG`` alone.
    """
    partial_sets, pooled_sets = set(partial), set(pooled)
    scores: dict[str, dict[str, LabelScore]] = {}
    together: list[TaggedSentence] = []
    for name, sentences in heldout.items():
        if not sentences:
            continue
        if name in partial_sets:
            scores[name] = {"ORG": evaluate_sentences(nlp, sentences, labels=("ORG",))["ORG"]}
            continue
        scores[name] = evaluate_sentences(nlp, sentences)
        if name in pooled_sets:
            together.extend(sentences)
    return {"heldout": evaluate_sentences(nlp, together), **scores}
