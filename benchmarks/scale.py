"""How redislint's cost grows with the size of the repository (issue 15).

Generates, in a temporary folder, monorepos of N stacks (copies of the tutorial stacks and the
reference stacks, each copy in its own folder), one compose file of 2,000 services and one redis.conf
of 100,000 lines, then runs ``redislint check`` on each in a subprocess and prints wall seconds, CPU
seconds (user + system of the child), peak resident memory and, between the monorepo sizes, the
growth exponent (log of the time ratio over log of the size ratio: 1.0 is linear, 2.0 quadratic).

    python benchmarks/scale.py [--sizes 10,100,1000,5000] [--redislint PATH] [--extra ARG ...] [--warm]

Each case runs cold (``--no-cache``: parse, link and check everything); ``--warm`` adds a second run
with the cache on after a first one filled it (nothing changed: the pre-commit case). The load average
of the machine is printed before and after: other processes on the cores make wall times longer.

Public tools only: Python's own timers and ``resource.getrusage`` (the same numbers as
``/usr/bin/time -v``). Measure on a quiet machine; the numbers of this machine go in RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for base in ("fixtures/tutorial", "stacks") for p in sorted((ROOT / base).iterdir()) if p.is_dir()]


def monorepo(dest: Path, stacks: int) -> Path:
    """``stacks`` stack folders, cycling through the tutorial and reference stacks."""
    repo = dest / f"mono-{stacks}"
    for i in range(stacks):
        src = SOURCES[i % len(SOURCES)]
        shutil.copytree(src, repo / f"s{i:05d}-{src.name}", symlinks=True)
    return repo


def many_services(dest: Path, services: int = 2000) -> Path:
    """One compose file: primaries with a replica each, a Sentinel per ten, plain caches."""
    repo = dest / f"services-{services}"
    repo.mkdir()
    lines = ["services:"]
    for i in range(services):
        kind = i % 4
        lines.append(f"  r{i}:")
        lines.append("    image: redis:7.4.1")
        if kind == 0:
            lines.append(f"    command: redis-server --requirepass ${{PW{i}}} --maxmemory 100mb")
        elif kind == 1:
            lines.append(f"    command: redis-server --replicaof r{i - 1} 6379 --masterauth ${{PW{i - 1}}}")
        elif kind == 2:
            lines.append("    command: redis-server --save '' --appendonly no")
            lines.append(f"    ports: ['{20000 + i}:6379']")
        else:
            lines.append(f"    command: redis-sentinel /etc/s{i}.conf")
        lines.append("    mem_limit: 256m")
    (repo / "compose.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return repo


def big_conf(dest: Path, lines: int = 100_000) -> Path:
    """One redis.conf of ``lines`` lines: comments, directives of many kinds, some repeated."""
    repo = dest / f"conf-{lines}"
    repo.mkdir()
    kinds = ["# comment {i}", "maxmemory {i}mb", "save {i} 1", "rename-command CMD{i} \"\"", "user u{i} on nopass ~k{i}:* +get",
             "client-output-buffer-limit replica 256mb 64mb 60", "tcp-keepalive 300", "", "notify-keyspace-events Ex", "hz 10"]
    (repo / "redis.conf").write_text("\n".join(kinds[i % len(kinds)].format(i=i) for i in range(lines)) + "\n", encoding="utf-8")
    return repo


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB, exit status) of one run of ``cmd`` in ``cwd``."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "HOME": os.environ.get("HOME", "/")}
    # getrusage(RUSAGE_CHILDREN) accumulates over every child: run each in a fresh helper process
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
        "w = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(w, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3])


def _cases(dest: Path) -> list[tuple[str, Path]]:
    return [("2,000 services", many_services(dest)), ("100,000-line redis.conf", big_conf(dest))]


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000", help="monorepo sizes in stacks (comma-separated; e.g. 10,100,1000,5000)")
    ap.add_argument("--redislint", default=str(Path(sys.executable).parent / "redislint"))
    ap.add_argument("--extra", nargs="*", default=[], help="extra arguments for redislint check (e.g. --jobs 1)")
    ap.add_argument("--skip-single", action="store_true", help="only the monorepos")
    ap.add_argument("--warm", action="store_true", help="also a second run with the cache filled by a first one")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    cold = [args.redislint, "check", ".", "--no-cache", *args.extra]
    warm = [args.redislint, "check", ".", *args.extra]
    print(f"load average before: {_load()}  (cores: {os.cpu_count()})")
    print(f"{'case':28} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'exit':>4}  growth")
    with tempfile.TemporaryDirectory(prefix="rl-scale-") as tmp:
        dest = Path(tmp)
        points: list[tuple[int, float, float]] = []
        for n in sizes:
            repo = monorepo(dest, n)
            wall, cpu, rss, rc = measure(cold, repo)
            growth = ""
            if points:
                p = points[-1]
                growth = (f"exponent wall {math.log(wall / p[1]) / math.log(n / p[0]):.2f}, "
                          f"CPU {math.log(cpu / p[2]) / math.log(n / p[0]):.2f} (from {p[0]})")
            print(f"{f'{n} stacks':28} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {rc:4}  {growth}", flush=True)
            points.append((n, wall, cpu))
            if args.warm:
                measure(warm, repo)  # fills the cache
                wall, cpu, rss, rc = measure(warm, repo)
                print(f"{f'{n} stacks, cache warm':28} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {rc:4}", flush=True)
            shutil.rmtree(repo)
        if len(points) > 2:
            a, b = points[0], points[-1]
            print(f"growth {a[0]} -> {b[0]} stacks: exponent wall {math.log(b[1] / a[1]) / math.log(b[0] / a[0]):.2f}, "
                  f"CPU {math.log(b[2] / a[2]) / math.log(b[0] / a[0]):.2f}")
        if not args.skip_single:
            for label, repo in _cases(dest):
                wall, cpu, rss, rc = measure(cold, repo)
                print(f"{label:28} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {rc:4}", flush=True)
        runs = [measure([args.redislint, "--version"], dest) for _ in range(10)]
        best = min(runs)
        print(f"{'--version (best of 10)':28} {best[0] * 1000:7.0f}ms {best[1]:8.2f} {best[2]:9.0f} {best[3]:4}")
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
