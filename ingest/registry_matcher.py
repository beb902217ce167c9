"""The registry matcher: every registry name, alias and acronym, tolerant of inflection and spelling.

:func:`registry_entries` turns the registry into :class:`NameEntry` records (pure). The
``ccg_registry`` component matches them: names of several tokens on ``NORM`` (our pipelines set
``NORM`` to the inflection-folded word, see :mod:`ingest.spacy_pipeline`), so "des Deutschen Zentrums für
Luft- und Raumfahrt" matches "Deutsches Zentrum für Luft- und Raumfahrt"; one-token names and
acronyms on the exact text (``ORTH``), so "Still" the adverb is not "STILL"; a folded match must
not start with a lower-case word unless the registry writes the name so ("the cluster Gesundheitswirtschaft
Hamburg" is not the alias "Cluster Gesundheitswirtschaft Hamburg", "foodactive e.V." is). Hyphen/space
variants ("Logistik Initiative Hamburg"), "+"/"&" and "e.V."/"e. V." spacing and the name without its
legal form are added.
Matches go to ``doc.spans["ccg_registry"]`` with ``label_`` "registry" and ``kb_id_`` the actor id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.ruleset import LegalForm
from ingest.textnorm import strip_legal_form
from ontology.registry import Registry

REGISTRY_MATCHER = "ccg_registry"
REGISTRY_SPANS = "ccg_registry"
REGISTRY_LABEL = "registry"
_ACRONYM = re.compile(r"^[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9&+./-]*[A-ZÄÖÜ0-9]$|^[a-z]{2,5}$")
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=\w)-(?=\w)")
_TIGHT = re.compile(r"\s*([+&])\s*")
_CLOSE_INITIALS = re.compile(r"(?<=\b[a-zA-Z])\.(?=[A-Z]\.)")  # e.V. -> e. V.
_SPACED_INITIALS = re.compile(r"(?<=\b[a-zA-Z])\. (?=[A-Z]\.)")  # e. V. -> e.V.


@dataclass(frozen=True, order=True)
class NameEntry:
    """A name the registry matcher looks for, and the actor id it stands for."""

    text: str
    actor_id: str


def is_acronym(text: str) -> bool:
    """Whether ``text`` is written like an acronym (``DLR``, ``CC4E``, ``G+J``, ``dpa``).

    Examples
    --------
    >>> [is_acronym(t) for t in ("DLR", "CC4E", "G+J", "dpa", "Airbus", "HAW Hamburg")]
    [True, True, True, True, False, False]
    """
    return bool(_ACRONYM.match(text))


def registry_entries(
    registry: Registry,
    legal_forms: Sequence[LegalForm] = (),
    ambiguous: Iterable[str] = (),
) -> tuple[NameEntry, ...]:
    """Every name, alias and cluster name of the registry, with derived variants, sorted.

    A cluster's names stand for its managing organisation. Derived variants are the name without
    its legal form (when that leaves several words, or an all-capital word) and spelling variants
    (:func:`name_variants`). A name means the actor that has it as name or alias, else the cluster
    that has it, else the actor it is derived from; one that stays ambiguous is left out, and so
    are names in ``ambiguous`` (case-insensitive; e.g. acronyms that are also technology labels
    such as "HPC").

    Examples
    --------
    >>> from ontology.registry import ActorRecord, ClusterRecord
    >>> reg = Registry(clusters=(ClusterRecord("aviation", "Hamburg Aviation", managing_organisation="ha"),),
    ...                actors=(ActorRecord("ha", "Hamburg Aviation e.V.", type="ClusterOrganisation"),
    ...                        ActorRecord("still", "STILL GmbH", type="Company"),
    ...                        ActorRecord("hpc", "HPC Hamburg Port Consulting GmbH", ("HPC",), "Company")))
    >>> [(e.text, e.actor_id) for e in registry_entries(reg, (LegalForm("GmbH", "Company"), LegalForm("e.V.", "Association")), ["hpc"])]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('HPC Hamburg Port Consulting', 'hpc'), ('HPC Hamburg Port Consulting GmbH', 'hpc'), ('Hamburg Aviation', 'ha'),
     ('Hamburg Aviation e. V.', 'ha'), ('Hamburg Aviation e.V.', 'ha'), ('STILL', 'still'), ('STILL GmbH', 'still')]
    """
    skip = {name.casefold() for name in ambiguous}
    owners: dict[str, dict[int, set[str]]] = {}  # key -> priority -> actor ids
    texts: dict[str, str] = {}

    def add(text: str, actor_id: str, priority: int) -> None:
        for variant in name_variants(text):
            key = variant.casefold()
            if key not in skip:
                owners.setdefault(key, {}).setdefault(priority, set()).add(actor_id)
                texts.setdefault(key, variant)

    for actor in registry.actors:
        for name in (actor.name, *actor.aliases):
            add(name, actor.id, 0)
            rest, form = strip_legal_form(name, legal_forms)
            if form and (" " in rest or rest.isupper()):
                add(rest, actor.id, 2)
    for cluster in registry.clusters:
        if cluster.managing_organisation:
            for name in (cluster.name, *cluster.aliases):
                add(name, cluster.managing_organisation, 1)
    entries = set()
    for key, by_priority in owners.items():
        ids = by_priority[min(by_priority)]
        if len(ids) == 1:
            entries.add(NameEntry(texts[key], next(iter(ids))))
    return tuple(sorted(entries))


def name_variants(text: str) -> tuple[str, ...]:
    """Spelling variants of a name: hyphens as spaces, "+"/"&" with and without spaces.

    Examples
    --------
    >>> name_variants("Logistik-Initiative Hamburg")
    ('Logistik Initiative Hamburg', 'Logistik-Initiative Hamburg')
    >>> name_variants("Gruner + Jahr")
    ('Gruner + Jahr', 'Gruner+Jahr')
    >>> name_variants("foodactive e.V.")
    ('foodactive e. V.', 'foodactive e.V.')
    """
    variants = {text, _HYPHEN_BETWEEN_LETTERS.sub(" ", text)}
    for variant in list(variants):
        variants.add(_TIGHT.sub(r"\1", variant))
        variants.add(_TIGHT.sub(r" \1 ", variant))
    for variant in list(variants):
        variants.add(_CLOSE_INITIALS.sub(". ", variant))
        variants.add(_SPACED_INITIALS.sub(".", variant))
    return tuple(sorted(v for v in variants if v.strip()))


class RegistryMatcher:
    """The ``ccg_registry`` component (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.folded = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_case_ids: set[int] = set()  # actors with a name starting in lower case (foodactive)

    def add_entries(self, entries: Iterable[NameEntry]) -> None:
        """Add registry names: one-token names and acronyms exactly, longer names folded."""
        by_actor: dict[str, list[str]] = {}
        for entry in entries:
            by_actor.setdefault(entry.actor_id, []).append(entry.text)
        for actor_id, texts in sorted(by_actor.items()):
            docs = list(self.nlp.tokenizer.pipe(texts))
            exact = [doc for doc in docs if len(doc) == 1 or is_acronym(doc.text)]
            folded = [doc for doc in docs if not (len(doc) == 1 or is_acronym(doc.text))]
            exact += [self.nlp.make_doc(doc.text + "s") for doc in exact if len(doc) == 1 and not doc.text.endswith(("s", "S"))]
            if exact:
                self.exact.add(actor_id, exact)
            if folded:
                self.folded.add(actor_id, folded)
            if any(text[:1].islower() for text in texts):
                self.lower_case_ids.add(self.nlp.vocab.strings[actor_id])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=REGISTRY_LABEL, kb_id=match_id) for match_id, start, end in self.exact(doc)]
        spans += [
            Span(doc, start, end, label=REGISTRY_LABEL, kb_id=match_id)
            for match_id, start, end in self.folded(doc)
            if not doc[start].text[:1].islower() or match_id in self.lower_case_ids
        ]
        doc.spans[REGISTRY_SPANS] = filter_spans(spans)
        return doc


@Language.factory(REGISTRY_MATCHER)
def make_registry_matcher(nlp: Language, name: str) -> RegistryMatcher:
    """spaCy factory of :class:`RegistryMatcher`; fill it with :meth:`RegistryMatcher.add_entries`."""
    return RegistryMatcher(nlp)
