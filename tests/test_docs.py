"""The README's commands run as written (on a workspace made by its own `init`), or, where they need data a
test cannot make (a desk export, an imported ticket history, logs), their exact sub-command exists; and every
doc link points at a file."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import typer

from magesupport.cli.app import app
from magesupport.cli.main import _register, main
from magesupport.services.workspaces import validate

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
AUDIT_STORE = ROOT / "tests" / "assets" / "audit" / "store"
# commands whose input a test cannot make cheaply: only the exact sub-command's --help is checked
NEEDS_DATA = {"sla", "calibrate", "watch"}
SIMULATE_FEW = ["--years", "100"]  # compare and demo simulate 100 store-years instead of 20,000


def readme_commands() -> list[str]:
    """Every `magesupport ...` command of the README: code-block lines, inline code, and the table's rows
    (where `a / b` lists sibling commands and `\\|` separates the choices of an option)."""
    found: list[str] = []
    for block in re.findall(r"```\w*\n(.*?)```", README, re.S):
        found += [
            line.split("#")[0].strip() for line in block.splitlines() if line.startswith("magesupport ")
        ]
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    for line in prose.splitlines():
        if line.startswith("| `magesupport "):
            cell = re.split(r"(?<!\\)\|", line)[1]
            spans = [span.replace("\\|", "|") for span in re.findall(r"`([^`]+)`", cell)]
            found += [span if span.startswith("magesupport ") else f"magesupport {span}" for span in spans]
        else:
            found += re.findall(r"`(magesupport [^`]+)`", line)
    return list(dict.fromkeys(found))


def command_path(words: list[str]) -> tuple[list[str], bool, str | None]:
    """The sub-commands that `words` name, whether they reach a group, and the first word that is not one."""
    _register()
    command = typer.main.get_command(app)
    path: list[str] = []
    for word in words:
        commands = getattr(command, "commands", None)  # a group's sub-commands
        if commands is None or word not in commands:
            return path, commands is not None, word
        path.append(word)
        command = commands[word]
    return path, getattr(command, "commands", None) is not None, None


COMMANDS = readme_commands()


def test_the_readme_is_read_whole():
    assert len(COMMANDS) >= 20
    assert "magesupport sla invoice-check" in COMMANDS and "magesupport audit diff ROOT" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_is_a_real_command(command, capsys):
    words = shlex.split(command)[1:]
    path, group, rest = command_path(words)
    assert path, command
    if group:  # a group given an argument: it must run a command of its own
        assert rest is not None and not rest.startswith("-"), command
        assert main([*path, rest, "--help"]) == 0, command
        assert f"Usage: magesupport {' '.join(path)} " in capsys.readouterr().out
    else:
        assert main([*path, "--help"]) == 0, command
        assert f"Usage: magesupport {' '.join(path)} " in capsys.readouterr().out


def runnable(command: str, fill: dict[str, str]) -> list[str] | None:
    """The command's arguments with its placeholders filled and its optional parts left out; None when it
    needs data the test does not have."""
    words = shlex.split(re.sub(r"\s*\[[^\]]*\]", "", command))[1:]
    if words[0] in NEEDS_DATA:
        return None
    out = []
    for word in words:
        if word.isupper() or word.endswith("..."):
            if word not in fill:
                return None
            word = fill[word]
        out.append(word)
    if out[0] in ("compare", "demo"):
        out += SIMULATE_FEW
    return out


def test_readme_commands_run_as_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(AUDIT_STORE, tmp_path / "magento")
    ran = []
    for command in COMMANDS:
        fill = {"DIR": "my-store", "ROOT": "magento", "DATE": "2027-03-01"}
        if command.startswith("magesupport init "):
            fill["DIR"] = f"store-{len(ran)}"  # a new folder: init refuses one that is not empty
        if (tmp_path / "my-store").exists():
            fill["ID"] = validate(tmp_path / "my-store").packages[0].id
        args = runnable(command, fill)
        if args is None:
            continue
        code = main(args)
        out = capsys.readouterr()
        assert code == 0, f"{command} -> {args}: exit {code}\n{out.err}"
        ran.append(" ".join(command_path(args)[0]))
    assert ran == [
        *["init", "validate", "compare", "compare", "compare", "compare", "demo"],  # the tour
        *["init", "validate", "compare", "demo", "review", "plan", "audit", "audit baseline", "audit diff"],
    ]
    assert (tmp_path / "my-store" / "store.yaml").is_file()
    assert (tmp_path / "comparison.md").read_text().startswith("#")
    assert '"schema_version"' in (tmp_path / "comparison.json").read_text()
    assert (tmp_path / "report.html").read_text().lstrip().lower().startswith("<!doctype html>")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block


def test_doc_links_resolve():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+)\)", doc.read_text()):
            if target.startswith("http"):
                continue
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"
