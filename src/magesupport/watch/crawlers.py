"""Search-engine crawlers: which engine a user agent claims, and whether an address is in its ranges.

The ranges are bundled data (`watch/data/crawlers.json`: Google, Bing, Apple, DuckDuckGo and Yandex
publish them; for Yahoo, Baidu and Petal, which publish none, the operator's own networks), with the
source and date of each; `scripts/refresh_crawler_ranges.py` fetches them again. Offline there is no
reverse DNS, so an address outside the claimed engine's ranges counts as a fake crawler.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Engine:
    key: str
    name: str
    user_agent: re.Pattern[str]
    kind: str  # published | operator-networks
    verify: str


@dataclass(frozen=True)
class Ranges:
    engines: dict[str, Engine]
    v4_start: np.ndarray  # sorted starts of IPv4 networks (uint64), with their ends and engine index
    v4_end: np.ndarray
    v4_engine: np.ndarray
    v6: tuple[tuple[int, int, str], ...]
    taken: str
    keys: tuple[str, ...]


@functools.cache
def ranges() -> Ranges:
    text = resources.files("magesupport.watch.data").joinpath("crawlers.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    engines: dict[str, Engine] = {}
    v4: list[tuple[int, int, int]] = []
    v6: list[tuple[int, int, str]] = []
    keys = tuple(data["engines"])
    for index, (key, spec) in enumerate(data["engines"].items()):
        engines[key] = Engine(key, spec["name"], re.compile(spec["user_agent"], re.I), spec["kind"], spec["verify"])
        for raw in spec["networks"]:
            net = ipaddress.ip_network(raw, strict=False)
            first, last = int(net.network_address), int(net.broadcast_address)
            if net.version == 4:
                v4.append((first, last, index))
            else:
                v6.append((first, last, key))
    v4.sort()
    merged: list[list[int]] = []  # nested or adjacent networks become one interval (no lookup misses one)
    for first, last, index in v4:
        if merged and first <= merged[-1][1] + 1 and merged[-1][2] == index:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last, index])
    table = np.array(merged, dtype=np.uint64).reshape(-1, 3)
    return Ranges(engines, table[:, 0], table[:, 1], table[:, 2].astype(np.int64), tuple(v6), data["taken"], keys)


_ANY = None


def claimed_engine(user_agent: str) -> str | None:
    """The engine a user agent names (googlebot, bingbot, Slurp...), or None."""
    global _ANY
    table = ranges()
    if _ANY is None:
        _ANY = re.compile("|".join(f"(?P<{k}>{e.user_agent.pattern})" for k, e in table.engines.items()), re.I)
    match = _ANY.search(user_agent)
    return match.lastgroup if match else None


def engine_of(ip: str) -> str | None:
    """The engine whose ranges hold this address, or None (also for what is not an address)."""
    try:
        address = ipaddress.ip_address(ip.strip("[]"))
    except ValueError:
        return None
    table = ranges()
    value = int(address)
    if address.version == 4:
        k = int(np.searchsorted(table.v4_start, np.uint64(value), side="right")) - 1
        if k >= 0 and value <= int(table.v4_end[k]):
            return table.keys[int(table.v4_engine[k])]
        return None
    for first, last, key in table.v6:
        if first <= value <= last:
            return key
    return None


def is_genuine(ip: str, engine: str) -> bool:
    return engine_of(ip) == engine
