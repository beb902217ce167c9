"""Everything extraction needs besides the text, loaded once: registry, taxonomy, rules, curation.

:class:`ExtractionResources` is frozen and picklable, so it can be handed to worker processes that
build their own pipelines; derived indexes are computed on first use and cached on the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from ingest.curation import CurationDecision, read_curation
from ingest.ner_slot import DEFAULT_NER_CONFIDENCE
from ingest.resolve import FUZZY_THRESHOLD, RegistryIndex, Resolver, actor_key, candidate_id, earlier_target_ids, registry_index
from ingest.ruleset import RULES_DIR, Rules, read_rules
from ontology.foundation import DEFAULT_REGISTRY_DIR, REPOSITORY_DIR, TAXONOMY_FILE
from ontology.iris import IriScheme
from ontology.registry import Registry, check_registry, raise_for_problems, read_registry
from ontology.taxonomy import TechnologyConcept, read_taxonomy

DEFAULT_CURATION_FILE = REPOSITORY_DIR / "data" / "curation.csv"
DEFAULT_NER_DIR = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True)
class ExtractionResources:
    """The registry, technology concepts, rules and curation decisions, and the settings."""

    iris: IriScheme
    registry: Registry
    concepts: tuple[TechnologyConcept, ...]
    rules: Rules
    curation: tuple[CurationDecision, ...] = ()
    ner_dir: Path | None = None
    ner_confidence: float = DEFAULT_NER_CONFIDENCE
    fuzzy_threshold: float = FUZZY_THRESHOLD

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cache", {})  # derived indexes; not a field, so not compared or fingerprinted

    @property
    def index(self) -> RegistryIndex:
        """The registry index for resolution (computed once)."""
        if "index" not in self._cache:
            self._cache["index"] = registry_index(self.registry, self.rules)
        return self._cache["index"]

    @property
    def resolver(self) -> Resolver:
        """The resolver that turns found names into actor mentions."""
        if "resolver" not in self._cache:
            self._cache["resolver"] = Resolver(self.index, self.rules, self.iris.actor, self.fuzzy_threshold, self.ner_confidence)
        return self._cache["resolver"]

    @property
    def earlier_target_ids(self) -> dict[str, str]:
        """Earlier ids of the merge targets of the curation rows -> current ids (computed once; see :func:`ingest.resolve.curate`)."""
        if "earlier" not in self._cache:
            self._cache["earlier"] = earlier_target_ids(self.curation, self.rules, self.index)
        return self._cache["earlier"]

    @property
    def concept_by_slug(self) -> dict[str, TechnologyConcept]:
        """The technology concepts by slug."""
        if "concepts" not in self._cache:
            self._cache["concepts"] = {c.slug: c for c in self.concepts}
        return self._cache["concepts"]

    def actor_id(self, name_or_id: str) -> str:
        """The actor id a curation cell names: a registry id or candidate id as given, else the id of the name.

        Examples
        --------
        >>> from ontology.registry import ActorRecord
        >>> res = ExtractionResources(IriScheme(), Registry((), (ActorRecord("tuhh", "Technische Universität Hamburg"),)), (), read_rules())
        >>> res.actor_id("tuhh"), res.actor_id("Technischen Universität Hamburg"), res.actor_id("der Mushlabs GmbH")
        ('tuhh', 'tuhh', 'mushlabs')
        """
        if name_or_id in self.index.actors or (name_or_id == name_or_id.lower() and " " not in name_or_id):
            return name_or_id
        return self.index.by_key.get(actor_key(name_or_id, self.rules)) or candidate_id(name_or_id, self.rules, self.index)


def load_resources(
    iris: IriScheme,
    registry_dir: Path = DEFAULT_REGISTRY_DIR,
    taxonomy_file: Path = TAXONOMY_FILE,
    curation_file: Path | None = DEFAULT_CURATION_FILE,
    ner_dir: Path | None = DEFAULT_NER_DIR,
    rules_dir: Path = RULES_DIR,
) -> ExtractionResources:
    """Read the registry (checked), the taxonomy, the rules and the curation file.

    Raises the one-line errors of :mod:`ontology.errors` and :mod:`ingest.errors` for missing or
    malformed files. A missing curation file means no decisions; ``ner_dir=None`` turns the NER slot off.
    """
    registry = read_registry(registry_dir)
    raise_for_problems(check_registry(registry), registry)
    resources = ExtractionResources(iris, registry, read_taxonomy(taxonomy_file), read_rules(rules_dir), (), ner_dir)
    if curation_file is None:
        return resources
    return ExtractionResources(
        iris, registry, resources.concepts, resources.rules, read_curation(curation_file, resources.actor_id), ner_dir
    )
