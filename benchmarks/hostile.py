"""Wall time of `redislint check` on hostile inputs (issue 11): each must lint in under 5 s.

Every case is generated in a temporary folder, then linted by `python -m redislint check` in a
subprocess of this interpreter (output discarded, a hard timeout per run), once per output format
where the format matters. Prints the seconds of each case and PASS/FAIL against the limit; the exit
status is 1 when a case fails (too slow, a traceback, or an exit status above 2).

    python benchmarks/hostile.py [--limit 5] [--timeout 120] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FORMATS = ("text", "json", "sarif", "github")


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def conf_line_100k(root: Path) -> None:
    """One 100 KB line: a long word (a scheme-like run of letters) and URL-like fragments."""
    word = "a" * 50_000
    urlish = "redis://u:" * 5_000
    _write(root, {"redis.conf": f"port 6379\nmaxmemory 1gb\nsave {word} {urlish}\n"})


def conf_60k_directives(root: Path) -> None:
    """A 1.4 MB redis.conf of 60,000 directives of ten kinds, a sixth of them Sentinel monitors."""
    kinds = ["save {} 1", "rename-command CMD{} x{}", "user u{} on >pw{} ~* +@all", "maxmemory {}mb", "bind 10.0.{}.1",
             "client-output-buffer-limit normal 0 0 {}", "sentinel monitor m{} 10.0.0.1 6379 2", "loadmodule /m{}.so",
             "nosuch{} x", "port {}"]
    _write(root, {"redis.conf": "\n".join(kinds[(i * 7) % 10].format(i, i) for i in range(60_000)) + "\n"})


def include_fanout(root: Path) -> None:
    """8 levels of include under a compose service, each file including the next level's file 6 times."""
    etc = "/usr/local/etc/redis"
    files = {
        "compose.yaml": (
            "services:\n  redis:\n    image: redis:7.4.2\n"
            f"    command: [redis-server, {etc}/redis.conf]\n    volumes: ['./conf:{etc}:ro']\n"
        ),
        "conf/redis.conf": "port 6379\nmaxmemory 1gb\n" + f"include {etc}/level1.conf\n" * 6,
    }
    for level in range(1, 9):
        body = f"# level {level}\nmaxmemory-policy noeviction\n"
        if level < 8:
            body += f"include {etc}/level{level + 1}.conf\n" * 6
        files[f"conf/level{level}.conf"] = body
    _write(root, files)


def services_2000(root: Path) -> None:
    """2,000 services (about 300 KB): redis servers, replicas and clients naming each other."""
    out = ["services:"]
    for i in range(2000):
        out.append(f"  redis{i}:")
        out.append("    image: redis:7.4.2")
        if i % 2:
            out.append(f"    command: redis-server --replicaof redis{i - 1} 6379 --maxmemory 100mb")
        else:
            out.append("    command: [redis-server, --maxmemory, 100mb, --appendonly, 'yes']")
        out.append(f"    ports: ['{10000 + i}:6379']")
        out.append("    volumes:")
        out.append(f"      - data{i}:/data")
        out.append("    deploy: {resources: {limits: {memory: 256m}}}")
    out.append("volumes:")
    out.extend(f"  data{i}:" for i in range(2000))
    _write(root, {"compose.yaml": "\n".join(out) + "\n"})


def services_mixed_1800(root: Path) -> None:
    """1,800 services in six roles: primaries with aliases, replicas, Sentinels, exporters, cluster
    nodes and clients, each naming the others (service, alias and container names)."""
    out = ["services:"]
    for i in range(1800):
        out.append(f"  s{i}:")
        role = i % 6
        if role == 0:
            out += ["    image: redis:7.4.2", f"    container_name: c{i}", "    command: redis-server --maxmemory 1gb",
                    f"    networks: {{back: {{aliases: [a{i}]}}}}"]
        elif role == 1:
            out += ["    image: redis:7.4.2", f"    command: redis-server --replicaof a{i - 1} 6379", f"    depends_on: [s{i - 1}]", "    networks: [back]"]
        elif role == 2:
            out += ["    image: redis:7.4.2", f"    command: redis-sentinel /etc/s.conf --sentinel monitor m{i} c{i - 2} 6379 2"]
        elif role == 3:
            out += ["    image: oliver006/redis_exporter", f"    environment: {{REDIS_ADDR: 'redis://s{i - 3}:6379'}}"]
        elif role == 4:
            out += ["    image: redis:7.4.2", "    command: redis-server --cluster-enabled yes --port 7000"]
        else:
            out += ["    image: app:1", f"    environment: {{REDIS_URL: 'redis://s{i - 5}:6379/0'}}"]
    out.append("networks: {back: {}}")
    _write(root, {"compose.yaml": "\n".join(out) + "\n"})


def scalar_4mb(root: Path) -> None:
    """One 4 MB (just under redislint's 4 MiB file limit) double-quoted scalar with escapes (so its
    characters must be aligned with the source one by one), anchored and aliased as labels, an
    environment value and a command argument."""
    big = ("ab\\x41cd" * 500_000)[:4_000_000]
    _write(
        root,
        {
            "compose.yaml": (
                f'x-big: &big "{big}"\n'
                "services:\n"
                "  redis:\n"
                "    image: redis:7.4.2\n"
                "    command: [redis-server, --maxmemory, 1gb, --dir, *big]\n"
                "    environment: {BIG: *big}\n"
                "    labels: {big: *big, again: *big}\n"
            )
        },
    )


def aliases_21k(root: Path) -> None:
    """A folded 8 KB anchored command aliased by 300 services (about 21 KB in all): each alias is
    located in the source for its words."""
    words = ["redis-server"] + [f"--save {60 + i} {i + 1}" for i in range(400)]
    lines, line = [], ""
    for w in words:
        if len(line) + len(w) > 70:
            lines.append(line)
            line = ""
        line = f"{line} {w}" if line else w
    lines.append(line)
    out = ["x-cmd: &cmd >-", *("  " + ln for ln in lines), "services:"]
    out.extend(f"  r{i}: {{image: 'redis:7.4.2', command: *cmd}}" for i in range(300))
    _write(root, {"compose.yaml": "\n".join(out) + "\n"})


def deep_nesting(root: Path) -> None:
    """A 2 MB compose file whose value nests 10,000 flow sequences deep (then padding)."""
    deep = "[" * 10_000 + "]" * 10_000
    pad = "# " + "x" * 98 + "\n"
    body = f"services:\n  redis:\n    image: redis:7.4.2\n    labels: {deep}\n" + pad * 20_000
    _write(root, {"compose.yaml": body})


def billion_laughs(root: Path) -> None:
    """The YAML alias bomb: 9 levels of 9 aliases each (387 million nodes if expanded)."""
    out = ['x-l0: &l0 ["lol"]']
    for k in range(1, 10):
        out.append(f"x-l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]")
    out.append("services:\n  redis:\n    image: redis:7.4.2\n    labels: *l9")
    _write(root, {"compose.yaml": "\n".join(out) + "\n"})


def nested_interpolation(root: Path) -> None:
    """500 nested ${A:-${A:-...}} defaults in a command."""
    expr = "${A:-" * 500 + "1gb" + "}" * 500
    _write(root, {"compose.yaml": f"services:\n  redis:\n    image: redis:7.4.2\n    command: redis-server --maxmemory {expr}\n"})


_STS = (
    "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: r{i}}}\nspec:\n  serviceName: h\n  replicas: 100\n  template:\n"
    "    metadata: {{labels: {{app: redis}}}}\n    spec:\n      containers:\n      - name: redis\n        image: redis:7.4.11\n"
    "        args: [--replicaof, r0-0.h, '6379']\n        resources: {{limits: {{memory: 1e999999999}}}}\n"
)


def k8s_workloads_x_services(root: Path) -> None:
    """Kubernetes (issue 16): 300 StatefulSets of 100 replicas and 3,000 Services all selecting
    them (about 350 KB): every Service matches every workload, each a memory limit of 1e999999999."""
    svc = "---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: redis}}}}\n"
    _write(root, {"redis.yaml": "".join(_STS.format(i=i) for i in range(300)) + "".join(svc.format(i=i) for i in range(3000))})


def k8s_billion_laughs(root: Path) -> None:
    """Kubernetes: a StatefulSet whose containers are an alias bomb of 9 levels of 9 aliases."""
    out = ["apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: redis}", 'x0: &l0 [{name: redis, image: "redis:7.4.11"}]']
    out += [f"x{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, 10)]
    out.append("spec: {template: {spec: {containers: *l9}}}")
    _write(root, {"redis.yaml": "\n".join(out) + "\n"})


def k8s_documents_10000(root: Path) -> None:
    """Kubernetes: one StatefulSet and 10,000 small ConfigMap documents (under 1 MB)."""
    cm = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\ndata: {{redis.conf: 'maxmemory 1gb'}}\n"
    _write(root, {"redis.yaml": _STS.format(i=0) + "".join(cm.format(i=i) for i in range(10_000))})


CASES: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "conf-line-100k": (conf_line_100k, FORMATS),
    "conf-60k-directives": (conf_60k_directives, ("text",)),
    "include-fanout-8x6": (include_fanout, ("text",)),
    "services-2000": (services_2000, ("text",)),
    "services-mixed-1800": (services_mixed_1800, ("text",)),
    "scalar-4mb-aliased": (scalar_4mb, ("text",)),
    "aliases-21kb": (aliases_21k, ("text",)),
    "deep-nesting-2mb": (deep_nesting, ("text",)),
    "billion-laughs": (billion_laughs, ("text",)),
    "nested-interpolation-500": (nested_interpolation, ("text",)),
    "k8s-300-workloads-x-3000-services": (k8s_workloads_x_services, ("text",)),
    "k8s-billion-laughs": (k8s_billion_laughs, ("text",)),
    "k8s-10000-documents": (k8s_documents_10000, ("text",)),
}


def run_case(folder: Path, fmt: str, timeout: float) -> tuple[float, str]:
    """(wall seconds, problem or '') of one `redislint check` run in ``folder``."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env["NO_COLOR"] = "1"
    cmd = [sys.executable, "-m", "redislint", "check", ".", "--format", fmt]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t, f"killed after {timeout:.0f} s"
    wall = time.perf_counter() - t
    if "Traceback" in proc.stderr:
        return wall, "traceback"
    if proc.returncode > 2:
        return wall, f"exit status {proc.returncode}"
    return wall, ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=5.0, help="seconds a case may take (default 5)")
    ap.add_argument("--timeout", type=float, default=120.0, help="kill a run after this many seconds")
    ap.add_argument("--only", action="append", default=[], help="run only this case (repeatable)")
    args = ap.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="redislint-hostile-") as tmp:
        for name, (make, formats) in CASES.items():
            if args.only and name not in args.only:
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            make(folder)
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            for fmt in formats:
                wall, problem = run_case(folder, fmt, args.timeout)
                ok = not problem and wall < args.limit
                failed += not ok
                note = f"  ({problem})" if problem else ""
                print(f"{name + ' (' + fmt + ')':34} {size / 1024:8.0f} KB  {wall:7.2f} s  {'PASS' if ok else 'FAIL'}{note}", flush=True)
    print(f"{'all PASS' if not failed else f'{failed} FAIL'} (limit {args.limit:g} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
