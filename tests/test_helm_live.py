"""The bitnami/redis production values (``tests/data/helm/bitnami-redis/values-production.yaml``) booted
for real on 127.0.0.1: the config the chart would render from them (``commonConfiguration`` in the
included redis.conf, then the start script's ``--port --requirepass --masterauth`` and, for a
replica, ``--replicaof``), a primary, a replica and 3 Sentinels as the chart's sentinel.conf has them.

It shows why the values hold the password's hash in the ``user default`` line: Redis resets the default
user to that line after reading ``--requirepass``, so a line without a password locks the probes out.
"""

from __future__ import annotations

import hashlib
import secrets
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.support.oracles import need_oracle
from tests.support.ports import free_port
from tests.support.procs import Procs, wait_started, wait_until
from tests.support.resp import Client, answers, command

pytestmark = pytest.mark.slow

VALUES = Path(__file__).parent / "data" / "helm" / "bitnami-redis" / "values-production.yaml"


def _common_configuration(password: str, app_password: str = "") -> list[str]:
    """The values' commonConfiguration lines, each ACL line's placeholder hash replaced by the SHA-256
    of this test's password for that user (what the values tell the team to put there)."""
    text = YAML(typ="safe").load(VALUES.read_text())["commonConfiguration"]
    out = []
    for line in text.splitlines():
        if line.startswith("user "):
            secret = password if line.startswith("user default ") else app_password
            digest = hashlib.sha256(secret.encode()).hexdigest()
            line = " ".join(f"#{digest}" if w.startswith("#") else w for w in line.split())
        out.append(line)
    return out


def _server(procs: Procs, tmp: Path, name: str, conf: list[str], args: list[str]) -> None:
    d = tmp / name
    d.mkdir()
    (d / "redis.conf").write_text("\n".join([*conf, f'dir "{d}"', "bind 127.0.0.1", ""]))
    oracle = need_oracle("redis-7.2.6")
    port = int(args[args.index("--port") + 1])
    p = procs.start([oracle.server, str(d / "redis.conf"), *args], f"{name}.log")
    wait_started(p, lambda: answers(port), name, lambda: procs.log(f"{name}.log"))


def test_production_values_boot_a_sentinel_group_that_fails_over(tmp_path: Path) -> None:
    oracle = need_oracle("redis-7.2.6")
    password, app_password = secrets.token_hex(16), secrets.token_hex(16)
    conf = _common_configuration(password, app_password)
    taken: set[int] = set()
    primary, replica = free_port(taken), 0
    taken.add(primary)
    replica = free_port(taken)
    taken.add(replica)
    procs = Procs(tmp_path)
    try:
        chart_args = ["--requirepass", password, "--masterauth", password]
        _server(procs, tmp_path, "primary", conf, ["--port", str(primary), *chart_args])
        _server(procs, tmp_path, "replica", conf, ["--port", str(replica), *chart_args, "--replicaof", "127.0.0.1", str(primary)])
        # the probes: redis-cli -a "$REDIS_PASSWORD" ping
        assert command(primary, "PING", password=password) == "+PONG"
        assert command(replica, "PING", password=password) == "+PONG"
        # the default user cannot run what the ACL line takes away
        for cmd in (["FLUSHALL"], ["FLUSHDB"], ["KEYS", "*"], ["SHUTDOWN", "NOSAVE"], ["CONFIG", "GET", "dir"]):
            reply = command(primary, *cmd, password=password)
            assert reply.startswith("-NOPERM"), (cmd, reply)
        # DEBUG: 7.0+ refuses it before the ACL is asked (enable-debug-command no, the default)
        assert command(primary, "DEBUG", "SLEEP", "0", password=password).startswith("-ERR DEBUG command not allowed")
        assert command(primary, "SET", "k", "v", password=password) == "+OK"
        # the application's own user: reads and writes, nothing dangerous (not even REPLICAOF)
        with Client(primary) as c:
            assert c.call("AUTH", "app", app_password) == "OK"
            assert c.call("SET", "k", "v") == "OK"
            for cmd in (["FLUSHALL"], ["REPLICAOF", "NO", "ONE"], ["CONFIG", "REWRITE"], ["SHUTDOWN"]):
                assert str(c.call(*cmd)).startswith("NOPERM"), cmd
        wait_until(lambda: "master_link_status:up" in command(replica, "INFO", "replication", password=password), 15, "the replica's sync")
        # what the values warn about: a `user default` line without the password drops --requirepass
        bare = [line if not line.startswith("user default ") else " ".join(w for w in line.split() if not w.startswith("#")) for line in conf]
        other = free_port(taken)
        taken.add(other)
        _server(procs, tmp_path, "bare", bare, ["--port", str(other), *chart_args])
        assert command(other, "PING", password=password).startswith("-WRONGPASS")

        # 3 Sentinels as the chart's sentinel.conf (sentinel.quorum 2, auth-pass = the Redis password)
        sentinels = []
        for i in range(3):
            port = free_port(taken)
            taken.add(port)
            sentinels.append(port)
            conf_path = tmp_path / f"sentinel-{i}.conf"
            conf_path.write_text("\n".join([
                f"port {port}", "bind 127.0.0.1", f'dir "{tmp_path}"',
                f"sentinel monitor mymaster 127.0.0.1 {primary} 2",
                "sentinel down-after-milliseconds mymaster 10000",
                "sentinel failover-timeout mymaster 180000",
                "sentinel parallel-syncs mymaster 1",
                f"sentinel auth-pass mymaster {password}", "",
            ]))  # fmt: skip
            p = procs.start([oracle.sentinel, str(conf_path)], f"sentinel-{i}.log")
            wait_started(p, lambda port=port: answers(port), f"sentinel {i}", lambda i=i: procs.log(f"sentinel-{i}.log"))
        # the Sentinels have found the replica through the primary's INFO
        wait_until(lambda: str(replica) in command(sentinels[0], "SENTINEL", "REPLICAS", "mymaster"), 30, "sentinel to see the replica")
        assert command(sentinels[0], "SENTINEL", "FAILOVER", "mymaster") == "+OK"
        wait_until(lambda: "role:master" in command(replica, "INFO", "replication", password=password), 30, "the replica's promotion")
        wait_until(lambda: str(replica) in command(sentinels[1], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"), 30, "the Sentinels to agree")
        # Sentinel ran CONFIG REWRITE on the new primary: the new primary's config has no replicaof line, the
        # old primary's config now follows it
        wait_until(lambda: "# Generated by CONFIG REWRITE" in (tmp_path / "replica" / "redis.conf").read_text(), 15, "the new primary's rewritten config")
        wait_until(lambda: f"replicaof 127.0.0.1 {replica}" in (tmp_path / "primary" / "redis.conf").read_text(), 30, "the old primary's rewritten config")
        lines = (tmp_path / "replica" / "redis.conf").read_text().splitlines()
        assert not [line for line in lines if line.startswith(("replicaof ", "slaveof "))]
        assert command(replica, "FLUSHALL", password=password).startswith("-NOPERM")
    finally:
        procs.close()


CLUSTER_VALUES = Path(__file__).parent / "data" / "helm" / "bitnami-redis-cluster" / "values-production.yaml"


def test_redis_cluster_production_values_form_a_cluster_that_fails_over(tmp_path: Path) -> None:
    """The redis-cluster override's ``redis.configmap`` (with the ACL line) on 6 nodes: the chart's
    create job (``redis-cli --cluster create -a``) works as the default user, which cannot FLUSHALL,
    KEYS, CONFIG or SHUTDOWN, and a replica's CLUSTER FAILOVER promotes it."""
    oracle = need_oracle("redis-7.2.6")
    password = secrets.token_hex(16)
    text = YAML(typ="safe").load(CLUSTER_VALUES.read_text())["redis"]["configmap"]
    digest = hashlib.sha256(password.encode()).hexdigest()
    conf = [" ".join(f"#{digest}" if w.startswith("#") else w for w in line.split()) if line.startswith("user default ") else line for line in text.splitlines()]
    taken: set[int] = set()
    ports = [free_port(taken, with_bus=True) for _ in range(6)]
    procs = Procs(tmp_path)
    try:
        for i, port in enumerate(ports):
            args = ["--port", str(port), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--appendonly", "yes", "--requirepass", password, "--masterauth", password]
            _server(procs, tmp_path, f"node-{i}", conf, args)
        create = subprocess.run(
            [str(Path(oracle.server).with_name("redis-cli")), "--no-auth-warning", "-a", password, "--cluster", "create",
             *[f"127.0.0.1:{p}" for p in ports], "--cluster-replicas", "1", "--cluster-yes"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert create.returncode == 0, create.stdout + create.stderr
        wait_until(lambda: all("cluster_state:ok" in command(p, "CLUSTER", "INFO", password=password) for p in ports), 30, "cluster_state:ok")
        for cmd in (["FLUSHALL"], ["KEYS", "*"], ["SHUTDOWN", "NOSAVE"], ["CONFIG", "GET", "dir"]):
            assert command(ports[0], *cmd, password=password).startswith("-NOPERM"), cmd
        assert command(ports[0], "PING", password=password) == "+PONG"
        replica = next(p for p in ports if "role:slave" in command(p, "INFO", "replication", password=password))
        wait_until(lambda: "master_link_status:up" in command(replica, "INFO", "replication", password=password), 30, "the replica's sync")
        assert command(replica, "CLUSTER", "FAILOVER", password=password) == "+OK"
        wait_until(lambda: "role:master" in command(replica, "INFO", "replication", password=password), 30, "the replica's promotion")
    finally:
        procs.close()
