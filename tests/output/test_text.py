"""The text renderer (full and concise): frames, carets, colour, sorting, statistics, notices; and the
format dispatcher."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from redislint.engine.report import Report
from redislint.output import render
from tests.output.common import (
    ANSI,
    CATALOG,
    REPO,
    RL101,
    RL200,
    RL701,
    make_finding,
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


