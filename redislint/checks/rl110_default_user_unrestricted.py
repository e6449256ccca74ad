"""RL110 (default-user-unrestricted): ACL users are defined but the default user is still on with every
command.

Examples, fixes and the reasoning: ``rules/RL110.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._acl import acl_model
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode
from redislint.redis.acl_advice import APP_USER


@rule(
    id="RL110",
    name="default-user-unrestricted",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.NODE,
    summary="ACL users are defined but the default user is still on with every command",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    model = acl_model(node)
    if not model.app_users:
        return
    default = model.default
    if default is None or default.unknown or not default.on:
        return
    if model.source == "aclfile" and not model.known:
        return
    if not any(r in ("+@all", "allcommands") for r in default.rules):
        return
    if any(default.can_run(c) is not True for c in ("flushall", "config", "shutdown")):
        return  # +@all then -@dangerous (or similar): restricted
    if default.builtin and model.source == "conf" and not node.complete:
        return  # a 'user default' line may be in the part we cannot see
    names = ", ".join(sorted(u.name for u in model.app_users))
    span = default.span if not default.builtin else (model.aclfile.span if model.aclfile is not None else node.anchor)
    if default.builtin and default.nopass:
        where = "not defined, so it stays 'on nopass ~* +@all'"
    elif default.builtin:
        where = "still on with +@all (requirepass only gives it a password)"
    else:
        where = "still on with +@all"
    yield ctx.finding(
        span,
        f"ACL users are defined ({names}) but the default user is {where}",
        fix=f"Add 'user default off', or restrict it: 'user default on >... {APP_USER}'",
        evidence="default-user-all",
    )
