"""RL109, one of its checks: on a running server (``redislint audit``): ``requirepass`` is set while
the users come from an ``aclfile``; the server's own ``ACL LIST`` says whether the default user is
protected.

Examples, fixes and the reasoning: ``rules/RL109.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl109_aclfile_overrides_requirepass  # noqa: F401  (declares RL109)
from redislint.checks._acl import acl_model
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend
from redislint.model.project import RedisNode


@extend(id="RL109", scope=Scope.NODE)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if node.live is None or node.live.aclfile is None or not (node.live.aclfile.text or "").strip():
        return
    rp = node.get("requirepass")
    if rp is None or not rp.text(0):
        return
    default = acl_model(node).default
    if default is None:
        return  # ACL LIST was refused: who may connect is unknown
    if default.on and default.nopass:
        outcome = "the running server's default user (ACL LIST) is 'on nopass': it accepts commands without a password"
        severity = Severity.CRITICAL
    else:
        outcome = "the ACL file's default user decides who may connect (ACL LIST), not requirepass"
        severity = Severity.MEDIUM
    yield ctx.finding(
        rp.span,
        f"requirepass is ignored because the server loaded its users from aclfile '{node.live.aclfile.text}': {outcome}",
        fix="Remove requirepass and give the default user a password (or 'off') in the ACL file, then ACL LOAD",
        related=[(node.live.aclfile.span, "aclfile, as the running server reports it")],
        evidence="aclfile+requirepass",
        severity=severity,
    )
