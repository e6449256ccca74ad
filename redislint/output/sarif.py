"""SARIF 2.1.0 output, shaped for GitHub code scanning.

The log is built from plain dicts. The ``sarif-om`` package is deliberately not used: it has not
been maintained since 2019-2021, and serialising its classes naively writes wrong defaults (and
misses the ``$schema`` key), so it would save nothing over writing the few objects by hand.

What GitHub needs, and what this writer does about it:

- one run, ``tool.driver`` named ``redislint`` with ``version``/``semanticVersion``/``informationUri``
  and **every** rule of the catalog in ``rules`` (id order), each with short and full descriptions,
  help text and Markdown (from ``rules/RLxxx.md``), ``helpUri``, a default level, tags, precision,
  and for ``security`` rules a ``security-severity`` string (:data:`SEVERITY_TABLE`);
- results with exactly one location: a percent-encoded, repository-relative URI against
  ``%SRCROOT%`` (files outside the root get an absolute ``file://`` URI), and a full region with an
  exclusive end column (an empty span is widened to one character);
- ``partialFingerprints`` under ``redislintFinding/v1`` (rule + file + evidence, never the message
  or the line). ``primaryLocationLineHash`` is left to ``upload-sarif``, which computes it;
- suppressed findings are left out, because code scanning ignores ``suppressions`` and would open
  alerts for them; ``include_suppressed=True`` writes them with their ``suppressions``;
- baselined findings (``redislint baseline``) likewise: left out by default (``baselineState`` is
  not among the properties code scanning reads either, so an "unchanged" result would still be an
  alert), counted in the run's ``properties`` (``redislint/baselined``); with
  ``include_suppressed=True`` they are results with a ``suppressions`` entry of kind ``external``
  whose justification is the baseline entry's reason;
- ``results`` is always present, notices become ``toolExecutionNotifications``.

No source text is embedded (no ``snippet``), so no secret from a user's file can leak through this
format; messages pass through the known-value mask anyway.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from redislint.engine.finding import Finding, Fix
from redislint.engine.report import Report, read_rule_doc
from redislint.engine.rule import Rule, Severity
from redislint.model.live import is_live_location
from redislint.model.span import Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/redislint/redislint"
HELP_URI = "https://github.com/redislint/redislint/blob/main/rules/{id}.md"
FINGERPRINT_KEY = "redislintFinding/v1"
SRCROOT = "%SRCROOT%"
MAX_DESCRIPTION = 1024
MAX_TAGS = 10

SEVERITY_TABLE: dict[Severity, tuple[str, str, str]] = {
    # severity: (SARIF level, GitHub security-severity, problem.severity for non-security rules)
    Severity.CRITICAL: ("error", "9.5", "error"),
    Severity.HIGH: ("error", "7.5", "error"),
    Severity.MEDIUM: ("warning", "5.5", "warning"),
    Severity.LOW: ("note", "2.0", "recommendation"),
}


def level(severity: Severity) -> str:
    return SEVERITY_TABLE[severity][0]


def render_sarif(report: Report, *, include_suppressed: bool = False) -> str:
    return (
        json.dumps(to_sarif(report, include_suppressed=include_suppressed), indent=None, separators=(",", ":"), ensure_ascii=False)
        + "\n"
    )


def to_sarif(report: Report, *, include_suppressed: bool = False) -> dict[str, Any]:
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {r.id: i for i, r in enumerate(rules)}
    findings = [f for f in report.findings if include_suppressed or not f.suppressed]
    if include_suppressed:
        findings += report.baselined
    # code scanning takes results at repository files only: findings on a running server
    # (redislint audit) are in the JSON and text reports; a notification says how many were left out
    live = [f for f in findings if is_live_location(f.span.file)]
    findings = [f for f in findings if not is_live_location(f.span.file)]
    notes = list(report.notices)
    if live:
        n = len(live)
        notes.append(f"{n} finding{'s' if n != 1 else ''} on running servers (redislint audit) {'are' if n != 1 else 'is'} not in this SARIF log, which holds repository locations only: see --format json")
    findings.sort(key=lambda f: (report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id))
    version = report.tool_version or "0.0.0"
    invocation: dict[str, Any] = {"executionSuccessful": report.exit_code != 2}
    if notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": report.mask(n)}} for n in notes
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "redislint",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in rules],
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(report.root)}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(report, f, index) for f in findings],
    }
    if report.baselined:
        run["properties"] = {"redislint/baselined": len(report.baselined)}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# --- rules -------------------------------------------------------------------------------------


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", name) if part)


def _rule(rule: Rule) -> dict[str, Any]:
    doc = read_rule_doc(rule.id)
    summary = rule.summary
    full = _what_it_checks(doc) if doc else None
    sarif_level, security_severity, problem_severity = SEVERITY_TABLE[rule.severity]
    properties: dict[str, Any] = {"tags": list(rule.tags[:MAX_TAGS]), "precision": "high"}
    if rule.is_security:
        properties["security-severity"] = security_severity
    else:
        properties["problem.severity"] = problem_severity
    return {
        "id": rule.id,
        "name": pascal_case(rule.name),
        "shortDescription": {"text": _clip(summary)},
        "fullDescription": {"text": _clip(full or summary)},
        "help": {"text": markdown_to_text(doc) if doc else summary, "markdown": doc if doc else summary},
        "helpUri": HELP_URI.format(id=rule.id),
        "defaultConfiguration": {"level": sarif_level},
        "properties": properties,
    }


def _what_it_checks(doc: str) -> str | None:
    """The first paragraph under ``## What it checks``, as plain text."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^##\s+What it checks\s*$", line.strip(), re.IGNORECASE):
            paragraph: list[str] = []
            for text in lines[i + 1 :]:
                stripped = text.strip()
                if stripped.startswith("#"):
                    break
                if not stripped:
                    if paragraph:
                        break
                    continue
                paragraph.append(stripped)
            return markdown_to_text(" ".join(paragraph)).strip() or None
    return None


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`]*)`")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


def markdown_to_text(markdown: str) -> str:
    """A readable plain-text rendering of a rule page (headings, emphasis, links, code fences)."""
    out: list[str] = []
    for line in markdown.splitlines():
        head = line.lstrip()[:3]
        if head in ("```", "~~~") and _FENCE.match(line):
            continue
        if head.startswith("#"):
            heading = _HEADING.match(line)
            if heading:
                out.append(heading.group(1))
                continue
        out.append(_inline_text(line))
    return "\n".join(out).strip() + "\n"


def _inline_text(text: str) -> str:
    if "](" in text:
        text = _LINK.sub(r"\1 (\2)", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    return text


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


# --- results -----------------------------------------------------------------------------------


def _root_uri(root: Path) -> str:
    uri = root.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _artifact(report: Report, file: str) -> tuple[dict[str, str], str]:
    """The artifactLocation of a file and the path used to name it (and to fingerprint it)."""
    rel = report.relpath(file)
    if os.path.isabs(rel):
        return {"uri": Path(file).resolve().as_uri()}, rel
    return {"uri": quote(rel), "uriBaseId": SRCROOT}, rel


def _region(span: Span) -> dict[str, int]:
    end_col = span.end_col
    if span.end_line == span.start_line and end_col <= span.start_col:
        end_col = span.start_col + 1
    return {
        "startLine": span.start_line,
        "startColumn": span.start_col,
        "endLine": span.end_line,
        "endColumn": end_col,
    }


def _position(report: Report, path: str, line: int, col: int) -> tuple[int, int, bool]:
    """A fix's position as SARIF wants it, inside the file: column 1 of the line after the last is
    the end of the last line (True: the inserted text then starts with a line break)."""
    if line > 1 and col == 1 and report.source_line(path, line) is None:
        last = report.source_line(path, line - 1)
        if last is not None:
            return line - 1, len(last) + 1, True
    return line, col, False


def _fix(report: Report, fix: Fix) -> dict[str, Any]:
    """A SARIF ``fix``: per file, the regions deleted and the text inserted (masked, like all text)."""
    changes: dict[str, list[dict[str, Any]]] = {}
    artifacts: dict[str, dict[str, Any]] = {}
    for e in fix.edits:
        sp = e.span
        sl, sc, moved = _position(report, sp.file, sp.start_line, sp.start_col)
        el, ec, _ = _position(report, sp.file, sp.end_line, sp.end_col)
        text = e.text
        if moved and sp.start_line == sp.end_line:
            text = "\n" + text.removesuffix("\n")
        artifacts[sp.file] = _artifact(report, sp.file)[0]
        changes.setdefault(sp.file, []).append(
            {
                "deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
                "insertedContent": {"text": report.mask(text)},
            }
        )
    return {
        "description": {"text": report.mask(fix.title) + ("" if fix.applicability == "safe" else " (unsafe: changes behaviour)")},
        "artifactChanges": [{"artifactLocation": artifacts[p], "replacements": r} for p, r in changes.items()],
    }


def _escape_brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _location(report: Report, span: Span) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": _artifact(report, span.file)[0], "region": _region(span)}}


def _result(report: Report, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    rel = report.relpath(f.span.file)
    message = report.mask(f.message)
    result: dict[str, Any] = {"ruleId": f.rule_id}
    if f.rule_id in index:
        result["ruleIndex"] = index[f.rule_id]
    result["level"] = level(f.severity)
    related: list[dict[str, Any]] = []
    links: list[str] = []
    # a running server (redislint audit: the running value a drift finding relates to) is no
    # artifact code scanning accepts; the message says the value
    kept = [r for r in f.related if not is_live_location(r.span.file)]
    for i, r in enumerate(kept, start=1):
        r_rel = report.relpath(r.span.file)
        r_message = report.mask(r.message)
        related.append({"id": i, **_location(report, r.span), "message": {"text": r_message}})
        links.append(f"[{_escape_brackets(f'{r_rel}:{r.span.start_line}')}]({i})")
    if links:
        message = f"{_escape_brackets(message)} (see {', '.join(links)})"
    result["message"] = {"text": message}
    result["locations"] = [_location(report, f.span)]
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint(rel)}
    if f.autofix is not None:
        result["fixes"] = [_fix(report, f.autofix)]
    if f.suppressed:
        kind = f.suppression_kind if f.suppression_kind in ("inSource", "external") else "inSource"
        suppression: dict[str, Any] = {"kind": kind}
        if f.suppression_reason:
            suppression["justification"] = report.mask(f.suppression_reason)
        result["suppressions"] = [suppression]
    return result
