"""Record what redislint reports on a set of folders, and compare two records (issue 15).

A speed change must not change a finding: record before, record after, compare.

    python benchmarks/compare_findings.py record OUT.json [--redislint BIN] [--extra ARG ...] FOLDER...
    python benchmarks/compare_findings.py compare BEFORE.json AFTER.json

Each folder is linted by ``redislint check . --format json`` run inside it, and its whole JSON report
is kept (findings in their order, messages, fingerprints, related locations, notices, exit status),
so that "identical" means byte for byte, not only the same count. ``--each`` lints every sub-folder
of the given folders on its own (one deployment each, as in a corpus). Runs pass ``--no-cache``
unless ``--cache`` is given: recording writes nothing into the folders.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def run(binary: str, folder: Path, extra: list[str]) -> dict[str, object]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "HOME": os.environ.get("HOME", "/")}
    p = subprocess.run([binary, "check", ".", "--format", "json", *extra], cwd=folder, capture_output=True, text=True, env=env, timeout=900)
    try:
        report: object = json.loads(p.stdout)
    except json.JSONDecodeError:
        report = p.stdout
    return {"exit": p.returncode, "report": report, "stderr": p.stderr}


def record(args: argparse.Namespace) -> int:
    folders: list[Path] = []
    for f in args.folders:
        base = Path(f).resolve()
        if args.each:
            folders += sorted(p for p in base.iterdir() if p.is_dir())
        else:
            folders.append(base)
    extra = list(args.extra) if args.cache else ["--no-cache", *args.extra]
    out = {str(f): run(args.redislint, f, extra) for f in folders}
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True), encoding="utf-8")
    n = sum(len(r["report"]["findings"]) for r in out.values() if isinstance(r["report"], dict))  # type: ignore[index,arg-type]
    print(f"{len(out)} folders, {n} findings -> {args.out}")
    return 0


def compare(args: argparse.Namespace) -> int:
    a = json.loads(Path(args.before).read_text(encoding="utf-8"))
    b = json.loads(Path(args.after).read_text(encoding="utf-8"))
    differ = 0
    for folder in sorted(set(a) | set(b)):
        if a.get(folder) != b.get(folder):
            differ += 1
            print(f"DIFFERENT: {folder}")
            ra, rb = (a.get(folder) or {}), (b.get(folder) or {})
            if ra.get("exit") != rb.get("exit"):
                print(f"  exit {ra.get('exit')} -> {rb.get('exit')}")
            fa = ra.get("report", {}).get("findings", []) if isinstance(ra.get("report"), dict) else []
            fb = rb.get("report", {}).get("findings", []) if isinstance(rb.get("report"), dict) else []
            ka = [json.dumps(x, sort_keys=True) for x in fa]
            kb = [json.dumps(x, sort_keys=True) for x in fb]
            for x in [x for x in ka if x not in kb][:5]:
                print(f"  - {x[:300]}")
            for x in [x for x in kb if x not in ka][:5]:
                print(f"  + {x[:300]}")
            if ka == kb or sorted(ka) == sorted(kb):
                print("  (same findings; order, notices or stderr differ)")
    total = len(set(a) | set(b))
    print(f"{total - differ}/{total} folders identical")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out")
    r.add_argument("folders", nargs="+")
    r.add_argument("--redislint", default=str(Path(sys.executable).parent / "redislint"))
    r.add_argument("--each", action="store_true", help="lint each sub-folder of the folders on its own")
    r.add_argument("--extra", action="append", default=[], help="an extra argument for redislint check (repeatable)")
    r.add_argument("--cache", action="store_true", help="let redislint use its cache (default: --no-cache, so that nothing is written in the folders)")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    args = ap.parse_args()
    return record(args) if args.cmd == "record" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
