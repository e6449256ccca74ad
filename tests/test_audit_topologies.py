"""``redislint audit`` of real topologies: a Sentinel group (a primary, its replica, three Sentinels)
and a six-node cluster, each on 127.0.0.1, findings asserted exactly (rule, location, line,
severity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.audit import cli, conf_lines, found, run, server
from tests.support.binaries import need_binary
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, listens, wait_started, wait_until
from tests.support.resp import Client, command

pytestmark = pytest.mark.redis


def _sentinel_group(procs: Procs, tmp_path: Path, quorum: int = 2) -> tuple[int, int, list[int]]:
    """A primary, a replica and three Sentinels with quorum 2 (or ``quorum``), all on 127.0.0.1; waits
    until every Sentinel knows the two others and the replica."""
    primary, replica = free_port(), free_port()
    server(procs, tmp_path, "primary", conf_lines(tmp_path, primary, ["maxmemory 100mb"]), primary)
    server(procs, tmp_path, "replica", conf_lines(tmp_path, replica, ["maxmemory 100mb", f"replicaof {LOCAL} {primary}"]), replica)
    sentinels = [free_port() for _ in range(3)]
    binary = need_binary("redis-sentinel")
    for i, port in enumerate(sentinels):
        conf = tmp_path / f"sentinel{i}.conf"
        conf.write_text(f"port {port}\nbind {LOCAL}\nsentinel resolve-hostnames no\nsentinel monitor mymaster {LOCAL} {primary} {quorum}\nsentinel down-after-milliseconds mymaster 5000\n")
        p = procs.start([binary, str(conf)], f"sentinel{i}.log")
        wait_started(p, lambda port=port: listens(port), f"sentinel {i}", lambda i=i: procs.log(f"sentinel{i}.log"))

    def settled() -> bool:
        if "master_link_status:up" not in command(replica, "INFO", "replication"):
            return False
        if "state=online" not in command(primary, "INFO", "replication"):
            return False
        for port in sentinels:
            with Client(port) as c:
                info = dict(zip(*[iter(c.call("SENTINEL", "MASTER", "mymaster"))] * 2, strict=False))  # type: ignore[arg-type]
            if info.get("num-other-sentinels") != "2" or info.get("num-slaves") != "1":
                return False
        return True

    wait_until(settled, 30, "the Sentinels to discover each other and the replica")
    return primary, replica, sentinels


@pytest.mark.slow
def test_sentinel_group(procs: Procs, tmp_path: Path) -> None:
    """--sentinel --master: the three Sentinels, the primary and its replica are audited; a healthy
    group has no live finding; with two Sentinels stopped CKQUORUM fails (RL857)."""
    primary, replica, sentinels = _sentinel_group(procs, tmp_path)
    report = run([], sentinel=f"{LOCAL}:{sentinels[0]}", master="mymaster")
    p, r = f"redis://{LOCAL}:{primary}", f"redis://{LOCAL}:{replica}"
    assert report.notices == []
    assert {f.span.file for f in report.active} == {p, r}
    assert found(report) == {
        ("RL301", p, 'save ""', "medium"),
        ("RL201", p, "user default on nopass ~* &* +@all", "medium"),
        ("RL301", r, 'save ""', "medium"),
        ("RL201", r, "user default on nopass ~* &* +@all", "medium"),
    }
    audited = {path for path in report.texts if path.startswith("redis://")}
    assert audited == {p, r, *(f"redis://{LOCAL}:{s}" for s in sentinels)}
    # two Sentinels stopped: the one left cannot reach the quorum
    for proc in procs.procs[-2:]:
        proc.kill()
        proc.wait(timeout=10)
    s0 = f"redis://{LOCAL}:{sentinels[0]}"
    wait_until(lambda: "NOQUORUM" in command(sentinels[0], "SENTINEL", "CKQUORUM", "mymaster"), 30, "CKQUORUM to fail")
    broken = run([], sentinel=f"{LOCAL}:{sentinels[0]}", master="mymaster", select=("RL857", "RL858"))
    ck = next(ln for ln in broken.texts[s0].splitlines() if ln.startswith("#@ckquorum mymaster:"))
    assert found(broken, eol=False) == {("RL857", s0, ck, "high")}
    assert broken.exit_code == 2 and sum("cannot connect" in n for n in broken.notices) == 2, broken.notices


def _in_sync(info: str) -> bool:
    """A replica whose link is up, or a master whose one replica is online (not still waiting for
    its first BGSAVE, which RL850 would rightly report)."""
    if "role:master" in info:
        slaves = [ln for ln in info.splitlines() if ln.startswith("slave") and ":ip=" in ln]
        return len(slaves) == 1 and all("state=online" in ln for ln in slaves)
    return "master_link_status:up" in info


@pytest.mark.slow
def test_six_node_cluster(procs: Procs, tmp_path: Path) -> None:
    """--cluster follows CLUSTER NODES from one node to all six; a healthy cluster has no RL859; a
    master stopped: its node is reported in fail state (once), its promoted replica as a master
    without replica, and the stopped node as a notice."""
    taken: set[int] = set()
    ports = [free_port(taken, with_bus=True) for _ in range(6)]
    for i, port in enumerate(ports):
        lines = conf_lines(tmp_path, port, ["maxmemory 100mb", "cluster-enabled yes", f"cluster-config-file nodes-{port}.conf", "cluster-node-timeout 2000"])
        server(procs, tmp_path, f"node{i}", lines, port)
    create = cli("--cluster", "create", *(f"{LOCAL}:{p}" for p in ports), "--cluster-replicas", "1", "--cluster-yes")
    assert create.returncode == 0, create.stdout + create.stderr
    wait_until(lambda: all("cluster_state:ok" in command(p, "CLUSTER", "INFO") for p in ports), 30, "cluster_state:ok")
    wait_until(lambda: all(_in_sync(command(p, "INFO", "replication")) for p in ports), 30, "replicas in sync")
    report = run([f"redis://{LOCAL}:{ports[0]}"], cluster=True)
    locs = {f"redis://{LOCAL}:{p}" for p in ports}
    assert report.notices == [] and {p for p in report.texts if p.startswith("redis://")} == locs
    assert found(report) == {
        *(("RL301", loc, 'save ""', "medium") for loc in locs),
        *(("RL201", loc, "user default on nopass ~* &* +@all", "medium") for loc in locs),
    }
    # stop a master: the cluster fails it over to its replica
    masters = [p for p in ports if "role:master" in command(p, "INFO", "replication")]
    victim = masters[-1]
    procs.procs[ports.index(victim)].kill()
    alive = [p for p in ports if p != victim]
    wait_until(lambda: all(" master,fail " in command(p, "CLUSTER", "NODES") for p in alive), 30, "the fail flag")
    promoted = wait_until(lambda: next((p for p in alive if p not in masters and "role:master" in command(p, "INFO", "replication")), None), 30, "the failover")
    wait_until(lambda: all("cluster_state:ok" in command(p, "CLUSTER", "INFO") for p in alive), 30, "cluster_state:ok again")
    after = run([f"redis://{LOCAL}:{ports[0]}"], cluster=True, select=("RL859",))
    first = sorted(f"redis://{LOCAL}:{p}" for p in alive)[0]
    ploc = f"redis://{LOCAL}:{promoted}"
    fail_line = next(ln for ln in after.texts[first].splitlines() if " master,fail " in ln)
    me_line = next(ln for ln in after.texts[ploc].splitlines() if ln.startswith("#@node") and "myself,master" in ln)
    assert found(after, eol=False) == {("RL859", first, fail_line, "high"), ("RL859", ploc, me_line, "medium")}
    assert after.exit_code == 2 and any(f":{victim}: cannot connect" in n for n in after.notices), after.notices


