"""Shared fixtures: real stores on disk, the repository's own data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontology.iris import IriScheme

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repository() -> Path:
    """The repository's root folder."""
    return REPOSITORY


@pytest.fixture(scope="session")
def iris() -> IriScheme:
    """The default IRI scheme."""
    return IriScheme()
