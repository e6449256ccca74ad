"""The pre-commit hooks, exercised with a real `pre-commit try-repo` run."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.binaries import unavailable

ROOT = Path(__file__).resolve().parent.parent


def _need_precommit() -> list[str]:
    """pre-commit run by the interpreter that runs the tests (the test extra installs it there), so
    the README's ``.venv/bin/python -m pytest`` runs these tests without the venv on PATH."""
    if importlib.util.find_spec("pre_commit") is None:
        unavailable(f"pre-commit is not installed for {sys.executable} (pip install -e '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "deploy"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.invalid")
    _git(repo, "config", "user.name", "t")
    (repo / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.4.2\n    command: [\"redis-server\", \"/etc/redis/redis.conf\"]\n"
        "    volumes:\n      - ./redis.conf:/etc/redis/redis.conf:ro\n    mem_limit: 1g\n",
        encoding="utf-8",
    )
    (repo / "redis.conf").write_text("maxmemory 2gb\n", encoding="utf-8")
    _git(repo, "add", ".")
    return repo


def _try_repo(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = _need_precommit()
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [*exe, "try-repo", str(ROOT), "redislint", "--verbose", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_manifest_is_valid() -> None:
    exe = _need_precommit()
    proc = subprocess.run([*exe, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_hook_reports_findings(tmp_path: Path, home: Path) -> None:
    repo = _repo(tmp_path)
    proc = _try_repo(repo, home, "--all-files")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "RL402" in out and "redis.conf:1:" in out


@pytest.mark.slow
def test_changed_compose_file_pulls_in_its_conf(tmp_path: Path, home: Path) -> None:
    repo = _repo(tmp_path)
    proc = _try_repo(repo, home, "--files", "compose.yaml")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "RL402" in out


@pytest.mark.slow
def test_clean_repo_passes(tmp_path: Path, home: Path) -> None:
    repo = tmp_path / "clean"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "compose.yaml").write_text("services:\n  redis:\n    image: redis:7.4.11\n", encoding="utf-8")
    # The project's configuration applies to hook runs too.
    (repo / ".redislint.toml").write_text('select = ["RL806", "RL001"]\n', encoding="utf-8")
    _git(repo, "add", ".")
    proc = _try_repo(repo, home, "--all-files", "--hook-stage", "pre-commit")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
