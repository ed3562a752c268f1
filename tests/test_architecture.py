"""The architecture's rules that import-linter cannot see: engines never print nor touch files, and the
CLI's help loads none of the heavy stacks.

Import directions are checked by import-linter (`pyproject.toml`, `[tool.importlinter]`); this file checks
what a module does with what it imported.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import magesupport

SRC = Path(magesupport.__file__).parent

# engine packages, with the adapters inside them that are allowed to read files
ENGINES = {
    "simulate": (),
    "compare": (),
    "rank": (),
    "review": (),
    "transition": (),
    "billing": (),
    "estimates": (),
    "calendars": (),
    "domain": (),
    "sla": ("sources", "store"),
    "audit": ("sources",),
    "watch": ("sources",),
}
CALLS = {"print", "open"}  # built-ins
METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open"}
MODULE_FUNCTIONS = {("os", "walk"), ("os", "scandir"), ("os", "listdir"), ("os", "open"), ("io", "open")}
STREAMS = {"stdout", "stderr"}


def engine_modules(package: str) -> list[Path]:
    root = SRC / package
    adapters = tuple(root / name for name in ENGINES[package])
    return sorted(p for p in root.rglob("*.py") if not any(p.is_relative_to(a) for a in adapters))


def resources_names(tree: ast.Module) -> set[str]:
    """Names under which the module imported `importlib.resources` (the way bundled data may be read)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "importlib":
            names |= {a.asname or a.name for a in node.names if a.name == "resources"}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "importlib.resources":
                    names.add(alias.asname or "importlib.resources")
    return names


def reads_a_resource(node: ast.expr, resources: set[str]) -> bool:
    """Whether `node` is a chain that starts at `resources.files(...)` (bundled data, allowed)."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "files"
                and ast.unparse(func.value) in resources
            ):
                return True
            node = func
        else:
            node = node.value
    return False


def offences_in(source: str, name: str) -> list[str]:
    """`name:line: what` for every print, file access or standard stream in the module, in line order."""
    tree = ast.parse(source, name)
    resources = resources_names(tree)
    found: list[tuple[int, str]] = []

    def say(node: ast.stmt | ast.expr, what: str) -> None:
        found.append((node.lineno, f"{name}:{node.lineno}: {what}"))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in CALLS:
                say(node, f"{func.id}(")
            elif isinstance(func, ast.Attribute):
                owner = ast.unparse(func.value)
                if (owner, func.attr) in MODULE_FUNCTIONS:
                    say(node, f"{owner}.{func.attr}(")
                elif func.attr in METHODS and not reads_a_resource(func.value, resources):
                    say(node, f".{func.attr}(")
        elif isinstance(node, ast.Attribute) and node.attr in STREAMS and ast.unparse(node.value) == "sys":
            say(node, f"sys.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "sys":
            for alias in node.names:
                if alias.name in STREAMS:
                    say(node, f"from sys import {alias.name}")
    return [line for _, line in sorted(found)]


def offences(path: Path) -> list[str]:
    return offences_in(path.read_text(encoding="utf-8"), str(path.relative_to(SRC.parent)))


# One case per package, each failing with the list of its offences.
@pytest.mark.parametrize("package", sorted(ENGINES))
def test_engines_neither_print_nor_touch_files(package):
    """Engines compute; services and adapters read and write (bundled data: `magesupport.data.load`)."""
    modules = engine_modules(package)
    assert modules, package
    found = [line for path in modules for line in offences(path)]
    assert not found, "engine code that prints or touches files:\n" + "\n".join(found)


def test_the_offence_finder_finds_what_it_should():
    code = """
import os, sys
from importlib import resources
from pathlib import Path
from sys import stderr
print("x")
open("f")
Path("f").read_text()
Path("f").write_bytes(b"")
os.walk(".")
os.scandir(".")
sys.stdout.write("x")
text = resources.files("magesupport.data").joinpath("priors.yaml").read_text(encoding="utf-8")
with resources.files("magesupport").joinpath("data").open() as handle:
    pass
"""
    assert offences_in(code, "sample.py") == [
        "sample.py:5: from sys import stderr",
        "sample.py:6: print(",
        "sample.py:7: open(",
        "sample.py:8: .read_text(",
        "sample.py:9: .write_bytes(",
        "sample.py:10: os.walk(",
        "sample.py:11: os.scandir(",
        "sample.py:12: sys.stdout",
    ]


HEAVY = {"numpy", "pandas", "scipy", "matplotlib", "sqlalchemy"}
# the engines and adapters that --help must not load
LAZY_ENGINES = {"simulate", "compare", "rank", "review", "transition", "billing", "estimates", "calendars"}
LAZY_ENGINES |= {"workspace", "sla", "watch", "audit"}
PROBE = """
import json, sys
from magesupport.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
engines = sorted(m for m in sys.modules if m.startswith('magesupport.') and m.split('.')[1] in {engines!r})
print(json.dumps({{"code": code, "heavy": loaded, "engines": engines}}))
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["compare", "--help"], ["watch", "--help"], ["audit", "--help"], ["sla", "report", "--help"]],
    ids=" ".join,
)
def test_help_loads_no_heavy_stack(argv):
    probe = PROBE.format(heavy=HEAVY, engines=LAZY_ENGINES)
    run = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True, timeout=120
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": [], "engines": []}
    assert "Usage: magesupport" in run.stdout
