"""GitLab Code Quality (``--format gitlab``): the JSON array of issues GitLab reads from
``artifacts:reports:codequality`` (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format),
a subset of the Code Climate issue format::

    [{"type": "issue", "check_name": "RL402", "description": "RL402: maxmemory 2 GiB is ...",
      "categories": ["Bug Risk"], "fingerprint": "3f1c...", "severity": "blocker",
      "location": {"path": "deploy/compose.yaml", "lines": {"begin": 25, "end": 25}}}]

Severities: critical -> ``blocker``, high -> ``critical``, medium -> ``major``, low -> ``minor``.
The fingerprint is the SARIF one (rule + file + what is wrong, never the line), made unique when
one mistake occurs twice in a file (GitLab keeps one issue per fingerprint). Suppressed findings and
tool notices are not issues and are left out. Messages pass through the known-value mask.
"""

from __future__ import annotations

import json
from typing import Any

from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.output.ci import by_file, unique_fingerprints

SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
}


def render_gitlab(report: Report) -> str:
    findings = by_file(report, report.active)
    issues: list[dict[str, Any]] = []
    for f, fp in zip(findings, unique_fingerprints(report, findings), strict=True):
        rule = report.rule(f.rule_id)
        issues.append(
            {
                "type": "issue",
                "check_name": f.rule_id,
                "description": f"{f.rule_id}: {report.mask(f.message)}",
                "categories": ["Security" if rule is not None and rule.is_security else "Bug Risk"],
                "fingerprint": fp,
                "severity": SEVERITY[f.severity],
                "location": {"path": report.relpath(f.span.file), "lines": {"begin": f.span.start_line, "end": max(f.span.end_line, f.span.start_line)}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
