"""Measuring the fuzzy-matching threshold of resolution on the gold files.

Every gold surface form whose key is not a registry key exactly is a *case*: its truth is the
registry actor whose name or alias has the same key as the gold ``canonical`` name (or none, for
an organisation the registry does not know). At a threshold, fuzzy matching links a case
correctly, wrongly (another actor, or one the registry does not know), or not at all. The curve
of these counts over thresholds is what :data:`ingest.resolve.FUZZY_THRESHOLD` was chosen from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.evaluate import Gold, Score
from ingest.resolve import RegistryIndex, actor_key, match_registry
from ingest.ruleset import Rules


@dataclass(frozen=True)
class LinkCase:
    """A surface form that needs fuzzy matching, and the registry id it should link to ("" = none)."""

    form: str
    key: str
    truth: str


@dataclass(frozen=True)
class ThresholdPoint:
    """How fuzzy matching does on the cases at one threshold."""

    threshold: float
    correct: int
    wrong: int
    missed: int
    rejected: int  # cases without truth left unlinked (right)
    linkable: int  # cases with a truth

    @property
    def score(self) -> Score:
        """As a :class:`ingest.evaluate.Score`: correct links are true positives, wrong links false
        positives, linkable cases not linked correctly false negatives."""
        return Score(self.correct, self.wrong, self.linkable - self.correct)


def link_cases(golds: Iterable[Gold], index: RegistryIndex, rules: Rules) -> list[LinkCase]:
    """The cases of the gold files: surface forms whose key the registry does not hold exactly.

    Examples
    --------
    >>> from ingest.evaluate import GoldActor
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> index = RegistryIndex({"kreativgesellschaft": "hkg"}, ("kreativgesellschaft",), ("hkg",), {}, {}, {})
    >>> gold = Gold("de", (), (GoldActor("Kreativ Gesellschaft", "Kreativgesellschaft", "Association"),), (), ())
    >>> link_cases([gold], index, rules)
    [LinkCase(form='Kreativ Gesellschaft', key='kreativ gesellschaft', truth='hkg')]
    """
    cases = {}
    for gold in golds:
        for actor in gold.actors:
            hit = match_registry(actor_key(actor.canonical, rules), index, 100, full_key=actor_key(actor.canonical, rules, True))
            truth = hit[0] if hit else ""
            for form in (actor.name, *actor.aliases):
                key, full = actor_key(form, rules), actor_key(form, rules, True)
                if key and key not in index.by_key and full not in index.by_key:
                    cases[(form, truth)] = LinkCase(form, key, truth)
    return [cases[k] for k in sorted(cases)]


def threshold_curve(cases: Sequence[LinkCase], index: RegistryIndex, thresholds: Iterable[float]) -> list[ThresholdPoint]:
    """Count correct, wrong and missed links of ``cases`` at each threshold.

    Examples
    --------
    >>> index = RegistryIndex({"kreativgesellschaft": "hkg"}, ("kreativgesellschaft",), ("hkg",), {}, {}, {})
    >>> cases = [LinkCase("Kreativ Gesellschaft", "kreativ gesellschaft", "hkg"), LinkCase("Kreativagentur", "kreativagentur", "")]
    >>> [(p.threshold, p.correct, p.wrong, p.missed, p.rejected) for p in threshold_curve(cases, index, [60, 98])]
    [(60, 1, 1, 0, 0), (98, 0, 0, 1, 1)]
    """
    points = []
    for threshold in thresholds:
        correct = wrong = missed = rejected = 0
        for case in cases:
            hit = match_registry(case.key, index, threshold)
            linked = hit[0] if hit else ""
            if linked and linked == case.truth:
                correct += 1
            elif linked:
                wrong += 1
            elif case.truth:
                missed += 1
            else:
                rejected += 1
        points.append(ThresholdPoint(threshold, correct, wrong, missed, rejected, sum(1 for c in cases if c.truth)))
    return points
