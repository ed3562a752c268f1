"""Use case `watch tail`: follow logs, re-run the detectors over a recent window, alert once per incident."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from magesupport.domain.errors import Problem, WatchError
from magesupport.domain.redact import redact_text, redact_webhook
from magesupport.domain.results_watch import Incident
from magesupport.files.write import atomic_write_text
from magesupport.services.watch import aggregate_chunks
from magesupport.watch.analysis import WatchData, analyze
from magesupport.watch.sources.detect import sniff
from magesupport.watch.sources.follow import Follower, Position
from magesupport.watch.sources.reader import Chunk

MAX_WINDOW_BYTES = 256 << 20


Alerted = dict[str, float]  # "kind|subject" -> end (epoch) of the last incident alerted for it
REALERT_GAP = 3600.0
PRIME_BYTES = 32 << 20


def load_state(path: Path | None) -> tuple[dict[str, Position], Alerted]:
    if path is None or not path.exists():
        return {}, {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        positions = {
            k: Position(int(v["inode"]), int(v["offset"]), int(v["line"])) for k, v in data["files"].items()
        }
        return positions, {str(k): float(v) for k, v in data.get("alerted", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WatchError(Problem(str(path), None, "state", f"not a watch state file ({exc})")) from None


def save_state(path: Path, positions: dict[str, Position], alerted: Alerted) -> None:
    files = {k: {"inode": p.inode, "offset": p.offset, "line": p.line} for k, p in positions.items()}
    latest = dict(sorted(alerted.items(), key=lambda kv: kv[1])[-5000:])
    atomic_write_text(path, json.dumps({"files": files, "alerted": latest}, indent=1))


def is_new(incident: Incident, alerted: Alerted) -> bool:
    """An incident is new unless the same kind and subject was alerted and ended less than an hour before it.

    Windows slide as lines arrive, so an ongoing attack changes its start; it is alerted once and its
    end is extended."""
    key = f"{incident.kind}|{incident.subject}"
    start, end = incident.start.timestamp(), incident.end.timestamp()
    previous = alerted.get(key)
    alerted[key] = max(end, previous or end)
    return previous is None or start > previous + REALERT_GAP


def _prime(paths: list[Path], positions: dict[str, Position]) -> dict[str, list[Chunk]]:
    """The lines just before each saved offset, as history for the detectors (not alerted again)."""
    out: dict[str, list[Chunk]] = {}
    for path in paths:
        pos = positions.get(str(path))
        if pos is None or not pos.offset:
            continue
        try:
            if path.stat().st_ino != pos.inode:
                continue
            with open(path, "rb") as handle:
                begin = max(0, pos.offset - PRIME_BYTES)
                handle.seek(begin)
                data = handle.read(pos.offset - begin)
        except OSError:
            continue
        if begin:
            data = data[data.find(b"\n") + 1 :]
        if data:
            out[str(path)] = [Chunk(str(path), pos.line - data.count(b"\n") + 1, data)]
    return out


def check_webhook(url: str) -> tuple[str, dict[str, str]]:
    """The URL to POST to (credentials taken out of it) and its headers; WatchError for a URL we will not use.

    Only http:// and https:// with a host are accepted (`file://`, `ftp://` or a bare path would be read or
    ignored by urllib, never a POST); `user:password@` becomes a Basic Authorization header, so that such a
    URL connects. Messages show the URL redacted (its path may be the hook's secret).
    """
    parts = urllib.parse.urlsplit(url.strip())
    shown = redact_webhook(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise WatchError(
            Problem("--webhook", None, "", f"{shown}: only http:// or https:// URLs can receive alerts")
        )
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host:
        raise WatchError(Problem("--webhook", None, "", f"{shown}: no host (or a bad port) in the URL"))
    headers = {"Content-Type": "application/json"}
    if parts.username is not None or parts.password is not None:
        user = urllib.parse.unquote(parts.username or "")
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    netloc = host if ":" not in host else f"[{host}]"
    netloc += f":{port}" if port is not None else ""
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), headers


def post_webhook(url: str, incident: Incident, timeout: float = 5.0) -> str | None:
    """POST the incident as JSON; returns an error message instead of raising (alerts keep flowing)."""
    body = incident.model_dump_json().encode("utf-8")
    target, headers = check_webhook(url)
    request = urllib.request.Request(target, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return f"webhook {redact_webhook(url)} failed: {redact_text(str(reason), _secrets(url))}"
    return None


def _secrets(url: str) -> tuple[str, ...]:
    parts = urllib.parse.urlsplit(url)
    return tuple(s for s in (parts.password, parts.path.strip("/"), parts.query) if s)


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
    if webhook:
        check_webhook(webhook)  # refused before anything is read: never a silent no-op
    missing = [Problem(str(p), None, "", "no such file") for p in paths if not p.exists()]
    if missing:
        raise WatchError(missing)
    positions, alerted = load_state(state_file)
    follower = Follower(list(paths), positions)
    kinds = {str(p): sniff(p) for p in paths}
    recent: dict[str, list[Chunk]] = _prime(list(paths), positions)
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
                for incident in sorted(analyze(data).incidents, key=lambda i: i.start):
                    if not is_new(incident, alerted):
                        continue
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
