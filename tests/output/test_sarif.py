"""The SARIF log: driver, rules, results, levels, suppressions, regions, fingerprints, and the
validation GitHub code scanning applies."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Rule, Scope, Severity
from redislint.output import render
from tests.output.common import (
    CATALOG,
    RL200,
    RL402,
    RL603,
    RULE_PAGE,
    VALIDATOR,
    make_finding,
    sarif,
)
from tests.sarif_check import problems as sarif_problems


def test_sarif_log_and_driver(report: Report, rule_docs: None) -> None:
    log = sarif(report)
    assert sarif_problems(log) == []
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("redislint", "0.1.0", "0.1.0")
    assert driver["informationUri"] == "https://github.com/redislint/redislint"
    assert [r["id"] for r in driver["rules"]] == ["RL101", "RL200", "RL402", "RL603", "RL700", "RL701"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": report.root.resolve().as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert "automationDetails" not in run


def test_sarif_rules(report: Report, rule_docs: None) -> None:
    rules = {r["id"]: r for r in sarif(report)["runs"][0]["tool"]["driver"]["rules"]}
    assert len(rules) == len(CATALOG)
    levels = {rid: r["defaultConfiguration"]["level"] for rid, r in rules.items()}
    assert levels == {
        "RL101": "error",
        "RL200": "warning",
        "RL402": "error",
        "RL603": "error",
        "RL700": "note",
        "RL701": "note",
    }
    security = {rid: r["properties"].get("security-severity") for rid, r in rules.items()}
    assert security == {
        "RL101": "9.5",
        "RL200": None,
        "RL402": None,
        "RL603": "7.5",
        "RL700": None,
        "RL701": "2.0",
    }
    assert rules["RL603"]["properties"]["tags"] == ["security", "operability"]
    assert all(r["properties"]["precision"] == "high" for r in rules.values())

    rl101 = rules["RL101"]  # no page: everything falls back to the summary
    assert rl101["name"] == "WeakPassword"
    assert rl101["shortDescription"] == {"text": "Redis password is too weak"}
    assert rl101["fullDescription"] == {"text": "Redis password is too weak"}
    assert rl101["help"] == {"text": "Redis password is too weak", "markdown": "Redis password is too weak"}
    assert rl101["helpUri"] == "https://github.com/redislint/redislint/blob/main/rules/RL101.md"

    rl402 = rules["RL402"]
    assert rl402["name"] == "MaxmemoryExceedsContainerLimit"
    assert rl402["shortDescription"]["text"] == "maxmemory is above the container memory limit"
    assert rl402["fullDescription"]["text"] == (
        "The maxmemory setting of a node is compared with the memory limit of its container "
        "(compose docs (https://docs.docker.com/compose/))."
    )
    assert rl402["help"]["markdown"] == RULE_PAGE
    assert rl402["help"]["text"].startswith("RL402 maxmemory-exceeds-container-limit\n\nWhat it checks\n")
    assert "The kernel kills the container before Redis evicts anything." in rl402["help"]["text"]
    assert "```" not in rl402["help"]["text"]
    assert len(rules["RL603"]["fullDescription"]["text"]) == 1024


def test_sarif_many_tags_are_capped(project: Path) -> None:
    many = Rule(
        id="RL999",
        name="x",
        severity=Severity.LOW,
        tags=tuple(f"t{i}" for i in range(15)),
        scope=Scope.META,
        summary="s",
    )
    log = sarif(Report(findings=[], rules=[many], root=project))
    assert len(log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"]) == 10


def test_sarif_results(report: Report) -> None:
    run = sarif(report)["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["RL700", "RL101", "RL402"]  # RL200 is suppressed
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert len(result["locations"]) == 1
        assert set(result["partialFingerprints"]) == {"redislintFinding/v1"}
        assert "suppressions" not in result
    assert [r["level"] for r in results] == ["note", "error", "error"]
    rl101 = results[1]
    assert rl101["message"] == {"text": "'requirepass' is only 7 characters long"}
    assert rl101["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "deploy/redis.conf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 20},
    }
    rl101_finding = next(f for f in report.findings if f.rule_id == "RL101")
    assert rl101["partialFingerprints"] == {
        "redislintFinding/v1": rl101_finding.fingerprint("deploy/redis.conf")
    }
    rl402 = results[2]
    assert rl402["message"]["text"] == (
        "maxmemory 2gb exceeds the container limit of 1g (see [compose.yaml:4](1))"
    )
    assert rl402["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "compose.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 4, "startColumn": 16, "endLine": 4, "endColumn": 18},
            },
            "message": {"text": "memory limit set here"},
        }
    ]


def test_sarif_level_follows_the_finding_not_the_rule(report: Report) -> None:
    report.findings = [
        f.model_copy(update={"severity": Severity.MEDIUM}) if f.rule_id == "RL101" else f
        for f in report.findings
    ]
    results = sarif(report)["runs"][0]["results"]
    assert [r["level"] for r in results if r["ruleId"] == "RL101"] == ["warning"]


def test_sarif_suppressed_findings_on_request(report: Report) -> None:
    results = sarif(report, include_suppressed=True)["runs"][0]["results"]
    suppressed = [r for r in results if r["ruleId"] == "RL200"]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"] == [
        {"kind": "inSource", "justification": "cache only, data is disposable"}
    ]
    assert len(results) == 4


def test_sarif_regions_uris_and_outside_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "my deploy").mkdir(parents=True)
    inside = root / "my deploy" / "redis #1.conf"
    inside.write_text("port 6379\n", encoding="utf-8")
    outside = tmp_path / "elsewhere" / "redis.conf"
    outside.parent.mkdir()
    outside.write_text("port 6379\n", encoding="utf-8")
    rep = Report(
        findings=[
            make_finding(RL200, inside, 1, 6, message="empty span"),
            make_finding(RL200, outside, 1, 1, 5, end_line=2, message="multi-line", evidence="o"),
        ],
        rules=list(CATALOG),
        root=root,
    )
    log = sarif(rep)
    assert sarif_problems(log) == []
    located = {r["message"]["text"]: r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]}
    first, second = located["empty span"], located["multi-line"]
    assert first == {
        "artifactLocation": {"uri": "my%20deploy/redis%20%231.conf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 7},
    }
    assert second == {
        "artifactLocation": {"uri": outside.resolve().as_uri()},
        "region": {"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 5},
    }


def test_sarif_empty_report_still_has_results(project: Path) -> None:
    log = sarif(Report(findings=[], rules=list(CATALOG), root=project, tool_version="1.2.3"))
    run = log["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(CATALOG)
    assert sarif_problems(log) == []


def test_sarif_notices_and_failure(report: Report) -> None:
    report.notices = ["could not read deploy/other.conf"]
    report.exit_code = 2
    assert sarif(report)["runs"][0]["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {"level": "warning", "message": {"text": "could not read deploy/other.conf"}}
            ],
        }
    ]


def _fingerprint(report: Report, finding: Finding) -> str:
    report.findings = [finding]
    results = sarif(report)["runs"][0]["results"]
    value: str = results[0]["partialFingerprints"]["redislintFinding/v1"]
    return value


def test_sarif_fingerprints(report: Report, project: Path) -> None:
    conf = project / "deploy" / "redis.conf"
    base = make_finding(RL402, conf, 3, 11, 14, message="maxmemory 2gb is too high", evidence="cache")
    fp = _fingerprint(report, base)
    reworded = make_finding(RL402, conf, 2, 1, 5, message="another wording entirely", evidence="cache")
    assert _fingerprint(report, reworded) == fp
    other_rule = make_finding(RL200, conf, 3, 11, 14, message="maxmemory 2gb is too high", evidence="cache")
    assert _fingerprint(report, other_rule) != fp
    other_evidence = make_finding(RL402, conf, 3, 11, 14, message="maxmemory 2gb is too high", evidence="db")
    assert _fingerprint(report, other_evidence) != fp
    other_file = make_finding(
        RL402, project / "compose.yaml", 3, 11, 14, message="maxmemory 2gb is too high", evidence="cache"
    )
    assert _fingerprint(report, other_file) != fp


def test_sarif_validates_with_the_github_ingestion_rules(
    report: Report, rule_docs: None, tmp_path: Path
) -> None:
    in_ci = os.environ.get("CI") == "true"
    if not VALIDATOR.is_file():
        # The validator is a tool of ../shared, not of this project: .ci/run runs it as an extra gate
        # whenever ../shared is there; tests/sarif_check.py covers the same rules offline.
        pytest.skip(f"SARIF validator not found at {VALIDATOR} (a checkout without ../shared/tools)")
    report.notices = ["skipped deploy/huge.conf"]
    # Every shape the writer produces (files outside the root excepted: the multitool's GH1006
    # rejects absolute file: URIs although GitHub accepts them).
    (report.root / "my deploy").mkdir()
    spaced = report.root / "my deploy" / "redis.conf"
    spaced.write_text("port 6379\n", encoding="utf-8")
    report.findings.append(make_finding(RL603, spaced, 1, 6, message="empty span widened"))
    report.findings.append(make_finding(RL200, spaced, 1, 1, 3, end_line=2, message="multi-line span"))
    path = tmp_path / "redislint.sarif"
    path.write_text(render(report, "sarif", include_suppressed=True), encoding="utf-8")
    proc = subprocess.run([str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=300)
    if proc.returncode == 2 and not in_ci:
        pytest.skip(f"the SARIF validator could not run here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stdout + proc.stderr


