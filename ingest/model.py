"""The data that flows through ingest: documents as read, and what extraction found in them.

Offsets (``start``, ``end``) are character offsets into :attr:`ReadDocument.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ACTOR_SOURCES = ("registry", "pattern", "ner", "memberlist", "curation")
RELATION_PREDICATES = ("memberOf", "partnerOf", "worksOn", "fundedBy")


@dataclass(frozen=True)
class MemberRow:
    """One row of a member-list CSV: an organisation listed as a member of a cluster."""

    cluster: str
    organisation: str
    type: str = ""
    line: int = 0


@dataclass(frozen=True)
class ReadDocument:
    """A document as a reader returns it: its text and metadata."""

    path: Path
    source: str  # the path as stored in dct:source (POSIX, relative to the working folder when inside it)
    key: str  # stable document key used in IRIs (derived from ``source``)
    text: str
    title: str
    sha256: str  # of the file's bytes
    size: int  # bytes
    media_type: str
    language: str = ""
    members: tuple[MemberRow, ...] = ()  # member-list CSVs only


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document (a ``ccg:Passage``)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ActorMention:
    """A span that names an actor, resolved to a registry actor or a new candidate."""

    text: str
    start: int
    end: int
    iri: str
    label: str
    type: str  # Company, University, ResearchInstitute, PublicAgency, ClusterOrganisation, Association, Other
    source: str  # one of ACTOR_SOURCES
    status: str  # curated, accepted, candidate, rejected
    confidence: float = 1.0


@dataclass(frozen=True)
class TechnologyMention:
    """A span that names a technology concept of the taxonomy."""

    text: str
    start: int
    end: int
    iri: str
    label: str


@dataclass(frozen=True)
class RelationMention:
    """A relation stated in one sentence, pointing to the mentions it was derived from."""

    subject: str  # IRI
    predicate: str  # one of RELATION_PREDICATES
    object: str  # IRI (actor, cluster or technology)
    start: int  # the sentence's offsets
    end: int
    evidence: tuple[tuple[int, int], ...] = ()  # (start, end) of the mentions it rests on


@dataclass(frozen=True)
class Extraction:
    """Everything found in one document."""

    language: str
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    technologies: tuple[TechnologyMention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    warnings: tuple[str, ...] = field(default=())
