"""The JSON rendering every command shares: the result object as it is (schema: docs/json-output.md)."""

from __future__ import annotations

import json
from typing import Any


def as_json(result: Any) -> str:
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
