"""Record what redislint reports on a set of folders, and compare two records (issue 15).

A speed change must not change a finding: record before, record after, compare.

    python benchmarks/compare_findings.py record OUT.json [--redislint BIN] [--extra ARG ...] FOLDER...
    python benchmarks/compare_findings.py compare BEFORE.json AFTER.json
    python benchmarks/compare_findings.py explain BEFORE.json AFTER.json

``explain`` compares findings as (rule, file, line, column, severity, message), across versions
whose reports differ in other fields, and sorts each difference: gone, new, changed (severity,
message), or folded by the engine (one cause, one finding: an aspect of another rule's finding at
the same place; one statement, one finding: the same rule at the same span naming the other
subjects). One row per rule and kind, with a count and an example (issue 10's before/after).

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


Key = tuple[str, str, int, int, str, str]


def _findings(record: dict[str, dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for folder, r in record.items():
        rep = r["report"]
        out[folder] = rep["findings"] if isinstance(rep, dict) else []
    return out


def _key(f: dict[str, object]) -> Key:
    return (str(f["rule"]), str(f["file"]), int(f["line"]), int(f["column"]), str(f["severity"]), str(f["message"]))  # type: ignore[call-overload]


def _kind(k: Key, here: list[dict[str, object]], new_here: list[Key]) -> str:
    """How the finding ``k`` of before stands after: ``here`` are the findings after at its place,
    ``new_here`` the keys after of the same rule and place that before did not have (consumed)."""
    heads = [n for n in new_here if n[5].startswith(k[5] + " (the same for")]
    if heads:
        new_here.remove(heads[0])
        return "kept, its message now names the other subjects (one statement, one finding)"
    if any(any(str(r["message"]).startswith(f"also {k[0]} ") for r in g["related"]) for g in here):  # type: ignore[attr-defined]
        return "folded: one cause, one finding (aspect of another rule)"
    if any(g["rule"] == k[0] and "(the same for" in str(g["message"]) for g in here):
        return "folded: one statement, one finding (same rule, same span, other subject)"
    if new_here:
        n = new_here.pop()
        if n[4] != k[4] and n[5] != k[5]:
            return "changed severity and message"
        return f"changed severity {k[4]}->{n[4]}" if n[4] != k[4] else "changed message"
    return "gone"


def explain(args: argparse.Namespace) -> int:
    from collections import Counter, defaultdict

    fa = _findings(json.loads(Path(args.before).read_text(encoding="utf-8")))
    fb = _findings(json.loads(Path(args.after).read_text(encoding="utf-8")))
    kinds: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    same = before = after = 0
    for folder in sorted(set(fa) | set(fb)):
        a = Counter(_key(f) for f in fa.get(folder, []))
        b = Counter(_key(f) for f in fb.get(folder, []))
        same, before, after = same + sum((a & b).values()), before + sum(a.values()), after + sum(b.values())
        at: dict[tuple[str, int, int], list[dict[str, object]]] = defaultdict(list)
        for f in fb.get(folder, []):
            at[(str(f["file"]), int(f["line"]), int(f["column"]))].append(f)  # type: ignore[call-overload]
        new: dict[tuple[str, str, int, int], list[Key]] = defaultdict(list)
        for n in (b - a).elements():
            new[n[:4]].append(n)
        name = Path(folder).name
        for k in (a - b).elements():
            kind = _kind(k, at.get((k[1], k[2], k[3]), []), new[k[:4]])
            kinds[(k[0], kind)] += 1
            example.setdefault((k[0], kind), f"{name}: {k}")
        for rest in new.values():
            for n in rest:
                kinds[(n[0], "new")] += 1
                example.setdefault((n[0], "new"), f"{name}: {n}")
    print(f"before {before} findings, after {after}, {same} identical")
    for (rule, kind), count in sorted(kinds.items()):
        print(f"| {rule} | {kind} | {count} | `{example[(rule, kind)][:220].replace('|', '/')}` |")
    return 1 if kinds else 0


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
    e = sub.add_parser("explain")
    e.add_argument("before")
    e.add_argument("after")
    args = ap.parse_args()
    return {"record": record, "compare": compare, "explain": explain}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
