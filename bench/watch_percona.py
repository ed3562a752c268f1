"""percona-toolkit's slow-log samples as a peer test suite: our slow-log reader beside pt-query-digest.

For every file under `t/lib/samples/slowlogs/` of a local clone (or git directory) of
percona/percona-toolkit, prints the records read, the distinct fingerprints and the top query class
(by total query time) found by `magesupport watch` and by `pt-query-digest --output json` run on the
same file in the same run (gzip files are decompressed for it), and, where the repository keeps one,
the count of the first query class in pt-query-digest's expected report
(`t/pt-query-digest/samples/<name>_report.txt`). percona-toolkit is GPL: its files are read from the
clone at run time, never copied into this repository.

Run: .venv/bin/python bench/watch_percona.py [--repo PATH] [--markdown]
(pt-query-digest: `apt-get install percona-toolkit`; without it only our figures are printed.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from magesupport.watch.sources.scan import scan_slow

SAMPLES = "t/lib/samples/slowlogs"
REPORTS = "t/pt-query-digest/samples"
DEFAULT_REPO = Path("/work/.mirror/percona+percona-toolkit/repo")


def git(repo: Path, *args: str) -> bytes:
    where = ["--git-dir", str(repo)] if (repo / "HEAD").exists() and not (repo / ".git").exists() else ["-C", str(repo)]
    return subprocess.run(["git", *where, *args], capture_output=True, check=True).stdout


def samples(repo: Path, into: Path) -> list[Path]:
    names = git(repo, "ls-tree", "--name-only", f"HEAD:{SAMPLES}").decode().split()
    out = []
    for name in names:
        path = into / name
        path.write_bytes(git(repo, "show", f"HEAD:{SAMPLES}/{name}"))
        out.append(path)
    return out


def expected_first_count(repo: Path, name: str) -> int | None:
    """Count of 'Query 1' in pt-query-digest's expected report for this sample, when there is one."""
    stem = name.split(".")[0]
    try:
        text = git(repo, "show", f"HEAD:{REPORTS}/{stem}_report.txt").decode("utf-8", "replace")
    except subprocess.CalledProcessError:
        return None
    match = re.search(r"# Query 1:.*?\n# Count\s+\d+\s+(\d+)", text, re.S)
    return int(match[1]) if match else None


def pt_digest(path: Path) -> dict[str, object] | None:
    if not shutil.which("pt-query-digest"):
        return None
    if path.suffix == ".gz":  # pt-query-digest reads plain files only
        plain = path.with_suffix("")
        plain.write_bytes(gzip.decompress(path.read_bytes()))
        path = plain
    done = subprocess.run(
        ["pt-query-digest", "--output", "json", "--limit", "100%", "--no-version-check", str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    text = done.stdout.decode("utf-8", "replace")
    try:
        classes = json.loads(text[text.find("{") :])["classes"] if "{" in text else []
    except (ValueError, KeyError):
        classes = []
    if not classes:
        return {"records": 0, "distinct": 0, "top": None, "error": bool(done.stderr.strip())}
    top = max(classes, key=lambda c: float(c["metrics"]["Query_time"]["sum"]))
    return {
        "records": sum(int(c["query_count"]) for c in classes),
        "distinct": len(classes),
        "top": (int(top["query_count"]), float(top["metrics"]["Query_time"]["sum"]), top["fingerprint"]),
        "error": False,
    }


def ours(path: Path) -> dict[str, object]:
    agg = scan_slow([path], workers=1)
    shapes = agg.shapes()
    top = (shapes[0].count, shapes[0].total_time, shapes[0].fingerprint) if shapes else None
    return {"records": agg.queries, "distinct": len(agg.fingerprints), "top": top, "unparsed": agg.unparsed}


def same_top(a: tuple[int, float, str] | None, b: tuple[int, float, str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] == b[0] and abs(a[1] - b[1]) <= 1e-6 * max(1.0, abs(b[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO, help="clone or git directory of percona-toolkit")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    if not args.repo.exists():
        raise SystemExit(f"{args.repo}: no percona-toolkit clone (git clone percona/percona-toolkit)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in samples(args.repo, Path(tmp)):
            mine, theirs = ours(path), pt_digest(path)
            rows.append((path.name, mine, theirs, expected_first_count(args.repo, path.name)))
    head = "| file | records (ours / pt) | distinct (ours / pt) | top class agrees | expected Query 1 count / ours | unparsed |"
    print(head if args.markdown else head.replace("|", " ").strip())
    if args.markdown:
        print("|---|---:|---:|---|---:|---:|")
    agree = {"records": 0, "distinct": 0, "top": 0, "expected": 0, "expected_total": 0, "pt_files": 0}
    for name, mine, theirs, expected in rows:
        if theirs is not None:
            agree["pt_files"] += 1
            for key in ("records", "distinct"):
                agree[key] += mine[key] == theirs[key]
            agree["top"] += same_top(mine["top"], theirs["top"])  # type: ignore[arg-type]
        ours_first = mine["top"][0] if mine["top"] else 0  # type: ignore[index]
        if expected is not None:
            agree["expected_total"] += 1
            agree["expected"] += expected == ours_first
        pt_records = "-" if theirs is None else f"{theirs['records']}{' (pt error)' if theirs['error'] else ''}"
        cells = [
            name,
            f"{mine['records']} / {pt_records}",
            f"{mine['distinct']} / {'-' if theirs is None else theirs['distinct']}",
            "-" if theirs is None else ("yes" if same_top(mine["top"], theirs["top"]) else "no"),  # type: ignore[arg-type]
            "-" if expected is None else f"{expected} / {ours_first}",
            str(mine["unparsed"]),
        ]
        print("| " + " | ".join(cells) + " |" if args.markdown else "  ".join(cells))
    n = len(rows)
    print(
        f"\n{n} files; against pt-query-digest on {agree['pt_files']}: same records in {agree['records']}, "
        f"same distinct fingerprints in {agree['distinct']}, same top class (count and total time) in "
        f"{agree['top']}; pt-query-digest's expected reports: first class count agrees in "
        f"{agree['expected']} of {agree['expected_total']}"
    )


if __name__ == "__main__":
    main()
