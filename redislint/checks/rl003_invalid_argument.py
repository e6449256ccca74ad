"""RL003 (invalid-argument): A directive has the wrong number of arguments or a value Redis refuses.

Examples, fixes and the reasoning: ``rules/RL003.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._evidence import DirectiveIndex
from redislint.checks._fixes import in_file, insert_lines, replace
from redislint.checks._validity import problems
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.conf import Directive
from redislint.model.project import RedisNode
from redislint.model.span import Span

LIST_VALUED = frozenset({"tls-protocols"})
"""Directives whose one argument is a space-separated list: written unquoted, each word becomes an
argument and the server refuses the line; quoted, it is the list the user meant."""


@rule(
    id="RL003",
    name="invalid-argument",
    severity=Severity.CRITICAL,
    tags=("correctness",),
    scope=Scope.SERVER,
    summary="A directive has the wrong number of arguments or a value Redis refuses",
    fix="safe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "invalid-argument":
            d = where.directive(p.span)
            autofix = _fix(d, ctx) if d is not None and in_file(d) else None
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span), autofix=autofix)
        elif p.kind == "misread":
            # accepted: the server starts, with another value than the one written
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span), severity=Severity.MEDIUM)


def _fix(d: Directive, ctx: Context) -> Fix | None:
    """A trailing comment moved onto a line of its own (above), or a list value quoted."""
    args = d.args
    idx = next((i for i, a in enumerate(args) if a.raw.startswith("#")), None)
    if idx is not None and idx > 0:
        words = [args[idx].raw]
        for prev, a in zip(args[idx:], args[idx + 1:], strict=False):
            words.append(" " * max(1, a.span.start_col - prev.span.end_col) + a.raw)
        comment = "".join(words)
        cut = Span(file=d.file, start_line=d.line, start_col=args[idx - 1].span.end_col, end_line=d.line, end_col=args[-1].span.end_col)
        return ctx.fix("Move the comment onto its own line", [insert_lines(d.file, d.line, [comment]), replace(cut, "")])
    if idx is None and d.name in LIST_VALUED and len(args) > 1 and all(a.is_literal and not a.quoted and a.raw == a.text and not set(a.raw) & set("\\\"'") for a in args):
        value = " ".join(a.raw for a in args)
        return ctx.fix(f"Quote the list: {d.name} \"{value}\"", [replace(Span.join(args[0].span, args[-1].span), f'"{value}"')])
    return None
