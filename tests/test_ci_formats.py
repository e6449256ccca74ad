"""CI formats and several reports from one run (issue 12, items 3 and 4): GitLab Code Quality and
JUnit validated against their schemas (tests/data, see SOURCES.md), checkstyle, GitHub annotations
within GitHub's per-step limits and the job summary, --format FMT:FILE / -o pairs, --sort,
--statistics, -q, --output-format."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from click.testing import CliRunner

from redislint.api import lint
from redislint.cli import main
from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.model.span import Span
from redislint.output import render

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TUTORIAL = ROOT / "fixtures" / "tutorial"
GITLAB_SCHEMA = json.loads((DATA / "gitlab-code-quality.schema.json").read_text(encoding="utf-8"))
JUNIT = xmlschema.XMLSchema(str(DATA / "JUnit.xsd"))

CONF = "port 6379\nmaxmemroy 1gb\nmaxmemroy 1gb\nappendonly maybe\n"


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(scope="module")
def tutorial_report() -> Report:
    return lint([str(TUTORIAL)], Settings(), root=str(TUTORIAL), environ={})


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "redis.conf").write_text(CONF, encoding="utf-8")
    return tmp_path


def small_report(p: Path) -> Report:
    return lint([str(p / "redis.conf")], Settings(select=("RL002", "RL003")), root=str(p), environ={})


# --- GitLab Code Quality ---------------------------------------------------------------------------


def test_gitlab_validates_on_the_tutorial(tutorial_report: Report) -> None:
    issues = json.loads(render(tutorial_report, "gitlab"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len(issues) == len(tutorial_report.active) > 100
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab keeps one issue per fingerprint


def test_gitlab_issues_exactly(small: Path) -> None:
    report = small_report(small)
    issues = json.loads(render(report, "gitlab"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in issues] == [
        ("RL002", "redis.conf", 2, "blocker"),
        ("RL002", "redis.conf", 3, "blocker"),
        ("RL003", "redis.conf", 4, "blocker"),
    ]
    first = report.active[0]
    assert issues[0]["fingerprint"] == first.fingerprint("redis.conf")  # the SARIF fingerprint
    assert issues[1]["fingerprint"] != issues[0]["fingerprint"]  # the same mistake twice: two issues
    assert issues[0]["description"] == f"RL002: {first.message}"


# --- JUnit -----------------------------------------------------------------------------------------


def test_junit_validates_on_the_tutorial(tutorial_report: Report) -> None:
    text = render(tutorial_report, "junit")
    JUNIT.validate(text)
    root = ET.fromstring(text)
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(tutorial_report.active)


def test_junit_exactly(small: Path) -> None:
    text = render(small_report(small), "junit")
    JUNIT.validate(text)
    root = ET.fromstring(text)
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("redis.conf", "3", "3", "0"),
        ("redislint", "1", "0", "0"),
    ]
    cases = [(c.get("classname"), c.get("name"), c.find("failure").get("type")) for c in suites[0].findall("testcase")]  # type: ignore[union-attr]
    assert cases == [
        ("redis.conf", "RL002 unknown-directive (2:1)", "critical"),
        ("redis.conf", "RL002 unknown-directive (3:1)", "critical"),
        ("redis.conf", "RL003 invalid-argument (4:12)", "critical"),
    ]
    assert "hostname=\"localhost\"" in text


def test_xml_formats_stay_well_formed_whatever_a_message_holds(tmp_path: Path) -> None:
    f = tmp_path / "redis.conf"
    f.write_text("port 6379\n", encoding="utf-8")
    span = Span(file=str(f), start_line=1, start_col=1, end_line=1, end_col=5)
    bad = Finding(rule_id="RL002", rule_name="unknown-directive", severity=Severity.HIGH, message="a \x1b[31m\x00 <tag> & ]]> \ud800", span=span, evidence="x")
    report = Report(findings=[bad], rules=[], root=tmp_path, files=[str(f)], notices=["\x07bell"])
    for fmt in ("junit", "checkstyle"):
        ET.fromstring(render(report, fmt))  # parses
    JUNIT.validate(render(report, "junit"))


# --- checkstyle ------------------------------------------------------------------------------------


def test_checkstyle_exactly(small: Path) -> None:
    root = ET.fromstring(render(small_report(small), "checkstyle"))
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    errors = [(file.get("name"), e.get("line"), e.get("column"), e.get("severity"), e.get("source")) for file in root for e in file]
    assert errors == [
        ("redis.conf", "2", "1", "error", "redislint.RL002"),
        ("redis.conf", "3", "1", "error", "redislint.RL002"),
        ("redis.conf", "4", "12", "error", "redislint.RL003"),
    ]


# --- GitHub ----------------------------------------------------------------------------------------


def _many(tmp_path: Path, n: int, severity: Severity) -> list[Finding]:
    f = tmp_path / "redis.conf"
    return [
        Finding(rule_id="RL002", rule_name="unknown-directive", severity=severity, message=f"m{i}",
                span=Span(file=str(f), start_line=i + 1, start_col=1, end_line=i + 1, end_col=2), evidence=f"e{i}")
        for i in range(n)
    ]  # fmt: skip


def test_github_annotates_within_the_per_step_limits(tmp_path: Path) -> None:
    findings = _many(tmp_path, 12, Severity.MEDIUM) + _many(tmp_path, 25, Severity.CRITICAL) + _many(tmp_path, 3, Severity.LOW)
    report = Report(findings=findings, rules=[], root=tmp_path, notices=["a notice"])
    lines = render(report, "github").splitlines()
    commands = [ln.split(" ", 1)[0].split("::")[1] for ln in lines if ln.startswith("::")]
    assert commands.count("error") == 10 and commands.count("warning") == 10 and commands.count("notice") == 3
    assert lines[0] == "::warning::a notice"  # a tool notice first: it says what was not checked
    assert lines[1].startswith("::error file=redis.conf,line=1,")  # the most severe first
    plain = [ln for ln in lines if not ln.startswith("::")]
    assert plain[0] == "redis.conf:11:1: RL002 [critical] m10 (unknown-directive)"
    assert len(plain) == 15 + 3 + 1
    assert plain[-1] == (
        "redislint: 18 more findings not annotated (GitHub shows 10 errors, 10 warnings and 10 notices per step): "
        "listed above and in the job summary"
    )


def test_github_log_lines_cannot_become_commands(tmp_path: Path) -> None:
    """Beyond the annotation budget findings are plain log lines: a hostile file name or message
    cannot start a workflow command there; an IPv6 address in a message stays as written."""
    findings = _many(tmp_path, 10, Severity.CRITICAL)
    odd = Span(file=str(tmp_path / "::error::x.conf"), start_line=1, start_col=1, end_line=1, end_col=2)
    findings.append(Finding(rule_id="RL002", rule_name="unknown-directive", severity=Severity.HIGH, message="bind ::1\n::warning::injected", span=odd, evidence="o"))
    lines = render(Report(findings=findings, rules=[], root=tmp_path), "github").splitlines()
    assert lines[10] == "./::error::x.conf:1:1: RL002 [high] bind ::1 ::warning::injected (unknown-directive)"
    assert sum(1 for ln in lines if ln.startswith("::")) == 10


def test_text_lines_cannot_be_started_by_a_file_name(tmp_path: Path) -> None:
    """The text and concise reports run in CI logs too: a file named '::error::x' or holding a line
    break cannot start a workflow command or a new line there."""
    (tmp_path / "::error::redis.conf").write_text("maxmemroy 1gb\n", encoding="utf-8")
    (tmp_path / "a\n::warning::redis.conf").write_text("maxmemroy 1gb\n", encoding="utf-8")
    report = lint([str(tmp_path)], Settings(select=("RL002",)), root=str(tmp_path), environ={})
    for fmt in ("text", "concise"):
        lines = render(report, fmt, color=False, sort="file").splitlines()
        assert not [ln for ln in lines if ln.lstrip().startswith(("::", "##"))], fmt
        heads = [ln.split(": RL002")[0] for ln in lines if ": RL002 " in ln]
        assert heads == ["./::error::redis.conf:1:1", "a\\n::warning::redis.conf:1:1"], fmt


def test_github_job_summary_on_the_tutorial(tmp_path: Path, tutorial_report: Report) -> None:
    tut = tmp_path / "tutorial"
    shutil.copytree(TUTORIAL, tut)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    code, out, _err = run("check", "--format", "github", cwd=tut, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1
    assert sum(1 for ln in out.splitlines() if ln.startswith("::error ")) == 10
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## redislint\n\n")  # appended, as GitHub expects
    rows = [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith("| severity")]
    assert len(rows) == len(tutorial_report.active)
    assert rows[0].startswith("| critical | RL")
    assert [r.split(" | ")[0] for r in rows] == sorted((r.split(" | ")[0] for r in rows), key=["| critical", "| high", "| medium", "| low"].index)
    assert f"Found {len(tutorial_report.active)} problems in " in text
    # the same text as --format github-summary
    assert run("check", "--format", "github-summary", cwd=tut)[1] == text.removeprefix("earlier step\n")


def test_github_summary_is_literal_markdown(tmp_path: Path) -> None:
    f = tmp_path / "redis.conf"
    span = Span(file=str(f), start_line=1, start_col=1, end_line=1, end_col=2)
    finding = Finding(rule_id="RL002", rule_name="unknown-directive", severity=Severity.HIGH,
                      message="![x](https://evil.example/p.png) | <img src=x> [link](http://e) `code`\nnext", span=span, evidence="x")  # fmt: skip
    text = render(Report(findings=[finding], rules=[], root=tmp_path), "github-summary")
    row = text.splitlines()[-1]
    assert row.count(" | ") == 3  # no cell break from the message
    assert not re.search(r"(?<!\\)[\[\]`!]", row.split(" | ")[-1]) and "<img" not in row  # every one escaped
    assert "\\!\\[x\\]" in row and "&lt;img src=x&gt;" in row


# --- several reports from one run, and the report options -----------------------------------------------


def test_several_reports_from_one_run(small: Path) -> None:
    code, out, err = run(
        "check", "redis.conf", "--select", "RL002,RL003",
        "--format", "sarif:out.sarif", "-f", "json", "-o", "out.json", "--output-format", "gitlab:gl.json",
        "-f", "junit", "-o", "junit.xml", "-f", "checkstyle:cs.xml", "--format", "concise", cwd=small,
    )  # fmt: skip
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "redis.conf:2:1: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)"
    assert json.loads((small / "out.sarif").read_text())["version"] == "2.1.0"
    assert len(json.loads((small / "out.json").read_text())["findings"]) == 3
    jsonschema.validate(json.loads((small / "gl.json").read_text()), GITLAB_SCHEMA)
    JUNIT.validate(str(small / "junit.xml"))
    ET.parse(small / "cs.xml")


def test_all_reports_to_files_say_so_on_stderr(small: Path) -> None:
    code, out, err = run("check", "redis.conf", "--select", "RL002", "-f", "json:a.json", "--sarif", "b.sarif", cwd=small)
    assert (code, out, err) == (1, "", "redislint: 2 findings written to a.json, b.sarif\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "json", "-f", "text"), "only one report can go to standard output: give the others a file (--format json:report.json)"),
        (("-o", "a", "-o", "b"), "2 --output files for 1 --format without a file: give each --output a --format (or write --format FMT:FILE)"),
        (("-f", "json:a", "-f", "sarif:a"), "two reports would be written to the same file"),
        (("-f", "jnuit"), "unknown format: 'jnuit' (did you mean 'junit'?) (use text, concise, json, sarif, github, github-summary, gitlab, junit, checkstyle)"),
        (("-f", "json:"), "--format json:: no file after ':'"),
    ],
)
def test_destination_errors_are_usage_errors(small: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run("check", "redis.conf", *args, cwd=small)
    assert code == 2 and out == ""
    assert err.endswith(f"Error: {message}\n")


def test_sort_statistics_and_quiet_from_the_command_line(small: Path) -> None:
    (small / "redis.conf").write_text("port 6379\nslaveof 10.0.0.1 6379\nmaxmemroy 1gb\n", encoding="utf-8")
    args = ("check", "redis.conf", "--select", "RL002,RL004", "--format", "concise")
    code, out, _ = run(*args, cwd=small)
    assert code == 1
    assert [ln.split(": ")[1].split(" [")[0] for ln in out.splitlines() if ": RL" in ln] == ["RL002", "RL004"]  # critical first
    _, out, _ = run(*args, "--sort", "file", cwd=small)
    assert [ln.split(": ")[1].split(" [")[0] for ln in out.splitlines() if ": RL" in ln] == ["RL004", "RL002"]
    _, out, _ = run(*args, "--statistics", cwd=small)
    assert "By rule:\n  1  RL002  unknown-directive\n  1  RL004  deprecated-directive\n" in out
    code, out, err = run(*args, "-q", cwd=small)
    assert code == 1 and err == ""
    assert out == (
        "redis.conf:3:1: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)\n"
        "redis.conf:2:1: RL004 [low] 'slaveof' is a deprecated alias of 'replicaof' (deprecated-directive)\n"
    )
