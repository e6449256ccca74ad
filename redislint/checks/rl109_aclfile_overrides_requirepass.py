"""RL109 (aclfile-overrides-requirepass): aclfile and requirepass together: Redis silently ignores
requirepass.

Examples, fixes and the reasoning: ``rules/RL109.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._acl import acl_model
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL109",
    name="aclfile-overrides-requirepass",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.NODE,
    summary="aclfile and requirepass together: Redis silently ignores requirepass",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    aclfile = node.get("aclfile")
    rp = node.get("requirepass")
    if aclfile is None or rp is None:
        return
    if rp.text(0) == "":
        return
    model = acl_model(node)
    default = model.default
    if model.known and default is not None and not default.builtin and (not default.on or not default.nopass):
        outcome = "the ACL file's default user decides who may connect"
        severity = Severity.MEDIUM  # still protected: a misleading config (changing requirepass changes nothing)
    elif model.known:
        outcome = "the ACL file does not protect the default user, so the server accepts commands without a password"
        severity = Severity.CRITICAL
    else:
        outcome = "only the ACL file (not in the repository) decides whether a password is needed"
        severity = Severity.MEDIUM
    yield ctx.finding(
        rp.span,
        f"requirepass is ignored because aclfile is set: {outcome}",
        fix="Remove requirepass and give the default user a password (or 'off') in the ACL file",
        related=[(aclfile.span, "aclfile set here")],
        evidence="aclfile+requirepass",
        severity=severity,
    )
