"""Findings: what a rule reports, where, and how to fix it."""

from __future__ import annotations

from redislint.engine.rule import Severity
from redislint.model.base import Record, field
from redislint.model.span import Span


class Related(Record, frozen=True):

    span: Span
    message: str


class Finding(Record, eq=True):
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    span: Span
    fix: str | None = None
    related: list[Related] = field(default_factory=list)
    evidence: str = ""
    """What exactly is wrong, as a stable key (never the message, never the line): used for fingerprints."""
    suppressed: bool = False
    suppression_reason: str | None = None
    suppression_kind: str | None = None
    """``inSource`` (a pragma) or ``external`` (configuration)."""

    def fingerprint(self, relpath: str) -> str:
        import hashlib
        data = "\x1f".join((self.rule_id, relpath, self.evidence))
        return hashlib.sha256(data.encode("utf-8", "replace")).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.start_line, self.span.start_col, self.rule_id)
