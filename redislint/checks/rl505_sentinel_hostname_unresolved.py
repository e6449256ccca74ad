"""RL505 (sentinel-hostname-unresolved): sentinel monitor names a hostname without 'sentinel resolve-
hostnames yes': Sentinel exits.
Examples, fixes and the reasoning: ``rules/RL505.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._sentinel_fixes import hostnames_fix
from redislint.checks._topology import sentinel_config
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL505",
    name="sentinel-hostname-unresolved",
    severity=Severity.CRITICAL,
    tags=("availability",),
    scope=Scope.SENTINEL,
    summary="sentinel monitor names a hostname without 'sentinel resolve-hostnames yes': Sentinel exits",
    once_per="conf-file",
    fix="safe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    cfg = sentinel_config(node)
    hostnames = cfg.hostname_monitors
    if not hostnames or not cfg.hostname_options or (resolve := cfg.flag("resolve-hostnames")) is None:
        return  # no hostname; before 6.2 Sentinel resolved names itself; or the file is not all known
    if not resolve:
        fix = hostnames_fix(cfg, [m.directive for m in hostnames], ctx, both=True)
        for m in hostnames:
            assert m.host is not None
            yield ctx.finding(
                m.host.span,
                f"'sentinel monitor {m.master} {m.host_text}' on {node_label(node)} uses a hostname but 'sentinel resolve-hostnames' is not yes: Sentinel exits with \"Can't resolve instance hostname\"",
                fix="Add 'sentinel resolve-hostnames yes' and 'sentinel announce-hostnames yes'",
                evidence=f"resolve:{m.master}", autofix=fix,
            )
        return
    announce = cfg.flag("announce-hostnames")
    if announce is False:
        d = cfg.globals["resolve-hostnames"]
        yield ctx.finding(
            d.span,
            f"{node_label(node)} resolves hostnames without 'sentinel announce-hostnames yes': Sentinel writes the container IP (or an empty host) back into its config",
            fix="Add 'sentinel announce-hostnames yes'",
            evidence="announce-hostnames",
            severity=Severity.LOW,
            autofix=hostnames_fix(cfg, [d], ctx, both=False),
        )
