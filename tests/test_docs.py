"""The README stays true: its commands exist, and CI runs its test command."""

import re

import typer.main

from conftest import ROOT
from tracker.cli import app


def command_paths():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:
                yield f"{name} {sub}", command.commands[sub]
        else:
            yield name, command


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path, command in command_paths():
        assert command.help, f"tracker {path} has no help text"
        assert f"tracker {path}" in readme, f"tracker {path} is not in the README"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text()
