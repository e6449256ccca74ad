"""Renderers: text, json, sarif, github, and the secret masking they all share."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.finding import Finding, Related
from redislint.engine.report import Report
from redislint.engine.rule import Rule, Scope, Severity
from redislint.model.span import Span
from redislint.output import FORMATS, render
from redislint.output import sarif as sarif_module
from redislint.output.github import escape_data, escape_property
from redislint.secrets.mask import Masker
from tests.sarif_check import problems as sarif_problems

REPO = Path(__file__).resolve().parents[1]
VALIDATOR = REPO.parent / "shared" / "tools" / "validate-sarif"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

RL101 = Rule(
    id="RL101",
    name="weak-password",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.NODE,
    summary="Redis password is too weak",
)
RL200 = Rule(
    id="RL200",
    name="persistence-disabled",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.NODE,
    summary="Neither RDB nor AOF persistence is enabled",
)
RL402 = Rule(
    id="RL402",
    name="maxmemory-exceeds-container-limit",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.NODE,
    summary="maxmemory is above the container memory limit",
)
RL603 = Rule(
    id="RL603",
    name="port-published",
    severity=Severity.HIGH,
    tags=("security", "operability"),
    scope=Scope.SERVICE,
    summary="The Redis port is published on all interfaces",
)
RL700 = Rule(
    id="RL700",
    name="image-unpinned",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="The image tag is not pinned to a patch release",
)
RL701 = Rule(
    id="RL701",
    name="healthcheck-missing",
    severity=Severity.LOW,
    tags=("security", "availability"),
    scope=Scope.SERVICE,
    summary="The service has no healthcheck",
)
CATALOG = [RL700, RL101, RL603, RL402, RL200, RL701]  # deliberately not in id order

REDIS_CONF = "bind 0.0.0.0\nrequirepass hunter2\nmaxmemory 2gb\n"
COMPOSE = 'services:\n  cache:\n    image: redis:7.4\n    mem_limit: 1g\n    ports:\n      - "6379:6379"\n'


def make_finding(
    rule: Rule,
    file: Path | str,
    line: int,
    col: int,
    end_col: int | None = None,
    *,
    end_line: int | None = None,
    message: str = "something is wrong",
    evidence: str = "",
    **extra: Any,
) -> Finding:
    span = Span(
        file=str(file),
        start_line=line,
        start_col=col,
        end_line=end_line or line,
        end_col=end_col if end_col is not None else col,
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=extra.pop("severity", rule.severity),
        message=message,
        span=span,
        evidence=evidence or f"{rule.id}-{line}",
        **extra,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "redis.conf").write_text(REDIS_CONF, encoding="utf-8")
    (tmp_path / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def report(project: Path) -> Report:
    conf = project / "deploy" / "redis.conf"
    compose = project / "compose.yaml"
    findings = [
        make_finding(
            RL101,
            conf,
            2,
            13,
            20,
            message="'requirepass' is only 7 characters long",
            fix="use a random password of at least 32 characters",
            evidence="requirepass",
        ),
        make_finding(
            RL402,
            conf,
            3,
            11,
            14,
            message="maxmemory 2gb exceeds the container limit of 1g",
            related=[Related(span=Span.point(str(compose), 4, 16, 2), message="memory limit set here")],
            evidence="cache",
        ),
        make_finding(RL700, compose, 3, 12, 21, message="'redis:7.4' is not pinned", evidence="cache"),
        make_finding(
            RL200,
            conf,
            1,
            1,
            13,
            message="no 'save' or 'appendonly' directive",
            suppressed=True,
            suppression_kind="inSource",
            suppression_reason="cache only, data is disposable",
            evidence="cache",
        ),
    ]
    findings.sort(key=lambda f: f.sort_key())
    return Report(
        findings=findings,
        rules=list(CATALOG),
        root=project,
        files=[str(conf), str(compose)],
        texts={str(conf): REDIS_CONF, str(compose): COMPOSE},
        secrets=frozenset({"hunter2"}),
        tool_version="0.1.0",
    )


# --- dispatcher --------------------------------------------------------------------------------


def test_render_rejects_unknown_format(report: Report) -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render(report, "xml")


def test_formats_are_imported_lazily() -> None:
    code = (
        "import sys\n"
        "import redislint.output\n"
        "assert 'rich' not in sys.modules, 'import redislint.output loaded rich'\n"
        "assert 'redislint.output.sarif' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# --- text --------------------------------------------------------------------------------------

EXPECTED_TEXT = """\
deploy/redis.conf:2:13: RL101 [critical] 'requirepass' is only 7 characters long (weak-password)
  2 | requirepass ****
    |             ^^^^
  fix: use a random password of at least 32 characters

deploy/redis.conf:3:11: RL402 [high] maxmemory 2gb exceeds the container limit of 1g \
(maxmemory-exceeds-container-limit)
  3 | maxmemory 2gb
    |           ^^^
  see: compose.yaml:4: memory limit set here

compose.yaml:3:12: RL700 [low] 'redis:7.4' is not pinned (image-unpinned)
  3 |     image: redis:7.4
    |            ^^^^^^^^^

Found 3 problems in 2 files (0 stacks): 1 critical, 1 high, 1 low. 1 suppressed.
"""


def test_text_plain(report: Report) -> None:
    assert render(report, "text", color=False) == EXPECTED_TEXT


def test_text_shows_suppressed_on_request(report: Report) -> None:
    out = render(report, "text", color=False, show_suppressed=True, sort="file")
    assert (
        "deploy/redis.conf:1:1: RL200 [medium] no 'save' or 'appendonly' directive (persistence-disabled)"
        " [suppressed: cache only, data is disposable]\n"
        "  1 | bind 0.0.0.0\n"
        "    | ^^^^^^^^^^^^\n"
        "deploy/redis.conf:2:13: RL101"
    ) in out
    assert out.endswith("Found 3 problems in 2 files (0 stacks): 1 critical, 1 high, 1 low. 1 suppressed.\n")


def test_text_sorted_by_file_keeps_the_file_order(report: Report) -> None:
    out = render(report, "text", color=False, sort="file")
    heads = [ln.split(" [")[0] for ln in out.splitlines() if ": RL" in ln]
    assert heads == ["compose.yaml:3:12: RL700", "deploy/redis.conf:2:13: RL101", "deploy/redis.conf:3:11: RL402"]


def test_concise_is_one_line_per_finding(report: Report) -> None:
    assert render(report, "concise", color=False) == (
        "deploy/redis.conf:2:13: RL101 [critical] 'requirepass' is only 7 characters long (weak-password)\n"
        "deploy/redis.conf:3:11: RL402 [high] maxmemory 2gb exceeds the container limit of 1g (maxmemory-exceeds-container-limit)\n"
        "compose.yaml:3:12: RL700 [low] 'redis:7.4' is not pinned (image-unpinned)\n"
        "\n"
        "Found 3 problems in 2 files (0 stacks): 1 critical, 1 high, 1 low. 1 suppressed.\n"
    )


def test_quiet_leaves_out_notices_and_the_summary(report: Report) -> None:
    report.notices = ["skipped deploy/huge.conf"]
    assert render(report, "concise", color=False, quiet=True, sort="file") == (
        "compose.yaml:3:12: RL700 [low] 'redis:7.4' is not pinned (image-unpinned)\n"
        "deploy/redis.conf:2:13: RL101 [critical] 'requirepass' is only 7 characters long (weak-password)\n"
        "deploy/redis.conf:3:11: RL402 [high] maxmemory 2gb exceeds the container limit of 1g (maxmemory-exceeds-container-limit)\n"
    )


def test_statistics_by_rule_and_by_file(report: Report) -> None:
    out = render(report, "concise", color=False, statistics=True)
    assert out.split("\n\n")[1:] == [
        "By rule:\n"
        "  1  RL101  weak-password\n"
        "  1  RL402  maxmemory-exceeds-container-limit\n"
        "  1  RL700  image-unpinned",
        "By file:\n"
        "  critical      high    medium       low  file\n"
        "         1         1         0         0  deploy/redis.conf\n"
        "         0         0         0         1  compose.yaml",
        "Found 3 problems in 2 files (0 stacks): 1 critical, 1 high, 1 low. 1 suppressed.\n",
    ]


def test_text_empty(project: Path) -> None:
    empty = Report(findings=[], rules=list(CATALOG), root=project)
    assert render(empty, "text", color=False) == "Nothing was checked: no file was linted.\n"


def test_text_only_suppressed(report: Report) -> None:
    report.findings = [f for f in report.findings if f.suppressed]
    assert render(report, "text", color=False) == "No problems found in 2 files (0 stacks). 1 suppressed.\n"


def test_text_notices_and_singular(report: Report) -> None:
    report.findings = [f for f in report.findings if f.rule_id == "RL700"]
    report.notices = ["skipped deploy/huge.conf: larger than 1 MiB"]
    out = render(report, "text", color=False)
    assert out.endswith("\nnotice: skipped deploy/huge.conf: larger than 1 MiB\n\nFound 1 problem in 2 files (0 stacks): 1 low.\n")


def test_text_colour(report: Report) -> None:
    out = render(report, "text", color=True)
    assert "\x1b[" in out
    assert "\x1b[1;31m[critical]" in out  # critical: bold red
    assert "\x1b[31m[high]" in out  # high: red
    assert "\x1b[36m[low]" in out  # low: cyan
    assert ANSI.sub("", out) == EXPECTED_TEXT


def test_text_follows_the_environment(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert render(report, "text") == EXPECTED_TEXT
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in render(report, "text")


def test_text_does_not_wrap_long_lines(project: Path) -> None:
    conf = project / "long.conf"
    value = "x" * 400
    rep = Report(
        findings=[make_finding(RL200, conf, 1, 16, 416, message="m" * 300)],
        rules=list(CATALOG),
        root=project,
        texts={str(conf): f"rename-command {value}\n"},
    )
    lines = render(rep, "text", color=True).splitlines()
    assert ANSI.sub("", lines[0]) == f"long.conf:1:16: RL200 [medium] {'m' * 300} (persistence-disabled)"
    assert ANSI.sub("", lines[1]) == f"  1 | rename-command {value}"
    assert ANSI.sub("", lines[2]) == "    | " + " " * 15 + "^" * 400


def test_text_caret_with_tabs_masked_values_and_empty_spans(project: Path) -> None:
    conf = project / "tabs.conf"
    rep = Report(
        findings=[
            make_finding(RL101, conf, 1, 13, 28, message="weak", evidence="a"),
            make_finding(RL101, conf, 1, 29, 30, message="after", evidence="b"),
            make_finding(RL200, conf, 2, 6, message="empty span", evidence="c"),
        ],
        rules=list(CATALOG),
        root=project,
        secret_spans={str(conf): [(1, 13, 1, 28)]},
        texts={str(conf): "requirepass\tlongsecretvalue\tx\nport 6379\n"},
    )
    out = render(rep, "text", color=False)
    assert (
        "  1 | requirepass     ****    x\n"  # the recorded span of the password is masked
        "    |                 ^^^^\n"
    ) in out
    assert "  1 | requirepass     ****    x\n    |                         ^\n" in out
    assert "  2 | port 6379\n    |      ^\n" in out


def test_text_whole_file_finding_has_no_frame(project: Path) -> None:
    compose = project / "compose.yaml"
    rep = Report(
        findings=[make_finding(RL701, compose, 1, 1, message="no healthcheck")],
        rules=list(CATALOG),
        root=project,
    )
    assert render(rep, "text", color=False) == (
        "compose.yaml:1:1: RL701 [low] no healthcheck (healthcheck-missing)\n\nFound 1 problem in 0 files (0 stacks): 1 low.\n"
    )


def test_text_unreadable_file_has_no_frame(project: Path) -> None:
    rep = Report(
        findings=[make_finding(RL200, project / "gone.conf", 2, 1, 5, message="m")],
        rules=list(CATALOG),
        root=project,
    )
    assert render(rep, "text", color=False) == (
        "gone.conf:2:1: RL200 [medium] m (persistence-disabled)\n\nFound 1 problem in 0 files (0 stacks): 1 medium.\n"
    )


def test_text_frames_come_from_the_report_never_from_the_disk(project: Path) -> None:
    """deploy/redis.conf exists on disk, but a report that does not carry its text shows no frame;
    a report that carries a text shows that text, whatever the disk holds."""
    conf = project / "deploy" / "redis.conf"
    finding = make_finding(RL200, conf, 3, 1, 10, message="m")
    bare = Report(findings=[finding], rules=list(CATALOG), root=project)
    assert render(bare, "text", color=False) == (
        "deploy/redis.conf:3:1: RL200 [medium] m (persistence-disabled)\n\nFound 1 problem in 0 files (0 stacks): 1 medium.\n"
    )
    carried = Report(findings=[finding], rules=list(CATALOG), root=project, texts={str(conf): "a\nb\nin memory\n"})
    assert "  3 | in memory\n    | ^^^^^^^^^\n" in render(carried, "text", color=False)


def test_report_counts_lines_as_the_file_kind_does() -> None:
    text = "port 6379\r\nsave ''\x85tail\n"
    rep = Report(
        findings=[], rules=[], root=Path("/r"),
        texts={"/r/a.conf": text, "/r/c.yaml": text, "/r/.env": text},
        file_kinds={"/r/a.conf": "redis-conf", "/r/c.yaml": "compose", "/r/.env": "env"},
    )
    assert [rep.source_line("/r/a.conf", n) for n in (1, 2, 3)] == ["port 6379", "save ''\x85tail", None]
    assert [rep.source_line("/r/c.yaml", n) for n in (1, 2, 3)] == ["port 6379", "save ''", "tail"]
    assert [rep.source_line("/r/.env", n) for n in (1, 2, 3)] == ["port 6379", "save ''", "tail"]
    assert rep.source_line("/r/other.conf", 1) is None


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


# --- sarif -------------------------------------------------------------------------------------

RULE_PAGE = """\
# RL402 maxmemory-exceeds-container-limit

## What it checks

The `maxmemory` setting of a node is compared with the memory limit of
its container ([compose docs](https://docs.docker.com/compose/)).

A second paragraph that is not part of the full description.

## Why it matters

The kernel kills the container **before** Redis evicts anything.

```redis-conf bad
maxmemory 2gb
```
"""


def sarif(report: Report, **options: Any) -> dict[str, Any]:
    text = render(report, "sarif", **options)
    assert text == render(report, "sarif", **options), "SARIF output must be deterministic"
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture
def rule_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {
        "RL402": RULE_PAGE,
        "RL603": "# RL603 port-published\n\n## What it checks\n\n" + "w" * 1500 + "\n",
    }
    monkeypatch.setattr(sarif_module, "read_rule_doc", pages.get)


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


# --- masking -----------------------------------------------------------------------------------


def test_masker_text_matches_known_values_only() -> None:
    m = Masker({"hunter2", "redis", "ab", "Pw-long-value-42"})
    # a distinctive value anywhere, whatever its case (RL002 lower-cases what it quotes)
    assert m.text("unknown directive 'pw-long-value-42x'") == "unknown directive '****x'"
    assert m.text("note: hunter2 and xhunter2x") == "note: **** and x****x"
    # an ordinary word only as a whole token, a very short value only between quotes
    assert m.text("legacy-redis, redis.conf, 'redis'") == "legacy-redis, redis.conf, '****'"
    assert m.text("a tab, 'ab'") == "a tab, '****'"
    # derived forms: the first 39 characters a message quotes of a long value
    long = "Zq9" + "x" * 60
    assert Masker({long}).text(f"got '{long[:39]}…'") == "got '****…'"


def test_masker_names_environment_values() -> None:
    m = Masker({"Pw-secret-1"}, named={"Zq9xEnvValue77": "CI_API_KEY"})
    assert m.text("got 'Zq9xEnvValue77'") == "got '${CI_API_KEY}'"


def test_masker_lines_by_span() -> None:
    m = Masker({"s3cr3t-value"}, {"/f": [(1, 13, 1, 15), (2, 5, 3, 3)]})
    got = m.line("/f", 1, "requirepass pw # s3cr3t-value")
    assert got.text == "requirepass **** # ****"
    assert (got.column(12), got.column(14, end=True), got.column(14)) == (12, 16, 16)
    assert m.line("/f", 2, "abc defgh").text == "abc ****"
    assert m.line("/f", 3, "xyz").text == "****z"
    # ordinary words of a frame are never touched: only spans and distinctive values are
    assert Masker({"redis"}).line("/f", 1, "container_name: legacy-redis").text == "container_name: legacy-redis"


SECRET_FILES = {
    "redis.conf": """\
requirepass Pw-conf-01
masterauth "Pw conf 02"
primaryauth Pw-conf-03
tls-key-file-pass Pw-conf-04
tls-client-key-file-pass Pw-conf-05
user alice on >Pw-acl-06 #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* +@all
""",
    "sentinel.conf": """\
sentinel monitor mymaster 10.0.0.1 6379 2
sentinel auth-pass mymaster Pw-sent-07
sentinel sentinel-pass Pw-sent-08
""",
    "compose.yaml": """\
services:
  cache:
    image: redis:7.4
    command: redis-server --requirepass Pw-cli-09 --masterauth ${REDIS_MASTER_PASSWORD:-Pw-default-10}
    environment:
      - REDIS_PASSWORD=Pw-env-11
      - "METRICS_TOKEN=Pw-env-12"
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "Pw-hc-13", "ping"]
  exporter:
    image: oliver006/redis_exporter
    environment:
      REDIS_ADDR: redis://default:Pw-url-14@cache:6379
      EXPORTER_SECRET: Pw-map-15
      REDIS_PASS: 'Pw-map-16'
    command: ["redis-cli", "--pass", "Pw-flow-17", "--user", "bob", ">Pw-acl-18"]
  sentinel:
    image: redis:7.4
    command:
      - redis-sentinel
      - --requirepass
      - Pw-block-19
    environment:
      SENTINEL_URL: rediss://:Pw-url-20@sentinel:26379
      CACHE_PASSWORD: ${CACHE_PASSWORD:-Pw-default-21}
""",
    ".env": 'REDIS_PASSWORD=Pw-dotenv-22\nexport SESSION_SECRET="Pw dotenv 23"\n',
    "Dockerfile": "FROM redis:7.4\nENV REDIS_PASSWORD Pw-docker-24\n",
}
PASSWORDS = [
    "Pw-conf-01",
    "Pw conf 02",
    "Pw-conf-03",
    "Pw-conf-04",
    "Pw-conf-05",
    "Pw-acl-06",
    "Pw-sent-07",
    "Pw-sent-08",
    "Pw-cli-09",
    "Pw-default-10",
    "Pw-env-11",
    "Pw-env-12",
    "Pw-hc-13",
    "Pw-url-14",
    "Pw-map-15",
    "Pw-map-16",
    "Pw-flow-17",
    "Pw-acl-18",
    "Pw-block-19",
    "Pw-url-20",
    "Pw-default-21",
    "Pw-dotenv-22",
    "Pw dotenv 23",
    "Pw-docker-24",
]


@pytest.mark.parametrize("known", [False, True], ids=["collected", "with-a-leaking-rule"])
def test_no_format_prints_a_password(tmp_path: Path, known: bool) -> None:
    findings: list[Finding] = []
    for name, content in SECRET_FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    collected = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    for name, content in SECRET_FILES.items():
        path = tmp_path / name
        for number, line in enumerate(content.splitlines(), start=1):
            # one finding per line, spanning the line, plus one pointing into the middle of it
            findings.append(make_finding(RL101, path, number, 1, len(line) + 1, message=f"line {number}"))
            middle = max(len(line) // 2, 1)
            findings.append(
                make_finding(
                    RL200,
                    path,
                    number,
                    middle,
                    middle + 3,
                    message="a rule that leaked Pw-known-25" if known else "mid",
                    fix="change Pw-known-25" if known else None,
                    related=[Related(span=Span.point(str(path), number), message="see Pw-known-25")]
                    if known
                    else [],
                    suppressed=number % 3 == 0,
                    suppression_reason="reason with Pw-known-25" if known else "r",
                    evidence=f"{name}-{number}",
                )
            )
    assert len(PASSWORDS) == 24 and all(pw in "".join(SECRET_FILES.values()) for pw in PASSWORDS)
    secrets = collected.secrets | {"Pw-known-25"} if known else collected.secrets
    rep = Report(
        findings=sorted(findings, key=lambda f: f.sort_key()),
        rules=list(CATALOG),
        root=tmp_path,
        files=[str(tmp_path / n) for n in SECRET_FILES],
        secrets=secrets,
        secret_spans=collected.secret_spans,
        file_kinds=collected.file_kinds,
        texts=collected.texts,
        notices=["a notice mentioning Pw-known-25"] if known else [],
        tool_version="0.1.0",
    )
    outputs = {
        "text": render(rep, "text", color=False, show_suppressed=True),
        "text-colour": render(rep, "text", color=True, show_suppressed=True),
        "sarif": render(rep, "sarif", include_suppressed=True),
        **{fmt: render(rep, fmt) for fmt in FORMATS if fmt not in ("text", "sarif")},
    }
    assert set(FORMATS) <= {k.removesuffix("-colour") for k in outputs}
    for fmt, out in outputs.items():
        for pw in [*PASSWORDS, "Pw-known-25"]:
            assert pw not in out, f"{fmt} output shows {pw!r}"
    # the frames are still there, with the secrets masked and references visible
    assert "requirepass ****" in outputs["text"]
    assert "${CACHE_PASSWORD:-****}" in outputs["text"]
    assert "--masterauth ${REDIS_MASTER_PASSWORD:-****}" in outputs["text"]
    assert "      - ****" in outputs["text"]
