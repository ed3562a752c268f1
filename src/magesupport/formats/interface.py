"""Registry from a CLI format choice to the function that renders a result as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport.domain.errors import UsageError

Renderer = Callable[..., str]


def pick(registry: dict[str, Renderer], name: str, what: str) -> Renderer:
    try:
        return registry[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} for {what} (choose {', '.join(registry)})") from None


def as_json(result: Any) -> str:
    import json

    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
