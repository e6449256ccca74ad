"""redis.conf / sentinel.conf as parsed: ordered directives, each argument with its span."""

from __future__ import annotations

from typing import Literal

from redislint.model.base import Record, field
from redislint.model.span import Span
from redislint.model.values import Value

DirectiveOrigin = Literal["file", "command", "environment"]


class Directive(Record, frozen=True):
    """One configuration line (``maxmemory 2gb``) or one command-line option (``--maxmemory 2gb``)."""


    name: str
    """Lower-cased directive name as written (aliases are not resolved here)."""
    args: tuple[Value, ...] = ()
    span: Span
    """The whole line (file) or the option and its values (command line)."""
    name_span: Span
    origin: DirectiveOrigin = "file"

    @property
    def file(self) -> str:
        return self.span.file

    @property
    def line(self) -> int:
        return self.span.start_line

    def arg(self, i: int) -> Value | None:
        return self.args[i] if i < len(self.args) else None

    def text(self, i: int = 0) -> str | None:
        """The known text of argument ``i`` (None when missing or unknown)."""
        a = self.arg(i)
        return a.text if a is not None else None

    @property
    def value_span(self) -> Span:
        """Span of the arguments (the name when there are none)."""
        if not self.args:
            return self.name_span
        return Span.join(self.args[0].span, self.args[-1].span)


class ParseIssue(Record, frozen=True):
    """A line the server's own loader would reject before looking at the directive (RL001)."""


    span: Span
    message: str


class ConfFile(Record):
    """A parsed redis.conf-format file (redis.conf, sentinel.conf, an include, an ACL-less snippet)."""

    path: str
    kind: Literal["redis", "sentinel"] = "redis"
    directives: list[Directive] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    rendered_by: Span | None = None
    """Where a script of the repository renders this file's ``$NAME`` placeholders before the server
    reads it (set by the link stage): its placeholder arguments are then unknown, not literal."""

    def find(self, name: str) -> list[Directive]:
        return [d for d in self.directives if d.name == name]
