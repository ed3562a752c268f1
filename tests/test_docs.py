"""The README's commands exist in the real CLI, and every doc link points at a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from magesupport.cli.main import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def readme_commands() -> list[list[str]]:
    """`magesupport a b` -> [a, b] for every command the README shows (words before the first option/arg)."""
    found = set()
    blocks = re.findall(r"```.*?```", README, re.S)
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    code = "\n".join(blocks + re.findall(r"`([^`\n]+)`", prose))
    for match in re.finditer(r"magesupport ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)", code):
        words = match.group(1).split()
        found.add(tuple(words))
    return [list(words) for words in sorted(found)]


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block


@pytest.mark.parametrize("words", readme_commands(), ids=" ".join)
def test_readme_command_exists(words, capsys):
    # a word that is not a sub-command (a folder name like my-store) makes --help still succeed on the parent
    code = main([*words, "--help"])
    if code != 0:
        code = main([words[0], "--help"])
    assert code == 0, words


def test_doc_links_resolve():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+)\)", doc.read_text()):
            if target.startswith("http"):
                continue
            assert (doc.parent / target).exists(), f"{doc.name}: broken link {target}"
