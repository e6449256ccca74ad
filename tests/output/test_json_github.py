"""The JSON report and GitHub workflow commands."""

from __future__ import annotations

import json
from pathlib import Path

from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.output import render
from redislint.output.github import escape_data, escape_property
from tests.output.common import (
    CATALOG,
    RL200,
    make_finding,
)

# --- json --------------------------------------------------------------------------------------


def test_json_shape(report: Report) -> None:
    report.notices = ["skipped deploy/huge.conf"]
    data = json.loads(render(report, "json"))
    conf_fp = next(f for f in report.findings if f.rule_id == "RL101").fingerprint("deploy/redis.conf")
    assert data["version"] == "0.1.0"
    assert data["summary"] == {"critical": 1, "high": 1, "medium": 0, "low": 1, "suppressed": 1, "baselined": 0, "files": 2, "stacks": 0}
    assert data["notices"] == ["skipped deploy/huge.conf"]
    assert [(f["file"], f["line"], f["rule"]) for f in data["findings"]] == [
        ("compose.yaml", 3, "RL700"),
        ("deploy/redis.conf", 1, "RL200"),
        ("deploy/redis.conf", 2, "RL101"),
        ("deploy/redis.conf", 3, "RL402"),
    ]
    assert data["findings"][2] == {
        "rule": "RL101",
        "name": "weak-password",
        "severity": "critical",
        "message": "'requirepass' is only 7 characters long",
        "file": "deploy/redis.conf",
        "line": 2,
        "column": 13,
        "end_line": 2,
        "end_column": 20,
        "fix": "use a random password of at least 32 characters",
        "related": [],
        "fingerprint": conf_fp,
        "suppressed": False,
        "suppression": None,
    }
    assert data["findings"][1]["suppressed"] is True
    assert data["findings"][1]["suppression"] == {
        "kind": "inSource",
        "reason": "cache only, data is disposable",
    }
    assert data["findings"][3]["related"] == [
        {"file": "compose.yaml", "line": 4, "column": 16, "message": "memory limit set here"}
    ]
    assert data["findings"][3]["fix"] is None
    assert list(data) == ["version", "summary", "findings", "notices"]


def test_json_empty(project: Path) -> None:
    data = json.loads(render(Report(findings=[], rules=[], root=project, tool_version="0.1.0"), "json"))
    assert data == {
        "version": "0.1.0",
        "summary": {"critical": 0, "high": 0, "medium": 0, "low": 0, "suppressed": 0, "baselined": 0, "files": 0, "stacks": 0},
        "findings": [],
        "notices": [],
    }


# --- github ------------------------------------------------------------------------------------


def test_github_commands(report: Report) -> None:
    assert render(report, "github") == (
        "::error file=deploy/redis.conf,line=2,col=13,endLine=2,endColumn=19,title=RL101 weak-password"
        "::'requirepass' is only 7 characters long\n"
        "::error file=deploy/redis.conf,line=3,col=11,endLine=3,endColumn=13,"
        "title=RL402 maxmemory-exceeds-container-limit::maxmemory 2gb exceeds the container limit of 1g\n"
        "::notice file=compose.yaml,line=3,col=12,endLine=3,endColumn=20,title=RL700 image-unpinned"
        "::'redis:7.4' is not pinned\n"
    )


def test_github_escaping_levels_and_multiline_spans(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c.conf"
    rep = Report(
        findings=[
            make_finding(RL200, odd, 2, 1, 3, end_line=4, message="100% wrong\r\nsecond line: a,b"),
            make_finding(RL200, odd, 5, 4, message="empty span", severity=Severity.LOW),
        ],
        rules=list(CATALOG),
        root=tmp_path,
        notices=["50% done\nnext"],
    )
    assert render(rep, "github") == (
        "::warning::50%25 done%0Anext\n"
        "::warning file=a%2Cb%3Ac.conf,line=2,endLine=4,title=RL200 persistence-disabled"
        "::100%25 wrong%0D%0Asecond line: a,b\n"
        "::notice file=a%2Cb%3Ac.conf,line=5,col=4,endLine=5,endColumn=4,title=RL200 persistence-disabled"
        "::empty span\n"
    )


def test_github_escape_helpers() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def test_github_skips_suppressed_and_empty(report: Report) -> None:
    assert "RL200" not in render(report, "github")
    report.findings = []
    assert render(report, "github") == ""


