"""Stable fingerprint evidence for findings that come from a diagnosis with a message (a config
loader's problem, a parse error): the directive and argument they point at, never the message, so
that rewording a message does not change a finding's fingerprint."""

from __future__ import annotations

from collections.abc import Iterable

from redislint.model.conf import Directive
from redislint.model.span import Span


def _starts_inside(outer: Span, line: int, col: int) -> bool:
    if not outer.start_line <= line <= outer.end_line:
        return False
    if line == outer.start_line and col < outer.start_col:
        return False
    return not (line == outer.end_line and col > outer.end_col)


class DirectiveIndex:
    """Which directive, and which of its arguments, a span points at (directives indexed by line once,
    when the first question comes: a file of many problems stays linear)."""

    def __init__(self, directives: Iterable[Directive]) -> None:
        self._directives = directives
        self._by_line: dict[tuple[str, int], list[Directive]] | None = None

    def directive(self, span: Span) -> Directive | None:
        """The directive whose line holds the start of ``span``."""
        self.evidence(span)
        assert self._by_line is not None
        for d in self._by_line.get((span.file, span.start_line), ()):
            if _starts_inside(d.span, span.start_line, span.start_col):
                return d
        return None

    def evidence(self, span: Span) -> str:
        """``maxmemory`` (the directive, or its name) or ``maxmemory:2`` (its second argument); empty
        when no directive is there (the engine then takes the text at the span)."""
        if self._by_line is None:
            self._by_line = {}
            for d in self._directives:
                for n in range(d.span.start_line, d.span.end_line + 1):
                    self._by_line.setdefault((d.span.file, n), []).append(d)
        line, col = span.start_line, span.start_col
        for d in self._by_line.get((span.file, line), ()):
            if not _starts_inside(d.span, line, col):
                continue
            for i, a in enumerate(d.args, start=1):
                if _starts_inside(a.span, line, col):
                    return f"{d.name}:{i}"
            return d.name
        return ""


def first_word(text: str | None, line: int) -> str:
    """The first word of line ``line`` of a config file's text (lines end at LF, as the server's
    loader counts them), lower-cased: the directive a line the loader rejects was meant to be."""
    if text is None or line < 1:
        return ""
    lines = text.split("\n")
    if line > len(lines):
        return ""
    words = lines[line - 1].split()
    return words[0].lower() if words else ""
