"""Magento Monolog logs (exception.log, system.log, debug.log) and PHP-FPM / PHP error logs.

A record starts with `[time]`; following lines that do not (stack traces, multi-line messages) belong
to it. Each record yields an `ErrorRecord` with its fingerprint parts: exception class, normalised
message and top frame.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from magesupport.watch.fingerprints import error_fingerprint
from magesupport.watch.records import ErrorRecord, LogBatch
from magesupport.watch.sources.bytesops import log_time
from magesupport.watch.sources.reader import Chunk

_MONOLOG = re.compile(r"^\[(?P<time>[^\]]{10,40})\] (?P<channel>[\w.-]+)\.(?P<level>[A-Z]+): (?P<msg>.*)$")
_FPM = re.compile(
    r"^\[(?P<time>\d{2}-[A-Za-z]{3}-\d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Za-z/_+-]+)?)\] "
    r"(?:(?P<level>[A-Z]+): |PHP (?P<php>[A-Za-z ]+?):\s+)(?P<msg>.*)$"
)
# the PHP-FPM slow log (request_slowlog_timeout): a head line, `script_filename = ...`, then the stack
_FPM_SLOW = re.compile(
    r"^\[(?P<time>\d{2}-[A-Za-z]{3}-\d{4} \d{2}:\d{2}:\d{2})\]\s+\[pool (?P<pool>[^\]]+)\] pid (?P<pid>\d+)\s*$"
)
_SLOW_FRAME = re.compile(r"^\[0x[0-9a-f]+\] (\S+?\(\)) (\S+?)(?::(\d+))?$", re.M)
_SCRIPT = re.compile(r"^script_filename = (\S+)", re.M)
# Magento 1 (Zend_Log): `2014-05-30T00:45:32+00:00 ERR (3): message`
_MAGENTO1 = re.compile(
    r"^(?P<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)?) (?P<zlevel>[A-Z]+) \(\d\): (?P<msg>.*)$"
)
ZEND_LEVELS = {"ERR": "ERROR", "CRIT": "CRITICAL", "ALERT": "ALERT", "EMERG": "EMERGENCY"}
_MONOLOG2_EXC = re.compile(r"\(([\w\\]+)\(code: -?\d+\): (.*?) at (\S+?):(\d+)\)")
_CLASS_MSG = re.compile(
    r"^(?:PHP \w+ error:\s+)?(?:Uncaught )?((?=[A-Z\\])[\w\\]*(?:Exception|Error))(?:\(code: -?\d+\))?: (.*)$"
)
_CONTEXT = re.compile(r"\s+(?:\{.*\}|\[.*\])\s+(?:\{.*\}|\[.*\])\s*$")
_IN_FILE = re.compile(r" in (/\S+?)(?::| on line )(\d+)")
_FRAME = re.compile(r"^#0 (?:(\S+?)\((\d+)\): )?(.+)$", re.M)
_DEPLOY = re.compile(
    r"(setup:upgrade|setup:di:compile|setup:static-content:deploy|static content deploy|deploy(?:ed|ment)\b|"
    r"maintenance mode (?:is )?(?:enabled|disabled)|cache:flush)",
    re.IGNORECASE,
)
ERROR_LEVELS = {"ERROR", "CRITICAL", "ALERT", "EMERGENCY"}
FPM_LEVELS = {"ERROR", "ALERT", "WARNING"}
PHP_ERROR_KINDS = {"fatal error", "parse error", "recoverable fatal error", "warning"}
MAX_RECORD = 64 << 10


def parse_monolog_time(text: str) -> float | None:
    """`2026-10-10T13:55:36.123456+00:00`, `2026-10-10 13:55:36` (UTC assumed) or PHP's `10-Oct-2026 13:55:36 UTC`."""
    text = text.strip()
    try:
        if text[:4].isdigit():
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            parts = text.split(" ")
            when = datetime.strptime(" ".join(parts[:2]).split(".")[0], "%d-%b-%Y %H:%M:%S")
        return log_time((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp())
    except (ValueError, IndexError, OverflowError):
        return None


def parse_log_chunk(chunk: Chunk) -> LogBatch:
    text = chunk.data.decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    batch = LogBatch([], [], len(lines), 0, [])
    head: tuple[int, re.Match[str], str] | None = None
    extra: list[str] = []
    for index, raw in enumerate(lines):
        if raw.startswith("[") or raw[:2] == "20":
            match = _MONOLOG.match(raw) or _FPM.match(raw) or _FPM_SLOW.match(raw) or _MAGENTO1.match(raw)
            if match:
                if head:
                    _emit(batch, chunk, head, extra)
                head, extra = (index, match, raw), []
                continue
        if head is not None and sum(map(len, extra)) < MAX_RECORD:
            extra.append(raw)
        elif head is None and raw.strip():
            batch.unparsed += 1
            if len(batch.unparsed_samples) < 5:
                batch.unparsed_samples.append((chunk.file, chunk.first_line + index, raw[:200]))
    if head:
        _emit(batch, chunk, head, extra)
    return batch


def _emit(batch: LogBatch, chunk: Chunk, head: tuple[int, re.Match[str], str], extra: list[str]) -> None:
    index, match, raw = head
    line = chunk.first_line + index
    ts = parse_monolog_time(match["time"])
    if ts is None:
        batch.unparsed += 1
        if len(batch.unparsed_samples) < 5:
            batch.unparsed_samples.append((chunk.file, line, raw[:200]))
        return
    groups = match.groupdict()
    message = groups.get("msg") or ""
    if "channel" in groups:
        source, level = "monolog", match["level"]
    elif "zlevel" in groups:
        source, level = "monolog", ZEND_LEVELS.get(match["zlevel"], match["zlevel"])
    elif "pool" in groups:
        source, level = "php-fpm-slow", "SLOW"
    else:
        php = groups.get("php")
        source, level = ("php", php.upper()) if php else ("php-fpm", match["level"])
    if _DEPLOY.search(message) and level not in ERROR_LEVELS:
        batch.deploys.append((ts, chunk.file, line, raw[:240]))
    if not _is_error(source, level):
        return
    if source == "php-fpm-slow":
        exception, msg, frame = _slow_parts("\n".join(extra), groups["pool"])
    else:
        exception, msg, frame = _parts(message, "\n".join(extra), source, groups.get("channel") or "")
    batch.records.append(
        ErrorRecord(
            ts,
            source,
            level,
            exception,
            msg,
            frame,
            error_fingerprint(exception, msg, frame),
            chunk.file,
            line,
            raw[:240],
        )
    )


def _slow_parts(trace: str, pool: str) -> tuple[str, str, str]:
    """A slow request: the script, and the frame it was in when logged (the top of the stack)."""
    script = _SCRIPT.search(trace)
    frame = _SLOW_FRAME.search(trace)
    where = f"{frame[1]} ({_short_path(frame[2])})" if frame else "-"
    return "php-fpm slow request", f"[pool {pool}] {_short_path(script[1]) if script else '?'}", where


def _is_error(source: str, level: str) -> bool:
    if source == "php-fpm-slow":
        return True
    if source == "monolog":
        return level in ERROR_LEVELS
    if source == "php":
        return level.lower() in PHP_ERROR_KINDS
    return level in FPM_LEVELS


_MAGENTO1_EXC = re.compile(r"^exception '([\w\\]+)' with message '(.*?)' in (\S+?):(\d+)$", re.M)


def _parts(message: str, rest: str, source: str, channel: str) -> tuple[str, str, str]:
    """Exception class, message and top frame of a record (best effort, never failing)."""
    if not message.strip() and rest.startswith("exception '"):  # Magento 1: the exception on the next line
        m1 = _MAGENTO1_EXC.search(rest)
        if m1:
            return m1[1], m1[2], _frame(_FRAME.search(rest)) or _short_path(m1[3])
    message = _CONTEXT.sub("", message) if message.endswith(("]", "}")) else message
    full = (f"{message}\n{rest}" if rest else message).replace("\\\\", "\\")
    m2 = _MONOLOG2_EXC.search(full)
    frame_match = _FRAME.search(full)
    frame = _frame(frame_match)
    if m2:
        return m2[1], m2[2], frame or f"{_short_path(m2[3])}"
    cm = _CLASS_MSG.match(message)
    if cm:
        msg = cm[2]
        in_file = _IN_FILE.search(msg)
        if in_file:
            msg = msg[: in_file.start()]
            frame = frame or _short_path(in_file[1])
        return cm[1], msg, frame or "-"
    if source != "monolog":
        in_file = _IN_FILE.search(message)
        where = _short_path(in_file[1]) if in_file else "-"
        msg = message[: in_file.start()] if in_file else message
        return (
            f"{source}.{'error' if source == 'php' else 'warning'}",
            re.sub(r"^\[pool \S+\] ", "", msg),
            where,
        )
    return channel or "main", message.split(" {")[0], frame or "-"


def _frame(match: re.Match[str] | None) -> str:
    if not match:
        return ""
    call = match[3].strip()
    return call if not match[1] else f"{call} ({_short_path(match[1])})"


def _short_path(path: str) -> str:
    for marker in ("/vendor/", "/app/code/", "/lib/internal/", "/generated/"):
        if marker in path:
            return marker.strip("/") + "/" + path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]
