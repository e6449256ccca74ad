"""``redislint audit`` as a command, against real servers on 127.0.0.1: the repository's
configuration (``.redislint.toml``: the one of ``--against DIR``, else the current folder's, else
``--config``), and the progress line on standard error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.audit import conf_lines, server
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parent.parent


def audit_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDISCLI_AUTH", "NO_COLOR", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "redislint", "audit", *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


def findings(stdout: str) -> set[tuple[str, str, int, str]]:
    return {(f["rule"], f["file"], f["line"], f["severity"]) for f in json.loads(stdout)["findings"]}


def test_audit_honours_the_repository_configuration(procs: Procs, tmp_path: Path) -> None:
    """select/ignore/severity/fail-on of ``.redislint.toml``: the one of ``--against DIR``, else the
    current folder's; ``--config FILE`` names another; a flag given wins over the file."""
    repo = tmp_path / "repo"
    repo.mkdir()
    port = free_port()
    server(procs, repo, "redis", conf_lines(tmp_path, port, []), port)  # save "", no maxmemory, default user open
    (repo / ".redislint.toml").write_text('ignore = ["RL206", "RL301"]\n[severity]\nRL201 = "high"\n')
    loc = f"redis://{LOCAL}:{port}"
    snapshot_line = {"RL401": 0, "RL201": 0}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # no configuration in the working folder: the one of --against DIR counts
    p = audit_cli(loc, "--against", str(repo), "-f", "json", cwd=elsewhere)
    assert p.returncode == 1, p.stderr
    got = findings(p.stdout)
    for rule, _file, line, _sev in got:
        snapshot_line[rule] = line
    assert got == {("RL401", loc, snapshot_line["RL401"], "medium"), ("RL201", loc, snapshot_line["RL201"], "high")}
    # the working folder's configuration, without --against
    p = audit_cli(loc, "-f", "json", cwd=repo)
    assert p.returncode == 1 and findings(p.stdout) == got, p.stderr
    # nothing in the working folder: every rule, default severities
    p = audit_cli(loc, "-f", "json", cwd=elsewhere)
    assert {(r, s) for r, _f, _l, s in findings(p.stdout)} == {("RL401", "medium"), ("RL201", "medium"), ("RL301", "medium"), ("RL206", "medium")}
    # --config names the file; fail-on from it; a flag wins
    other = tmp_path / "only-memory.toml"
    other.write_text('select = ["RL401"]\nfail-on = "high"\n')
    p = audit_cli(loc, "-f", "json", "--config", str(other), cwd=elsewhere)
    assert p.returncode == 0 and findings(p.stdout) == {("RL401", loc, snapshot_line["RL401"], "medium")}, p.stderr
    p = audit_cli(loc, "-f", "json", "--config", str(other), "--fail-on", "low", cwd=elsewhere)
    assert p.returncode == 1
    # a configuration that names an unknown rule: exit 2 with the reason, as check
    (elsewhere / ".redislint.toml").write_text('ignore = ["RL9999x"]\n')
    p = audit_cli(loc, cwd=elsewhere)
    assert p.returncode == 2 and "unknown rule, name or tag: RL9999x" in p.stderr, p.stderr


COMPOSE = """services:
  redis:
    image: redis:7.0.15
    command: ["redis-server", "/usr/local/etc/redis/redis.conf"]
    volumes:
      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro
"""


def test_rl009_proven_live_the_server_loaded_another_file(procs: Procs, tmp_path: Path) -> None:
    """The repository mounts ./redis.conf and passes it to redis-server; the running server reports
    another ``config_file`` (INFO server): RL009 at the mount line. Started with no file: RL009 too
    (and RL856 on the server). The same file loaded: no RL009."""
    from redislint.output import render
    from tests.support.audit import found, run

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "compose.yaml").write_text(COMPOSE)
    (repo / "redis.conf").write_text("maxmemory 100mb\nmaxmemory-policy noeviction\n")
    port = free_port()
    loaded = server(procs, tmp_path, "elsewhere", conf_lines(tmp_path, port, ["maxmemory 100mb"]), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], against=str(repo), select=("RL009", "RL856"))
    compose = report.relpath(str((repo / "compose.yaml").resolve()))
    assert found(report, eol=False) == {("RL009", compose, "- ./redis.conf:/usr/local/etc/redis/redis.conf:ro", "high")}, report.notices
    f = report.active[0]
    assert f.message == (
        f"the running server of service 'redis' loaded '{loaded}', not '/usr/local/etc/redis/redis.conf' that the "
        "repository mounts and passes to redis-server: the settings of this file are not the ones it runs"
    )
    assert [(r.span.file, report.texts[loc].splitlines()[r.span.start_line - 1]) for r in f.related] == [(loc, f"#@info config_file:{loaded}")]
    sarif = json.loads(render(report, "sarif"))
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in sarif["runs"][0]["results"]] == [("RL009", 6)]
    # a server started without a config file
    bare = free_port()
    p = procs.start([server_binary(), "--port", str(bare), "--bind", LOCAL, "--dir", str(tmp_path), "--save", "", "--maxmemory", "100mb"], "bare.log")
    from tests.support.procs import listens, wait_started

    wait_started(p, lambda: listens(bare), "bare redis-server", lambda: procs.log("bare.log"))
    bloc = f"redis://{LOCAL}:{bare}"
    none = run([bloc], against=str(repo), select=("RL009", "RL856"))
    assert found(none, eol=False) == {
        ("RL009", compose, "- ./redis.conf:/usr/local/etc/redis/redis.conf:ro", "high"),
        ("RL856", bloc, "#@info config_file:", "medium"),
    }, none.notices
    assert "was started without a config file, not with '/usr/local/etc/redis/redis.conf'" in next(f.message for f in none.active if f.rule_id == "RL009")
    # the repository's file is what runs (the compose file names the path the server loaded): nothing
    (repo / "compose.yaml").write_text(COMPOSE.replace("/usr/local/etc/redis/redis.conf", str(loaded)))
    same = run([loc], against=str(repo), select=("RL009",))
    assert found(same, eol=False) == set(), same.notices
    # check (no server) never reports the live part
    from redislint.api import lint
    from redislint.engine.context import Settings

    assert [x.rule_id for x in lint([str(repo)], Settings(select=("RL009",)), root=str(ROOT)).active] == []


def server_binary() -> str:
    from tests.support.binaries import need_redis_70

    return need_redis_70()


def test_progress_line_on_many_targets_only(procs: Procs, tmp_path: Path) -> None:
    """A line per server on standard error when several are audited; none for one server into a
    pipe (a CI log), one on a terminal; none with --quiet."""
    a, b = free_port(), free_port()
    server(procs, tmp_path, "a", conf_lines(tmp_path, a, ["maxmemory 100mb"]), a)
    server(procs, tmp_path, "b", conf_lines(tmp_path, b, ["maxmemory 100mb"]), b)
    la, lb = f"redis://{LOCAL}:{a}", f"redis://{LOCAL}:{b}"
    one = audit_cli(la, "-f", "json", cwd=tmp_path)
    assert one.returncode == 1 and one.stderr == "", one.stderr
    two = audit_cli(la, lb, "-f", "json", cwd=tmp_path)
    assert two.returncode == 1
    assert two.stderr.splitlines() == [f"redislint: auditing {la} (1/2)", f"redislint: auditing {lb} (2/2)"]
    assert audit_cli(la, lb, "-f", "json", "--quiet", cwd=tmp_path).stderr == ""
    # one server, standard error a terminal: its line
    import pty

    master, slave = pty.openpty()
    try:
        env = {k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}
        p = subprocess.run([sys.executable, "-m", "redislint", "audit", la, "-f", "json"], stdout=subprocess.PIPE, stderr=slave, text=True, timeout=120, env=env, cwd=tmp_path)
        os.close(slave)
        slave = -1
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
    assert p.returncode == 1
    assert seen.decode().splitlines() == [f"redislint: auditing {la} (1/1)"]
