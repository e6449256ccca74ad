"""Issue 15: worker processes and the run cache never change a report.

The same report, byte for byte, with ``--jobs 1``, ``--jobs 2`` (and 3), with the cache off, filled
and read back, on fixtures/ and stacks/. No timing here: speed is measured by benchmarks/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from redislint import jobs
from redislint.api import lint
from redislint.engine.context import Settings
from redislint.output import render

ROOT = Path(__file__).resolve().parent.parent
TREES = ["fixtures", "stacks"]


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Workers even for small trees; records whether each parallel attempt kept its parts."""
    monkeypatch.setattr(jobs, "MIN_FILES", 2)
    seen: list[bool] = []
    real = jobs.lint_parts

    def spy(*args: object, **kwargs: object) -> object:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(out is not None)
        return out

    monkeypatch.setattr(jobs, "lint_parts", spy)
    return seen


@pytest.mark.parametrize("tree", TREES)
def test_jobs_give_the_single_process_report(tree: str, forking: list[bool]) -> None:
    folder = str(ROOT / tree)
    one = render(lint([folder], Settings(jobs=1), root=folder), "json")
    for n in (2, 3):
        assert render(lint([folder], Settings(jobs=n), root=folder), "json") == one
    assert forking == [True, True], "the trees split into parts that do not meet: the workers ran"


def test_parts_that_meet_are_linted_in_one_process(tmp_path: Path, forking: list[bool]) -> None:
    """A stack that mounts a sibling folder's config: the parts meet, one process lints it all."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "redis.conf").write_text("port 6379\nrequirepass short\n", encoding="utf-8")
    (tmp_path / "a" / "compose.yaml").write_text(
        "services:\n  cache:\n    image: redis:7.2.4\n    command: redis-server /etc/redis/redis.conf\n"
        "    volumes:\n      - ../b/redis.conf:/etc/redis/redis.conf:ro\n",
        encoding="utf-8",
    )
    root = str(tmp_path)
    one = render(lint([root], Settings(jobs=1), root=root), "json")
    assert render(lint([root], Settings(jobs=2), root=root), "json") == one
    assert forking == [False]
    assert [f["file"] for f in json.loads(one)["findings"] if "requirepass" in f["message"]]


def _check(folder: Path, *args: str) -> tuple[int, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "HOME": os.environ.get("HOME", "/")}
    p = subprocess.run([sys.executable, "-m", "redislint", "check", ".", "--format", "json", *args], cwd=folder, capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout


@pytest.mark.parametrize("tree", TREES)
def test_cache_gives_the_same_report(tree: str, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / tree, repo, symlinks=True)
    (repo / ".git").mkdir()  # the repository root: the cache goes here
    plain = _check(repo, "--no-cache", "--jobs", "1")
    assert not (repo / ".redislint_cache").exists()
    assert _check(repo, "--jobs", "2") == plain  # fills the cache
    files = sorted(p.name for p in (repo / ".redislint_cache").iterdir())
    assert ".gitignore" in files and "CACHEDIR.TAG" in files and len(files) == 3
    (saved,) = [p for p in (repo / ".redislint_cache").iterdir() if p.suffix == ".json"]
    stamp = saved.stat().st_mtime_ns
    assert _check(repo, "--jobs", "1") == plain  # read back
    assert _check(repo) == plain
    assert saved.stat().st_mtime_ns == stamp, "the second and third runs were answered from the cache"


def test_cache_sees_a_change_and_survives_garbage(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "tutorial", repo, symlinks=True)
    (repo / ".git").mkdir()
    first = _check(repo)
    assert _check(repo) == first
    conf = next(p for p in sorted(repo.rglob("*.conf")) if "redis" in p.name)
    conf.write_text(conf.read_text(encoding="utf-8") + "\nmaxmemory-policy nosuchpolicy\n", encoding="utf-8")
    changed = _check(repo)
    assert changed != first
    assert changed == _check(repo, "--no-cache")
    new = repo / "standalone" / "extra-redis.conf"
    new.write_text("appendonly no\n", encoding="utf-8")  # a new file discovery finds
    added = _check(repo)
    assert added == _check(repo, "--no-cache") != changed
    cache_file = next(p for p in (repo / ".redislint_cache").iterdir() if p.suffix == ".json")
    for garbage in ("", "{", "[]", '{"format": 1}', "\x00\xff" * 10):
        cache_file.write_text(garbage, encoding="utf-8", errors="surrogateescape")
        assert _check(repo) == added


def test_cache_holds_no_secret(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "tutorial", repo, symlinks=True)
    (repo / ".git").mkdir()
    _check(repo)
    report = lint([str(repo)], Settings(), root=str(repo))
    secrets = [s for s in report.secrets if len(s) >= 6]
    assert secrets, "the tutorial writes passwords: the check must look for them"
    for p in (repo / ".redislint_cache").iterdir():
        text = p.read_text(encoding="utf-8")
        assert not [s for s in secrets if s in text]


def test_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "tutorial" / "standalone", repo, symlinks=True)
    (repo / ".git").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".redislint_cache").symlink_to(elsewhere, target_is_directory=True)
    assert _check(repo) == _check(repo, "--no-cache")
    assert list(elsewhere.iterdir()) == []


def test_no_cache_in_ci(tmp_path: Path) -> None:
    """A cache file a pull request adds must not decide the check that gates it: none in CI."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "tutorial" / "standalone", repo, symlinks=True)
    (repo / ".git").mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "HOME": os.environ.get("HOME", "/"), "CI": "true"}
    p = subprocess.run([sys.executable, "-m", "redislint", "check", "."], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 1
    assert not (repo / ".redislint_cache").exists()


def test_changed_code_never_gets_a_stale_report(tmp_path: Path) -> None:
    """The run key holds a digest of redislint's own files: the same version number with another
    code (an edit, a checkout; here one that keeps the file's size and even its modification time) lints again
    instead of printing the older code's report."""
    from redislint.datafiles import code_digest

    package = tmp_path / "site" / "redislint"
    shutil.copytree(ROOT / "redislint", package, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_digest(str(package)) == code_digest(str(package)) != code_digest(str(ROOT / "redislint"))
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "fixtures" / "tutorial" / "standalone", repo, symlinks=True)
    (repo / ".git").mkdir()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "HOME": os.environ.get("HOME", "/"), "PYTHONPATH": str(package.parent)}

    def check() -> str:
        p = subprocess.run([sys.executable, "-m", "redislint", "check", "."], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
        assert p.returncode == 1, p.stderr
        return p.stdout

    before = check()
    assert "memory grows until the OOM killer stops the server" in before
    saved = [p.name for p in (repo / ".redislint_cache").iterdir() if p.suffix == ".json"]
    assert len(saved) == 1
    assert check() == before  # read back from the cache
    digest = code_digest(str(package))
    rule = package / "checks" / "rl401_maxmemory_unset.py"
    stat = rule.stat()
    rule.write_text(rule.read_text(encoding="utf-8").replace("until the OOM killer", "until the oom killer"), encoding="utf-8")
    os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size, even the old modification time
    assert rule.stat().st_size == stat.st_size
    assert code_digest(str(package)) != digest
    shutil.rmtree(package / "checks" / "__pycache__")  # else Python itself runs the old bytecode (it checks size and mtime)
    after = check()
    assert "memory grows until the oom killer stops the server" in after
    assert after == before.replace("until the OOM killer", "until the oom killer")
    assert len([p for p in (repo / ".redislint_cache").iterdir() if p.suffix == ".json"]) == 2


@pytest.mark.slow
def test_no_cap_on_the_number_of_files(tmp_path: Path) -> None:
    """Discovery used to stop silently at 20,000 files: 22,000 config files in 220 folders are all
    found, in walk order, without a notice (the 5,000-stack benchmark lints every one of its files)."""
    from redislint.discovery import discover

    for i in range(220):
        folder = tmp_path / f"s{i:03d}"
        folder.mkdir()
        for j in range(100):
            (folder / f"redis-{j:02d}.conf").write_text("", encoding="utf-8")
    found = discover([str(tmp_path)], str(tmp_path))
    assert len(found.confs) == 22_000
    assert found.confs == sorted(found.confs)
    assert not found.notices and not found.missing


def test_text_rendered_in_two_processes_is_the_one_process_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large plain text report is rendered by this process and a forked one
    (:mod:`redislint.output.text_parallel`): the same text, whatever the order and options."""
    from redislint.output import text_parallel

    monkeypatch.setattr(text_parallel, "MIN_FINDINGS", 2)
    folder = str(ROOT / "fixtures")  # thousands of findings of every kind, suppressed ones too
    report = lint([folder], Settings(jobs=1), root=folder)
    assert len(report.findings) > 1000
    for options in ({}, {"sort": "file"}, {"concise": True}, {"statistics": True}, {"quiet": True}, {"show_suppressed": True}):
        report._jobs = 1
        one = render(report, "text", color=False, **options)
        report._jobs = 2
        assert text_parallel.render_plain_in_two(report, **{"show_suppressed": False, "sort": "severity", "statistics": False, "quiet": False, "concise": False, **options}) == one  # type: ignore[arg-type]
        assert render(report, "text", color=False, **options) == one
