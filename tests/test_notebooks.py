"""The research notebooks run top to bottom on the sample corpus, and are stored without outputs."""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from notebooks.make_notebooks import NOTEBOOKS, NOTEBOOKS_DIR, main


def test_the_notebooks_are_generated_and_have_no_outputs():
    assert main(["--check"]) == 0, "run: python notebooks/make_notebooks.py"
    for name in NOTEBOOKS:
        notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_the_check_notices_an_edited_notebook(tmp_path, monkeypatch):
    monkeypatch.setattr("notebooks.make_notebooks.NOTEBOOKS_DIR", tmp_path)
    assert main([]) == 0
    (tmp_path / next(iter(NOTEBOOKS))).write_text("{}", encoding="utf-8")
    assert main(["--check"]) == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_the_notebook_runs_on_the_sample(name, sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CCG_STORE", str(sample_store))
    monkeypatch.setenv("CCG_OUT", str(tmp_path))
    monkeypatch.delenv("CCG_ENDPOINT", raising=False)
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    started = time.perf_counter()
    NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    print(f"{name}: ran in {time.perf_counter() - started:.1f} s")
    errors = [output for cell in notebook.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors
    shown = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert any("image/png" in output.get("data", {}) or "text/html" in output.get("data", {}) for output in shown)
