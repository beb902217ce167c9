"""The command line: every command has help with an example; errors are one line."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from build_graph import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, (*prefix, name)))
    return found


COMMANDS = all_commands(cli)


def test_the_main_commands_exist():
    names = {c[0] for c in COMMANDS}
    assert {"build", "query", "validate", "stats", "export", "registry"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "ccg " in result.output.split("Example", 1)[1]


def test_python_build_graph_py_is_the_same_cli(repository):
    result = subprocess.run([sys.executable, "build_graph.py", "--help"], cwd=repository, capture_output=True, text=True, check=True)
    assert "Cross-Cluster Graph" in result.stdout


def test_a_user_error_is_one_line_without_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "missing"), "stats"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "ccg build" in result.output
