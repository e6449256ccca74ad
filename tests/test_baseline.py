"""``redislint baseline`` and ``check`` against it (issue 12, item 2): today's findings accepted, only
new ones reported, the baselined ones counted, stale entries reported, keyed without the line."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from redislint.cli import main

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "fixtures" / "tutorial"


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def tutorial(tmp_path: Path) -> Path:
    dest = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, dest)
    return dest


def findings(out: str) -> list[tuple[str, str, int, str]]:
    return [(f["rule"], f["file"], f["line"], f["severity"]) for f in json.loads(out)["findings"]]


def test_baseline_then_check_is_green_and_one_new_mistake_is_reported(tutorial: Path) -> None:
    code, _out, err = run("baseline", cwd=tutorial)
    assert code == 0
    assert err.startswith("redislint: wrote ") and err.endswith(f" to .redislint-baseline.json ({err.split()[2]} new, 0 dropped)\n")
    data = json.loads((tutorial / ".redislint-baseline.json").read_text(encoding="utf-8"))
    assert data["redislint-baseline"] == 1
    assert all("line" not in e for e in data["findings"])  # never keyed by line
    n = sum(e.get("count", 1) for e in data["findings"])
    assert n > 200

    code, out, _err = run("check", cwd=tutorial)
    assert code == 0
    assert out == f"No problems found in {_files_and_stacks(tutorial)}. {n} baselined.\n"

    conf = tutorial / "standalone" / "redis.conf"
    lines = conf.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(0, "maxmemroy 1gb\n")  # a new mistake, and every other line of the file moves down one
    conf.write_text("".join(lines), encoding="utf-8")
    code, out, _err = run("check", "--format", "json", cwd=tutorial)
    assert code == 1
    assert findings(out) == [("RL002", "standalone/redis.conf", 1, "critical")]
    assert json.loads(out)["summary"]["baselined"] == n


def _files_and_stacks(tutorial: Path) -> str:
    _code, out, _ = run("check", "--no-baseline", "--format", "json", cwd=tutorial)
    summary = json.loads(out)["summary"]
    return f"{summary['files']} files ({summary['stacks']} stacks)"


def _project(tmp_path: Path, conf: str) -> Path:
    (tmp_path / "redis.conf").write_text(conf, encoding="utf-8")
    return tmp_path


def test_a_fixed_finding_is_a_stale_entry_and_baseline_again_drops_it_keeping_reasons(tmp_path: Path) -> None:
    p = _project(tmp_path, "port 6379\nmaxmemroy 1gb\nmaxmemry 2gb\n")
    assert run("baseline", "redis.conf", cwd=p)[0] == 0
    path = p / ".redislint-baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["findings"]:
        if e["rule"] == "RL002" and "maxmemroy" in e["message"]:
            e["reason"] = "replaced in the next release"
    path.write_text(json.dumps(data), encoding="utf-8")
    (p / "redis.conf").write_text("port 6379\nmaxmemroy 1gb\n", encoding="utf-8")  # maxmemry fixed

    code, out, _ = run("check", "redis.conf", "--select", "RL002", cwd=p)
    assert code == 0
    assert out == (
        "notice: 1 baseline entry of .redislint-baseline.json no longer matches a finding "
        "(fixed since: RL002 in redis.conf): run 'redislint baseline' to drop them\n"
        "\n"
        "No problems found in 1 file (0 stacks). 1 baselined.\n"
    )
    # a run of one rule leaves the other rules' entries alone: they are not stale, nor dropped
    code, _out, err = run("baseline", "redis.conf", "--select", "RL002", cwd=p)
    n = len(data["findings"]) - 1
    assert (code, err) == (0, f"redislint: wrote {n} findings to .redislint-baseline.json (0 new, 1 dropped)\n")
    entries = json.loads(path.read_text(encoding="utf-8"))["findings"]
    assert [(e["rule"], e["reason"]) for e in entries if e["rule"] == "RL002"] == [("RL002", "replaced in the next release")]
    assert {e["rule"] for e in entries} == {e["rule"] for e in data["findings"]}
    assert run("check", "redis.conf", cwd=p)[:2] == (0, f"No problems found in 1 file (0 stacks). {n} baselined.\n")


def test_the_same_mistake_twice_is_counted(tmp_path: Path) -> None:
    p = _project(tmp_path, "maxmemroy 1gb\n")
    assert run("baseline", "redis.conf", "--select", "RL002", cwd=p)[0] == 0
    (p / "redis.conf").write_text("maxmemroy 1gb\nport 6379\nmaxmemroy 1gb\n", encoding="utf-8")
    code, out, _ = run("check", "redis.conf", "--select", "RL002", "--format", "json", cwd=p)
    assert code == 1
    assert len(findings(out)) == 1 and findings(out)[0][:2] == ("RL002", "redis.conf")


def test_baseline_option_config_key_and_no_baseline(tmp_path: Path) -> None:
    p = _project(tmp_path, "maxmemroy 1gb\n")
    (p / "ci").mkdir()
    (p / ".redislint.toml").write_text('baseline = "ci/accepted.json"\nselect = ["RL002"]\n', encoding="utf-8")
    code, _out, err = run("baseline", "redis.conf", cwd=p)
    assert (code, err) == (0, "redislint: wrote 1 finding to ci/accepted.json (1 new, 0 dropped)\n")
    assert run("check", "redis.conf", cwd=p)[0] == 0
    assert run("check", "redis.conf", "--no-baseline", cwd=p)[0] == 1
    # run from another folder: the file paths are relative to the baseline's folder
    assert run("check", "../redis.conf", "--config", "../.redislint.toml", cwd=p / "ci")[0] == 0
    assert run("baseline", "redis.conf", "--baseline", "other.json", cwd=p)[0] == 0
    (p / "ci" / "accepted.json").unlink()
    code, _out, err = run("check", "redis.conf", cwd=p)
    assert (code, err) == (2, "redislint: cannot read the baseline ci/accepted.json: No such file or directory\n")
    assert run("check", "redis.conf", "--baseline", "other.json", cwd=p)[0] == 0


NOT_A_BASELINE = "not a redislint baseline (write one with 'redislint baseline')"
BAD_ENTRY = "entry 1 is not valid: it needs 'rule', 'file' and 'fingerprint' strings, an optional 'reason' string and 'count' >= 1"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{", NOT_A_BASELINE),
        ("[]", NOT_A_BASELINE),
        ('{"findings": []}', NOT_A_BASELINE),
        ('{"redislint-baseline": 1, "findings": [{"rule": 1}]}', BAD_ENTRY),
        ('{"redislint-baseline": 1, "findings": [{"rule": "RL002", "file": "a", "fingerprint": "b", "count": 0}]}', BAD_ENTRY),
    ],
)
def test_an_invalid_baseline_is_one_error_line(tmp_path: Path, text: str, why: str) -> None:
    p = _project(tmp_path, "port 6379\n")
    (p / ".redislint-baseline.json").write_text(text, encoding="utf-8")
    assert run("check", "redis.conf", cwd=p) == (2, "", f"redislint: .redislint-baseline.json: {why}\n")


def test_an_entry_of_a_deleted_file_is_stale_and_dropped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "redis.conf").write_text("maxmemroy 1gb\n", encoding="utf-8")
    (tmp_path / "b" / "redis.conf").write_text("maxmemroy 1gb\n", encoding="utf-8")
    assert run("baseline", "--select", "RL002", cwd=tmp_path)[0] == 0
    (tmp_path / "a" / "redis.conf").unlink()
    # a run of b/ alone: a/'s entry is outside it, neither stale nor dropped
    assert run("check", "b", "--select", "RL002", cwd=tmp_path)[1] == "No problems found in 1 file (0 stacks). 1 baselined.\n"
    code, out, _ = run("check", "--select", "RL002", cwd=tmp_path)
    assert code == 0 and out.startswith("notice: 1 baseline entry of .redislint-baseline.json no longer matches a finding (fixed since: RL002 in a/redis.conf)")
    code, _out, err = run("baseline", "--select", "RL002", cwd=tmp_path)
    assert (code, err) == (0, "redislint: wrote 1 finding to .redislint-baseline.json (0 new, 1 dropped)\n")


def test_an_incomplete_run_writes_no_baseline(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run("baseline", "empty", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "redislint: no compose, redis.conf or sentinel.conf found under empty\n"
        "redislint: the check is incomplete: the baseline was not written\n"
    )
    assert not (tmp_path / ".redislint-baseline.json").exists()


def test_baselined_findings_in_sarif(tmp_path: Path) -> None:
    """SARIF for GitHub code scanning: baselined findings are left out by default (code scanning reads
    neither ``suppressions`` nor ``baselineState``: a result there is an open alert), counted in the
    run's properties; with --show-suppressed they are results suppressed externally, the baseline
    entry's reason as justification. Both logs validate."""
    import subprocess

    from tests.sarif_check import problems

    p = _project(tmp_path, "port 6379\nmaxmemroy 1gb\n")
    assert run("baseline", "redis.conf", "--select", "RL002", cwd=p)[0] == 0
    path = p / ".redislint-baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["findings"][0]["reason"] = "renamed in the next release"
    path.write_text(json.dumps(data), encoding="utf-8")
    (p / "redis.conf").write_text("port 6379\nmaxmemroy 1gb\nmaxmemry 2gb\n", encoding="utf-8")  # one new mistake

    code, out, _ = run("check", "redis.conf", "--select", "RL002", "--format", "sarif", cwd=p)
    assert code == 1
    log = json.loads(out)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], "suppressions" in r) for r in results] == [("RL002", 3, False)]
    assert log["runs"][0]["properties"] == {"redislint/baselined": 1}

    code, out2, _ = run("check", "redis.conf", "--select", "RL002", "--format", "sarif", "--show-suppressed", cwd=p)
    assert code == 1
    shown = json.loads(out2)["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r.get("suppressions")) for r in shown] == [
        ("RL002", 2, [{"kind": "external", "justification": "renamed in the next release"}]),
        ("RL002", 3, None),
    ]
    validator = ROOT.parent / "shared" / "tools" / "validate-sarif"
    for name, text in (("default.sarif", out), ("shown.sarif", out2)):
        assert problems(json.loads(text)) == []
        if validator.is_file():
            (tmp_path / name).write_text(text, encoding="utf-8")
            proc = subprocess.run([str(validator), str(tmp_path / name)], capture_output=True, text=True, timeout=300)
            if proc.returncode == 2 and os.environ.get("CI") != "true":
                pytest.skip(f"the SARIF validator could not run here: {proc.stderr.strip()}")
            assert proc.returncode == 0, proc.stdout + proc.stderr
