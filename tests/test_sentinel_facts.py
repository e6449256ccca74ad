"""Sentinel facts behind RL504, RL505, RL506 and RL107, checked against real redis 7.0 processes."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from tests.support.binaries import need_binary
from tests.support.ports import free_port
from tests.support.procs import Procs, exits_within, wait_for
from tests.support.resp import command

pytestmark = pytest.mark.redis

PASSWORD = "sentinel-group-password"


def _sentinel_conf(path: Path, port: int, monitor: str, extra: str = "") -> Path:
    path.write_text(f"port {port}\nbind 127.0.0.1\nprotected-mode no\ndir {path.parent}\n{monitor}\n{extra}")
    return path


def test_hostname_without_resolve_hostnames_exits(procs: Procs, tmp_path: Path) -> None:
    sentinel = need_binary("redis-sentinel")
    taken: set[int] = set()
    conf = _sentinel_conf(tmp_path / "sentinel.conf", free_port(taken), f"sentinel monitor m localhost {free_port(taken)} 1")
    p = procs.start([sentinel, str(conf)], "s.log")
    code = exits_within(p, 10)
    assert code not in (None, 0), procs.log("s.log")
    assert "Can't resolve instance hostname" in procs.log("s.log")


def test_quorum_zero_is_rejected(procs: Procs, tmp_path: Path) -> None:
    sentinel = need_binary("redis-sentinel")
    taken: set[int] = set()
    conf = _sentinel_conf(tmp_path / "sentinel.conf", free_port(taken), f"sentinel monitor m 127.0.0.1 {free_port(taken)} 0")
    p = procs.start([sentinel, str(conf)], "s.log")
    assert exits_within(p, 10) not in (None, 0)
    assert "Quorum must be 1 or greater" in procs.log("s.log")


def test_read_only_config_exits() -> None:
    sentinel = need_binary("redis-sentinel")
    # a world-traversable directory: as root, Sentinel runs as 'nobody' so that the mode bits apply
    tmp = Path(tempfile.mkdtemp(prefix="redislint-sentinel-"))
    procs = Procs(tmp)
    try:
        os.chmod(tmp, 0o755)
        taken: set[int] = set()
        conf = _sentinel_conf(tmp / "sentinel.conf", free_port(taken), f"sentinel monitor m 127.0.0.1 {free_port(taken)} 1")
        conf.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        user = (65534, 65534) if os.geteuid() == 0 else None
        p = procs.start([sentinel, str(conf)], "s.log", user=user)
        assert exits_within(p, 10) not in (None, 0), procs.log("s.log")
        assert "is not writable" in procs.log("s.log")
    finally:
        procs.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.slow
def test_failover_promotes_a_replica_that_accepts_the_group_password(procs: Procs, tmp_path: Path) -> None:
    server = need_binary("redis-server")
    sentinel = need_binary("redis-sentinel")
    taken: set[int] = set()
    primary, replica = free_port(taken), free_port(taken)
    auth = f"--requirepass {PASSWORD} --masterauth {PASSWORD}"
    for name, port, extra in (("primary", primary, ""), ("replica", replica, f"--replicaof 127.0.0.1 {primary}")):
        d = tmp_path / name
        d.mkdir()
        argv = [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(d), "--save", "", "--appendonly", "no", *auth.split(), *extra.split()]
        procs.start(argv, f"{name}.log")
    assert wait_for(lambda: command(primary, "PING", password=PASSWORD) == "+PONG", 10)
    assert wait_for(lambda: "master_link_status:up" in command(replica, "INFO", "replication", password=PASSWORD), 15), procs.log("replica.log")
    sports = [free_port(taken) for _ in range(3)]
    for i, sp in enumerate(sports):
        d = tmp_path / f"sentinel{i}"
        d.mkdir()
        conf = _sentinel_conf(
            d / "sentinel.conf",
            sp,
            f"sentinel monitor mymaster 127.0.0.1 {primary} 2",
            f"sentinel auth-pass mymaster {PASSWORD}\n"
            "sentinel down-after-milliseconds mymaster 1000\n"
            "sentinel failover-timeout mymaster 3000\n",
        )
        procs.start([sentinel, str(conf)], f"sentinel{i}.log")
    # every Sentinel knows the replica and its two peers before the primary dies
    assert wait_for(lambda: all("num-other-sentinels 2" in command(sp, "SENTINEL", "MASTER", "mymaster").replace("\n", " ") or _peers(sp) >= 2 for sp in sports), 20)
    primary_proc = procs.procs[0]
    primary_proc.kill()
    primary_proc.wait(timeout=5)

    def promoted() -> bool:
        addr = command(sports[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")
        return addr.split() == ["127.0.0.1", str(replica)]

    assert wait_for(promoted, 30, 0.5), procs.log("sentinel0.log")
    assert wait_for(lambda: "role:master" in command(replica, "INFO", "replication", password=PASSWORD), 10)
    assert command(replica, "SET", "failover-check", "ok", password=PASSWORD) == "+OK"
    assert command(replica, "GET", "failover-check", password=PASSWORD) == "ok"
    assert command(replica, "PING").startswith("-NOAUTH")


def _peers(port: int) -> int:
    reply = command(port, "SENTINEL", "SENTINELS", "mymaster")
    return reply.count("name")
