"""Wall time of `redislint check` against compose-lint on the seven tutorial stacks.

Each tool runs in its own virtual environment (created under .bench/ on first use, from PyPI for
compose-lint and from this checkout for redislint), with output discarded, after one warm-up run.

    python benchmarks/bench.py [--runs 15] [--compose-lint PATH]

redislint runs twice per round: as users run it (the cache on: after the warm-up run nothing has
changed, so it prints the saved report) and cold (``--no-cache``: everything parsed and checked).
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
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


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) of one run."""
    env = {**os.environ, "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=STACKS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--reinstall", action="store_true", help="reinstall redislint from this checkout")
    ap.add_argument("--compose-lint", default=None, help="a compose-lint executable (default: one installed under .bench/)")
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    rl = venv("redislint", str(ROOT))
    if args.reinstall:
        subprocess.run([str(rl / "python"), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    cl = Path(args.compose_lint).parent if args.compose_lint else venv("compose-lint", "compose-lint")
    composes = sorted(os.path.relpath(p, STACKS) for p in glob.glob(str(STACKS / "*" / "docker-compose.yml")))
    cases = {
        "redislint (text)": [str(rl / "redislint"), "check", "."],
        "redislint (sarif)": [str(rl / "redislint"), "check", ".", "--format", "sarif"],
        "redislint --no-cache (text)": [str(rl / "redislint"), "check", ".", "--no-cache"],
        "redislint --no-cache (sarif)": [str(rl / "redislint"), "check", ".", "--no-cache", "--format", "sarif"],
        "compose-lint (text)": [str(cl / "compose-lint"), *composes],
        "compose-lint (sarif)": [str(cl / "compose-lint"), "--format", "sarif", *composes],
    }
    walls: dict[str, list[float]] = {name: [] for name in cases}
    cpus: dict[str, list[float]] = {name: [] for name in cases}
    for cmd in cases.values():
        run_once(cmd)  # warm-up (page cache, .pyc)
    for _ in range(args.runs):
        # Interleave the tools so that a busy moment of the machine hits both alike.
        for name, cmd in cases.items():
            wall, cpu = run_once(cmd)
            walls[name].append(wall)
            cpus[name].append(cpu)
    for name in cases:
        print(
            f"{name:30} wall median {statistics.median(walls[name]) * 1000:7.1f} ms  min {min(walls[name]) * 1000:7.1f} ms"
            f"   cpu median {statistics.median(cpus[name]) * 1000:7.1f} ms"
        )
    for fmt in ("text", "sarif"):
        theirs = statistics.median(walls[f"compose-lint ({fmt})"])
        for how in ("", " --no-cache"):
            ours = statistics.median(walls[f"redislint{how} ({fmt})"])
            print(f"{fmt}: redislint{how} / compose-lint wall time = {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
