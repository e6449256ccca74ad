"""RL876 (liveness-kills-loading): a liveness probe with a short window and no startupProbe
restarts Redis while it loads its dataset after a restart, again and again.

Examples, fixes and the reasoning: ``rules/RL876.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.checks._kube import kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service

WINDOW = 300
"""Seconds of failed liveness checks below which a large dataset may not be loaded in time."""


@rule(
    id="RL876",
    name="liveness-kills-loading",
    severity=Severity.MEDIUM,
    tags=("availability", "durability"),
    scope=Scope.SERVICE,
    summary="A liveness probe with a short window and no startupProbe restarts Redis while it loads its data",
    platforms=("kubernetes",),
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    if node.kind != "redis" or any(p.kind == "startup" for p in kube.probes):
        return
    rdb, aof = rdb_enabled(node), aof_enabled(node)
    if not (rdb or aof):
        return  # nothing to load at start
    live = next((p for p in kube.probes if p.kind == "liveness" and p.handler == "exec"), None)
    window = live.window if live is not None else None
    if live is None or window is None or window >= WINDOW or live.fails_while_loading is not True:
        return  # a bare redis-cli ping exits 0 on LOADING: only a probe that requires PONG kills it
    what = "AOF" if aof else "RDB snapshot"
    yield ctx.finding(
        live.span,
        f"the livenessProbe of {node_label(node)} restarts it after {window} s of failed checks (timeout {live.timeout} s) and no "
        f"startupProbe covers the start: while it loads a large {what} it answers LOADING, which the probe does not accept, is killed, and starts loading again",
        fix="Add a startupProbe (failureThreshold x periodSeconds long enough to load the dataset), and give the liveness probe a timeout of several seconds",
        evidence=f"{kube.namespace}/{kube.name}:{kube.container}:liveness",
    )
