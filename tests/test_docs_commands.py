"""Every ``ccg`` command the guides show runs, with exit code 0, on a copy of the sample build.

The commands of each guide (```sh blocks of README.md and docs/*.md, see
:mod:`tests.docs_markdown`) run in order, through click's CliRunner, in a workspace laid out like
the repository: ``data/`` and ``out/`` are copies (the sample corpus, the registry, the built store),
``ontology/`` is the repository's own (read-only), ``docs/`` is empty, and the curation file is
``data/curation.csv`` of the workspace (``CCG_CURATION_FILE``), so nothing in the repository changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_graph import cli
from tests.docs_markdown import REPOSITORY, DocCommand, guides, shell_commands

# Commands the guides may show but this test does not run: they start servers or take minutes.
NOT_RUN = {
    "serve": "starts the SPARQL endpoint, which runs until stopped (tests/test_endpoint.py covers it)",
    "train-ner": "trains a model for minutes (tests/test_ner_training.py covers it)",
}
GLOBAL_OPTIONS_WITH_VALUE = {"--store", "--out", "--base-iri"}
GUIDES = [guide for guide in guides() if shell_commands(guide)]


def subcommand(args: tuple[str, ...]) -> str:
    """The first command name after the global options (``""`` for ``ccg --help``).

    Examples
    --------
    >>> subcommand(("--store", "out/store", "build", "data/sample")), subcommand(("--help",))
    ('build', '')
    """
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return ""


def workspace_of(sample_build: Path, folder: Path) -> Path:
    """A folder laid out like the repository, with copies of everything a command may change."""
    shutil.copytree(REPOSITORY / "data", folder / "data")
    shutil.copytree(sample_build, folder / "out", ignore=shutil.ignore_patterns("done", "*.lock"))
    (folder / "ontology").symlink_to(REPOSITORY / "ontology", target_is_directory=True)
    (folder / "docs").mkdir()
    return folder


def run(command: DocCommand, env: dict[str, str]) -> str | None:
    """Run one command; the failure as text, or None when it exited with 0."""
    result = CliRunner().invoke(cli, list(command.args), env=env)
    if result.exit_code == 0:
        if command.redirect:
            Path(command.redirect).write_text(result.stdout, encoding="utf-8")
        return None
    shown = "\n    ".join(result.output.strip().splitlines()[-8:])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        shown += f"\n    {type(result.exception).__name__}: {result.exception}"
    return f"{command.where}: exit code {result.exit_code}: {command.text}\n    {shown}"


def test_the_guides_show_ccg_commands():
    readme = shell_commands(REPOSITORY / "README.md")
    assert any(command.args[:1] == ("build",) for command in readme)


def test_commands_are_read_from_sh_blocks_only(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\nccg stats        # what the store holds\n.venv/bin/ccg query 'SELECT * WHERE { ?s ?p ?o } # not a comment'\n"
        "ccg review merge a \\\n  b\nmake run\nccg review --format csv > review.csv  # for a spreadsheet\n"
        "ccg extract x.txt | jq -c .actors\n```\n```python\nccg = 1\n```\n`ccg export` in prose\n",
        encoding="utf-8",
    )
    found = [(c.line, c.args, c.redirect) for c in shell_commands(page)]
    assert found == [
        (2, ("stats",), ""),
        (3, ("query", "SELECT * WHERE { ?s ?p ?o } # not a comment"), ""),
        (4, ("review", "merge", "a", "b"), ""),
        (7, ("review", "--format", "csv"), "review.csv"),
        (8, ("extract", "x.txt"), ""),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_every_command_of_the_guide_runs(guide, sample_build, tmp_path, monkeypatch):
    workspace = workspace_of(sample_build, tmp_path / "workspace")
    monkeypatch.chdir(workspace)
    env = {"CCG_CURATION_FILE": str(workspace / "data" / "curation.csv"), "CCG_ENDPOINT": ""}
    failures = []
    for command in shell_commands(guide):
        if subcommand(command.args) in NOT_RUN:
            continue
        failure = run(command, env)
        if failure:
            failures.append(failure)
    assert not failures, "\n".join(failures)
