"""Walking and configuration (issue 12, item 6): .gitignore honoured when walking, configuration paths
relative to the configuration file, errors in redislint's own words with a did-you-mean, printed once,
versions outside what redislint knows refused, and `rules` showing tags and fixes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CONF = "requirepass N7qL2xV9pK4mZ8rT6wB3yH5\n"  # RL201 (medium) at line 1, RL401 and RL702 too


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "redislint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def files(proc: subprocess.CompletedProcess[str]) -> dict[str, list[str]]:
    """File -> rule ids of the unsuppressed findings of a JSON report."""
    out: dict[str, list[str]] = {}
    for f in json.loads(proc.stdout)["findings"]:
        if not f.get("suppressed"):
            out.setdefault(f["file"], []).append(f["rule"])
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the repository's top level
    (tmp_path / ".gitignore").write_text("build/\n*.generated.conf\n")
    for rel in ("build/lib/redis.conf", "deploy/redis.conf", "deploy/cache.generated.conf", "vendor/redis.conf"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(CONF)
    (tmp_path / "vendor" / ".gitignore").write_text("redis.conf\n")  # a nested .gitignore counts too
    return tmp_path


def test_walking_skips_what_gitignore_covers(repo: Path) -> None:
    proc = run(repo, "check", "--format", "json", "--select", "RL201", ".")
    assert proc.returncode == 1, proc.stderr
    assert files(proc) == {"deploy/redis.conf": ["RL201"]}


def test_an_ignored_file_named_explicitly_is_linted(repo: Path) -> None:
    proc = run(repo, "check", "--format", "json", "--select", "RL201", "build/lib/redis.conf")
    assert files(proc) == {"build/lib/redis.conf": ["RL201"]}


def test_no_respect_gitignore_walks_everything(repo: Path) -> None:
    proc = run(repo, "check", "--format", "json", "--select", "RL201", "--no-respect-gitignore", ".")
    assert files(proc) == {"build/lib/redis.conf": ["RL201"], "deploy/redis.conf": ["RL201"], "vendor/redis.conf": ["RL201"]}
    (repo / ".redislint.toml").write_text("respect-gitignore = false\n")
    proc = run(repo, "check", "--format", "json", "--select", "RL201", ".")
    assert sorted(files(proc)) == ["build/lib/redis.conf", "deploy/redis.conf", "vendor/redis.conf"]


def test_config_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for rel in ("cfg/redis.conf", "cfg/old/redis.conf", "app/redis.conf", "app/old/redis.conf"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(CONF)
    (tmp_path / "cfg" / ".redislint.toml").write_text('exclude = ["old"]\n[per-file-ignores]\n"redis.conf" = ["RL201"]\n')
    # run from app/: the globs still mean cfg/old and cfg/redis.conf, not app/old and app/redis.conf
    proc = run(tmp_path / "app", "check", "--format", "json", "--select", "RL201", "--config", "../cfg/.redislint.toml", "..")
    assert files(proc) == {"old/redis.conf": ["RL201"], "redis.conf": ["RL201"]}  # shown relative to app/
    assert json.loads(proc.stdout)["summary"]["suppressed"] == 1  # cfg/redis.conf, by per-file-ignores


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('selct = ["RL201"]\n', "unknown key 'selct' (did you mean 'select'?); the keys are: select, ignore, severity, fail-on, profile, redis-version, per-file-ignores, exclude, respect-gitignore, baseline, sort, statistics, quiet, output-format, show-suppressed, unsafe-fixes"),
        ('statistic = true\n', "unknown key 'statistic' (did you mean 'statistics'?); the keys are: select, ignore, severity, fail-on, profile, redis-version, per-file-ignores, exclude, respect-gitignore, baseline, sort, statistics, quiet, output-format, show-suppressed, unsafe-fixes"),
        ('sort = "line"\n', "'sort' must be \"severity\" or \"file\" (the order of text and concise reports)"),
        ('quiet = "yes"\n', "'quiet' must be true or false (only the findings: no summary line)"),
        ('output-format = "consice"\n', "'output-format': unknown format: 'consice' (did you mean 'concise'?) (use text, concise, json, sarif, github, github-summary, gitlab, junit, checkstyle)"),
        ('select = "RL201"\n', "'select' must be a list of rule ids, names or tags"),
        ("select = [1]\n", "'select[0]' is not valid: 'select' takes a list of rule ids, names or tags"),
        ('respect-gitignore = "no"\n', "'respect-gitignore' must be true or false"),
        ("[severity]\nRL201 = 5\n", "'severity.RL201' is not valid: 'severity' takes a table of RULE = \"low\" | \"medium\" | \"high\" | \"critical\""),
    ],
)
def test_config_errors_in_redislints_words_once(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "redis.conf").write_text(CONF)
    cfg = tmp_path / ".redislint.toml"
    cfg.write_text(toml)
    proc = run(tmp_path, "check", ".")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"redislint: {cfg}: {message}"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("check", "--select", "RL2O1", "."), "Error: unknown rule, name or tag: RL2O1 (did you mean 'RL201'?)"),
        (("check", "--ignore", "dangerous-comands", "."), "Error: unknown rule, name or tag: dangerous-comands (did you mean 'dangerous-commands-enabled'?)"),
        (("check", "--select", "secuirty", "."), "Error: unknown rule, name or tag: secuirty (did you mean 'security'?)"),
        (("check", "--severity", "RL2O1=low", "."), "Error: unknown rule in severity override: RL2O1 (did you mean 'RL201'?)"),
        (("explain", "maxmemory-unsett"), "Error: unknown rule: maxmemory-unsett (did you mean 'maxmemory-unset'?)"),
        (("explain", "zzzzqqq"), "Error: unknown rule: zzzzqqq (see redislint rules)"),
        (("check", "--redis-version", "99", "."), "Error: unknown Redis version '99': redislint knows Redis 6.0 to 8.x"),
        (("check", "--redis-version", "5.0", "."), "Error: unknown Redis version '5.0': redislint knows Redis 6.0 to 8.x"),
        (("check", "--redis-version", "valkey-10", "."), "Error: unknown Valkey version 'valkey-10': redislint knows Valkey 7.2 to 9.x"),
    ],
)
def test_usage_errors_suggest(tmp_path: Path, args: tuple[str, ...], error: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "redis.conf").write_text(CONF)
    proc = run(tmp_path, *args)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == error


@pytest.mark.parametrize("version", ["6", "6.0", "7.4.1", "8.2", "valkey-7.2", "valkey-8", "valkey-9"])
def test_known_versions_accepted(tmp_path: Path, version: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "redis.conf").write_text(CONF)
    assert run(tmp_path, "check", "--redis-version", version, ".").returncode == 1


def test_rules_shows_tags_and_fixes(tmp_path: Path) -> None:
    proc = run(tmp_path, "rules")
    lines = {line.split()[0]: line.split() for line in proc.stdout.splitlines()}
    assert lines["RL402"][:7] == ["RL402", "maxmemory-exceeds-container-limit", "critical", "service", "all", "fix:unsafe", "availability"]
    assert lines["RL201"][:6] == ["RL201", "dangerous-commands-enabled", "medium", "node", "all", "security"]


def _config_repo(tmp_path: Path, toml: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "redis.conf").write_text(CONF)
    (tmp_path / "sub").mkdir()
    (tmp_path / ".redislint.toml").write_text(toml)
    return tmp_path


def test_config_says_the_report_options(tmp_path: Path) -> None:
    """sort, statistics, quiet and output-format in the configuration do what the flags do."""
    repo = _config_repo(tmp_path, 'output-format = "concise"\nsort = "file"\nstatistics = true\nquiet = true\n')
    by_flags = run(repo, "check", "--no-cache", "--format", "concise", "--sort", "file", "--statistics", "-q", ".")
    by_config = run(repo, "check", "--no-cache", ".")
    assert by_config.returncode == by_flags.returncode == 1
    assert by_config.stdout == by_flags.stdout
    lines = by_config.stdout.splitlines()
    assert lines[0].startswith("redis.conf:1:1: RL")  # concise, file order
    assert not any(line.startswith("Found ") for line in lines)  # quiet: no summary line
    assert any("RL201" in line and "redis.conf" not in line for line in lines)  # the statistics by rule
    # a flag given wins over the configuration
    assert run(repo, "check", "--no-cache", "--format", "json", ".").stdout.startswith("{")


def test_config_output_format_files_are_relative_to_the_config_file(tmp_path: Path) -> None:
    repo = _config_repo(tmp_path, 'output-format = ["concise", "json:reports/redislint.json"]\n')
    (repo / "reports").mkdir()
    proc = run(repo / "sub", "check", "--no-cache", "..")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0].endswith("redis.conf:1:1: RL201 [medium] the default user can run FLUSHALL, FLUSHDB, CONFIG, SHUTDOWN, KEYS, REPLICAOF (dangerous-commands-enabled)")
    assert json.loads((repo / "reports" / "redislint.json").read_text())["findings"]
    assert not (repo / "sub" / "reports").exists()


def test_config_unsafe_fixes(tmp_path: Path) -> None:
    """unsafe-fixes = true in the configuration: fix --diff shows the unsafe fixes too."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "compose.yaml").write_text('services:\n  redis:\n    image: redis:7.4.2\n    ports:\n      - "6379:6379"\n')
    safe = run(tmp_path, "fix", "--select", "RL701", ".")
    assert safe.returncode == 0 and safe.stdout == "", safe.stderr
    (tmp_path / ".redislint.toml").write_text("unsafe-fixes = true\n")
    unsafe = run(tmp_path, "fix", "--select", "RL701", ".")
    assert unsafe.returncode == 1, unsafe.stderr
    assert '+      - "127.0.0.1:6379:6379"' in unsafe.stdout
