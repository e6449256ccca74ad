"""RL204 (protected-configs-enabled): enable-protected-configs, enable-debug-command or enable-module-
command is turned on.

Examples, fixes and the reasoning: ``rules/RL204.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

_WHAT = {
    "enable-protected-configs": "CONFIG SET of protected configs (dir, dbfilename: write files anywhere)",
    "enable-debug-command": "the DEBUG command",
    "enable-module-command": "MODULE LOAD (run native code)",
}


@rule(
    id="RL204",
    name="protected-configs-enabled",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.NODE,
    summary="enable-protected-configs, enable-debug-command or enable-module-command is turned on",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    auth = None
    for name, what in _WHAT.items():
        d = node.get(name)
        if d is None:
            continue
        val = (d.text(0) or "").lower()
        if val == "local":
            yield ctx.finding(
                d.span,
                f"{name} local allows {what} to clients on loopback",
                fix=f"Set {name} no unless you need it",
                evidence=name,
                severity=Severity.LOW,
            )
        elif val == "yes":
            if auth is None:
                auth = auth_state(node).state
            sev = Severity.CRITICAL if auth == "unset" else Severity.HIGH
            extra = ", and the server has no password" if auth == "unset" else ""
            yield ctx.finding(
                d.span,
                f"{name} yes allows {what} to every client{extra}",
                fix=f"Set {name} no (the 7.0 default), or local for loopback only",
                evidence=name,
                severity=sev,
            )
