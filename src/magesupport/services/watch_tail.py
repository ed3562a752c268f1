"""Use case `watch tail`: follow logs, re-run the detectors over a recent window, alert once per incident."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from magesupport.domain.errors import Problem
from magesupport.fileio import atomic_write_text
from magesupport.services.watch import aggregate_chunks
from magesupport.watch.engine import WatchData, analyze
from magesupport.watch.errors import WatchError
from magesupport.watch.results import Incident
from magesupport.watch.sources.detect import sniff
from magesupport.watch.sources.reader import Chunk
from magesupport.watch.tail import Follower, Position

MAX_WINDOW_BYTES = 256 << 20


def load_state(path: Path | None) -> tuple[dict[str, Position], set[str]]:
    if path is None or not path.exists():
        return {}, set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        positions = {
            k: Position(int(v["inode"]), int(v["offset"]), int(v["line"])) for k, v in data["files"].items()
        }
        return positions, set(data.get("alerted", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WatchError(Problem(str(path), None, "state", f"not a watch state file ({exc})")) from None


def save_state(path: Path, positions: dict[str, Position], alerted: set[str]) -> None:
    files = {k: {"inode": p.inode, "offset": p.offset, "line": p.line} for k, p in positions.items()}
    atomic_write_text(path, json.dumps({"files": files, "alerted": sorted(alerted)[-5000:]}, indent=1))


def post_webhook(url: str, incident: Incident, timeout: float = 5.0) -> str | None:
    """POST the incident as JSON; returns an error message instead of raising (alerts keep flowing)."""
    body = incident.model_dump_json().encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"webhook failed: {exc}"
    return None


def alert_line(incident: Incident) -> str:
    return (
        f"ALERT {incident.severity.value} {incident.kind} {incident.start:%Y-%m-%d %H:%M}-{incident.end:%H:%M} UTC "
        f"{incident.subject}: {incident.explanation}"
    )


def follow(
    paths: list[Path],
    state_file: Path | None = None,
    webhook: str | None = None,
    interval: float = 10.0,
    once: bool = False,
    window_hours: float = 6.0,
) -> Iterator[str]:
    """Yield alert lines as incidents appear; stops after one poll with `once`."""
    missing = [Problem(str(p), None, "", "no such file") for p in paths if not p.exists()]
    if missing:
        raise WatchError(missing)
    positions, alerted = load_state(state_file)
    follower = Follower(list(paths), positions)
    kinds = {str(p): sniff(p) for p in paths}
    recent: dict[str, list[Chunk]] = {}
    try:
        while True:
            new = follower.poll()
            for key, first_line, raw in new:
                chunks = recent.setdefault(key, [])
                chunks.append(Chunk(key, first_line, raw))
                while sum(len(c.data) for c in chunks) > MAX_WINDOW_BYTES and len(chunks) > 1:
                    chunks.pop(0)
            if new:
                data = WatchData(files={k: [] for k in ("access", "slowlog", "errors")})
                by_kind: dict[str, list[Chunk]] = {}
                for key, chunks in recent.items():
                    if kinds.get(key, "unknown") == "unknown":
                        kinds[key] = sniff(Path(key))
                    by_kind.setdefault(kinds[key], []).extend(chunks)
                for kind, chunks in by_kind.items():
                    aggregate_chunks(data, kind, chunks, window_hours)
                for incident in analyze(data).incidents:
                    if incident.id in alerted:
                        continue
                    alerted.add(incident.id)
                    yield alert_line(incident)
                    if webhook:
                        problem = post_webhook(webhook, incident)
                        if problem:
                            yield problem
            if state_file:
                save_state(state_file, follower.positions, alerted)
            if once:
                return
            time.sleep(interval)
    finally:
        follower.close()
