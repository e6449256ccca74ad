"""What a check sees besides its object: the project, the settings, and a way to report."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from redislint.engine.finding import Edit, Finding, Fix, Related
from redislint.engine.rule import Rule, Severity
from redislint.model.base import Record, field
from redislint.model.span import Span

if TYPE_CHECKING:
    from redislint.model.project import Project


class Settings(Record, frozen=True):

    profile: str = "prod"
    select: tuple[str, ...] = ()
    """Rule ids, names or tags to run (empty: all)."""
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    """Severity overrides by rule id."""
    fail_on: Severity = Severity.LOW
    redis_version: str | None = None
    """Version assumed for config files no compose service runs (default: newest known)."""
    today: _dt.date = field(default_factory=_dt.date.today)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    """Globs of files and folders not to lint when walking folders, relative to ``config_base``."""
    config_base: str = ""
    """The folder of the configuration file: ``exclude`` and ``per-file-ignores`` globs are relative
    to it (the root when empty)."""
    respect_gitignore: bool = True
    """Walking folders skips what a ``.gitignore`` of the repository covers."""
    allow_empty: bool = False
    """A folder without Redis files, or a run of only files no stack uses, is not an error (exit 0)."""
    jobs: int = 1
    """Worker processes (see :func:`redislint.api.lint`): 1 lints in this process; 0 means the cores
    available. The report is the same whatever the number."""
    cache_dir: str | None = None
    """The parse cache's folder (``.redislint_cache`` under the repository root; None: no cache)."""


class Context:
    def __init__(self, rule: Rule, project: Project, settings: Settings) -> None:
        self.rule = rule
        self.project = project
        self.settings = settings
        self.findings: list[Finding] = []

    def finding(
        self,
        span: Span,
        message: str,
        *,
        fix: str | None = None,
        related: Iterable[tuple[Span, str] | Related] = (),
        evidence: str | None = None,
        severity: Severity | None = None,
        autofix: Fix | None = None,
    ) -> Finding:
        if autofix is not None and self.rule.fix is None:
            raise ValueError(f"{self.rule.id} yields a fix but is not declared with fix=")
        rel = [r if isinstance(r, Related) else Related(span=r[0], message=r[1]) for r in related]
        sev = severity if severity is not None else self.rule.severity
        return Finding(
            rule_id=self.rule.id,
            rule_name=self.rule.name,
            severity=sev,
            message=message,
            span=span,
            fix=fix,
            related=rel,
            evidence=evidence or "",
            autofix=autofix,
        )

    def fix(self, title: str, edits: Iterable[Edit], *, unsafe: bool = False, region: Span | None = None) -> Fix:
        """A fix of this rule's finding: ``unsafe`` when this one changes behaviour (a rule declared
        ``fix="unsafe"`` makes every fix unsafe)."""
        level = "unsafe" if unsafe or self.rule.fix == "unsafe" else "safe"
        return Fix(title=title, edits=tuple(edits), applicability=level, region=region)
