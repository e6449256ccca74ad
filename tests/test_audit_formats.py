"""Every output format of ``check`` for ``redislint audit``, from one run against a real server on
127.0.0.1 whose ``maxmemory`` was changed with ``CONFIG SET`` after start (RL860 at the repository's
line) and whose persistence is off (RL301 on the running server). Each report is asserted whole."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema

from tests.sarif_check import problems
from tests.support.audit import conf_lines, run, server
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs
from tests.support.resp import command

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FORMATS = ["concise:c.txt", "json:r.json", "sarif:r.sarif", "github:g.txt", "gitlab:gl.json", "junit:j.xml", "checkstyle:cs.xml", "github-summary:gs.md"]
DRIFT = "the running server of 'redis.conf' has 'maxmemory 209715200', the repository sets 'maxmemory 100mb': changed at run time and not persisted, or not this file"
DRIFT_FIX = "Set it here to the value you want and restart (or CONFIG SET it back); never leave CONFIG SET changes only in the running server"
OFF_FIX = "Enable AOF (appendonly yes) or RDB save points, or keep this node a pure cache"


def test_every_format_of_an_audit(procs: Procs, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    port = free_port()
    server(procs, repo, "redis", conf_lines(tmp_path, port, ["maxmemory 100mb", "maxmemory-policy noeviction"]), port)
    assert command(port, "CONFIG", "SET", "maxmemory", "200mb") in ("+OK", "OK")
    loc = f"redis://{LOCAL}:{port}"
    snapshot = run([loc]).texts[loc].splitlines()  # the same server, read in this process: its snapshot lines
    save = snapshot.index('save ""') + 1
    mem = next(i for i, t in enumerate(snapshot, 1) if t.startswith("maxmemory "))
    args = [a for f in ["text", *FORMATS] for a in ("-f", f)]
    env = {k: v for k, v in os.environ.items() if k not in ("REDISCLI_AUTH", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    p = subprocess.run(
        [sys.executable, "-m", "redislint", "audit", loc, "--against", "repo", "--select", "RL860,RL301", "--no-color", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert p.returncode == 1 and p.stderr == "", p.stderr
    out = {f.split(":")[0]: (tmp_path / f.split(":")[1]).read_text() for f in FORMATS}
    off = f"persistence is off on '{loc}' (save \"\" and appendonly no): a restart or crash loses every key"
    pad = " " * len(loc)
    table = [
        f"server{' ' * (len(loc) - 6)}  critical      high    medium       low",
        f"{loc}         0         0         1         0",
        "",
        "Found 2 problems in 1 file (0 stacks) and 1 server: 1 high, 1 medium.",
    ]
    w = len(str(save))
    # text: the findings with their lines, then a table of the servers audited
    assert p.stdout.splitlines() == [
        f"repo/redis.conf:6:11: RL860 [high] {DRIFT} (live-config-drift)",
        "  6 | maxmemory 100mb",
        "    |           ^^^^^",
        f"  fix: {DRIFT_FIX}",
        f"  see: {loc}:{mem}: the running value",
        "",
        f"{loc}:{save}:1: RL301 [medium] {off} (persistence-disabled)",
        f"  {save} | save \"\"",
        f"  {' ' * w} | ^^^^^^^",
        f"  fix: {OFF_FIX}",
        "",
        *table,
    ]
    assert pad
    assert out["concise"].splitlines() == [
        f"repo/redis.conf:6:11: RL860 [high] {DRIFT} (live-config-drift)",
        f"{loc}:{save}:1: RL301 [medium] {off} (persistence-disabled)",
        "",
        *table,
    ]
    # JSON: every finding, a live one at the server's address
    data = json.loads(out["json"])
    for f in data["findings"]:
        assert re.fullmatch(r"[0-9a-f]{32}", f.pop("fingerprint"))
    assert data == {
        "version": data["version"],
        "summary": {"critical": 0, "high": 1, "medium": 1, "low": 0, "suppressed": 0, "baselined": 0, "files": 1, "stacks": 0, "servers": 1},
        "findings": [
            {"rule": "RL301", "name": "persistence-disabled", "severity": "medium", "message": off, "file": loc, "line": save, "column": 1,
             "end_line": save, "end_column": 8, "fix": OFF_FIX, "related": [], "suppressed": False, "suppression": None},
            {"rule": "RL860", "name": "live-config-drift", "severity": "high", "message": DRIFT, "file": "repo/redis.conf", "line": 6, "column": 11,
             "end_line": 6, "end_column": 16, "fix": DRIFT_FIX, "related": [{"file": loc, "line": mem, "column": 11, "message": "the running value"}],
             "suppressed": False, "suppression": None},
        ],
        "notices": [],
    }  # fmt: skip
    from redislint.output.schema import JsonReport

    JsonReport.model_validate_json(out["json"])
    # SARIF: the drift at its repository location only; the live finding counted in a notification
    sarif = json.loads(out["sarif"])
    assert problems(sarif) == []
    run0 = sarif["runs"][0]
    assert [(r["ruleId"], r["level"], r["message"]["text"], r["locations"][0]["physicalLocation"]) for r in run0["results"]] == [
        ("RL860", "error", DRIFT, {"artifactLocation": {"uri": "repo/redis.conf", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 6, "startColumn": 11, "endLine": 6, "endColumn": 16}})
    ]
    assert "relatedLocations" not in run0["results"][0]
    assert run0["invocations"][0]["toolExecutionNotifications"] == [
        {"level": "warning", "message": {"text": "1 finding on running servers (redislint audit) is not in this SARIF log, which holds repository locations only: see --format json"}}
    ]
    validator = ROOT.parent / "shared" / "tools" / "validate-sarif"
    if validator.is_file():
        proc = subprocess.run([str(validator), str(tmp_path / "r.sarif")], capture_output=True, text=True, timeout=300)
        if proc.returncode == 2 and os.environ.get("CI") != "true":
            pytest.skip(f"the SARIF validator could not run here: {proc.stderr.strip()}")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    # GitHub: the drift annotates its file; the live finding has no repository file, so no file=
    assert out["github"].splitlines() == [
        f"::error file=repo/redis.conf,line=6,col=11,endLine=6,endColumn=15,title=RL860 live-config-drift::{DRIFT}",
        f"::warning title=RL301 persistence-disabled (redis%3A//{LOCAL}%3A{port})::{off}",
    ]
    assert "file=redis" not in out["github"]
    assert out["github-summary"].splitlines() == [
        "## redislint",
        "",
        "Found 2 problems in 1 file (0 stacks) and 1 server: 1 high, 1 medium.",
        "",
        "| severity | rule | location | message |",
        "|---|---|---|---|",
        f"| high | RL860 live-config-drift | repo/redis.conf:6:11 | {DRIFT} |",
        f"| medium | RL301 persistence-disabled | {loc}:{save}:1 | {off} |",
    ]
    # GitLab Code Quality: both, each at its place (validated against the schema check's tests use)
    issues = json.loads(out["gitlab"])
    for i in issues:
        assert re.fullmatch(r"[0-9a-f]{32}", i.pop("fingerprint"))
    assert issues == [
        {"type": "issue", "check_name": "RL301", "description": f"RL301: {off}", "categories": ["Bug Risk"], "severity": "major",
         "location": {"path": loc, "lines": {"begin": save, "end": save}}},
        {"type": "issue", "check_name": "RL860", "description": f"RL860: {DRIFT}", "categories": ["Bug Risk"], "severity": "critical",
         "location": {"path": "repo/redis.conf", "lines": {"begin": 6, "end": 6}}},
    ]  # fmt: skip
    import jsonschema

    jsonschema.validate(json.loads(out["gitlab"]), json.loads((DATA / "gitlab-code-quality.schema.json").read_text(encoding="utf-8")))
    # JUnit: one suite per server or file, and the run's own
    xmlschema.XMLSchema(str(DATA / "JUnit.xsd")).validate(str(tmp_path / "j.xml"))
    junit = re.sub(r'timestamp="[^"]+"', 'timestamp="T"', out["junit"])
    esc = off.replace('"', "&quot;")
    assert junit.splitlines() == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<testsuites>",
        f'  <testsuite name="{loc}" package="redislint" id="0" timestamp="T" hostname="localhost" tests="1" failures="1" errors="0" skipped="0" time="0">',
        "    <properties />",
        f'    <testcase name="RL301 persistence-disabled ({save}:1)" classname="{loc}" time="0">',
        f'      <failure type="medium" message="{esc}">{loc}:{save}:1: RL301 [medium] {off} (persistence-disabled)',
        f"fix: {OFF_FIX}</failure>",
        "    </testcase>",
        "    <system-out />",
        "    <system-err />",
        "  </testsuite>",
        '  <testsuite name="repo/redis.conf" package="redislint" id="1" timestamp="T" hostname="localhost" tests="1" failures="1" errors="0" skipped="0" time="0">',
        "    <properties />",
        '    <testcase name="RL860 live-config-drift (6:11)" classname="repo/redis.conf" time="0">',
        f'      <failure type="high" message="{DRIFT}">repo/redis.conf:6:11: RL860 [high] {DRIFT} (live-config-drift)',
        f"fix: {DRIFT_FIX}",
        f"see: {loc}:{mem}: the running value</failure>",
        "    </testcase>",
        "    <system-out />",
        "    <system-err />",
        "  </testsuite>",
        '  <testsuite name="redislint" package="redislint" id="2" timestamp="T" hostname="localhost" tests="1" failures="0" errors="0" skipped="0" time="0">',
        "    <properties />",
        '    <testcase name="the check ran to the end" classname="redislint" time="0" />',
        "    <system-out />",
        "    <system-err />",
        "  </testsuite>",
        "</testsuites>",
    ]
    assert out["checkstyle"].splitlines() == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        f'  <file name="{loc}">',
        f'    <error line="{save}" column="1" severity="warning" message="{esc} (persistence-disabled)" source="redislint.RL301" />',
        "  </file>",
        '  <file name="repo/redis.conf">',
        f'    <error line="6" column="11" severity="error" message="{DRIFT} (live-config-drift)" source="redislint.RL860" />',
        "  </file>",
        "</checkstyle>",
    ]
