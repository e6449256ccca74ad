"""GitHub Actions workflow commands (``--format github``): annotations for the most severe findings,
within what GitHub shows, and the full list in the job summary (:func:`render_github_summary`).

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and drops the rest
without a word; https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md, "Limitations"),
so this writes the 10 most severe findings of each level (tool notices first among the warnings:
they say the check is incomplete), and every other finding as a plain log line, followed by a line
that says how many were not annotated. ``redislint check --format github`` also appends
:func:`render_github_summary` to the job summary (``$GITHUB_STEP_SUMMARY``) when it runs in a job.

::

    ::error file=deploy/redis.conf,line=3,col=13,endLine=3,endColumn=16,title=RL101 weak-password::msg

CRITICAL and HIGH findings are ``error``, MEDIUM ``warning``, LOW ``notice``. ``col`` and
``endColumn`` are sent only for single-line spans (GitHub refuses them otherwise), and ``endColumn``
is inclusive, as GitHub reads it (it defaults to ``col``), so a span ``13..17`` (exclusive) becomes
``col=13,endColumn=16``. Tool notices become ``::warning`` commands without a file, and so do the
findings of ``redislint audit`` on a running server (no repository file: the server's address is in
the title); drift findings sit at their repository lines. Data and
property values are escaped the way ``@actions/core`` does. No source text is printed; messages go
through the known-value mask.
"""

from __future__ import annotations

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.model.live import is_live_location

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


PER_STEP = 10
"""Annotations of each level GitHub shows per step."""
SUMMARY_LIMIT = 1_000_000
"""GitHub takes at most 1 MiB of job summary per step: the table stops before that."""


def render_github(report: Report) -> str:
    from redislint.output.ci import by_severity

    budget = {"error": PER_STEP, "warning": PER_STEP, "notice": PER_STEP}
    lines: list[str] = []
    for notice in report.notices:
        if budget["warning"]:
            budget["warning"] -= 1
            lines.append(f"::warning::{escape_data(report.mask(notice))}")
        else:
            lines.append(f"redislint: notice: {escape_log(report.mask(notice))}")
    rest: list[Finding] = []
    for f in by_severity(report, report.active):
        level = COMMAND[f.severity]
        if budget[level]:
            budget[level] -= 1
            lines.append(_command(report, f))
        else:
            rest.append(f)
    for f in rest:
        lines.append(escape_log(f"{report.relpath(f.span.file)}:{f.span.start_line}:{f.span.start_col}: {f.rule_id} [{f.severity.label}] {report.mask(f.message)} ({f.rule_name})"))
    if rest:
        n = len(rest)
        lines.append(
            f"redislint: {n} more finding{'s' if n != 1 else ''} not annotated (GitHub shows {PER_STEP} errors, "
            f"{PER_STEP} warnings and {PER_STEP} notices per step): listed above and in the job summary"
        )
    return "".join(line + "\n" for line in lines)


def escape_log(text: str) -> str:
    """A plain log line: on one line, and never starting like a workflow command (``::error::``) or
    a log command (``##[group]``), which the runner reads only at the start of a line (a file
    named ``::error::x.conf`` is shown as ``./::error::x.conf``)."""
    text = "".join(" " if ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else ch for ch in text)
    if text.lstrip().startswith(("::", "##")):
        text = "./" + text.lstrip()
    return text


def render_github_summary(report: Report) -> str:
    """The job summary (``--format github-summary``, and appended to ``$GITHUB_STEP_SUMMARY`` by
    ``--format github``): the summary line and a Markdown table of every finding, most severe first,
    as literal text (nothing from a linted file becomes a link, an image or markup)."""
    from redislint.output.ci import by_severity, markdown_text
    from redislint.output.text import summary_text

    head = "".join(chunk for chunk, _style in summary_text(report))
    out = ["## redislint", "", markdown_text(head), ""]
    findings = by_severity(report, report.active)
    if findings:
        out += ["| severity | rule | location | message |", "|---|---|---|---|"]
    size = sum(len(x) + 1 for x in out)
    for i, f in enumerate(findings):
        row = (
            f"| {f.severity.label} | {f.rule_id} {markdown_text(f.rule_name)} "
            f"| {markdown_text(f'{report.relpath(f.span.file)}:{f.span.start_line}:{f.span.start_col}')} "
            f"| {markdown_text(report.mask(f.message))} |"
        )
        if size + len(row.encode()) + 200 > SUMMARY_LIMIT:
            out += ["", f"{len(findings) - i} more findings are not in this summary (GitHub's size limit): see the log or the SARIF report."]
            break
        out.append(row)
        size += len(row.encode()) + 1
    if report.notices:
        out += ["", *(f"- notice: {markdown_text(report.mask(n))}" for n in report.notices)]
    return "\n".join(out) + "\n"


def _command(report: Report, f: Finding) -> str:
    span = f.span
    if is_live_location(span.file):
        # a finding on a running server (redislint audit): no repository file to annotate, so no
        # file=, line= (GitHub would link a path that does not exist); the server is in the title
        title = escape_property(f"{f.rule_id} {f.rule_name} ({span.file})")
        return f"::{COMMAND[f.severity]} title={title}::{escape_data(report.mask(f.message))}"
    props: list[tuple[str, str]] = [("file", report.relpath(span.file)), ("line", str(span.start_line))]
    if span.end_line == span.start_line:
        props.append(("col", str(span.start_col)))
        props.append(("endLine", str(span.end_line)))
        props.append(("endColumn", str(max(span.end_col - 1, span.start_col))))
    else:
        props.append(("endLine", str(span.end_line)))
    props.append(("title", f"{f.rule_id} {f.rule_name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = escape_data(report.mask(f.message))
    return f"::{COMMAND[f.severity]} {rendered}::{message}"
