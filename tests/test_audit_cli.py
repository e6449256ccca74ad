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

from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs
from tests.test_audit import conf_lines, server

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
