"""The examples in the benchmark scripts' docstrings run as doctests too.

``benchmarks/`` is not a package, and ``benchmarks/ingest.py`` would shadow the ``ingest`` package
under pytest's default import mode, so each script is loaded from its path under its own name.
"""

from __future__ import annotations

import doctest
import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
WITH_EXAMPLES = sorted(p for p in BENCHMARKS.glob("*.py") if ">>>" in p.read_text(encoding="utf-8"))


def test_some_benchmark_has_examples() -> None:
    assert WITH_EXAMPLES, f"no docstring examples found in {BENCHMARKS}"


@pytest.mark.parametrize("path", WITH_EXAMPLES, ids=lambda p: p.stem)
def test_benchmark_examples(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"ccg_benchmark_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {path.name} failed (run it with -v)"
