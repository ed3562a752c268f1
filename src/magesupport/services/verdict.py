"""The verdict added to a comparison: built once here, laid out by every output (terminal, Markdown, HTML,
JSON and the web app)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.rank.verdict import build_verdict


def with_verdict(result: CompareResult) -> CompareResult:
    """The comparison with its verdict (None when it has no recommendation)."""
    return result.model_copy(update={"verdict": build_verdict(result)})
