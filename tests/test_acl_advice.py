"""The ACL users that RL201, RL202 and RL110 advise (redislint/redis/acl_advice.py), checked against a
real server: ``ACL DRYRUN`` (Redis 7.0+) says which commands each user may run, and a real replica and
a real Sentinel group log in with their users, replicate and fail over.

Issue 12, item 9: the advice agrees with itself (no rename-command, which RL202 flags) and with what
clients, replicas and Sentinel need (``-@dangerous`` alone also denies INFO, ROLE and SORT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.redis.acl_advice import ADMIN_USER, APP_USER, REPLICA_USER, SENTINEL_USER, acl_fix_text
from tests.support.binaries import need_binary, need_redis_70
from tests.support.ports import free_port
from tests.support.procs import Procs, wait_for
from tests.support.resp import Client, wire

pytestmark = pytest.mark.redis

PASSWORDS = {"app": "app-Vq7xN2kL9mR4", "admin": "admin-Hz3pT8wC5yB6", "sentinel": "sen-Jm4rX9qK2vL7", "replica": "rep-Pw6nB3tY8cF5"}

USERS = {"app": APP_USER, "admin": ADMIN_USER, "sentinel": SENTINEL_USER, "replica": REPLICA_USER}

# What an application's client library calls: data commands, transactions, scripts, pub/sub, the
# connection set-up of redis-py / Lettuce / ioredis (HELLO, CLIENT SETNAME/SETINFO, SELECT), and
# the INFO / ROLE checks of Sentinel- and Cluster-aware clients.
APP_MAY = [
    ["GET", "k"], ["SET", "k", "v"], ["DEL", "k"], ["EXPIRE", "k", "10"], ["SCAN", "0"], ["HSET", "h", "f", "v"],
    ["LPUSH", "l", "x"], ["BRPOP", "l", "1"], ["ZADD", "z", "1", "m"], ["XADD", "s", "*", "f", "v"],
    ["EVAL", "return 1", "0"], ["MULTI"], ["EXEC"], ["WATCH", "k"], ["SUBSCRIBE", "c"], ["PUBLISH", "c", "m"],
    ["PING"], ["HELLO", "3"], ["CLIENT", "SETNAME", "app"], ["SELECT", "0"],
    ["INFO"], ["ROLE"], ["SORT", "l"], ["SORT_RO", "l"], ["DBSIZE"], ["TTL", "k"], ["CLUSTER", "SLOTS"],
]
# What RL201 reports, and the rest of @dangerous that an application must not have.
APP_MAY_NOT = [
    ["FLUSHALL"], ["FLUSHDB"], ["CONFIG", "GET", "*"], ["CONFIG", "SET", "maxmemory", "0"], ["DEBUG", "SLEEP", "0"],
    ["SHUTDOWN"], ["KEYS", "*"], ["MODULE", "LIST"], ["REPLICAOF", "NO", "ONE"], ["SLAVEOF", "NO", "ONE"],
    ["MONITOR"], ["MIGRATE", "h", "1", "k", "0", "1"], ["RESTORE", "k", "0", "x"], ["SWAPDB", "0", "1"],
    ["ACL", "SETUSER", "x"], ["CLIENT", "KILL", "ID", "1"], ["BGSAVE"], ["FAILOVER"], ["CLUSTER", "FORGET", "x"],
]
# The commands of the Sentinel documentation's list, as Sentinel sends them.
SENTINEL_MAY = [
    ["PING"], ["INFO"], ["ROLE"], ["MULTI"], ["EXEC"], ["SLAVEOF", "NO", "ONE"], ["CONFIG", "REWRITE"],
    ["CLIENT", "SETNAME", "sentinel-x"], ["CLIENT", "KILL", "TYPE", "normal"], ["SCRIPT", "KILL"],
    ["PUBLISH", "__sentinel__:hello", "x"], ["SUBSCRIBE", "__sentinel__:hello"],
]
SENTINEL_MAY_NOT = [["GET", "k"], ["FLUSHALL"], ["CONFIG", "SET", "maxmemory", "0"], ["KEYS", "*"], ["PUBLISH", "other", "x"]]
REPLICA_MAY = [["PSYNC", "?", "-1"], ["REPLCONF", "listening-port", "1"], ["PING"]]
REPLICA_MAY_NOT = [["GET", "k"], ["FLUSHALL"], ["CONFIG", "GET", "*"]]


def _users_conf() -> str:
    lines = ["user default off"]
    lines += [f"user {name} on >{PASSWORDS[name]} {rules}" for name, rules in USERS.items()]
    return "\n".join(lines) + "\n"


def _start(procs: Procs, server: str, tmp: Path, name: str, port: int, extra: str = "") -> None:
    d = tmp / name
    d.mkdir()
    conf = d / "redis.conf"
    conf.write_text(f"port {port}\nbind 127.0.0.1\ndir {d}\nsave \"\"\nappendonly no\n{_users_conf()}{extra}")
    p = procs.start([server, str(conf)], f"{name}.log")
    assert wait_for(lambda: _call(port, "admin", "PING") == "+PONG" or p.poll() is not None, 10), procs.log(f"{name}.log")
    assert p.poll() is None, procs.log(f"{name}.log")


def _call(port: int, user: str, *args: str) -> str:
    with Client(port) as c:
        r = c.call("AUTH", user, PASSWORDS[user])
        if wire(r) != "+OK":
            return wire(r)
        return wire(c.call(*args))


def _dryrun(port: int, user: str, cmd: list[str]) -> bool:
    reply = _call(port, "admin", "ACL", "DRYRUN", user, *cmd)
    assert reply == "+OK" or "no permissions" in reply, (user, cmd, reply)
    return reply == "+OK"


def test_the_fix_text_quotes_the_tested_user() -> None:
    text = acl_fix_text("default")
    assert f"'user default on >... {APP_USER}'" in text
    assert "rename-command" not in text


@pytest.mark.parametrize(
    ("user", "may", "may_not"),
    [("app", APP_MAY, APP_MAY_NOT), ("sentinel", SENTINEL_MAY, SENTINEL_MAY_NOT), ("replica", REPLICA_MAY, REPLICA_MAY_NOT)],
)
def test_dryrun_on_a_real_server(procs: Procs, tmp_path: Path, user: str, may: list[list[str]], may_not: list[list[str]]) -> None:
    server = need_redis_70()
    port = free_port()
    _start(procs, server, tmp_path, "primary", port)
    assert [c for c in may if not _dryrun(port, user, c)] == []
    assert [c for c in may_not if _dryrun(port, user, c)] == []


@pytest.mark.slow
def test_replica_and_sentinel_work_with_their_own_users(procs: Procs, tmp_path: Path) -> None:
    """The replica syncs as 'replica', three Sentinels log in as 'sentinel', see the group, and fail
    over when the primary dies: the replica is promoted, and the application's user writes to it."""
    server = need_binary("redis-server")
    sentinel = need_binary("redis-sentinel")
    taken: set[int] = set()
    primary, replica = free_port(taken), free_port(taken)
    _start(procs, server, tmp_path, "primary", primary)
    _start(procs, server, tmp_path, "replica", replica, f"masteruser replica\nmasterauth {PASSWORDS['replica']}\nreplicaof 127.0.0.1 {primary}\n")
    assert wait_for(lambda: "master_link_status:up" in _call(replica, "admin", "INFO", "replication"), 15), procs.log("replica/redis.log")
    sports = [free_port(taken) for _ in range(3)]
    for i, sp in enumerate(sports):
        d = tmp_path / f"sentinel{i}"
        d.mkdir()
        (d / "sentinel.conf").write_text(
            f"port {sp}\nbind 127.0.0.1\ndir {d}\n"
            f"sentinel monitor mymaster 127.0.0.1 {primary} 2\n"
            f"sentinel auth-user mymaster sentinel\nsentinel auth-pass mymaster {PASSWORDS['sentinel']}\n"
            "sentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 3000\n"
        )
        procs.start([sentinel, str(d / "sentinel.conf")], f"sentinel{i}.log")

    def ready(sp: int) -> bool:
        with Client(sp) as c:
            master = wire(c.call("SENTINEL", "MASTER", "mymaster")).split()
        fields = dict(zip(master[::2], master[1::2], strict=False))
        return fields.get("flags") == "master" and fields.get("num-slaves") == "1" and fields.get("num-other-sentinels") == "2"

    assert wait_for(lambda: all(ready(sp) for sp in sports), 30), procs.log("sentinel0.log")
    procs.procs[0].kill()
    procs.procs[0].wait(timeout=5)

    def promoted() -> bool:
        with Client(sports[0]) as c:
            return wire(c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster")).split() == ["127.0.0.1", str(replica)]

    assert wait_for(promoted, 30, 0.5), procs.log("sentinel0.log")
    assert wait_for(lambda: "role:master" in _call(replica, "admin", "INFO", "replication"), 10)
    assert _call(replica, "app", "SET", "after-failover", "ok") == "+OK"
    assert _call(replica, "app", "FLUSHALL").startswith("-NOPERM")
