"""JSON output (``--format json``): a stable shape for scripts.

The document is one object::

    {
      "version": "0.1.0",                 # redislint's version
      "summary": {
        "critical": 1, "high": 0,         # active (not suppressed) findings per severity
        "medium": 2, "low": 0,
        "suppressed": 1,                  # findings silenced by a pragma or the configuration
        "baselined": 0,                   # findings the baseline holds (left out of "findings")
        "files": 4,                       # files that were read
        "stacks": 1                       # compose projects linted
        # redislint audit adds "servers": 2, the running servers read (not counted in "files")
      },
      "findings": [
        {
          "rule": "RL402",                # rule id
          "name": "maxmemory-exceeds-container-limit",
          "severity": "critical",         # critical | high | medium | low (after configuration)
          "message": "...",
          "file": "deploy/redis.conf",    # relative to the project root, "/" separated;
                                          # absolute for files outside the root
          "line": 3, "column": 1,         # 1-based, columns in Unicode code points
          "end_line": 3, "end_column": 17,# end column exclusive
          "fix": "..." | null,
          "related": [
            {"file": "compose.yaml", "line": 9, "column": 7, "message": "..."}
          ],
          "fingerprint": "3f1c...",       # stable identity: rule + file + what is wrong,
                                          # independent of the message and the line
          "suppressed": false,
          "suppression": {"kind": "inSource" | "external", "reason": "..."} | null
        }
      ],
      "notices": ["..."]                  # tool messages (a file skipped, a path unreadable)
    }

Findings are sorted by file, line, column and rule; suppressed ones are included and marked.
The same shape is declared as a pydantic model in :mod:`redislint.output.schema` (``JsonReport``;
its ``model_json_schema()`` is the JSON Schema), and the tests validate every report against it.
Keys are only ever added, never renamed or removed, within a major version. No source text is
included; messages, fixes and notices pass through the known-value mask.
"""

from __future__ import annotations

import json
from typing import Any

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.rule import Severity
from redislint.model.live import is_live_location


def render_json(report: Report) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


def to_data(report: Report) -> dict[str, Any]:
    active = report.active
    summary: dict[str, int] = {
        sev.label: sum(1 for f in active if f.severity == sev) for sev in sorted(Severity, reverse=True)
    }
    summary["suppressed"] = len(report.findings) - len(active)
    summary["baselined"] = len(report.baselined)
    servers = sum(1 for p in report.files if is_live_location(p))
    summary["files"] = len(report.files) - servers
    summary["stacks"] = report.stacks
    if servers:
        summary["servers"] = servers  # redislint audit: the running servers read (not files)
    ordered = sorted(
        report.findings,
        key=lambda f: (report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id),
    )
    return {
        "version": report.tool_version,
        "summary": summary,
        "findings": [_finding(report, f) for f in ordered],
        "notices": [report.mask(n) for n in report.notices],
    }


def _finding(report: Report, f: Finding) -> dict[str, Any]:
    rel = report.relpath(f.span.file)
    suppression = None
    if f.suppressed:
        suppression = {
            "kind": f.suppression_kind or "inSource",
            "reason": report.mask(f.suppression_reason) if f.suppression_reason else None,
        }
    return {
        "rule": f.rule_id,
        "name": f.rule_name,
        "severity": f.severity.label,
        "message": report.mask(f.message),
        "file": rel,
        "line": f.span.start_line,
        "column": f.span.start_col,
        "end_line": f.span.end_line,
        "end_column": f.span.end_col,
        "fix": report.mask(f.fix) if f.fix is not None else None,
        "related": [
            {
                "file": report.relpath(r.span.file),
                "line": r.span.start_line,
                "column": r.span.start_col,
                "message": report.mask(r.message),
            }
            for r in f.related
        ],
        "fingerprint": f.fingerprint(rel),
        "suppressed": f.suppressed,
        "suppression": suppression,
    }
