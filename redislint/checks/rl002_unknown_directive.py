"""RL002 (unknown-directive): A directive no Redis or Valkey version knows (a typo, or another
product's option).

Examples, fixes and the reasoning: ``rules/RL002.md``.
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
    id="RL002",
    name="unknown-directive",
    severity=Severity.CRITICAL,
    tags=("correctness",),
    scope=Scope.SERVER,
    summary="A directive no Redis or Valkey version knows (a typo, or another product's option)",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "unknown":
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span))
