"""A fingerprint of the extraction resources: when it changes, unchanged documents are extracted again.

The resources (registry names, taxonomy labels, rules, curation decisions, model) are plain data.
Their fingerprint is the SHA-256 of a canonical walk over them: sets and mappings are sorted, so
the result does not depend on hash randomisation or on which process computes it.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import re
from collections.abc import Mapping
from pathlib import PurePath

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


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
