"""RL860 (live-config-drift): a running server's value of a directive differs from the repository's
effective config (``redislint audit --against``).

Examples, fixes and the reasoning: ``rules/RL860.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

IMPORTANT = frozenset(
    {"appendonly", "appendfsync", "save", "requirepass", "primaryauth", "protected-mode", "bind", "maxmemory", "maxmemory-policy", "port", "tls-port", "replicaof"}
)
"""Directives whose drift changes durability, access or memory behaviour: HIGH."""


@rule(
    id="RL860",
    name="live-config-drift",
    severity=Severity.MEDIUM,
    tags=("operability", "correctness"),
    scope=Scope.NODE,
    platforms=("live",),
    summary="the running server's value differs from the repository's (changed at run time and not persisted, or another file loaded)",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    for d in node.drift or ():
        if d.repository is None and d.secret:
            msg = f"the running server of {node_label(node)} has a {d.name} the repository never sets (set at run time and not persisted; not shown)"
        elif d.repository is None:
            msg = f"the running server of {node_label(node)} has '{d.name} {d.live}', the repository never sets {d.name} (the default differs): set at run time and not persisted, or another file loaded"
        elif d.secret:
            msg = f"the running server of {node_label(node)} has another {d.name} than the repository sets (compared by digest; neither is shown)"
        else:
            msg = f"the running server of {node_label(node)} has '{d.name} {d.live}', the repository sets '{d.name} {d.repository}': changed at run time and not persisted, or not this file"
        yield ctx.finding(
            d.span,
            msg,
            fix="Set it here to the value you want and restart (or CONFIG SET it back); never leave CONFIG SET changes only in the running server",
            evidence=f"drift:{d.name}",
            severity=Severity.HIGH if d.name in IMPORTANT else Severity.MEDIUM,
            related=[(d.live_span, "the running value")] if d.live_span is not None else (),
        )
