"""The boot harness itself: how a stack's effective config is mapped to local processes."""

from __future__ import annotations

from pathlib import Path

from tests.stacks.harness import LOCAL, StackRun, known_locally, quote

FAKE_BINARIES = {"redis-server": "redis-server", "redis-sentinel": "redis-sentinel", "redis-cli": "redis-cli"}


def test_only_newer_directives_are_dropped() -> None:
    known = known_locally()
    assert known["maxmemory"] and known["tls-port"] and known["user"]
    assert known["hide-user-data-from-log"] is False  # 7.4
    assert known["locale-collate"] is False  # 7.2


def test_quote_round_trip() -> None:
    assert quote('a "b" \\c') == '"a \\"b\\" \\\\c"'


def test_render_maps_ports_hosts_and_paths(tmp_path: Path) -> None:
    run = StackRun("sentinel", tmp_path, FAKE_BINARIES)
    replica = run.node("redis-replica-1")
    lines = run.render(replica, tmp_path / "w")
    text = "\n".join(lines)
    assert f'port "{run.ports["redis-replica-1"]}"' in text
    assert f'replicaof "{LOCAL}" "{run.ports["redis-primary"]}"' in text
    assert f'replica-announce-ip "{LOCAL}"' in text
    assert f'dir "{tmp_path / "w" / "data"}"' in text
    assert not any(line.startswith("include ") for line in lines)
    # the included secret is inlined at its place: ACL users and the replication credentials
    assert any(line.startswith('user "replica" "on"') for line in lines)
    assert any(line.startswith('masteruser "replica"') for line in lines)
    sentinel = run.node("redis-sentinel-2")
    text = "\n".join(run.render(sentinel, tmp_path / "s"))
    assert f'sentinel "monitor" "mymaster" "{LOCAL}" "{run.ports["redis-primary"]}" "2"' in text
    assert f'sentinel "announce-ip" "{LOCAL}"' in text
    assert 'requirepass "' in text
    assert run.dropped == {}


def test_cluster_create_command_is_mapped(tmp_path: Path) -> None:
    run = StackRun("cluster", tmp_path, FAKE_BINARIES)
    cmd = run.cluster_create_command()
    assert cmd[:2] == ["--user", "admin"]
    hosts = [w for w in cmd if w.startswith(f"{LOCAL}:")]
    assert sorted(hosts) == sorted(f"{LOCAL}:{run.ports[f'redis-{i}']}" for i in range(1, 7))
    assert all(run.ports[f"redis-{i}"] + 10000 not in run.ports.values() for i in range(1, 7))
