"""Shared, expensive objects of the extraction tests: the real resources and pipelines, built once per process.

Tests use organisations that are not in the registry under made-up names ("Muster Kabinenbau
GmbH"), so that what they find comes from the rules and not from the registry.
"""

from __future__ import annotations

import functools

from ingest.extract import ExtractionResources, build_pipeline, extract_texts, load_resources
from ingest.model import Extraction
from ontology.iris import IriScheme

BASE = "https://example.org/hh/"


@functools.lru_cache(maxsize=None)
def resources() -> ExtractionResources:
    """The repository's registry, taxonomy and rules; no curation file, no NER model."""
    return load_resources(IriScheme(BASE), curation_file=None, ner_dir=None)


@functools.lru_cache(maxsize=None)
def pipeline(language: str):
    """The extraction pipeline of ``language`` over :func:`resources`."""
    return build_pipeline(language, resources())


def extract(text: str, language: str = "de", using: ExtractionResources | None = None) -> Extraction:
    """Extract one text with the shared pipeline (and ``using`` resources, for curation tests)."""
    return next(extract_texts([text], language, using or resources(), nlp=pipeline(language)))


def actor_texts(found: Extraction) -> list[str]:
    return [a.text for a in found.actors]


def actor_id(found: Extraction, text: str) -> str:
    """The actor id (last IRI segment) of the mention with ``text``."""
    return next(a.iri.rsplit("/", 1)[1] for a in found.actors if a.text == text)


def technology_slugs(found: Extraction) -> dict[str, str]:
    """Surface form -> concept slug of the technology mentions."""
    return {t.text: t.iri.rsplit("/", 1)[1] for t in found.technologies}


def write_ruler_model(folder, patterns: list[dict]) -> None:
    """Write a spaCy pipeline to ``folder`` whose ``ner`` component tags the ``patterns`` (an entity
    ruler, so that a test knows what the "model" predicts); it loads like a trained NER model."""
    import spacy

    model = spacy.blank("de")
    model.add_pipe("entity_ruler", name="ner").add_patterns(patterns)
    model.to_disk(folder)
