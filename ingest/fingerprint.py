"""A fingerprint of the extraction resources: when it changes, unchanged documents are extracted again.

The resources (registry names, taxonomy labels, rules, curation decisions) are plain data. Their
fingerprint is the SHA-256 of a canonical walk over them (sets and mappings sorted, so the result
does not depend on hash randomisation or on which process computes it), of the trained NER models'
files, and of the installed version of ccg.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import re
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path, PurePath

from ingest.ner_slot import ner_model_path
from ingest.ruleset import LANGUAGES

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def extraction_fingerprint(resources: object) -> str:
    """The fingerprint of everything a document is extracted with: resources, NER models, ccg's version."""
    ner_dir = getattr(resources, "ner_dir", None)
    models = [folder_digest(path) for language in LANGUAGES if (path := ner_model_path(ner_dir, language)) is not None]
    return resources_fingerprint(resources, "|".join([_installed_version(), *models]))


def folder_digest(folder: Path) -> str:
    """The SHA-256 of what a spaCy model folder holds: ``config.cfg`` and the files of its subfolders
    (weights, vocabulary, tokenizer), not the model card or metadata next to them.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "ner").mkdir(), (root / "ner" / "model").write_bytes(b"weights"), (root / "model-card.md").write_text("F1 0.8")
    >>> before = folder_digest(root)
    >>> _ = (root / "model-card.md").write_text("F1 0.9")
    >>> before == folder_digest(root)
    True
    >>> _ = (root / "ner" / "model").write_bytes(b"weights, retrained")
    >>> before == folder_digest(root)
    False
    """
    digest = hashlib.sha256()
    files = [p for p in folder.rglob("*") if p.is_file() and (p.parent != folder or p.name == "config.cfg")]
    for path in sorted(files):
        digest.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0".encode())
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def _installed_version() -> str:
    try:
        return metadata.version("cross-cluster-graph")
    except metadata.PackageNotFoundError:
        return ""


def resources_fingerprint(resources: object, version: str = "") -> str:
    """The SHA-256 of ``resources`` (and a version string), the same in every process.

    Examples
    --------
    >>> a = resources_fingerprint({"names": frozenset({"DLR", "TUHH", "Airbus"}), "threshold": 0.9})
    >>> a == resources_fingerprint({"threshold": 0.9, "names": frozenset({"Airbus", "TUHH", "DLR"})})
    True
    >>> a == resources_fingerprint({"names": frozenset({"DLR", "TUHH"}), "threshold": 0.9})
    False
    >>> len(a)
    64
    """
    digest = hashlib.sha256(version.encode("utf-8"))
    digest.update(_canonical(resources).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _canonical(value: object, depth: int = 0) -> str:
    """A text that is equal for equal data, whatever the order of its sets and mappings."""
    if depth > 60:
        return "…"
    if value is None or isinstance(value, bool | int | float | str | enum.Enum):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "b:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, PurePath):
        return f"path:{value.as_posix()}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(f"{f.name}={_canonical(getattr(value, f.name), depth + 1)}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, Mapping):
        items = sorted(f"{_canonical(k, depth + 1)}:{_canonical(v, depth + 1)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_canonical(v, depth + 1) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical(v, depth + 1) for v in value) + "]"
    if isinstance(value, re.Pattern):
        return f"re:{value.pattern!r}:{value.flags}"
    state = getattr(value, "__dict__", None)
    if isinstance(state, dict):
        return f"{type(value).__name__}{_canonical(state, depth + 1)}"
    return type(value).__name__ + _ADDRESS.sub("", repr(value))
