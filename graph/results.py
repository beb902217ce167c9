"""The results of an analysis as plain frozen records, shared by the analysis, the store and the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.bridges import BridgeCandidate
from graph.brokerage import BridgingScore, RoleCounts
from graph.communities import CoLearningField
from graph.technologies import TechnologySpread

@dataclass(frozen=True)
class ActorMeasures:
    """Every measure of one actor. ``constraint`` and ``effective_size`` are None for isolated actors."""

    actor: str
    label: str
    clusters: tuple[str, ...]
    betweenness: float
    cross_cluster_betweenness: float
    constraint: float | None
    effective_size: float | None
    participation: float
    roles: RoleCounts
    bridging: BridgingScore
    community: int
    type: str = ""
    status: str = ""

    @property
    def brokerage_role(self) -> str | None:
        """The actor's main Gould-Fernandez role (see :attr:`graph.brokerage.RoleCounts.main_role`)."""
        return self.roles.main_role


@dataclass(frozen=True)
class AnalysisParameters:
    """How an analysis was run: what a reader needs to repeat it or to weigh its numbers."""

    include_candidates: bool
    seed: int
    betweenness_sources: int
    betweenness_exact: bool
    actors: int
    ties: int
    clusters: int
    technologies: int


@dataclass(frozen=True)
class AnalysisResult:
    """Everything one analysis found, in ranked order."""

    parameters: AnalysisParameters
    actors: tuple[ActorMeasures, ...]
    technologies: tuple[TechnologySpread, ...]
    bridges: tuple[BridgeCandidate, ...]
    fields: tuple[CoLearningField, ...]
    cluster_ids: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
