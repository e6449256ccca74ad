"""RL005 (ignored-directive): A directive is accepted but has no effect on this version.

Examples, fixes and the reasoning: ``rules/RL005.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._evidence import DirectiveIndex
from redislint.checks._fixes import delete_line, in_file
from redislint.checks._validity import problems
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL005",
    name="ignored-directive",
    severity=Severity.MEDIUM,
    tags=("correctness",),
    scope=Scope.SERVER,
    summary="A directive is accepted but has no effect on this version",
    fix="safe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "ignored":
            d = where.directive(p.span)
            autofix = None
            if d is not None and in_file(d):
                autofix = ctx.fix(f"Delete the '{d.name}' line (it has no effect)", [delete_line(d.file, d.line)])
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span), autofix=autofix)
