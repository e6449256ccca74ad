"""Cluster facts behind RL601 and RL605, checked against real redis 7.0 processes."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import pytest

from tests.support.binaries import need_binary
from tests.support.ports import free_port
from tests.support.procs import Procs, exits_within, wait_for
from tests.support.resp import command

pytestmark = pytest.mark.redis


def _node(server: str, port: int, workdir: Path, nodes_conf: str) -> list[str]:
    workdir.mkdir(exist_ok=True)
    return [
        server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir), "--cluster-enabled", "yes",
        "--cluster-config-file", nodes_conf, "--save", "", "--appendonly", "no",
    ]  # fmt: skip


def test_two_nodes_cannot_share_one_nodes_conf(procs: Procs, tmp_path: Path) -> None:
    server = need_binary("redis-server")
    taken: set[int] = set()
    shared = str(tmp_path / "shared" / "nodes.conf")
    (tmp_path / "shared").mkdir()
    a, b = free_port(taken, with_bus=True), free_port(taken, with_bus=True)
    first = procs.start(_node(server, a, tmp_path / "a", shared), "a.log")
    assert wait_for(lambda: command(a, "PING") == "+PONG", 10), procs.log("a.log")
    second = procs.start(_node(server, b, tmp_path / "b", shared), "b.log")
    assert exits_within(second, 10) not in (None, 0), procs.log("b.log")
    assert "is already used by a different Redis Cluster node" in procs.log("b.log")
    assert first.poll() is None


def test_cluster_create_refuses_fewer_than_three_masters(procs: Procs, tmp_path: Path) -> None:
    server = need_binary("redis-server")
    cli = need_binary("redis-cli")
    taken: set[int] = set()
    ports = [free_port(taken, with_bus=True) for _ in range(2)]
    for i, p in enumerate(ports):
        procs.start(_node(server, p, tmp_path / f"n{i}", "nodes.conf"), f"n{i}.log")
    for p in ports:
        assert wait_for(functools.partial(_pong, p), 10)
    res = subprocess.run(
        [cli, "--cluster", "create", *(f"127.0.0.1:{p}" for p in ports), "--cluster-yes"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert res.returncode != 0
    assert "requires at least 3 master nodes" in res.stdout + res.stderr


def _pong(port: int) -> bool:
    return command(port, "PING") == "+PONG"
