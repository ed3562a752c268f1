"""Fetch the search engines' published crawler ranges again and rewrite src/magesupport/watch/data/crawlers.json.

Needs internet. For each engine with a published list (Google's common and special crawlers, Bing,
Apple, DuckDuckGo; Yandex's page of addresses), the networks are replaced by what the vendor's URL
serves now and the source records its `creationTime` (when the file has one) and today's date.
Engines that publish no list (Yahoo, Baidu, Petal: reverse DNS only) are kept as they are. An engine
whose fetch fails keeps its old networks and the script says so; nothing is written when every fetch
fails.

Run: .venv/bin/python scripts/refresh_crawler_ranges.py [--dry-run]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "magesupport" / "watch" / "data" / "crawlers.json"
JSON_SOURCES = {
    "google": [
        "https://developers.google.com/static/search/apis/ipranges/googlebot.json",
        "https://developers.google.com/static/crawling/ipranges/special-crawlers.json",
    ],
    "bing": ["https://www.bing.com/toolbox/bingbot.json"],
    "apple": ["https://search.developer.apple.com/applebot.json"],
    "duckduckgo": ["https://duckduckgo.com/duckduckbot.json"],
}
YANDEX = "https://yandex.com/ips"
_CIDR = re.compile(r"\b(?:\d{1,3}(?:\.\d{1,3}){3}/\d{1,2}|[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}/\d{1,3})\b", re.I)


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "magesupport-refresh/1.0"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def prefixes(doc: dict[str, object]) -> list[str]:
    """`{"prefixes": [{"ipv4Prefix": ...} | {"ipv6Prefix": ...}]}` (Google, Bing, Apple, DuckDuckGo)."""
    out = []
    for item in doc.get("prefixes", []):  # type: ignore[attr-defined]
        if isinstance(item, dict):
            value = item.get("ipv4Prefix") or item.get("ipv6Prefix")
            if value:
                out.append(str(ipaddress.ip_network(value, strict=False)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    args = parser.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    today = datetime.now(UTC).date().isoformat()
    changed = 0
    for engine, urls in JSON_SOURCES.items():
        networks: list[str] = []
        sources = []
        try:
            for url in urls:
                doc = json.loads(fetch(url))
                got = prefixes(doc)
                networks += [n for n in got if n not in networks]
                sources.append({"url": url, "published": doc.get("creationTime"), "taken_via": f"fetched {today}",
                                "prefixes": len(got)})  # fmt: skip
        except (OSError, ValueError) as exc:
            print(f"{engine}: kept the old ranges ({exc})", file=sys.stderr)
            continue
        if networks:
            old = len(data["engines"][engine]["networks"])
            data["engines"][engine].update(networks=networks, sources=sources)
            changed += 1
            print(f"{engine}: {old} -> {len(networks)} networks")
    try:
        page = fetch(YANDEX).decode("utf-8", "replace")
        found = [str(ipaddress.ip_network(m, strict=False)) for m in _CIDR.findall(page)]
        if found:
            data["engines"]["yandex"].update(
                networks=sorted(set(found), key=found.index),
                sources=[{"url": YANDEX, "published": None, "taken_via": f"fetched {today}"}],
            )
            changed += 1
            print(f"yandex: {len(found)} networks")
    except (OSError, ValueError) as exc:
        print(f"yandex: kept the old ranges ({exc})", file=sys.stderr)
    if not changed:
        print("no source could be fetched: nothing written", file=sys.stderr)
        return 1
    data["taken"] = today
    if args.dry_run:
        print(f"dry run: {changed} engine(s) would be updated in {DATA}")
        return 0
    DATA.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {DATA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
