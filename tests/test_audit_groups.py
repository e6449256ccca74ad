"""``redislint audit`` on groups of real servers on 127.0.0.1: the catalog's group rules run on the
groups the audited servers make (a replica's ``replicaof`` and a Sentinel's master resolved to the
audited server at that address): RL504 (quorum of live Sentinels), RL704 (TLS primary, plaintext
replication), RL109 (``requirepass`` beside an ``aclfile``, judged by the server's ``ACL LIST``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.support.audit import PASSWORD, conf_lines, found, run, server
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs
from tests.test_audit import _certs
from tests.test_audit_topologies import _sentinel_group

pytestmark = pytest.mark.redis


def _line(report, loc: str, start: str) -> str:  # type: ignore[no-untyped-def]
    return next(t for t in report.texts[loc].splitlines() if t.startswith(start))


@pytest.mark.slow
def test_rl504_quorum_of_live_sentinels(procs: Procs, tmp_path: Path) -> None:
    """Three Sentinels with quorum 3: with any one down the master is never agreed down. Each
    Sentinel's own monitor line (its snapshot) is reported, HIGH, as in a repository."""
    primary, replica, sentinels = _sentinel_group(procs, tmp_path, quorum=3)
    report = run([], sentinel=f"{LOCAL}:{sentinels[0]}", master="mymaster", select=("RL504",))
    assert report.notices == []
    want = set()
    for s in sentinels:
        loc = f"redis://{LOCAL}:{s}"
        want.add(("RL504", loc, f"sentinel monitor mymaster {LOCAL} {primary} 3", "high"))
    assert found(report, eol=False) == want
    assert {f.message for f in report.active} == {
        "quorum 3 for 'mymaster' equals the number of Sentinels: with any one of them down (often the one beside the failed primary) the master is never agreed down, failover never starts"
    }
    # one Sentinel audited alone still knows the two others (num-other-sentinels): the same verdict
    one = run([f"redis://{LOCAL}:{sentinels[1]}"], select=("RL504",))
    assert found(one, eol=False) == {("RL504", f"redis://{LOCAL}:{sentinels[1]}", f"sentinel monitor mymaster {LOCAL} {primary} 3", "high")}
    assert replica


def test_rl704_tls_primary_plaintext_replication(procs: Procs, tmp_path: Path) -> None:
    """A primary with a TLS port and a replica that replicates over the plaintext port
    (``tls-replication no``): RL704 on the replica once both are audited (the group comes from the
    replica's replicaof, the address of the audited primary); the replica alone makes no group."""
    crt, key, ca = _certs(tmp_path)
    primary, tls_port, replica = free_port(), free_port(), free_port()
    tls = [f"tls-cert-file {crt}", f"tls-key-file {key}", f"tls-ca-cert-file {ca}", "maxmemory 100mb"]
    server(procs, tmp_path, "primary", conf_lines(tmp_path, primary, [f"tls-port {tls_port}", *tls]), primary)
    server(procs, tmp_path, "replica", conf_lines(tmp_path, replica, [f"replicaof {LOCAL} {primary}", "tls-replication no", "maxmemory 100mb"]), replica)
    p, r = f"redis://{LOCAL}:{primary}", f"redis://{LOCAL}:{replica}"
    report = run([p, r], select=("RL704",))
    assert report.notices == []
    assert found(report, eol=False) == {("RL704", r, "tls-replication no", "medium")}
    assert report.active[0].message == (
        f"'{r}' uses TLS but tls-replication is no: its link to the primary (full dataset and the replication stream) is not encrypted"
    )
    assert found(run([r], select=("RL704",)), eol=False) == set()
    # the primary reached on its TLS port is the same server
    from redislint.audit.client import TlsOptions

    both = run([f"rediss://{LOCAL}:{tls_port}", r], select=("RL704",), tls=TlsOptions(cacert=str(ca), cert=str(crt), key=str(key)))  # tls-auth-clients yes: a client certificate
    assert found(both, eol=False) == {("RL704", r, "tls-replication no", "medium")}, both.notices


def test_rl109_requirepass_beside_an_aclfile(procs: Procs, tmp_path: Path) -> None:
    """requirepass and an aclfile whose default user is 'on nopass': the server accepts commands
    without a password (CRITICAL, from ACL LIST); a default user with a password: MEDIUM."""
    acl = tmp_path / "users.acl"
    acl.write_text("user default on nopass ~* &* +@all\n")
    port = free_port()
    server(procs, tmp_path, "open", conf_lines(tmp_path, port, [f"aclfile {acl}", f"requirepass {PASSWORD}", "maxmemory 100mb"]), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], select=("RL109",))
    assert report.notices == []
    assert found(report, eol=False) == {("RL109", loc, f"requirepass {PASSWORD}", "critical")}
    f = report.active[0]
    assert f.message == (
        f"requirepass is ignored because the server loaded its users from aclfile '{acl}': the running server's "
        "default user (ACL LIST) is 'on nopass': it accepts commands without a password"
    )
    assert [report.texts[loc].splitlines()[x.span.start_line - 1] for x in f.related] == [f"#@aclfile {acl}"]
    from redislint.output import render

    for fmt in ("text", "json"):
        assert PASSWORD not in render(report, fmt, **({"color": False} if fmt == "text" else {}))
    # a default user with its own password: still misleading, MEDIUM
    other = "Wq7Rt2Yp9Lk4Mn6Bv1Cx3Zs8"
    acl2 = tmp_path / "users2.acl"
    acl2.write_text(f"user default on >{other} ~* &* +@all\n")
    port2 = free_port()
    server(procs, tmp_path, "closed", conf_lines(tmp_path, port2, [f"aclfile {acl2}", f"requirepass {PASSWORD}", "maxmemory 100mb"]), port2)
    loc2 = f"redis://{LOCAL}:{port2}"
    closed = run([loc2], select=("RL109",), environ={"REDISCLI_AUTH": other})
    assert found(closed, eol=False) == {("RL109", loc2, f"requirepass {PASSWORD}", "medium")}, closed.notices
    assert hashlib.sha256(other.encode()).hexdigest() not in render(closed, "json")


def test_sentinel_audit_with_exactly_the_documented_acl_users(procs: Procs, tmp_path: Path) -> None:
    """A Sentinel whose audit user is exactly SENTINEL_AUDIT_ACL, a primary whose audit user is
    AUDIT_ACL: ``--sentinel --master --user audit`` reads both with nothing refused (ACL LOG stays
    empty on each), and every command sent is a read command of the list."""
    from redislint.audit.client import AUDIT_ACL, READ_COMMANDS, SENTINEL_AUDIT_ACL
    from redislint.audit.run import AuditOptions, audit
    from redislint.engine.context import Settings
    from tests.support.audit import ROOT
    from tests.support.binaries import need_binary
    from tests.support.procs import listens, wait_started
    from tests.support.resp import Client

    user = AUDIT_ACL.replace(">PASSWORD", f">{PASSWORD}")
    primary, sport = free_port(), free_port()
    server(procs, tmp_path, "primary", conf_lines(tmp_path, primary, ["maxmemory 100mb", user]), primary)
    conf = tmp_path / "sentinel.conf"
    conf.write_text(f"port {sport}\nbind {LOCAL}\nsentinel monitor mymaster {LOCAL} {primary} 1\n{SENTINEL_AUDIT_ACL.replace('>PASSWORD', f'>{PASSWORD}')}\n")
    p = procs.start([need_binary("redis-sentinel"), str(conf)], "sentinel.log")
    wait_started(p, lambda: listens(sport), "sentinel", lambda: procs.log("sentinel.log"))
    sent: list[tuple[str, ...]] = []
    opts = AuditOptions(user="audit", password=PASSWORD, environ={}, sentinel=f"{LOCAL}:{sport}", master="mymaster")
    report = audit([], Settings(select=("RL85", "RL504")), opts, root=str(ROOT), sent=sent)
    assert report.notices == [] and report.exit_code == 0, report.notices
    assert {p for p in report.texts if p.startswith("redis://")} == {f"redis://{LOCAL}:{sport}", f"redis://{LOCAL}:{primary}"}
    for port in (primary, sport):
        with Client(port) as c:
            assert c.call("ACL", "LOG") == [], port  # nothing refused: the documented users are enough
    assert all(tuple(a.upper() for a in s[:2]) in READ_COMMANDS or (s[0].upper(),) in READ_COMMANDS for s in sent), sent
    assert {s[0].upper() for s in sent} == {"INFO", "ROLE", "SENTINEL", "CONFIG", "ACL", "COMMAND"}


def test_evicted_keys_and_rejected_connections(procs: Procs, tmp_path: Path) -> None:
    """A datastore (AOF on) at a 2 MB maxmemory with allkeys-lru, written past it: RL852 at
    ``evicted_keys``; a server at maxclients 2 that turned a third client away: RL854 at
    ``rejected_connections``."""
    import socket

    from tests.support.procs import wait_until
    from tests.support.resp import Client

    port = free_port()
    lines = [*conf_lines(tmp_path, port, [])[:4], "appendonly yes", "maxmemory 2mb", "maxmemory-policy allkeys-lru"]
    server(procs, tmp_path, "full", lines, port)
    with Client(port) as c:
        for i in range(400):
            c.call("SET", f"k{i}", "x" * 16384)
        evicted = next(int(ln.split(":")[1]) for ln in str(c.call("INFO", "stats")).splitlines() if ln.startswith("evicted_keys:"))
    assert evicted > 0
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], select=("RL852",))
    assert found(report, eol=False) == {("RL852", loc, f"#@info evicted_keys:{evicted}", "high")}, report.notices
    assert report.active[0].message == (
        f"'{loc}' keeps its data (persistence) yet evicted {evicted} keys since it started: maxmemory was reached and keys were dropped"
    )
    # maxclients 2: two clients held, a third is turned away
    busy_port = free_port()
    server(procs, tmp_path, "busy", conf_lines(tmp_path, busy_port, ["maxclients 2", "maxmemory 100mb"]), busy_port)
    held = [Client(busy_port)]
    try:
        # the start-up probe's connection may not be closed yet: wait until this one is alone
        wait_until(lambda: "connected_clients:1\r" in str(held[0].call("INFO", "clients")), 10, "the probe to go")
        held.append(Client(busy_port))
        assert str(held[1].call("PING")) == "PONG"
        third = socket.create_connection((LOCAL, busy_port), timeout=5)
        third.sendall(b"PING\r\n")
        assert third.recv(200).startswith(b"-ERR max number of clients reached")
        third.close()
        held.pop().close()
        # the audit is the second client: wait (through the first) until the server has let the others go
        wait_until(lambda: "connected_clients:1\r" in str(held[0].call("INFO", "clients")), 10, "the clients to go")
        busy_loc = f"redis://{LOCAL}:{busy_port}"
        busy = run([busy_loc], select=("RL854",))
    finally:
        for c in held:
            c.close()
    assert found(busy, eol=False) == {("RL854", busy_loc, "#@info rejected_connections:1", "medium")}, busy.notices


def test_memory_near_maxmemory(procs: Procs, tmp_path: Path) -> None:
    """A server at maxmemory 3 MB with noeviction, written until it refuses writes: RL853 at
    ``used_memory`` (writes are refused at the limit)."""
    from tests.support.resp import Client

    port = free_port()
    server(procs, tmp_path, "near", conf_lines(tmp_path, port, ["maxmemory 3mb", "maxmemory-policy noeviction"]), port)
    with Client(port) as c:
        for i in range(1000):
            answer = c.call("SET", f"k{i}", "x" * 8192)
            if "OOM" in str(answer):
                break
        else:
            raise AssertionError("the server never refused a write")
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], select=("RL853",))
    used = next(t for t in report.texts[loc].splitlines() if t.startswith("#@info used_memory:"))
    assert found(report, eol=False) == {("RL853", loc, used, "medium")}, report.notices
    assert report.active[0].message.endswith("% of maxmemory 3145728: writes are refused at the limit")
