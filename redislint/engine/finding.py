"""Findings: what a rule reports, where, and how to fix it."""

from __future__ import annotations

from redislint.engine.rule import Severity
from redislint.model.base import Record, field
from redislint.model.span import Span


class Related(Record, frozen=True):

    span: Span
    message: str


class Edit(Record, frozen=True):
    """Replace the text at ``span`` by ``text`` (a zero-width span inserts; an empty ``text`` deletes).

    ``old`` is the text the rule expects at the span: the fix is refused when the file says
    something else there (the span was computed from a value that does not stand in the file as
    written). Columns count code points, the end column is exclusive; a span may run to column 1 of
    the next line to take a whole line with its line break."""

    span: Span
    text: str
    old: str | None = None


class Fix(Record, frozen=True):
    """How to fix a finding: exact replacements in one or more files, applied together or not at all.

    ``applicability`` is ``safe`` (the deployment means the same: a renamed alias, a moved comment)
    or ``unsafe`` (it behaves differently: a port bound to 127.0.0.1, a lower maxmemory), applied only
    with ``--unsafe-fixes``. ``region`` is the YAML structure the fix inserts into (a service's
    mapping): a fix is refused when that region, or a line an edit touches, uses an anchor, an alias
    or a merge key, or when an edited line uses ``${...}`` interpolation."""

    title: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"
    region: Span | None = None

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.span.file for e in self.edits))


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
    autofix: Fix | None = field(default=None, compare=False)
    """The edits that fix it (see :class:`Fix`), for rules declared with ``fix=``."""
    subject: str | None = field(default=None, compare=False)
    """The name of the server, Sentinel or service the check ran on (set by the runner; None for the
    other scopes), quoted in the message where it names it: :func:`engine.fold.fold_same_place`
    reads it."""
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
