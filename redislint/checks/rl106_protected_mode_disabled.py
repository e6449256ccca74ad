"""RL106 (protected-mode-disabled): protected-mode is turned off on a server without authentication.

Examples, fixes and the reasoning: ``rules/RL106.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state, node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL106",
    name="protected-mode-disabled",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.NODE,
    summary="protected-mode is turned off on a server without authentication",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    d = node.get("protected-mode")
    if d is None or (d.text(0) or "").lower() != "no":
        return
    if auth_state(node).state != "unset":
        return
    yield ctx.finding(
        d.span,
        f"'protected-mode no' on {node_label(node)}, which has no password: any client that reaches it is served",
        fix="Set a password (requirepass or an ACL user), or keep protected-mode yes",
        evidence="protected-mode",
    )
