"""Checkstyle XML (``--format checkstyle``), read by Jenkins (warnings-ng), reviewdog, SonarQube...

::

    <checkstyle version="4.3">
      <file name="deploy/redis.conf">
        <error line="3" column="13" severity="error" message="..." source="redislint.RL101"/>
      </file>
    </checkstyle>

critical and high are ``error``, medium ``warning``, low ``info``. Files with findings only, in file
order; suppressed findings and notices are left out. Messages pass through the known-value mask;
characters XML cannot hold are escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.output.ci import by_file, xml_text

SEVERITY = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "info"}


def render_checkstyle(report: Report) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for rel, group in groupby(by_file(report, report.active), key=lambda f: report.relpath(f.span.file)):
        node = ET.SubElement(root, "file", name=xml_text(rel))
        for f in group:
            ET.SubElement(
                node, "error", line=str(f.span.start_line), column=str(f.span.start_col), severity=SEVERITY[f.severity],
                message=xml_text(f"{report.mask(f.message)} ({f.rule_name})"), source=f"redislint.{f.rule_id}",
            )  # fmt: skip
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
