"""Issue 11, hangs and blow-ups: what used to take tens of seconds (aliases re-aligned per use, a
4 MB aliased scalar, thousands of services, YAML bombs) gives these exact results. The time they
take is measured by benchmarks/hostile.py, not asserted here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redislint.api import load_project
from redislint.model.hosts import HostIndex
from redislint.parsers.yaml_tree import load_yaml

from ._robust import crashes, found, report, write


def test_every_alias_of_a_scalar_is_one_node() -> None:
    """Alignment with the source, interpolation and argv are derived once per node, so an anchored
    scalar must be one node however many aliases use it."""
    root = load_yaml("/r/compose.yaml", 'x: &a "v\\x41"\ny: [*a, *a]\nz: {k: *a}\n')
    assert root is not None
    x, y, z = (v for _k, v in root.pairs)
    assert y.items[0] is x and y.items[1] is x and z.pairs[0][1] is x
    assert x.sub_span(1, 2).start_col == 9  # the 'A' is the escape \x41, at column 9


def test_a_folded_command_aliased_by_many_services(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": (
        "x-cmd: &cmd >-\n"
        "  redis-server --maxmemory 1gb\n"
        "  --maxmemory-policy banana\n"
        "services:\n"
        + "".join(f"  r{i}: {{image: 'redis:7.4.2', command: *cmd}}\n" for i in range(50))
    )})
    assert found(tmp_path, "RL003", "RL401") == {("RL003", "compose.yaml", 3, 22, "critical")}


@pytest.mark.slow
def test_a_4mb_scalar_with_escapes_aliased(tmp_path: Path) -> None:
    big = ("ab\\x41cd" * 500_000)[:4_000_000]
    write(tmp_path, {"compose.yaml": (
        f'x-big: &big "{big}"\n'
        "services:\n"
        "  redis:\n"
        "    image: redis:7.4.2\n"
        "    command: [redis-server, --maxmemory, *big]\n"
        "    environment: {BIG: *big}\n"
        "    labels: {big: *big, again: *big}\n"
    )})
    rep = report(tmp_path, "RL003")
    assert [(f.rule_id, f.span.start_line, f.span.start_col, f.span.end_line, f.span.end_col) for f in rep.findings] == [
        ("RL003", 1, 14, 1, 14 + 4_000_000),
    ]
    assert rep.findings[0].message == "'maxmemory' must be a memory size such as 100mb or 2gb, got 'abAcdabAcdabAcdabAcdabAcdabAcdabAcdabAc…'"


def _services(n: int) -> str:
    out = ["services:"]
    for i in range(n):
        out.append(f"  redis{i}:")
        out.append("    image: redis:7.4.2")
        if i % 2:
            out.append(f"    command: redis-server --replicaof redis{i - 1} 6379 --maxmemory 100mb")
        else:
            out.append("    command: [redis-server, --maxmemory, 100mb]")
    return "\n".join(out) + "\n"


@pytest.mark.slow
def test_2000_services(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": _services(2000)})
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    pairs = sorted(
        (g.primary.service.name, tuple(r.service.name for r in g.replicas if r.service is not None))
        for g in project.replication
        if g.primary is not None and g.primary.service is not None
    )
    assert pairs == sorted((f"redis{i}", (f"redis{i + 1}",)) for i in range(0, 2000, 2))
    by_name = {s.name: s for s in project.services}
    assert project.node_for(by_name["redis1999"]) is project.nodes[1999]
    assert project.stack_of(by_name["redis0"]) is project.stacks[0]
    assert found(tmp_path, "RL501", "RL003") == set()


def test_host_index_answers_as_a_scan_in_order_would(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": (
        "services:\n"
        "  a:\n    image: redis:7.4.2\n    hostname: shared\n"
        "    networks: {back: {ipv4_address: 10.0.0.5}}\n"
        "  b:\n    image: redis:7.4.2\n    container_name: shared\n"
        "    networks: {back: {aliases: [cache]}}\n"
        "  c:\n    image: redis:7.4.2\n    container_name: 10.0.0.5\n"
        "networks:\n  back: {}\n"
    )})
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    hosts = HostIndex(project.nodes)
    name = {id(n): n.service.name for n in project.nodes if n.service is not None}

    def resolved(host: str) -> str | None:
        n = hosts.resolve(host)
        return name[id(n)] if n is not None else None

    assert [resolved(h) for h in ("a", "b", "shared", "cache", "10.0.0.5", "nowhere", "")] == ["a", "b", "a", "b", "a", None, None]


def test_yaml_nested_10000_deep_in_a_2mb_file(tmp_path: Path) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    write(tmp_path, {"compose.yaml": f"services:\n  redis:\n    image: redis:7.4.2\n    labels: {deep}\n" + ("# " + "x" * 98 + "\n") * 20_000})
    rep = report(tmp_path, "RL001")
    assert [(f.rule_id, f.span.start_line, f.message) for f in rep.findings] == [("RL001", 4, "invalid YAML: exceeded maximum nesting depth")]
    assert rep.exit_code == 1
    assert crashes(tmp_path) == []


@pytest.mark.slow
def test_yaml_billion_laughs(tmp_path: Path) -> None:
    lines = ['x-l0: &l0 ["lol"]']
    lines += [f"x-l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, 10)]
    write(tmp_path, {"compose.yaml": "\n".join(lines) + "\nservices:\n  redis:\n    image: redis:7.4.2\n    labels: *l9\n"})
    rep = report(tmp_path, "RL001")
    assert [(f.rule_id, os.path.basename(f.span.file), f.span.start_line, f.message) for f in rep.findings] == [
        ("RL001", "compose.yaml", 1, "invalid YAML: more than 200000 nodes after alias expansion (a YAML bomb?)"),
    ]
    assert crashes(tmp_path) == []


def _mixed(n: int) -> str:
    """Primaries (container_name, alias, hostname), replicas, Sentinels, exporters and clients that
    name each other every way a container can be reached (some names are wrong on purpose)."""
    out = ["services:"]
    for i in range(n):
        out.append(f"  s{i}:")
        role = i % 6
        if role == 0:
            out += ["    image: redis:7.4.2", f"    container_name: c{i}", "    command: redis-server --maxmemory 1gb",
                    f"    networks: {{back: {{aliases: [a{i}]}}}}", f"    hostname: h{i}"]
        elif role == 1:
            out += ["    image: redis:7.4.2", f"    command: redis-server --replicaof {'a' if i % 4 == 1 else 'nowhere'}{i - 1} 6379", "    networks: [back]"]
        elif role == 2:
            out += ["    image: redis:7.4.2", f"    command: redis-sentinel /etc/s.conf --sentinel monitor m{i} {'c' if i % 4 else 'h'}{i - 2} 6379 2"]
        elif role == 3:
            out += ["    image: oliver006/redis_exporter", f"    environment: {{REDIS_ADDR: 'redis://{'s' if i % 4 == 3 else 'x'}{i - 3}:6379'}}"]
        elif role == 4:
            out += ["    image: redis:7.4.2", f"    command: redis-server --replicaof h{i - 4} 6379"]
        else:
            out += ["    image: app:1", f"    environment: {{REDIS_URL: 'redis://s{i - 5}:6379/0'}}"]
    out.append("networks: {back: {}}")
    return "\n".join(out) + "\n"


def test_names_resolved_through_the_per_stack_indexes(tmp_path: Path) -> None:
    """Replicas, Sentinels and exporters resolved by service, container, alias and host names (the
    indexes that replaced a scan of every service per question); the same findings as the scans."""
    write(tmp_path, {"compose.yaml": _mixed(36)})
    assert found(tmp_path, "RL501", "RL503", "RL508", "RL111", "RL811") == {
        ("RL501", "compose.yaml", 32, 39, "high"),
        ("RL501", "compose.yaml", 76, 39, "high"),
        ("RL501", "compose.yaml", 120, 39, "high"),
        *{("RL503", "compose.yaml", line, 41, "high") for line in (14, 36, 58, 80, 102, 124)},
        ("RL811", "compose.yaml", 39, 32, "medium"),
        ("RL811", "compose.yaml", 83, 32, "medium"),
        ("RL811", "compose.yaml", 127, 32, "medium"),
    }


def test_a_sentinel_conf_of_many_monitors(tmp_path: Path) -> None:
    """The Sentinel view of a file is read once (it was re-read per monitored master: a 1.4 MB file
    of 10,000 monitors took more than ten minutes). Quorum 0 is RL504, a 0..199 ms down-after is RL509."""
    lines = ["port 26379", "sentinel resolve-hostnames yes"]
    expected: set[tuple[str, int]] = set()
    for i in range(200):
        lines.append(f"sentinel monitor m{i} 10.0.0.{i + 1} 6379 {i % 4}")
        if i % 4 == 0:
            expected.add(("RL504", len(lines)))
        if i % 3 == 0:
            lines.append(f"sentinel down-after-milliseconds m{i} {i}")
            expected.add(("RL509", len(lines)))
    write(tmp_path, {"sentinel.conf": "\n".join(lines) + "\n"})
    assert {(rule, line) for rule, _f, line, _c, _s in found(tmp_path, "RL504", "RL509")} == expected
    assert crashes(tmp_path) == []
