"""``$(VAR)`` in a manifest is the container's variable, never the runner's (issue 16, hostile input).

The kubelet replaces ``$(VAR)`` in ``command``, ``args`` and env values with the container's own
``env`` (a name it does not define stays as written); Kubernetes never reads ``${VAR}`` or
``$VAR``. A CI runner holds secrets in its environment: a canary variable set in the test process
and in the environment handed to :func:`redislint.api.lint` must appear in no output format and in
no fix diff, and the findings show the references as written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from tests.hostile.test_mask_planted import all_outputs, with_every_line, write

CANARY = "Zq9xCanaryEnv77Value"
NAMES = ("RL_CANARY", "HOME", "PATH", "FROM_ENV", "REDIS_PASSWORD", "CI_API_KEY")
MANIFEST = (
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  serviceName: redis\n  template:\n"
    "    metadata: {labels: {app: redis}}\n    spec:\n      containers:\n      - name: redis\n        image: redis:7.4.11\n"
    "        args: ['--requirepass', '$(REDIS_PASSWORD)', '--maxmemory', '${RL_CANARY}', '--dir', '/data/$RL_CANARY',"
    " '--masterauth', '$(HOME)', '--port', '$(FROM_ENV)']\n"
    "        env:\n        - {name: FROM_ENV, value: '$(RL_CANARY)x'}\n        - {name: OTHER, value: '${CI_API_KEY}'}\n"
    "        readinessProbe: {exec: {command: [sh, -c, 'redis-cli -a $(RL_CANARY) -p ${RL_CANARY} ping']}}\n"
)


def canary_env() -> dict[str, str]:
    return dict.fromkeys(NAMES, CANARY)


def found(tmp_path: Path) -> set[tuple[str, int, str]]:
    report = lint([str(tmp_path)], Settings(select=("RL003", "RL104")), root=str(tmp_path), environ=canary_env())
    return {(f.rule_id, f.span.start_line, f.message) for f in report.findings}


def test_kube_variables_are_the_containers_not_the_runners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.setenv(name, CANARY)
    write(tmp_path, {"redis.yaml": MANIFEST})
    assert found(tmp_path) == {
        # FROM_ENV is the container's: its value, whose $(RL_CANARY) the container does not define, stays as written
        ("RL003", 12, "'port' must be an integer, got '$(RL_CANARY)x'"),
        # Kubernetes does not read ${VAR}: the text as written
        ("RL003", 12, "'maxmemory' must be a memory size such as 100mb or 2gb, got '${RL_CANARY}'"),
        # $(REDIS_PASSWORD) and $(HOME) are no variables of the container: the kubelet passes them as written
        ("RL104", 12, "--requirepass of service 'redis' is a password written in the manifests"),
        ("RL104", 12, "--masterauth of service 'redis' is a password written in the manifests"),
    }
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ=canary_env())
    for fmt, out in {**all_outputs(report), **{f"{k} (every line)": v for k, v in all_outputs(with_every_line(report, "x")).items()}}.items():
        assert CANARY.lower() not in out.lower(), fmt
    assert CANARY not in report.secrets


def test_cli_never_takes_the_runners_environment(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": MANIFEST})
    env = {**canary_env(), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "LANG": "C.UTF-8"}
    for args in (["check", ".", "--format", "json"], ["check", ".", "--format", "text"], ["check", ".", "--format", "sarif"], ["fix", "--diff", "--unsafe-fixes", "."]):
        proc = subprocess.run([sys.executable, "-m", "redislint", *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1), (args, proc.stderr)
        assert CANARY not in proc.stdout + proc.stderr, args
    proc = subprocess.run([sys.executable, "-m", "redislint", "check", ".", "--format", "text"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert "got '$(RL_CANARY)x'" in proc.stdout and "got '${RL_CANARY}'" in proc.stdout


def test_a_container_variable_is_still_expanded(tmp_path: Path) -> None:
    """The container's own literal is what ``$(VAR)`` takes (and a runner's value of the same name is not)."""
    write(tmp_path, {"redis.yaml": MANIFEST.replace("'$(FROM_ENV)'", "'$(P)'").replace("- {name: FROM_ENV, value: '$(RL_CANARY)x'}", "- {name: P, value: '6380x'}")})
    report = lint([str(tmp_path)], Settings(select=("RL003",)), root=str(tmp_path), environ={**canary_env(), "P": CANARY})
    assert ("RL003", 12, "'port' must be an integer, got '6380x'") in {(f.rule_id, f.span.start_line, f.message) for f in report.findings}
