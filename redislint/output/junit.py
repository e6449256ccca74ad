"""JUnit XML (``--format junit``), for the test report views of GitLab, Jenkins, Azure DevOps...

One ``<testsuite>`` per file read, in which each finding is a failed ``<testcase>`` (classname: the
file, name: rule, name and position; ``<failure type="critical" message="...">`` with the finding
as text) and a file without findings one passed test case; a last suite, ``redislint``, holds the
tool's notices in ``<system-err>`` and a test case that errors when the check was incomplete (exit
status 2). The document follows the Apache Ant JUnit schema (every required attribute and element,
``hostname`` always ``localhost``: the runner's name is not printed). Messages pass through the
known-value mask; characters XML cannot hold are escaped.
"""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.output.ci import by_file, xml_text


def render_junit(report: Report) -> str:
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    root = ET.Element("testsuites")
    per_file: dict[str, list[Finding]] = {report.relpath(p): [] for p in report.files}
    for f in by_file(report, report.active):
        per_file.setdefault(report.relpath(f.span.file), []).append(f)
    n = 0
    for rel in sorted(per_file):
        findings = per_file[rel]
        suite = _suite(root, n, rel, stamp, tests=max(len(findings), 1), failures=len(findings), errors=0)
        for f in findings:
            case = ET.SubElement(suite, "testcase", name=xml_text(f"{f.rule_id} {f.rule_name} ({f.span.start_line}:{f.span.start_col})"), classname=xml_text(rel), time="0")
            failure = ET.SubElement(case, "failure", type=f.severity.label, message=xml_text(report.mask(f.message)))
            body = f"{rel}:{f.span.start_line}:{f.span.start_col}: {f.rule_id} [{f.severity.label}] {report.mask(f.message)} ({f.rule_name})"
            if f.fix:
                body += f"\nfix: {report.mask(f.fix)}"
            for r in f.related:
                body += f"\nsee: {report.relpath(r.span.file)}:{r.span.start_line}: {report.mask(r.message)}"
            failure.text = xml_text(body)
        if not findings:
            ET.SubElement(suite, "testcase", name="no problems", classname=xml_text(rel), time="0")
        _streams(suite, "")
        n += 1
    incomplete = report.exit_code == 2
    suite = _suite(root, n, "redislint", stamp, tests=1, failures=0, errors=1 if incomplete else 0)
    case = ET.SubElement(suite, "testcase", name="the check ran to the end", classname="redislint", time="0")
    if incomplete:
        ET.SubElement(case, "error", type="incomplete", message="the check is incomplete (exit status 2): see the notices")
    _streams(suite, "\n".join(report.mask(x) for x in report.notices))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(root: ET.Element, n: int, name: str, stamp: str, *, tests: int, failures: int, errors: int) -> ET.Element:
    suite = ET.SubElement(
        root, "testsuite", name=xml_text(name), package="redislint", id=str(n), timestamp=stamp, hostname="localhost",
        tests=str(tests), failures=str(failures), errors=str(errors), skipped="0", time="0",
    )  # fmt: skip
    ET.SubElement(suite, "properties")
    return suite


def _streams(suite: ET.Element, err: str) -> None:
    ET.SubElement(suite, "system-out").text = ""
    ET.SubElement(suite, "system-err").text = xml_text(err)
