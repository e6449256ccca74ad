"""Boot tests: each reference stack, written by ``redislint init``, runs as real Redis processes.

See :mod:`tests.stacks.harness` for how a compose stack becomes local processes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stacks.harness import StackRun
from tests.support.binaries import need_binary
from tests.support.procs import wait_until

pytestmark = pytest.mark.redis


def _binaries() -> dict[str, str]:
    return {name: need_binary(name) for name in ("redis-server", "redis-sentinel", "redis-cli")}


@pytest.fixture
def boot(tmp_path: Path) -> Iterator[object]:
    runs: list[StackRun] = []

    def make(topology: str, start: bool = True) -> StackRun:
        run = StackRun(topology, tmp_path, _binaries())
        runs.append(run)
        if start:
            run.start_all()
        return run

    try:
        yield make
    finally:
        for run in runs:
            run.stop_all()
            if run.dropped:
                print(f"{run.topology}: directives dropped for the local 7.0 server: {run.dropped}")
        for run in runs:
            assert all(not p.alive for p in run.procs.values()), "a process outlived its test"


def assert_auth_enforced(run: StackRun, service: str) -> None:
    """Unauthenticated commands are refused; the application's password works."""
    r = run.cli(service, "SET", "boot:probe", "x", auth=None)
    assert "NOAUTH" in r.text, r.text
    r = run.cli(service, "GET", "boot:probe", auth=None)
    assert "NOAUTH" in r.text, r.text
    ok = run.cli(service, "PING", auth="default")
    assert ok.out.strip() == "PONG", ok.text


def assert_writes(run: StackRun, service: str, key: str = "boot:key", value: str = "hello") -> None:
    assert run.cli(service, "SET", key, value).out.strip() == "OK"
    assert run.cli(service, "GET", key).out.strip() == value


def assert_dangerous_denied(run: StackRun, service: str) -> None:
    """The application's (default) user cannot run dangerous commands; the admin user can."""
    r = run.cli(service, "CONFIG", "GET", "maxmemory")
    assert "NOPERM" in r.text, r.text
    r = run.cli(service, "CONFIG", "GET", "maxmemory", auth="admin", user="admin")
    assert "maxmemory" in r.out and "NOPERM" not in r.text, r.text


# ---------------------------------------------------------------------------------------------


def test_standalone_boots_with_auth(boot) -> None:  # type: ignore[no-untyped-def]
    run = boot("standalone")
    assert set(run.procs) == {"redis"}
    assert_auth_enforced(run, "redis")
    assert_writes(run, "redis")
    assert_dangerous_denied(run, "redis")
    info = run.info("redis", "persistence")
    assert info.get("aof_enabled") == "1"
    mem = run.cli("redis", "CONFIG", "GET", "maxmemory", auth="admin", user="admin").out.split()
    assert mem[-1] == str(750 * 1024 * 1024)


@pytest.mark.slow
def test_replication_replicas_follow_primary(boot) -> None:  # type: ignore[no-untyped-def]
    run = boot("replication")
    assert set(run.procs) == {"redis-primary", "redis-replica-1", "redis-replica-2"}
    for svc in run.procs:
        assert_auth_enforced(run, svc)
    assert_writes(run, "redis-primary", "boot:repl", "v1")
    for replica in ("redis-replica-1", "redis-replica-2"):
        wait_until(lambda r=replica: run.info(r, "replication").get("master_link_status") == "up", 20, f"{replica} link up")
        wait_until(lambda r=replica: run.cli(r, "GET", "boot:repl").out.strip() == "v1", 10, f"{replica} sees the write")
        ro = run.cli(replica, "SET", "boot:repl", "v2")
        assert "READONLY" in ro.text, ro.text
    assert run.info("redis-primary", "replication").get("connected_slaves") == "2"


@pytest.mark.slow
def test_sentinel_fails_over(boot) -> None:  # type: ignore[no-untyped-def]
    run = boot("sentinel")
    sentinels = ["redis-sentinel-1", "redis-sentinel-2", "redis-sentinel-3"]
    data = ["redis-primary", "redis-replica-1", "redis-replica-2"]
    assert set(run.procs) == {*data, *sentinels}
    for svc in data:
        assert_auth_enforced(run, svc)
    for s in sentinels:
        r = run.cli(s, "SENTINEL", "get-master-addr-by-name", "mymaster", auth=None)
        assert "NOAUTH" in r.text, r.text
    assert_writes(run, "redis-primary", "boot:before", "1")
    for replica in data[1:]:
        wait_until(lambda r=replica: run.info(r, "replication").get("master_link_status") == "up", 20, f"{replica} link up")

    def master_port(s: str) -> int | None:
        out = run.cli(s, "SENTINEL", "get-master-addr-by-name", "mymaster", auth="sentinel").out.split()
        return int(out[1]) if len(out) == 2 and out[1].isdigit() else None

    # every Sentinel knows the primary, its two replicas and the two other Sentinels
    for s in sentinels:
        assert master_port(s) == run.ports["redis-primary"]
        wait_until(
            lambda s=s: re.search(r"num-other-sentinels\n2\b", run.cli(s, "SENTINEL", "master", "mymaster", auth="sentinel").out)
            and re.search(r"num-slaves\n2\b", run.cli(s, "SENTINEL", "master", "mymaster", auth="sentinel").out),
            20,
            f"{s} to see 2 Sentinels and 2 replicas",
        )

    killed_at = time.monotonic()
    run.kill("redis-primary")
    replica_ports = {run.ports[r]: r for r in data[1:]}
    new_port = wait_until(
        lambda: (p := master_port(sentinels[0])) in replica_ports and p,
        30,
        "a replica to be promoted",
        step=0.5,
    )
    elapsed = time.monotonic() - killed_at
    assert elapsed < 30
    promoted = replica_ports[new_port]
    wait_until(lambda: run.info(promoted, "replication").get("role") == "master", 10, f"{promoted} to be master")
    wait_until(lambda: run.cli(promoted, "SET", "boot:after", "2").out.strip() == "OK", 10, "a write on the new primary")
    assert run.cli(promoted, "GET", "boot:before").out.strip() == "1"
    other = next(r for r in data[1:] if r != promoted)
    wait_until(
        lambda: run.info(other, "replication").get("master_port") == str(new_port)
        and run.info(other, "replication").get("master_link_status") == "up",
        20,
        f"{other} to follow the new primary",
    )
    for s in sentinels:
        wait_until(lambda s=s: master_port(s) == new_port, 10, f"{s} to agree on the new primary")
    # each Sentinel saved the failover in its own writable config folder
    for s in sentinels:
        saved = run.procs[s].conf.read_text(encoding="utf-8")
        assert "sentinel myid" in saved and f" {new_port} " in saved, saved


@pytest.mark.slow
def test_cluster_forms_and_redirects(boot) -> None:  # type: ignore[no-untyped-def]
    run = boot("cluster")
    nodes = [f"redis-{i}" for i in range(1, 7)]
    assert set(run.procs) == set(nodes)
    for svc in nodes:
        assert_auth_enforced(run, svc)
    create = run.cluster_create_command()
    assert "--cluster-replicas" in create and create[create.index("--cluster-replicas") + 1] == "1"
    if "--cluster-yes" not in create:
        create.append("--cluster-yes")
    # the init service's command, run as the admin user like in the stack
    r = run.cli("redis-1", *create, auth="admin", timeout=60)
    assert r.rc == 0, r.text
    for svc in nodes:
        wait_until(lambda s=svc: run.info(s, "cluster").get("cluster_enabled") == "1", 5, "cluster mode")
        wait_until(
            lambda s=svc: "cluster_state:ok" in run.cli(s, "CLUSTER", "INFO").out,
            30,
            f"{svc}: cluster_state:ok",
        )

    def topology() -> tuple[set[str], list[str], list[str]]:
        lines = run.cli("redis-1", "CLUSTER", "NODES").out.strip().splitlines()
        masters = {ln.split()[0] for ln in lines if "master" in ln.split()[2].split(",")}
        replicas_of = [ln.split()[3] for ln in lines if "slave" in ln.split()[2].split(",")]
        return masters, replicas_of, lines

    # 3 masters with one replica each (replica roles reach every node through gossip)
    wait_until(lambda: (t := topology()) and len(t[0]) == 3 and sorted(t[1]) == sorted(t[0]), 20, "3 masters with a replica each")
    # a key written through one node is read through another, following MOVED redirects
    keys = [f"boot:{i}" for i in range(20)]
    moved = 0
    for k in keys:
        assert run.cli("redis-1", "SET", k, k.upper(), extra=("-c",)).out.strip() == "OK"
        if "MOVED" in run.cli("redis-2", "GET", k).text:
            moved += 1
    assert moved > 0, "no key lives away from redis-2: redirects were not exercised"
    for k in keys:
        assert run.cli("redis-2", "GET", k, extra=("-c",)).out.strip() == k.upper()
    # the three replicas are connected to their primaries
    replicas = [svc for svc in nodes if run.info(svc, "replication").get("role") == "slave"]
    assert len(replicas) == 3
    for svc in replicas:
        wait_until(lambda s=svc: run.info(s, "replication").get("master_link_status") == "up", 20, f"{svc} link up")


def test_tls_requires_client_certificates(boot) -> None:  # type: ignore[no-untyped-def]
    run = boot("tls")
    node = run.node("redis")
    assert node.value("port") == "0" and node.value("tls-auth-clients") == "yes"
    # a client with the CA and a client certificate, and the password: accepted
    ok = run.cli("redis", "PING")
    assert ok.out.strip() == "PONG", ok.text
    assert_writes(run, "redis")
    # the same client without the password: NOAUTH
    assert "NOAUTH" in run.cli("redis", "GET", "boot:key", auth=None).text
    # a plaintext client on the TLS port: refused (no PONG, no data)
    plain = run.cli("redis", "PING", tls=False, timeout=5)
    assert "PONG" not in plain.text
    plain_get = run.cli("redis", "GET", "boot:key", tls=False, timeout=5)
    assert "hello" not in plain_get.out
    # a TLS client without a client certificate: refused
    nocert = run.cli("redis", "PING", cert=False, timeout=5)
    assert "PONG" not in nocert.text, nocert.text
    assert_dangerous_denied(run, "redis")
