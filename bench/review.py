"""Time the review, ranking (with 1,000 stability draws) and recommendation on the example workspaces."""

from __future__ import annotations

import time
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.services.review import decide
from magesupport.workspace.loader import load_workspace

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

for name in ("startup", "midmarket", "enterprise"):
    workspace = load_workspace(EXAMPLES / name)
    result = compare_workspace(workspace)
    decide(workspace, result)  # warm the calendar caches
    runs = 5
    start = time.perf_counter()
    for _ in range(runs):
        decision = decide(workspace, result)
    elapsed = (time.perf_counter() - start) / runs
    rules = sum(r.rules_applied for r in decision.reviews)
    print(
        f"{name:10} {len(workspace.packages)} quotes, {rules} rule checks, 1,000 draws: {elapsed * 1000:.0f} ms "
        f"-> {decision.recommendation.recommended_id} (first in {decision.recommendation.first_share:.0%})"
    )
