"""RL703 (tls-plaintext-port-open): TLS is on but the plaintext port is still open.

Examples, fixes and the reasoning: ``rules/RL703.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._tls import plaintext_port, tls_port
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL703",
    name="tls-plaintext-port-open",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.NODE,
    summary="TLS is on but the plaintext port is still open",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    tp = tls_port(node)
    if not tp:
        return
    pp = plaintext_port(node)
    if pp is None or pp == 0:
        return
    d = node.get("tls-port")
    pd = node.get("port")
    assert d is not None
    related = [(pd.span, f"port {pp}")] if pd is not None else []
    how = f"port {pp}" if pd is not None else f"the default port {pp} (no 'port 0')"
    yield ctx.finding(
        d.span,
        f"tls-port {tp} is set but {how} still accepts plaintext clients",
        fix="Add 'port 0' so that clients can only connect with TLS",
        related=related,
        evidence="plaintext-open",
    )
