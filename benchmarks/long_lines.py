"""Wall time of `redislint check` on inputs with very long lines (and many secrets), in every format.

Issue 11: a 100 KB redis.conf line took 80 s in text output (a quadratic URL pattern in the old
mask). Masking now works from recorded spans and one matcher of known values, so every case here
should take well under 5 s. Nothing is asserted: this prints the times.

    python benchmarks/long_lines.py [--size 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("text", "json", "sarif", "github")


def cases(size: int) -> dict[str, dict[str, str]]:
    word = "a" * size
    urlish = "x://" * (size // 4)
    return {
        "conf: one long argument": {"redis.conf": f"requirepass Pw7f3K9qLongLine\nmaxmemory {word}\n"},
        "conf: one long directive": {"redis.conf": f"{word}\n"},
        "conf: url-like line": {"redis.conf": f"rename-command {urlish} x\n"},
        "conf: long password": {"redis.conf": f"requirepass {'Pw7f' * (size // 4)}\nmaxmemory 1x\n"},
        "conf: many short words": {"redis.conf": "save " + "1 " * (size // 2) + "\n"},
        "conf: 5,000 passwords": {
            "redis.conf": "".join(f"user u{i} on >Pw7f{i:05d}Qz4k ~* +@all\n" for i in range(5000))
            + "".join(f"unknown-{i} x\n" for i in range(5000)),
        },
        "compose: long command string": {
            "compose.yaml": "services:\n  cache:\n    image: redis:7.4.9\n"
            f"    command: redis-server --requirepass Pw7f3K9q --maxmemory {word}\n"
        },
        "compose: long sh -c body": {
            "compose.yaml": "services:\n  cache:\n    image: redis:7.4.9\n"
            f"    command: [\"sh\", \"-c\", \"redis-server --requirepass Pw7f3K9q {'--port 1 ' * (size // 9)}\"]\n"
        },
        "compose: long url": {
            "compose.yaml": "services:\n  cache:\n    image: redis:7.4.9\n"
            f"    environment:\n      REDIS_URL: redis://u:{word}@host\n      OTHER: '{urlish}'\n"
        },
    }


def run(folder: Path, fmt: str) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "redislint", "check", str(folder), "--format", fmt],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, files) in enumerate(cases(args.size).items()):
            folder = Path(tmp) / f"case{n}"
            folder.mkdir()
            for fname, content in files.items():
                (folder / fname).write_text(content, encoding="utf-8")
            times = {fmt: statistics.median(run(folder, fmt) for _ in range(args.runs)) for fmt in FORMATS}
            worst = max(worst, *times.values())
            cells = "  ".join(f"{fmt} {t * 1000:7.0f} ms" for fmt, t in times.items())
            print(f"{name:32} {cells}")
    print(f"slowest: {worst:.2f} s (target: under 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
