"""RL011 (version-gated-directive): A directive or value the target version does not know, though
another version does.

Examples, fixes and the reasoning: ``rules/RL011.md``.
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
    id="RL011",
    name="version-gated-directive",
    severity=Severity.CRITICAL,
    tags=("correctness",),
    scope=Scope.SERVER,
    summary="A directive or value the target version does not know, though another version does",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    where = DirectiveIndex(node.directives)
    for p in problems(node, ctx):
        if p.kind == "version-gated":
            yield ctx.finding(p.span, p.message, fix=p.fix, evidence=where.evidence(p.span))
