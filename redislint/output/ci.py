"""Helpers shared by the CI formats (GitLab Code Quality, JUnit XML, checkstyle, the GitHub job
summary): the order findings are written in, unique fingerprints, text that XML and Markdown accept."""

from __future__ import annotations

import hashlib
import re

from redislint.engine.finding import Finding
from redislint.engine.report import Report


def by_file(report: Report, findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id))


def by_severity(report: Report, findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.value, report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id))


def unique_fingerprints(report: Report, findings: list[Finding]) -> list[str]:
    """The SARIF fingerprint of each finding (rule + file + evidence, never the line); a second
    finding with the same one (the same mistake twice in a file) gets a hash of it and its rank, so
    that every issue has its own and each keeps it from run to run."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for f in findings:
        fp = f.fingerprint(report.relpath(f.span.file))
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(fp if n == 0 else hashlib.sha256(f"{fp}:{n}".encode()).hexdigest()[:32])
    return out


_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (control characters, lone surrogates)
    written as ``\\xNN`` / ``\\uNNNN``: an XML report stays well-formed whatever a file held."""
    return _XML_BAD.sub(lambda m: repr(m.group())[1:-1], text)


_MD_SPECIAL = re.compile(r"([\\`*\[\]|!])")
"""Escaped: what starts code, emphasis, a link or an image, or ends a table cell (``<``/``>``/``&``
are written as HTML entities); ``_``, ``$`` and braces stay, so that ``${REDIS_PASSWORD}`` reads as
written (an underscore inside a word emphasises nothing)."""


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown/HTML text on one line: nothing a linted file holds can become a
    link, an image, a table cell break or a tag in the job summary."""
    text = " ".join(xml_text(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
