"""RL004 (deprecated-directive): An old alias of a directive is used instead of its canonical name.

Examples, fixes and the reasoning: ``rules/RL004.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._evidence import DirectiveIndex
from redislint.checks._fixes import replace
from redislint.checks._validity import problems
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL004",
    name="deprecated-directive",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.SERVER,
    summary="An old alias of a directive is used instead of its canonical name",
    fix="safe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "deprecated":
            autofix = None
            d = where.directive(p.span)
            if p.replacement and d is not None and d.origin in ("file", "command") and d.name_span == p.span:
                prefix = "--" if d.origin == "command" else ""
                autofix = ctx.fix(f"Rename '{d.name}' to '{p.replacement}'", [replace(p.span, prefix + p.replacement, old=prefix + d.name)])
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span), autofix=autofix)
