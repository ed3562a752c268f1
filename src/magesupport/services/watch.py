"""Use case `watch analyze`: read the logs named, aggregate them, run the detectors, return the report."""

from __future__ import annotations

import gzip
import re
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from magesupport.domain.errors import Problem, WatchError
from magesupport.domain.results_watch import EvidenceLine, SourceStats, WatchReport
from magesupport.domain.severity import Gate
from magesupport.services.gates import severity_gate
from magesupport.watch.analysis import WatchData, analyze, incidents_per_month
from magesupport.watch.detectors import Settings
from magesupport.watch.routes import use_exploit_paths

if TYPE_CHECKING:
    from magesupport.domain.results_sla import Calibration
from magesupport.watch.shapes import ErrorAggregates, SlowAggregates
from magesupport.watch.sources.detect import sniff
from magesupport.watch.sources.monolog import parse_log_chunk
from magesupport.watch.sources.reader import Chunk, iter_chunks
from magesupport.watch.sources.scan import scan_access, scan_slow
from magesupport.watch.sources.slowlog import parse_slow_chunk

__all__ = [
    "analyze_logs",
    "incidents_per_month",
    "load_deploys",
    "observed_workload",
    "parse_when",
    "read_logs",
]


def parse_when(value: str, field: str = "--since") -> float:
    """An ISO date or date-time (UTC unless an offset is given) as epoch seconds."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise WatchError(
            Problem("", None, field, f"expected a date like 2026-10-10 or 2026-10-10T13:55, got {value!r}")
        ) from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def load_deploys(path: Path) -> list[float]:
    """A deploy-times file: one ISO time per line, optionally followed by a label; `#` starts a comment."""
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchError(Problem(str(path), None, "deploys", f"cannot read: {exc}")) from None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        token = line.split()[0]
        if len(line.split()) > 1 and ":" in line.split()[1] and "T" not in token:
            token = f"{token}T{line.split()[1]}"
        try:
            out.append(parse_when(token, "time"))
        except WatchError:
            raise WatchError(
                Problem(
                    str(path),
                    number,
                    "time",
                    f"expected an ISO time like 2026-10-10T13:55:00Z, got {token!r}",
                )
            ) from None
    return sorted(out)


def load_exploit_paths(path: Path) -> list[str]:
    """Known exploit paths from a CSV with a "relevant URI" column (a magevulndb export) or a `uri`,
    `path` or `url` column; values that are not paths (no leading `/`) are left out."""
    from magesupport.files.csv_file import read_csv

    table = read_csv(path, str(path), WatchError)
    column = table.require("exploit paths", "relevant URI", "relevant_uri", "uri", "path", "url")
    return [value.strip() for value in table.column(column) if value.strip().startswith("/")]


def check_log_format(spec: str) -> None:
    """An nginx log_format must name at least the time, the status and the request (or its parts)."""
    import re as _re

    names = set(_re.findall(r"\$\{?(\w+)", spec))
    needs = (
        ("time ($time_local, $time_iso8601 or $msec)", {"time_local", "time_iso8601", "msec"}),
        ("$status", {"status"}),
        ("$request or $request_uri", {"request", "request_uri", "uri"}),
    )
    missing = [need for need, options in needs if not names & options]
    if missing:
        raise WatchError(Problem("", None, "--log-format", f"the format has no {'; no '.join(missing)}"))


def _check_files(paths: list[Path]) -> None:
    problems = [Problem(str(p), None, "", "no such file") for p in paths if not p.is_file()]
    if problems:
        raise WatchError(problems)


def read_logs(
    paths: list[Path],
    since: float | None = None,
    until: float | None = None,
    workers: int | None = None,
    log_format: str | None = None,
) -> WatchData:
    _check_files(paths)
    kinds: dict[str, list[Path]] = {"access": [], "slowlog": [], "errors": [], "unknown": []}
    for path in sorted(set(paths)):
        try:
            kinds["access" if log_format else sniff(path)].append(path)
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile):
            kinds["unknown"].append(path)
    data = WatchData(files={k: [str(p) for p in v] for k, v in kinds.items()})
    if kinds["access"]:
        window, strays = _span(kinds["access"], "access", since, until, log_format)
        _note_window(data, "access", window, strays)
        data.access = scan_access(kinds["access"], workers=workers, window=window, log_format=log_format)
    if kinds["slowlog"]:
        window, strays = _span(kinds["slowlog"], "slowlog", since, until)
        _note_window(data, "slowlog", window, strays)
        data.slow = scan_slow(kinds["slowlog"], workers=workers, window=window)
    if kinds["errors"]:
        data.errors = ErrorAggregates()
        window, strays = _span(kinds["errors"], "errors", since, until)
        _note_window(data, "errors", window, strays)
        for path in kinds["errors"]:
            for chunk in _safe_chunks(path):
                data.errors.add(parse_log_chunk(chunk), window)
    for path in kinds["unknown"]:
        data.unknown.append(_unknown(path))
    return data


SPAN_DAYS = 1100  # docs/watch.md: the days (three years) analysed on each side of the middle of the logs
SAMPLE_BYTES = 1 << 20


def _sample(path: Path) -> list[bytes]:
    """The first and last MiB of a log (the first of a compressed one), cut to whole lines."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                head = handle.read(SAMPLE_BYTES)
            return [head[: head.rfind(b"\n") + 1]]
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
            size = handle.seek(0, 2)
            tail = b""
            if size > 2 * SAMPLE_BYTES:
                handle.seek(size - SAMPLE_BYTES)
                tail = handle.read(SAMPLE_BYTES)
                tail = tail[tail.find(b"\n") + 1 :]
    except (OSError, EOFError, zlib.error):
        return []
    return [head[: head.rfind(b"\n") + 1], tail]


def _note_window(data: WatchData, kind: str, window: tuple[float | None, float | None], strays: bool) -> None:
    """Keep the span a kind was read in when lines of the logs' sample fell outside it (the report says so)."""
    low, high = window
    if strays and low is not None and high is not None:
        data.windows[kind] = (low, high)


def _span(
    paths: list[Path], kind: str, since: float | None, until: float | None, log_format: str | None = None
) -> tuple[tuple[float | None, float | None], bool]:
    """The window the lines are read in: the user's --since/--until, narrowed to SPAN_DAYS on each side
    of the median time of a sample of the logs, so that one stray line (dated 2016 or 2099 in a 2026 log)
    cannot stretch the timeline over decades. Lines outside are left out; the second value says whether lines of
    the sample fell outside the logs' own span (so that the report names the window)."""
    import numpy as np

    times: list[float] = []
    for path in paths:
        for data in _sample(path):
            if not data:
                continue
            chunk = Chunk(str(path), 1, data)
            if kind == "access":
                from magesupport.watch.records import RouteCache
                from magesupport.watch.sources.access import parse_access_chunk
                from magesupport.watch.sources.access_fields import compile_log_format

                pattern = compile_log_format(log_format) if log_format else None
                times.extend(parse_access_chunk(chunk, RouteCache(), pattern).ts.tolist())
            elif kind == "errors":
                times.extend(r.ts for r in parse_log_chunk(chunk).records)
            else:
                times.extend(t for t in parse_slow_chunk(chunk, None)[0].ts if t == t)
    if not times:
        return (since, until), False
    middle = float(np.median(times))
    low, high = middle - SPAN_DAYS * 86400, middle + SPAN_DAYS * 86400
    strays = min(times) < low or max(times) > high
    return (max(low, since) if since is not None else low, min(high, until) if until is not None else high), strays


def aggregate_chunks(
    data: WatchData, kind: str, chunks: list[Chunk], window_hours: float | None = None
) -> None:
    """Add chunks already in memory (the tail window) to `data`, keeping only the last `window_hours`."""
    from magesupport.watch.aggregates import AccessPartial, finish, reduce_batch
    from magesupport.watch.records import RouteCache
    from magesupport.watch.sources.access import parse_access_chunk

    if kind == "access":
        cache, total = RouteCache(), AccessPartial()
        batches = [parse_access_chunk(c, cache) for c in chunks]
        latest = max((int(b.ts.max()) for b in batches if b.rows), default=0)
        since = latest - window_hours * 3600 if window_hours else None
        for batch in batches:
            total.merge(reduce_batch(batch, cache, (since, None)))
        if data.access is None:
            data.access = finish(total)
    elif kind == "slowlog":
        data.slow = data.slow or SlowAggregates()
        last_time = None
        slow_batches = []
        for chunk in chunks:
            slow_batch, last_time = parse_slow_chunk(chunk, last_time)
            slow_batches.append(slow_batch)
        latest_slow = max((t for b in slow_batches for t in b.ts if t == t), default=0.0)  # NaN: no time
        for slow_batch in slow_batches:
            data.slow.add(slow_batch, (latest_slow - window_hours * 3600 if window_hours else None, None))
    elif kind == "errors":
        data.errors = data.errors or ErrorAggregates()
        log_batches = [parse_log_chunk(chunk) for chunk in chunks]
        latest_error = max((r.ts for b in log_batches for r in b.records), default=0.0)
        for log_batch in log_batches:
            data.errors.add(log_batch, (latest_error - window_hours * 3600 if window_hours else None, None))


def _safe_chunks(path: Path, cut: re.Pattern[bytes] | None = None):  # type: ignore[no-untyped-def]
    try:
        yield from iter_chunks(path, cut=cut)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return  # a truncated rotation: what was read is kept


def _unknown(path: Path) -> SourceStats:
    lines = 0
    sample: list[EvidenceLine] = []
    for chunk in _safe_chunks(path):
        lines += chunk.data.count(b"\n")
        if not sample:
            first = chunk.data.split(b"\n", 1)[0][:200].decode("utf-8", "replace")
            sample.append(EvidenceLine(file=str(path), line=1, text=first))
    return SourceStats(
        kind="unknown",
        files=(str(path),),
        lines=lines,
        records=0,
        unparsed=lines,
        unparsed_samples=tuple(sample),
    )


def analyze_logs(
    paths: list[Path],
    since: str | None = None,
    until: str | None = None,
    deploys_file: Path | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    error_threshold: float | None = None,
    log_format: str | None = None,
    exploit_paths: Path | None = None,
) -> WatchReport:
    use_exploit_paths(load_exploit_paths(exploit_paths) if exploit_paths else [])
    start = parse_when(since, "--since") if since else None
    end = parse_when(until, "--until") if until else None
    deploys = load_deploys(deploys_file) if deploys_file else []
    if log_format is not None:
        check_log_format(log_format)
    data = read_logs(paths, start, end, workers, log_format)
    data.deploys = deploys
    if settings is None:
        settings = Settings(error_threshold_per_hour=error_threshold)
    return analyze(data, settings)


def observed_workload(
    paths: list[Path],
    since: str | None = None,
    until: str | None = None,
    deploys_file: Path | None = None,
) -> dict[str, dict[str, int]]:
    """Incidents found per month per priority, e.g. {"2026-09": {"P1": 1, "P2": 3, "P3": 2, "P4": 5}}.

    The store's observed workload, for `compare` (like the SLA calibration): critical = P1, high = P2,
    medium = P3, low = P4."""
    return incidents_per_month(analyze_logs(paths, since=since, until=until, deploys_file=deploys_file))


def calibrate_from_watch(root: str | Path, workload_file: Path, dry_run: bool = False) -> Calibration:
    """Write incident rates measured by `watch analyze --workload-out` into store.yaml's workload.

    Rates are the incidents found per priority over the period the logs cover, scaled to a year
    (`estimates/calibration.py`); the period is written to `workload.observed`. Use it when there is no
    ticket history to calibrate from.
    """
    import json

    from magesupport.domain.errors import WorkspaceError
    from magesupport.estimates.calibration import SHORT_PERIOD_DAYS, Observation, plan_calibration
    from magesupport.workspace.loader import load_store
    from magesupport.workspace.yamlwrite import update_workload

    root = Path(root)
    profile, doc = load_store(root)
    name = str(workload_file)
    try:
        data = json.loads(Path(workload_file).read_text(encoding="utf-8"))
        months = data["months"]
        start = datetime.fromisoformat(data["period_from"])
        end = datetime.fromisoformat(data["period_to"])
        counts = {s: sum(int(m[s.lower()]) for m in months) for s in ("P1", "P2", "P3", "P4")}
    except OSError as exc:
        raise WorkspaceError([Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]) from None
    except json.JSONDecodeError as exc:
        raise WorkspaceError([Problem(name, exc.lineno, "", f"not valid JSON: {exc.msg}")]) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkspaceError(
            [
                Problem(
                    name,
                    None,
                    "",
                    "not a `watch analyze --workload-out` file "
                    f"(needs period_from, period_to and months: {exc})",
                )
            ]
        ) from None
    days = max((end - start).total_seconds() / 86400.0, 1.0)
    observation = Observation(
        counts=counts,
        period_from=start.date(),
        period_to=end.date(),
        days=days,
        source="watch logs",
        written_source=f"magesupport watch logs ({Path(workload_file).name})",
    )
    plan = plan_calibration(observation, profile.workload, digits=3)
    path = root / "store.yaml"
    update_workload(path, plan.updates, dry_run, doc.text)
    notes = []
    if days < SHORT_PERIOD_DAYS:
        notes.append(f"only {days:.0f} days of logs: rates from a short period are rough")
    notes.append(
        "rates count incidents found in the logs (attacks, slow queries, error ramps, traffic anomalies)"
    )
    return plan.result(str(path), not dry_run, tuple(notes))


def gate(report: WatchReport, fail_on: str | None) -> Gate:
    """`watch analyze --fail-on`: trips on incidents at or above the threshold."""
    return severity_gate((i.severity for i in report.incidents), fail_on, "incident(s)")
