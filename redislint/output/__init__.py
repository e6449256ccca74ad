"""Renderers: turn a :class:`~redislint.engine.report.Report` into text (full or concise), JSON,
SARIF, GitHub workflow commands and job summary, GitLab Code Quality, JUnit XML or checkstyle XML.

Each renderer lives in its own module and is imported only when asked for, so that choosing
``--format json`` never loads rich, and ``import redislint.output`` costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redislint.engine.report import Report

FORMATS = ("text", "concise", "json", "sarif", "github", "github-summary", "gitlab", "junit", "checkstyle")


def render(report: Report, fmt: str, **options: Any) -> str:
    """Render ``report`` in format ``fmt`` (one of :data:`FORMATS`).

    Options are passed to the renderer: ``color`` and ``show_suppressed`` for text,
    ``include_suppressed`` for sarif. Unknown options raise ``TypeError``.
    """
    if fmt == "text":
        from redislint.output.text import render_text

        return render_text(report, **options)
    if fmt == "concise":
        from redislint.output.text import render_concise

        return render_concise(report, **options)
    if fmt == "json":
        from redislint.output.json import render_json

        return render_json(report, **options)
    if fmt == "sarif":
        from redislint.output.sarif import render_sarif

        return render_sarif(report, **options)
    if fmt == "github":
        from redislint.output.github import render_github

        return render_github(report, **options)
    if fmt == "github-summary":
        from redislint.output.github import render_github_summary

        return render_github_summary(report, **options)
    if fmt == "gitlab":
        from redislint.output.gitlab import render_gitlab

        return render_gitlab(report, **options)
    if fmt == "junit":
        from redislint.output.junit import render_junit

        return render_junit(report, **options)
    if fmt == "checkstyle":
        from redislint.output.checkstyle import render_checkstyle

        return render_checkstyle(report, **options)
    raise ValueError(f"unknown output format {fmt!r} (use {', '.join(FORMATS)})")
