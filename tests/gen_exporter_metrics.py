"""Regenerate ``redislint/data/redis-exporter-metrics.txt``: the metric names a real redis_exporter
exports, read from its ``/metrics`` and ``/scrape`` pages against real servers on 127.0.0.1 (a
primary with AOF, keys and a stream, its replica, a cluster-enabled node and a Sentinel, the exporter
with every option that adds metrics), so that every metric a role or an option can make appear is
listed.

Run: ``python -m tests.gen_exporter_metrics`` (needs redis-server, redis-sentinel and Debian's
prometheus-redis-exporter on PATH), then read the diff. tests/test_monitoring.py checks that the
file names the exporter version it was taken from."""

from __future__ import annotations

import re
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from tests.support.binaries import need_binary
from tests.support.ports import free_port
from tests.support.procs import Procs, wait_until
from tests.support.resp import answers, command

OUT = Path(__file__).resolve().parent.parent / "redislint" / "data" / "redis-exporter-metrics.txt"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:  # 127.0.0.1 only
        return r.read().decode()


def names(page: str) -> set[str]:
    """Metric names of an exposition page, with the series a histogram or summary exports."""
    out: set[str] = set()
    for m in re.finditer(r"^# TYPE (\S+) (\S+)$", page, re.MULTILINE):
        name, kind = m.groups()
        out.add(name)
        if kind in ("histogram", "summary"):
            out.update({f"{name}_count", f"{name}_sum"} | ({f"{name}_bucket"} if kind == "histogram" else set()))
    return out


def collect(procs: Procs, tmp: Path) -> tuple[set[str], str]:
    server, sentinel, exporter = need_binary("redis-server"), need_binary("redis-sentinel"), need_binary("prometheus-redis-exporter")
    taken: set[int] = set()
    primary, replica, cnode, sport, eport = (free_port(taken) for _ in range(5))
    base = ["--bind", "127.0.0.1", "--save", "", "--dir", str(tmp)]
    procs.start([server, "--port", str(primary), "--appendonly", "yes", "--appendfilename", "p.aof", *base], "p.log")
    procs.start([server, "--port", str(replica), "--replicaof", "127.0.0.1", str(primary), "--dbfilename", "r.rdb", *base], "r.log")
    procs.start([server, "--port", str(cnode), "--cluster-enabled", "yes", "--cluster-config-file", str(tmp / "nodes.conf"), "--dbfilename", "c.rdb", *base], "c.log")
    (tmp / "sentinel.conf").write_text(f"port {sport}\nbind 127.0.0.1\nsentinel monitor m 127.0.0.1 {primary} 1\n")
    procs.start([sentinel, str(tmp / "sentinel.conf")], "s.log")
    for port in (primary, replica, cnode, sport):
        wait_until(lambda port=port: answers(port), 10, f"server on {port}")
    for i in range(10):
        command(primary, "SET", f"k{i}", "v")
    command(primary, "SET", "k1", "5")  # a number: redis_key_value
    command(primary, "XADD", "s", "*", "f", "v")
    command(primary, "XGROUP", "CREATE", "s", "g", "0")
    command(primary, "XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
    command(primary, "BGSAVE")
    (tmp / "script.lua").write_text('return {"x", "1"}\n')
    options = [
        "-check-keys", "k1", "-check-single-keys", "k2", "-check-streams", "s", "-check-single-streams", "s",
        "-count-keys", "k*", "-check-key-groups", "k.*", "-include-config-metrics", "-include-system-metrics",
        "-export-client-list", "-ping-on-connect", "-script", str(tmp / "script.lua"),
    ]  # fmt: skip
    procs.start([exporter, "-redis.addr", f"redis://127.0.0.1:{primary}", "-web.listen-address", f"127.0.0.1:{eport}", *options], "e.log")
    wait_until(lambda: "redis_up" in _try(f"http://127.0.0.1:{eport}/metrics"), 10, "the exporter")
    wait_until(lambda: re.search(r"redis_master_link_up\{[^}]*\} 1", _try(f"http://127.0.0.1:{eport}/scrape?target=redis://127.0.0.1:{replica}")), 20, "the replica's link")
    found: set[str] = set()
    for target in (None, replica, cnode, sport):
        url = f"http://127.0.0.1:{eport}/metrics" if target is None else f"http://127.0.0.1:{eport}/scrape?target=redis://127.0.0.1:{target}"
        found |= names(fetch(url))
    run = subprocess.run([exporter, "--version"], capture_output=True, text=True)
    version = run.stdout + run.stderr
    m = re.search(r"Exporter (\S+)", version)
    return found, m.group(1) if m else "unknown"


def _try(url: str) -> str:
    try:
        return fetch(url)
    except OSError:
        return ""


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        procs = Procs(Path(d))
        try:
            found, version = collect(procs, Path(d))
        finally:
            procs.close()
    header = [
        f"# Metric names exported by redis_exporter {version} (Debian's prometheus-redis-exporter),",
        "# read from its /metrics and /scrape pages against redis-server and redis-sentinel 7.0.15 on",
        "# 127.0.0.1: a primary with AOF, keys and a stream, its replica, a cluster-enabled node and a",
        "# Sentinel; with every option that adds metrics (-check-keys, -check-single-keys, -check-streams,",
        "# -check-single-streams, -count-keys, -check-key-groups, -include-config-metrics,",
        "# -include-system-metrics, -export-client-list, -ping-on-connect, -script).",
        "# Regenerate with: python -m tests.gen_exporter_metrics",
    ]
    OUT.write_text("\n".join([*header, *sorted(found)]) + "\n")
    print(f"{OUT}: {len(found)} names")


if __name__ == "__main__":
    main()
