"""CI gate: redislint runs on a corpus folder and on every subfolder without a traceback or RL900.

A folder in which redislint finds nothing to lint (no compose file, redis.conf or sentinel.conf: a
repository that only has a Dockerfile or a template) is exit status 2 by design (no silent green);
the gate accepts that exit when the report says exactly that, and lists those folders.

Usage: python tests/corpus_gate.py CORPUS_DIR   (prints findings per rule; exit 1 on any failure)
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path


def run(path: Path) -> tuple[int, dict, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "redislint", "check", str(path), "--format", "json", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    data: dict = {}
    if proc.stdout.strip():
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError:
            data = {}
    return proc.returncode, data, proc.stderr


def main() -> int:
    corpus = Path(sys.argv[1])
    targets = [corpus, *sorted(p for p in corpus.iterdir() if p.is_dir())]
    failures = []
    nothing: list[str] = []
    per_rule: collections.Counter[str] = collections.Counter()
    for t in targets:
        code, data, err = run(t)
        if code == 2 and "Traceback" not in err and data and data.get("notices") == [f"no compose, redis.conf or sentinel.conf found under {t}"] and not data.get("findings"):
            nothing.append(t.name)
            continue
        if code not in (0, 1) or "Traceback" in err or not data:
            failures.append(f"{t}: exit {code}: {err.strip()[-500:]}")
            continue
        for f in data.get("findings", []):
            if f["rule"] == "RL900":
                failures.append(f"{t}: RL900 {f['message']}")
            if t == corpus:
                per_rule[f["rule"]] += 1
    for rule, n in sorted(per_rule.items()):
        print(f"{rule} {n}")
    if nothing:
        print(f"nothing to lint (exit 2, as designed) in {len(nothing)} folders: {', '.join(nothing)}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    print(f"corpus gate: {len(targets)} runs, no traceback, no RL900")
    return 0


if __name__ == "__main__":
    sys.exit(main())
