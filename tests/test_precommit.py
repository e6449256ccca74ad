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


def _stack_with_other_names(tmp_path: Path) -> Path:
    """A stack whose Redis config is a mounted 'cache.conf' and whose password comes from 'cache.env'
    (names the hook's old pattern did not take), beside an nginx.conf that is not Redis's."""
    repo = tmp_path / "named"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "compose.yaml").write_text(
        "services:\n  cache:\n    image: redis:7.4.2\n"
        "    command: [\"sh\", \"-c\", \"exec redis-server /etc/redis/redis.conf --requirepass \\\"$$REDIS_PASSWORD\\\"\"]\n"
        "    env_file: [cache.env]\n"
        "    volumes:\n      - ./cache.conf:/etc/redis/redis.conf:ro\n    mem_limit: 1g\n"
        "  web:\n    image: nginx:1.27.3\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n",
        encoding="utf-8",
    )
    (repo / "cache.conf").write_text("maxmemory 2gb\n", encoding="utf-8")
    (repo / "cache.env").write_text("REDIS_PASSWORD=changeme\n", encoding="utf-8")
    (repo / "nginx.conf").write_text("events {}\nhttp { server { listen 80; } }\n", encoding="utf-8")
    _git(repo, "add", ".")
    return repo


@pytest.mark.slow
def test_changed_mounted_conf_under_another_name_lints_its_stack(tmp_path: Path, home: Path) -> None:
    """Issue 12, item 7: only the mounted cache.conf changed; the hook lints its stack and sees its
    finding (RL402 at cache.conf:1)."""
    repo = _stack_with_other_names(tmp_path)
    proc = _try_repo(repo, home, "--files", "cache.conf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "no files to check" not in out
    assert "cache.conf:1:11: RL402 [critical]" in out, out


@pytest.mark.slow
def test_changed_env_file_lints_its_stack_and_an_unrelated_conf_is_not_linted(tmp_path: Path, home: Path) -> None:
    repo = _stack_with_other_names(tmp_path)
    proc = _try_repo(repo, home, "--files", "cache.env")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "compose.yaml:4:84: RL102 [medium]" in out, out  # the well-known password cache.env gives the command
    assert "RL002" not in out  # the env file is not read as a redis.conf
    proc = _try_repo(repo, home, "--files", "nginx.conf")
    out = proc.stdout + proc.stderr
    assert "RL002" not in out and "nginx.conf:" not in out.replace("nginx.conf:/etc", ""), out


@pytest.mark.slow
def test_a_commit_of_only_a_file_no_stack_uses_passes(tmp_path: Path, home: Path) -> None:
    """Issue 12, item 5: by hand, a run that lints nothing is exit 2; the hook passes --allow-empty,
    so a commit that changes only an unrelated .conf passes, with the notice."""
    repo = _stack_with_other_names(tmp_path)
    (repo / "app.conf").write_text("listen 8080\n", encoding="utf-8")
    _git(repo, "add", "app.conf")
    proc = _try_repo(repo, home, "--files", "app.conf")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "app.conf: not a compose file, redis.conf or sentinel.conf, nor used by one: not checked" in out
