"""RL875 (memory-request-below-limit): a Redis datastore asks for less memory than its limit, so
the scheduler may place it where the limit is not there.

Examples, fixes and the reasoning: ``rules/RL875.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import aof_enabled, node_label, rdb_enabled
from redislint.checks._kube import kube_server
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.units import human_bytes


@rule(
    id="RL875",
    name="memory-request-below-limit",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="A Redis datastore's memory request is below its limit: it may be scheduled where the limit is not there, and is evicted first",
    platforms=("kubernetes",),
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    found = kube_server(svc, ctx.project)
    if found is None:
        return
    node, kube = found
    limit, request = svc.memory_limit, kube.memory_request
    if node.kind != "redis" or limit is None or request is None or kube.memory_request_span is None or request >= limit:
        return
    if not (rdb_enabled(node) or aof_enabled(node) or node.datastore):
        return  # a cache may be evicted and rebuilt
    yield ctx.finding(
        kube.memory_request_span,
        f"{node_label(node)} requests {human_bytes(request)} of memory but may use {human_bytes(limit)}: the node it is "
        "scheduled on may not have the difference, and under memory pressure the kubelet evicts it before Guaranteed pods",
        fix="Set resources.requests.memory equal to resources.limits.memory (Guaranteed QoS with equal CPU requests and limits)",
        related=[(svc.memory_limit_span, "the limit")] if svc.memory_limit_span is not None else [],
        evidence=f"{kube.namespace}/{kube.name}:{kube.container}:memory-request",
    )
