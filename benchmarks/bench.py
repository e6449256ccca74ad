"""Wall time of `redislint check` against compose-lint on the seven tutorial stacks.

Each tool runs in its own virtual environment (created under .bench/ on first use, from PyPI for
compose-lint and from this checkout for redislint), with output discarded, after one warm-up run.

    python benchmarks/bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
STACKS = ROOT / "fixtures" / "tutorial"


def venv(name: str, *packages: str) -> Path:
    path = WORK / name
    exe = path / "bin" / "python"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(exe), "-m", "pip", "install", "-q", *packages], check=True)
    return path / "bin"


def timeit(cmd: list[str], runs: int) -> list[float]:
    env = {**os.environ, "NO_COLOR": "1"}
    subprocess.run(cmd, cwd=STACKS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=STACKS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--reinstall", action="store_true", help="reinstall redislint from this checkout")
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    rl = venv("redislint", str(ROOT))
    if args.reinstall:
        subprocess.run([str(rl / "python"), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    cl = venv("compose-lint", "compose-lint")
    composes = sorted(os.path.relpath(p, STACKS) for p in glob.glob(str(STACKS / "*" / "docker-compose.yml")))
    cases = {
        "redislint (text)": [str(rl / "redislint"), "check", "."],
        "redislint (sarif)": [str(rl / "redislint"), "check", ".", "--format", "sarif"],
        "compose-lint (text)": [str(cl / "compose-lint"), *composes],
        "compose-lint (sarif)": [str(cl / "compose-lint"), "--format", "sarif", *composes],
    }
    results = {}
    for name, cmd in cases.items():
        results[name] = timeit(cmd, args.runs)
    for name, times in results.items():
        print(f"{name:22} median {statistics.median(times) * 1000:7.1f} ms   min {min(times) * 1000:7.1f} ms")
    ours = statistics.median(results["redislint (text)"])
    theirs = statistics.median(results["compose-lint (text)"])
    print(f"redislint / compose-lint = {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
