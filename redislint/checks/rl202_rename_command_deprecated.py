"""RL202 (rename-command-deprecated): rename-command is deprecated: use ACL rules to take commands
away.

Examples, fixes and the reasoning: ``rules/RL202.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode
from redislint.redis.acl_advice import APP_USER


@rule(
    id="RL202",
    name="rename-command-deprecated",
    severity=Severity.LOW,
    tags=("security", "operability"),
    scope=Scope.NODE,
    summary="rename-command is deprecated: use ACL rules to take commands away",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    for d in node.all("rename-command"):
        src, dst = d.text(0), d.text(1)
        if src is None:
            continue
        if dst == "":
            msg = f"rename-command {src} \"\" is deprecated: deny {src} by ACL instead (-{src.lower()} or -@dangerous)"
        elif dst is None:
            msg = f"rename-command {src} is deprecated: deny {src} by ACL instead"
        else:
            msg = (
                f"rename-command {src} to another name is obscurity, not security, and deprecated: "
                "anyone who reads the config (or guesses) can still run it"
            )
        yield ctx.finding(
            d.span,
            msg,
            fix=f"Remove rename-command and deny by ACL: 'user default on >... {APP_USER}', an admin user for the rest",
            evidence=f"rename:{src.lower()}",
        )
