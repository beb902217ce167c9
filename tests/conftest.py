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


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, repository, iris):
    """The sample corpus built once (store, page, report) and shared read-only by all test workers.

    Returns the folder holding ``store/`` and the generated files. Tests must open the store with
    ``read_only=True`` and write nothing into this folder.
    """
    import fcntl

    from graph.build import build
    from ontology.store import opened_dataset

    import os

    basetemp = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own basetemp below one folder per run: share that folder.
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    folder = shared / "sample-build"
    with (shared / "sample-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            with opened_dataset(folder / "store") as dataset:
                build(dataset, iris, [repository / "data" / "sample"], out_dir=folder, progress=False, cwd=repository)
            (folder / "done").write_text("ok", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def sample_store(sample_build):
    """The store folder of :func:`sample_build`."""
    return sample_build / "store"
