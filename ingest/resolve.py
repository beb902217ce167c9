"""Typing and resolution of found actor names against the registry; candidates for the rest.

A found name is normalised to its key (:func:`actor_key`: article, possessive, quotes, bracketed
acronyms and legal form removed, words folded with the German case-ending rules whatever the
document language, so that one organisation gets one key in German and English texts). The key
is looked up in the registry exactly, then fuzzily with rapidfuzz's ``ratio`` at
:data:`FUZZY_THRESHOLD` (measured on the gold files, see ``docs/extraction.md``). A name that
matches nothing becomes a candidate actor with the stable, readable IRI
``iris.actor(candidate_id(name))``: the slug of the name's citation form (:mod:`ingest.citation`:
legal form dropped, German declension undone, ``Amazon Web Services, Inc.`` ->
``amazon-web-services``). In one document, the candidate mentions whose names have one key are one
actor (:func:`unify_candidates`). The type comes from the registry, else the legal form, else the
head noun, else the rule's hint.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ingest.citation import candidate_slug, citation_changes
from ingest.curation import ActorFacts, CurationDecision, apply_curation, with_current_ids
from ingest.memo import per_rule_set
from ingest.model import ActorMention
from ingest.ruleset import LanguageRules, Rules
from ingest.textnorm import display_name, drop_brackets, name_key, strip_legal_form
from ingest.token_view import head_rule
from ontology.iris import slugify  # only for the ids of the earlier scheme (legacy_candidate_id)
from ontology.registry import ACTOR_TYPES, ActorRecord, Registry

if TYPE_CHECKING:  # resources import this module
    from ingest.resources import ExtractionResources

FUZZY_THRESHOLD = 85.0  # measured: benchmarks/resolution_threshold.py, docs/extraction.md
FUZZY_MIN_LENGTH = 8
PATTERN_CONFIDENCE = 0.8
KEY_LANGUAGE = "de"


@dataclass(frozen=True)
class RegistryIndex:
    """The registry arranged for resolution: keys of names and aliases, clusters of actors."""

    by_key: Mapping[str, str]
    keys: tuple[str, ...]
    key_ids: tuple[str, ...]
    actors: Mapping[str, ActorRecord]
    cluster_by_actor: Mapping[str, str]
    cluster_by_key: Mapping[str, str]


@dataclass(frozen=True)
class FoundActor:
    """An actor span as the pipeline found it (see :mod:`ingest.actor_spans` for the conventions)."""

    text: str
    start: int
    end: int
    source: str  # registry, pattern, ner
    registry_id: str = ""
    refers_to: str = ""  # the long form an acronym stands for
    type_hint: str = ""
    confidence: float | None = None  # an NER span's, from the gates (ingest.ner_gates)


@per_rule_set
def actor_key(name: str, rules: Rules, keep_legal_form: bool = False) -> str:
    """The language-independent key of an organisation name (see the module docstring).

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> actor_key("der Hochschule für Angewandte Wissenschaften (HAW) Hamburg", rules)
    'hochschul für angewandt wissenschaft hamburg'
    >>> actor_key("Verband für Schiffbau und Meerestechnik e. V.", rules) == actor_key("Verband für Schiffbau und Meerestechnik e.V.", rules)
    True
    """
    return name_key(drop_brackets(name), rules.language(KEY_LANGUAGE), () if keep_legal_form else rules.legal_forms)


def registry_index(registry: Registry, rules: Rules) -> RegistryIndex:
    """Index every registry name and alias (and cluster name) by its key, with and without legal form.

    A key means the actor whose name or alias has it with its legal form, else the cluster whose
    name it is, else the actor whose name has it without legal form ("Gesundheitswirtschaft Hamburg
    GmbH" and "... e.V." are two actors; "Gesundheitswirtschaft Hamburg" is the cluster's managing
    organisation); keys that stay ambiguous are dropped.

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> from ontology.registry import ClusterRecord
    >>> reg = Registry(clusters=(ClusterRecord("maritime", "Maritimes Cluster Norddeutschland", ("MCN",), "mcn"),),
    ...                actors=(ActorRecord("mcn", "Maritimes Cluster Norddeutschland e.V.", ("MCN e.V.",), "ClusterOrganisation"),))
    >>> index = registry_index(reg, read_rules())
    >>> index.by_key["maritim clust norddeutschland"], index.cluster_by_actor["mcn"], index.cluster_by_key["mcn"]
    ('mcn', 'maritime', 'maritime')
    """
    owners: dict[str, dict[int, set[str]]] = {}  # key -> priority -> actor ids

    def add(key: str, actor_id: str, priority: int) -> None:
        if key:
            owners.setdefault(key, {}).setdefault(priority, set()).add(actor_id)

    for actor in registry.actors:
        for name in (actor.name, *actor.aliases):
            add(actor_key(name, rules, keep_legal_form=True), actor.id, 0)
            add(actor_key(name, rules), actor.id, 2)
    cluster_by_key: dict[str, str] = {}
    for cluster in registry.clusters:
        for name in (cluster.name, *cluster.aliases):
            cluster_by_key.setdefault(actor_key(name, rules), cluster.id)
            if cluster.managing_organisation:
                add(actor_key(name, rules), cluster.managing_organisation, 1)
    by_key = {}
    for key, by_priority in sorted(owners.items()):
        ids = by_priority[min(by_priority)]
        if len(ids) == 1:
            by_key[key] = next(iter(ids))
    return RegistryIndex(
        by_key=by_key,
        keys=tuple(by_key),
        key_ids=tuple(by_key.values()),
        actors={a.id: a for a in registry.actors},
        cluster_by_actor={c.managing_organisation: c.id for c in registry.clusters if c.managing_organisation},
        cluster_by_key=cluster_by_key,
    )


def match_registry(
    key: str, index: RegistryIndex, threshold: float = FUZZY_THRESHOLD, prefer: str = "", full_key: str = ""
) -> tuple[str, float] | None:
    """The registry actor id a key matches, with a score in [0, 1]: exact, else fuzzy above ``threshold``.

    ``full_key`` (the key with the legal form) is tried first. Keys shorter than
    :data:`FUZZY_MIN_LENGTH` (acronyms) only match exactly. ``prefer`` (a cluster id) breaks ties
    between equally good fuzzy matches.

    Examples
    --------
    >>> index = RegistryIndex({"kreativgesellschaft": "hkg"}, ("kreativgesellschaft",), ("hkg",), {}, {}, {})
    >>> match_registry("kreativgesellschaft", index), match_registry("kreativ gesellschaft", index)
    (('hkg', 1.0), ('hkg', 0.97))
    >>> match_registry("kreativagentur", index) is None
    True
    """
    for exact in (full_key, key):
        if exact and exact in index.by_key:
            return index.by_key[exact], 1.0
    if len(key) < FUZZY_MIN_LENGTH or not index.keys:
        return None
    hits = process.extract(key, index.keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=5)
    if not hits:
        return None
    top = hits[0][1]
    best = [index.key_ids[i] for _, score, i in hits if score == top]
    chosen = next((a for a in best if prefer and prefer in index.actors.get(a, ActorRecord("", "")).clusters), best[0])
    return chosen, round(top / 100, 2)


def type_of_name(name: str, language: LanguageRules, rules: Rules) -> str:
    """The actor type a name implies by its legal form, else by its first head word, else "".

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> rules = read_rules()
    >>> [type_of_name(n, rules.language("de"), rules) for n in ("Luxcara GmbH", "Institut für Laser", "Mushlabs")]
    ['Company', 'ResearchInstitute', '']
    """
    _, form = strip_legal_form(name, rules.legal_forms)
    if form:
        return next(f.type for f in rules.legal_forms if f.form == form)
    for word in name.split():
        rule = head_rule(word.strip(",;()"), language.heads)
        if rule is not None:
            return rule.type
    return ""


def candidate_id(name: str, rules: Rules, index: RegistryIndex) -> str:
    """The id of a candidate actor: the slug of the name's citation form, kept apart from registry ids.

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> index = RegistryIndex({}, (), (), {"mushlabs": ActorRecord("mushlabs", "Mushlabs GmbH")}, {}, {})
    >>> candidate_id("Mushlabs", read_rules(), index), candidate_id("der Gasnetz Hamburg GmbH", read_rules(), index)
    ('mushlabs-candidate', 'gasnetz-hamburg')
    """
    return _apart(candidate_slug(name, rules), index)


def legacy_candidate_id(name: str, rules: Rules, index: RegistryIndex) -> str:
    """The id the same candidate had before ids were readable (the slug of its folded key).

    Curation rows written with these ids keep working (see :func:`curate`).

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> legacy_candidate_id("Amazon Web Services, Inc.", read_rules(), RegistryIndex({}, (), (), {}, {}, {}))
    'amazo-web-servic'
    """
    return _apart(slugify(actor_key(name, rules)) or "unnamed", index)


def _apart(slug: str, index: RegistryIndex) -> str:
    return f"{slug}-candidate" if slug in index.actors else slug


@dataclass(frozen=True)
class Resolver:
    """Resolution settings: the registry index, rules, IRI minting and thresholds."""

    index: RegistryIndex
    rules: Rules
    actor_iri: Callable[[str], object]  # actor id -> IRI (IriScheme.actor)
    threshold: float = FUZZY_THRESHOLD
    ner_confidence: float = 0.5

    def registry_mention(self, found: FoundActor, actor_id: str, score: float) -> ActorMention:
        record = self.index.actors[actor_id]
        return ActorMention(found.text, found.start, found.end, str(self.actor_iri(actor_id)), record.name,
                            record.type if record.type in ACTOR_TYPES else "Other", found.source, "curated", score)

    def resolve(self, found: FoundActor, language: str, prefer: str = "") -> ActorMention:
        """Resolve one found actor (registry id, exact or fuzzy registry match, or a new candidate)."""
        if found.registry_id and found.registry_id in self.index.actors:
            return self.registry_mention(found, found.registry_id, 1.0)
        name = found.refers_to or found.text
        key = actor_key(name, self.rules)
        hit = match_registry(key, self.index, self.threshold, prefer, actor_key(name, self.rules, keep_legal_form=True))
        if hit is not None:
            return self.registry_mention(found, *hit)
        lang = self.rules.language(language)
        type_name = type_of_name(display_name(name, lang), lang, self.rules) or found.type_hint or "Other"
        if found.source == "ner":
            confidence = found.confidence if found.confidence is not None else self.ner_confidence
        else:
            confidence = PATTERN_CONFIDENCE
        return ActorMention(found.text, found.start, found.end, str(self.actor_iri(candidate_id(name, self.rules, self.index))),
                            display_name(name, lang), type_name, found.source, "candidate", confidence)


def unify_candidates(mentions: Sequence[ActorMention], rules: Rules) -> tuple[ActorMention, ...]:
    """Give the candidate mentions of one organisation in a document one IRI and one label.

    Mentions whose labels have one key (:func:`actor_key`: inflected forms of one name) are one
    actor, and so are mentions with one IRI. Each actor takes the IRI and label of its mention
    written most like its citation form (fewest words changed, :func:`ingest.citation.citation_changes`),
    then the longest label, then the first. Registry mentions are left as they are.

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> a = ActorMention("Instituts für Laser", 0, 19, "x/a", "Instituts für Laser", "ResearchInstitute", "pattern", "candidate")
    >>> b = ActorMention("Institut für Laser", 30, 48, "x/b", "Institut für Laser", "ResearchInstitute", "pattern", "candidate")
    >>> [(m.iri, m.label) for m in unify_candidates([a, b], read_rules())]
    [('x/b', 'Institut für Laser'), ('x/b', 'Institut für Laser')]
    """
    mentions = _unified(mentions, lambda m: actor_key(m.label, rules), rules)
    return _unified(mentions, lambda m: m.iri, rules)


def _unified(mentions: Sequence[ActorMention], group_of: Callable[[ActorMention], str], rules: Rules) -> tuple[ActorMention, ...]:
    best: dict[str, ActorMention] = {}
    rank = functools.lru_cache(maxsize=None)(lambda label: (citation_changes(label, rules), -len(label)))
    for mention in mentions:
        if mention.status == "curated":
            continue
        group = group_of(mention)
        if group not in best or rank(mention.label) < rank(best[group].label):
            best[group] = mention
    return tuple(m if m.status == "curated" else _with(m, best[group_of(m)]) for m in mentions)


def _with(mention: ActorMention, model: ActorMention) -> ActorMention:
    if (mention.iri, mention.label) == (model.iri, model.label):
        return mention
    return ActorMention(mention.text, mention.start, mention.end, model.iri, model.label,
                        model.type if mention.type == "Other" else mention.type, mention.source, mention.status, mention.confidence)


def resolve_member(name: str, type_hint: str, cluster: str, resources: ExtractionResources) -> ActorMention:
    """Resolve an organisation of a member list row (source ``memberlist``), curation applied.

    ``type_hint`` (the row's type, may be empty) types a candidate; ``cluster`` (the row's cluster id,
    name or alias) breaks ties between equally close registry names in favour of its members.

    Examples
    --------
    >>> from ingest.resources import ExtractionResources
    >>> from ingest.ruleset import read_rules
    >>> from ontology.iris import IriScheme
    >>> res = ExtractionResources(IriScheme("https://ex.org/"), Registry((), (ActorRecord("still", "STILL GmbH", (), "Company"),)), (), read_rules())
    >>> m = resolve_member("Still GmbH", "", "logistics", res)
    >>> m.iri, m.source, m.status
    ('https://ex.org/actor/still', 'memberlist', 'curated')
    >>> resolve_member("Mushlabs", "Company", "food", res).iri
    'https://ex.org/actor/mushlabs'
    """
    cluster_id = cluster_id_of(cluster, resources) or ""
    found = FoundActor(name, 0, len(name), "memberlist", type_hint=type_hint if type_hint in ACTOR_TYPES else "")
    mention = resources.resolver.resolve(found, KEY_LANGUAGE, prefer=cluster_id)
    if mention.status == "candidate" and found.type_hint:
        mention = ActorMention(mention.text, mention.start, mention.end, mention.iri, mention.label, found.type_hint,
                               mention.source, mention.status, mention.confidence)
    return curate(resources, (mention,))[0]


def cluster_id_of(name: str, resources: ExtractionResources) -> str | None:
    """The id of the cluster a cell or mention names (its id, name or an alias), else None.

    Examples
    --------
    >>> from ingest.resources import ExtractionResources
    >>> from ingest.ruleset import read_rules
    >>> from ontology.iris import IriScheme
    >>> from ontology.registry import ClusterRecord
    >>> res = ExtractionResources(IriScheme(), Registry((ClusterRecord("maritime", "Maritimes Cluster Norddeutschland", ("MCN",)),), ()), (), read_rules())
    >>> cluster_id_of("maritime", res), cluster_id_of("Maritimen Clusters Norddeutschland", res), cluster_id_of("Airbus", res)
    ('maritime', 'maritime', None)
    """
    if any(c.id == name for c in resources.registry.clusters):
        return name
    return resources.index.cluster_by_key.get(actor_key(name, resources.rules))


def cluster_iri(name: str, resources: ExtractionResources) -> str | None:
    """The IRI of the cluster a member-list cell names, else None."""
    cluster_id = cluster_id_of(name, resources)
    return str(resources.iris.cluster(cluster_id)) if cluster_id else None


def curate(resources: ExtractionResources, mentions: Sequence[ActorMention]) -> tuple[ActorMention, ...]:
    """Apply the resources' curation decisions to resolved mentions.

    Rows that name a candidate by its id of the earlier scheme (:func:`legacy_candidate_id`) apply
    to it too: to the mentions at hand by their labels, to a merge target elsewhere by the label
    noted in the row.
    """
    if not resources.curation:
        return tuple(mentions)
    rules, index = resources.rules, resources.index
    earlier = dict(resources.earlier_target_ids)
    earlier.update((legacy_candidate_id(m.label, rules, index), _id_of_iri(m.iri)) for m in mentions if m.status == "candidate")
    decisions = with_current_ids(resources.curation, earlier, {_id_of_iri(m.iri) for m in mentions} | set(index.actors))
    return apply_curation(mentions, decisions, _id_of_iri, lambda actor_id: _facts(resources, decisions, actor_id))


def earlier_target_ids(decisions: Sequence[CurationDecision], rules: Rules, index: RegistryIndex) -> dict[str, str]:
    """The earlier ids of the candidates that merge rows name by their label, mapped to their current ids.

    Examples
    --------
    >>> from ingest.ruleset import read_rules
    >>> row = CurationDecision("merge", "gasnetz", "amazo-web-servic", "Amazon Web Services, Inc.")
    >>> earlier_target_ids([row], read_rules(), RegistryIndex({}, (), (), {}, {}, {}))
    {'amazo-web-servic': 'amazon-web-services'}
    """
    merges = [d for d in decisions if d.action == "merge" and d.label and d.target not in index.actors]
    return {legacy_candidate_id(d.label, rules, index): candidate_id(d.label, rules, index) for d in merges}


def _id_of_iri(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _facts(resources: ExtractionResources, decisions: Sequence[CurationDecision], actor_id: str) -> ActorFacts:
    iri = str(resources.iris.actor(actor_id))
    record = resources.index.actors.get(actor_id)
    if record is not None:
        return ActorFacts(iri, record.name, record.type if record.type in ACTOR_TYPES else "Other", "curated")
    # A candidate target: the label 'ccg review merge' noted in the merge row (renames win later, in
    # apply_curation); type and status stay the mention's own, so every graph describes it alike.
    noted = [d.label for d in decisions if d.action == "merge" and d.target == actor_id and d.label]
    return ActorFacts(iri, noted[-1] if noted else actor_id, "", "")
