"""The bundled release data is what scripts/refresh_release_data.py builds from the shared source files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "refresh_release_data.py"
BUNDLED = REPO / "src" / "magesupport" / "audit" / "data" / "releases.json"


def _script():
    spec = importlib.util.spec_from_file_location("refresh_release_data", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_data_matches_a_fresh_build():
    script = _script()
    source = next((p for p in script.CANDIDATE_SOURCES if (p / "core-releases.json").is_file()), None)
    if source is None:
        pytest.skip("shared release data not present on this machine")
    fresh = script.build(source, None)
    bundled = json.loads(BUNDLED.read_text())
    assert fresh["lines"] == bundled["lines"]
    assert fresh["source"]["taken"] == bundled["source"]["taken"] == "2026-08-20"


def test_line_of_before_and_after_2_3():
    script = _script()
    assert script.line_of("2.1.6") == "2.1"
    assert script.line_of("2.4.6-p10") == "2.4.6"
    assert script.version_key("2.4.6-p10") > script.version_key("2.4.6-p9")
