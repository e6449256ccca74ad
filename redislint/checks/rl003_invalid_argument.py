"""RL003 (invalid-argument): A directive has the wrong number of arguments or a value Redis refuses.

Examples, fixes and the reasoning: ``rules/RL003.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._evidence import DirectiveIndex
from redislint.checks._validity import problems
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL003",
    name="invalid-argument",
    severity=Severity.CRITICAL,
    tags=("correctness",),
    scope=Scope.SERVER,
    summary="A directive has the wrong number of arguments or a value Redis refuses",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "invalid-argument":
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span))
