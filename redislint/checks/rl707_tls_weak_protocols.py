"""RL707 (tls-weak-protocols): tls-protocols allows TLSv1 or TLSv1.1.

Examples, fixes and the reasoning: ``rules/RL707.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

WEAK = {"tlsv1": "TLSv1", "tlsv1.0": "TLSv1", "tlsv1.1": "TLSv1.1", "sslv3": "SSLv3", "sslv2": "SSLv2"}


@rule(
    id="RL707",
    name="tls-weak-protocols",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.NODE,
    summary="tls-protocols allows TLSv1 or TLSv1.1",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    d = node.get("tls-protocols")
    if d is None:
        return
    found: list[str] = []
    for a in d.args:
        for tok in (a.text or "").split():
            name = WEAK.get(tok.lower())
            if name is not None and name not in found:
                found.append(name)
    if not found:
        return
    yield ctx.finding(
        d.value_span,
        f"tls-protocols allows {' and '.join(found)}, deprecated protocols with known attacks",
        fix='Set tls-protocols "TLSv1.2 TLSv1.3" (the default)',
        evidence="weak:" + ",".join(found),
    )
