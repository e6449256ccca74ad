"""RL706 (tls-client-auth-off): TLS does not require client certificates (tls-auth-clients no or
optional).

Examples, fixes and the reasoning: ``rules/RL706.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._tls import tls_on
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL706",
    name="tls-client-auth-off",
    severity=Severity.LOW,
    tags=("security",),
    scope=Scope.NODE,
    summary="TLS does not require client certificates (tls-auth-clients no or optional)",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if not tls_on(node):
        return
    d = node.get("tls-auth-clients")
    if d is None:
        return
    val = (d.text(0) or "").lower()
    if val not in ("no", "optional"):
        return
    extra = " (a client without one is still accepted)" if val == "optional" else ""
    yield ctx.finding(
        d.value_span,
        f"tls-auth-clients {val}: clients need no certificate to connect{extra}, only the password protects the server",
        fix="Keep tls-auth-clients yes (the default) and give clients certificates, or make sure a strong password or ACL users are set",
        evidence=f"tls-auth-clients:{val}",
    )
