#!/usr/bin/env python3
"""Rebuild src/magesupport/audit/data/releases.json from Adobe's public release data.

Inputs (a folder holding, unchanged from their upstream repositories):
  core-releases.json       AdobeDocs/commerce-operations.en, release dates and lifecycle dates per line
  system-requirements.yml  same repository, supported PHP (and services) per version incl. -pN
  endoflife-magento.md     endoflife-date/endoflife.date products/magento.md, PHP for lines older than 2.4.4
  README.md                provenance: the upstream commit and its date (read for the `source` note)

Usage:
  .venv/bin/python scripts/refresh_release_data.py [SOURCE_DIR] [--taken YYYY-MM-DD] [--out PATH]

SOURCE_DIR defaults to ../shared/data/magento-releases next to the repository, then /work/shared/data/...
To refresh: update those files from their upstream repositories (keep them unchanged), note the commit and
date in their README, run this script, review the diff of releases.json, run the tests.

Known traps handled here: release lines with extended support keep getting -pN releases after
end-of-support (2.4.4/2.4.5 in 2026); grouped keys such as "2.4.0-2.4.3" cover several lines;
system-requirements keys can carry a " (latest)" suffix and repeat mapping keys; the composer PHP
constraint is wider than Adobe's supported list, so only Adobe's list is used.

Editions: Open Source and Adobe Commerce share the regular support window; extended support (and the security
fixes after it) is sold with Adobe Commerce only, so a -pN release published after the end of regular support
of a line that has extended support is marked `open_source: false` (2.4.4-p14 and 2.4.5-p15 onwards were never
published for Open Source: magento/magento2#39994, #40230).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "src" / "magesupport" / "audit" / "data" / "releases.json"
CANDIDATE_SOURCES = (
    HERE.parent.parent / "shared" / "data" / "magento-releases",
    Path("/work/shared/data/magento-releases"),
)
VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-p(\d+))?$")


def version_key(version: str) -> tuple[int, int, int, int]:
    match = VERSION_RE.match(version)
    if not match:
        raise ValueError(f"unexpected version {version!r}")
    major, minor, patch, p = match.groups()
    return int(major), int(minor), int(patch), int(p or 0)


def line_of(version: str) -> str:
    """2.4.6 for 2.4.6-p3; before 2.3 there were no -pN releases and 2.1.x were the patches, so 2.1."""
    major, minor, patch, _ = version_key(version)
    return f"{major}.{minor}" if (major, minor) < (2, 3) else f"{major}.{minor}.{patch}"


def php_list(text: object) -> list[str]:
    if text is None:
        return []
    items = [p.strip() for p in str(text).split(",") if p.strip()]
    return sorted(set(items), key=lambda v: tuple(int(x) for x in v.split(".")))


def read_system_requirements(path: Path) -> dict[str, list[str]]:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    php: dict[str, list[str]] = {}
    for key, services in data.items():
        version = str(key).replace("(latest)", "").strip()
        if isinstance(services, dict) and "PHP" in services:
            php[version] = php_list(services["PHP"])
    return php


def read_endoflife(path: Path) -> dict[str, dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    front = text.split("---", 2)[1]
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(front)
    cycles: dict[str, dict[str, object]] = {}
    for release in data.get("releases", []):
        cycles[str(release["releaseCycle"])] = dict(release)
    return cycles


def provenance(readme: Path) -> tuple[str, str | None]:
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    match = re.search(r"AdobeDocs/commerce-operations\.en @(\w+) \((\d{4}-\d{2}-\d{2})\)", text)
    if not match:
        return "AdobeDocs/commerce-operations.en (commit unknown)", None
    return f"AdobeDocs/commerce-operations.en @{match.group(1)}", match.group(2)


def open_source(published: str, dates: dict[str, str | None]) -> bool:
    """Was this release published for Magento Open Source too? Not when it came out during extended support."""
    end, extended = dates["end_of_support"], dates["end_of_extended_support"]
    return not (end and extended and published > end)


def build(source: Path, taken: str | None) -> dict[str, object]:
    core = json.loads((source / "core-releases.json").read_text(encoding="utf-8"))
    php_by_version = read_system_requirements(source / "system-requirements.yml")
    cycles = read_endoflife(source / "endoflife-magento.md")
    origin, origin_date = provenance(source / "README.md")

    lines: dict[str, dict[str, object]] = {}
    for group, entry in core.items():
        dates = {
            "end_of_support": entry.get("end-of-support"),
            "end_of_extended_support": entry.get("end-of-extended-support"),
            "end_of_security_fixes": entry.get("end-of-security-fixes-provisioning"),
            "upgrade_enforcement": entry.get("version-upgrade-enforcement-date"),
        }
        for release in entry["releases"]:
            version = release["tagName"].lstrip("v")
            line = line_of(version)
            record = lines.setdefault(line, {"line": line, "group": group, **dates, "releases": []})
            cycle = cycles.get(line) or cycles.get(".".join(line.split(".")[:2])) or {}
            php = php_by_version.get(version)
            source_name = "system-requirements.yml"
            if php is None:
                php = php_list(cycle.get("supportedPhpVersions"))
                source_name = "endoflife-magento.md" if php else "none"
            record["releases"].append(  # type: ignore[union-attr]
                {
                    "version": version,
                    "published": release["publishedAt"][:10],
                    "php": php,
                    "php_source": source_name,
                    "open_source": open_source(release["publishedAt"][:10], dates),
                }
            )
    result_lines = []
    for line in sorted(lines, key=lambda v: tuple(int(x) for x in v.split("."))):
        record = lines[line]
        releases = sorted(record["releases"], key=lambda r: version_key(r["version"]))  # type: ignore[arg-type]
        record["releases"] = releases
        result_lines.append(record)
    return {
        "source": {
            "note": "Built by scripts/refresh_release_data.py from public release data; facts about releases. "
            "open_source: false marks releases of the extended-support period, published for Adobe Commerce only.",
            "taken": taken or origin_date,
            "generated": date.today().isoformat(),
            "files": [
                {"file": "core-releases.json", "from": origin, "licence": "MIT"},
                {"file": "system-requirements.yml", "from": origin, "licence": "MIT"},
                {
                    "file": "endoflife-magento.md",
                    "from": "endoflife-date/endoflife.date products/magento.md",
                    "licence": "MIT",
                },
            ],
        },
        "lines": result_lines,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path)
    parser.add_argument("--taken", help="date the upstream data was taken (YYYY-MM-DD)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source = args.source or next((p for p in CANDIDATE_SOURCES if p.is_dir()), None)
    if source is None or not (source / "core-releases.json").is_file():
        print("error: no release data folder found; pass SOURCE_DIR", file=sys.stderr)
        return 2
    data = build(source, args.taken)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    count = sum(len(line["releases"]) for line in data["lines"])  # type: ignore[arg-type,misc]
    print(f"wrote {args.out}: {len(data['lines'])} lines, {count} releases, taken {data['source']['taken']}")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
