"""Integrity baseline and diff: a manifest of the code's hashes, and what changed since it was written.

`audit/sources/code_scope.py` walks the code scope and hashes the files (the `Entry` values); here the
manifest is written and parsed as text, two manifests are compared, and each change gets its severity.
"""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.domain.errors import AuditError, Problem
from magesupport.domain.results_audit import Evidence, Finding, IntegrityChange
from magesupport.domain.severity import FindingSeverity

MANIFEST_MAGIC = "# magesupport integrity manifest v1"
CODE_SUFFIXES = (
    ".php",
    ".phtml",
    ".js",
    ".html",
    ".xml",
    ".phar",
    ".htaccess",
    ".user.ini",
    ".inc",
    ".sh",
    ".json",
    ".pht",
    ".php3",
    ".php4",
    ".php5",
    ".php7",
    ".php8",
    ".phps",
)


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # relative to root, "/" separated
    size: int
    stat_key: str  # "size mtime_ns ctime_ns inode": equal keys mean the file was not rewritten
    digest: str = ""  # sha256 hex; for a symlink, of its target text

    def same_stat(self, other: Entry) -> bool:
        return self.stat_key == other.stat_key


@dataclass(frozen=True, slots=True)
class Manifest:
    root: str
    created: str
    entries: dict[str, Entry]


def _escape(path: str) -> str:
    return path.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append({"t": "\t", "n": "\n", "\\": "\\"}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def manifest_text(root: str, created: str, entries: list[Entry]) -> str:
    lines = [
        MANIFEST_MAGIC,
        f"# root\t{_escape(root)}",
        f"# created\t{created}",
        "# columns\tsha256\tsize\tmtime_ns\tctime_ns\tinode\tpath",
    ]
    for e in sorted(entries, key=lambda x: x.path):
        lines.append(f"{e.digest}\t{e.stat_key}\t{_escape(e.path)}")
    return "\n".join(lines) + "\n"


def parse_manifest(text: str, name: str) -> Manifest:
    lines = text.split("\n")
    if not lines or lines[0].strip() != MANIFEST_MAGIC:
        raise AuditError(
            Problem(name, 1, "", "not a magesupport integrity manifest (run `audit baseline` first)")
        )
    root = created = ""
    entries: dict[str, Entry] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        if line.startswith("#"):
            key, _, value = line[2:].partition("\t")
            if key == "root":
                root = _unescape(value)
            elif key == "created":
                created = value
            continue
        parts = line.split("\t")
        if len(parts) != 6 or not all(p.isdigit() for p in parts[1:5]):
            raise AuditError(
                Problem(name, number, "", "expected sha256, 4 integers and a path, tab-separated")
            )
        path = _unescape(parts[5]) if "\\" in parts[5] else parts[5]
        entry = Entry(path, int(parts[1]), "\t".join(parts[1:5]), parts[0])
        entries[entry.path] = entry
    return Manifest(root=root, created=created, entries=entries)


def compare(baseline: dict[str, Entry], current: dict[str, Entry]) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) paths; `current` digests must be set for files whose stat changed."""
    added = sorted(set(current) - set(baseline))
    removed = sorted(set(baseline) - set(current))
    changed = sorted(
        path
        for path in set(baseline) & set(current)
        if current[path].digest and current[path].digest != baseline[path].digest
    )
    return added, removed, changed


def is_code(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name.endswith(CODE_SUFFIXES) or name in ("magento", ".htaccess", ".htpasswd", ".user.ini")


def change_severity(path: str, change: str) -> str:
    if change == "removed":
        return "medium" if is_code(path) else "low"
    return "high" if is_code(path) else "low"


def changes(baseline: dict[str, Entry], current: dict[str, Entry]) -> tuple[IntegrityChange, ...]:
    """Every file added, removed or changed, graded, in path order."""
    added, removed, changed = compare(baseline, current)
    found = [
        IntegrityChange(
            path=p,
            change="added",
            severity=FindingSeverity(change_severity(p, "added")),
            size=current[p].size,
        )
        for p in added
    ]
    found += [
        IntegrityChange(path=p, change="removed", severity=FindingSeverity(change_severity(p, "removed")))
        for p in removed
    ]
    found += [
        IntegrityChange(
            path=p,
            change="changed",
            severity=FindingSeverity(change_severity(p, "changed")),
            size=current[p].size,
        )
        for p in changed
    ]
    return tuple(sorted(found, key=lambda c: (c.path, c.change)))


def change_findings(found: tuple[IntegrityChange, ...]) -> tuple[Finding, ...]:
    """One finding per change, for the report and the --fail-on gate."""
    return tuple(
        Finding(
            id=f"integrity.{c.change}:{c.path}",
            rule=f"integrity.{c.change}",
            severity=c.severity,
            title=f"{c.change}: {c.path}",
            evidence=(Evidence(file=c.path),),
            advice="Compare with the release or your repository; an unexpected change to code is how skimmers "
            "and backdoors arrive. After a planned deployment, write a new baseline.",
        )
        for c in found
    )


def change_counts(found: tuple[IntegrityChange, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (kind, sum(1 for c in found if c.change == kind)) for kind in ("added", "removed", "changed")
    )
