"""Bundled reference data (YAML/JSON), read with `magesupport.data.load`."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


@functools.cache
def load(name: str) -> Any:
    """A bundled YAML data file by name (e.g. "priors.yaml"), parsed once."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return YAML(typ="safe").load(text)
