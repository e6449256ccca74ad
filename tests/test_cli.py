"""The command line: exit codes, formats, selection, configuration, explain, rules, --version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import redislint
from redislint.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = "services:\n  redis:\n    image: redis:7.4.2\n    command: redis-server --maxmemory 1gb\n    ports:\n      - \"6379:6379\"\n"


def project(tmp_path: Path, text: str = BAD) -> Path:
    (tmp_path / "compose.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def invoke(*args: str, cwd: Path) -> tuple[int, str]:
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.output


def test_version() -> None:
    code, out = invoke("--version", cwd=ROOT)
    assert code == 0 and out.startswith("redislint ")


def test_version_imports_nothing_heavy() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "redislint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    modules = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    heavy = {m for m in modules if m.startswith(("click", "redislint.cli", "redislint.checks", "rich", "pydantic", "yaml", "redislint.model", "redislint.engine"))}
    assert not heavy, sorted(heavy)
    assert proc.stdout == f"redislint {redislint.__version__}\n"


def test_version_fast_path_answers_like_click() -> None:
    """-V and --version, through the console script's fast path and through click, print the same."""
    for flag in ("--version", "-V"):
        fast = subprocess.run([sys.executable, "-m", "redislint", flag], capture_output=True, text=True)
        code, out = invoke(flag, cwd=ROOT)
        assert (fast.returncode, fast.stdout) == (code, out) == (0, f"redislint {redislint.__version__}\n")


def test_exit_codes_and_fail_on(tmp_path: Path) -> None:
    p = project(tmp_path)
    code, out = invoke("check", ".", cwd=p)
    assert code == 1
    assert "RL101" in out
    code, _ = invoke("check", ".", "--select", "RL806", cwd=p)
    assert code == 0
    code, _ = invoke("check", ".", "--select", "RL701", "--fail-on", "critical", cwd=p)
    assert code == 0
    code, out = invoke("check", ".", "--select", "RL999", cwd=p)
    assert code == 2 and "unknown rule" in out


def test_select_by_name_and_tag(tmp_path: Path) -> None:
    p = project(tmp_path)
    _, out = invoke("check", ".", "--select", "no-authentication", cwd=p)
    assert "RL101" in out and "RL701" not in out
    _, out = invoke("check", ".", "--select", "security", "--ignore", "RL101", cwd=p)
    assert "RL101" not in out and "RL701" in out


def test_formats(tmp_path: Path) -> None:
    p = project(tmp_path)
    _, out = invoke("check", ".", "--format", "json", "--select", "RL101", cwd=p)
    data = json.loads(out)
    assert [(f["rule"], f["file"], f["line"]) for f in data["findings"]] == [("RL101", "compose.yaml", 4)]
    _, out = invoke("check", ".", "--format", "github", "--select", "RL101", cwd=p)
    assert out.startswith("::error file=compose.yaml,line=4,")
    _, out = invoke("check", ".", "--format", "sarif", "--select", "RL101", cwd=p)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_output_file(tmp_path: Path) -> None:
    p = project(tmp_path)
    code, _ = invoke("check", ".", "--format", "sarif", "-o", "out.sarif", cwd=p)
    assert code == 1
    assert json.loads((p / "out.sarif").read_text())["runs"][0]["tool"]["driver"]["name"] == "redislint"


def test_config_file(tmp_path: Path) -> None:
    p = project(tmp_path)
    (p / ".redislint.toml").write_text('ignore = ["RL101"]\nfail-on = "critical"\n[severity]\nRL701 = "low"\n', encoding="utf-8")
    _, out = invoke("check", ".", "--format", "json", cwd=p)
    data = json.loads(out)
    rules = {f["rule"] for f in data["findings"]}
    assert "RL101" not in rules
    assert all(f["severity"] == "low" for f in data["findings"] if f["rule"] == "RL701")
    (p / ".redislint.toml").write_text('nonsense = 1\n', encoding="utf-8")
    code, out = invoke("check", ".", cwd=p)
    assert code == 2


def test_pyproject_config(tmp_path: Path) -> None:
    p = project(tmp_path)
    (p / "pyproject.toml").write_text('[tool.redislint]\nselect = ["RL806"]\n', encoding="utf-8")
    code, _ = invoke("check", ".", cwd=p)
    assert code == 0


def test_single_conf_file_expands_to_its_stack(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.4.2\n    command: [\"redis-server\", \"/etc/redis/redis.conf\"]\n"
        "    volumes:\n      - ./redis.conf:/etc/redis/redis.conf:ro\n    mem_limit: 1g\n",
        encoding="utf-8",
    )
    (tmp_path / "redis.conf").write_text("maxmemory 2gb\n", encoding="utf-8")
    _, out = invoke("check", "redis.conf", "--select", "RL402", "--format", "json", cwd=tmp_path)
    data = json.loads(out)
    assert [(f["rule"], f["file"], f["line"]) for f in data["findings"]] == [("RL402", "redis.conf", 1)]


def test_rules_and_explain() -> None:
    code, out = invoke("rules", "--format", "json", cwd=ROOT)
    assert code == 0
    rules = json.loads(out)
    assert any(r["id"] == "RL402" and r["name"] == "maxmemory-exceeds-container-limit" for r in rules)
    code, out = invoke("explain", "RL402", cwd=ROOT)
    assert code == 0 and "# RL402 maxmemory-exceeds-container-limit" in out and "severity: critical" in out
    code, out = invoke("explain", "maxmemory-exceeds-container-limit", cwd=ROOT)
    assert code == 0
    code, out = invoke("explain", "RL999", cwd=ROOT)
    assert code == 2


def test_inline_suppression_marks_not_drops(tmp_path: Path) -> None:
    p = project(
        tmp_path,
        "services:\n  redis:\n    image: redis:7.4.2\n    # redislint: disable=RL101 -- lab machine, not exposed\n"
        "    command: redis-server --maxmemory 1gb\n",
    )
    _, out = invoke("check", ".", "--format", "json", "--select", "RL101,RL901,RL902", cwd=p)
    data = json.loads(out)
    sup = [f for f in data["findings"] if f["rule"] == "RL101"]
    assert sup and sup[0]["suppressed"] and sup[0]["suppression"]["reason"] == "lab machine, not exposed"
    assert not [f for f in data["findings"] if f["rule"] in ("RL901", "RL902")]


def test_config_exclude(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "compose.yaml").write_text("version: '3'\nservices:\n  redis:\n    image: redis:7.4.11\n", encoding="utf-8")
    (tmp_path / ".redislint.toml").write_text('select = ["RL806"]\nexclude = ["dev"]\n', encoding="utf-8")
    code, out = invoke("check", ".", cwd=tmp_path)
    # everything is excluded: nothing was linted, which is not a green run (issue 12, item 5)
    assert code == 2 and "no compose, redis.conf or sentinel.conf found under .\n" in out, out
    code, out = invoke("check", ".", "--allow-empty", cwd=tmp_path)
    assert code == 0 and "RL806" not in out, out
    (tmp_path / ".redislint.toml").write_text('select = ["RL806"]\n', encoding="utf-8")
    code, out = invoke("check", ".", cwd=tmp_path)
    assert code == 1 and "RL806" in out


def test_readme_config_example_is_valid() -> None:
    """The configuration example in the README parses and validates (docs must not rot)."""
    import re
    import tomllib

    from redislint.config_schema import FileConfig

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(# \.redislint\.toml.*?)```", readme, re.DOTALL)
    assert block is not None
    FileConfig.model_validate(tomllib.loads(block.group(1)))


def test_sarif_written_alongside_another_format(tmp_path: Path) -> None:
    p = project(tmp_path)
    code, out = invoke("check", ".", "--format", "github", "--sarif", "scan.sarif", "--select", "RL101", cwd=p)
    assert code == 1
    assert out.startswith("::error file=compose.yaml,line=4,")
    sarif = json.loads((p / "scan.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["RL101"]


def test_rules_and_explain_show_the_platform() -> None:
    code, out = invoke("rules", "--format", "json", cwd=ROOT)
    assert code == 0
    platforms = {r["id"]: r["platforms"] for r in json.loads(out)}
    assert platforms["RL806"] == ["compose"] and platforms["RL402"] == ["all"]
    code, out = invoke("rules", cwd=ROOT)
    lines = {line.split()[0]: line.split() for line in out.splitlines()}
    assert lines["RL806"][:5] == ["RL806", "obsolete-version-key", "low", "stack", "compose"]
    assert lines["RL402"][:5] == ["RL402", "maxmemory-exceeds-container-limit", "critical", "service", "all"]
    code, out = invoke("explain", "RL806", cwd=ROOT)
    assert code == 0 and "platform: compose" in out.splitlines()[1]


def test_cli_modules_stay_small() -> None:
    """The command is a package split by subject (check, fix, baseline, audit, catalog, destinations):
    no module of it over 500 lines."""
    for path in sorted((ROOT / "redislint" / "cli").glob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 500, f"redislint/cli/{path.name} has {lines} lines"
