"""GitHub Actions workflow commands (``--format github``): one annotation per active finding.

::

    ::error file=deploy/redis.conf,line=3,col=13,endLine=3,endColumn=16,title=RL101 weak-password::msg

CRITICAL and HIGH findings are ``error``, MEDIUM ``warning``, LOW ``notice``. ``col`` and
``endColumn`` are sent only for single-line spans (GitHub refuses them otherwise), and ``endColumn``
is inclusive, as GitHub reads it (it defaults to ``col``), so a span ``13..17`` (exclusive) becomes
``col=13,endColumn=16``. Tool notices become ``::warning`` commands without a file. Data and
property values are escaped the way ``@actions/core`` does. No source text is printed; messages go
through the known-value mask.
"""

from __future__ import annotations

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Severity

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


def render_github(report: Report) -> str:
    findings = sorted(
        report.active,
        key=lambda f: (report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id),
    )
    lines = [_command(report, f) for f in findings]
    lines.extend(f"::warning::{escape_data(report.mask(n))}" for n in report.notices)
    return "".join(line + "\n" for line in lines)


def _command(report: Report, f: Finding) -> str:
    span = f.span
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
