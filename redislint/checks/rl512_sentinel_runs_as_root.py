"""RL512 (sentinel-runs-as-root): redis-sentinel on an official Redis image up to 7.4 keeps root
privileges.

Examples, fixes and the reasoning: ``rules/RL512.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL512",
    name="sentinel-runs-as-root",
    severity=Severity.LOW,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="redis-sentinel on an official Redis image up to 7.4 keeps root privileges",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.kind != "sentinel" or svc.user is not None:
        return
    img = node.image
    if img is None or img.product != "redis" or img.flavour != "official" or img.repository != "redis":
        return
    if img.version is None or tuple(img.version[:2]) > (7, 4):
        return  # 8.x images drop privileges for Sentinel too; an untagged image is 8.x today
    inv = node.invocation
    if inv is None:
        return
    first = inv.argv[0].text if inv.argv else inv.binary
    if not inv.in_shell and svc.entrypoint is None and posixpath.basename(first or "") == "redis-server":
        return  # 'redis-server x.conf --sentinel': the entrypoint drops to the redis user
    yield ctx.finding(
        inv.span,
        f"service '{svc.name}' runs Sentinel on {img.ref}, whose entrypoint drops privileges only for 'redis-server': Sentinel runs as root",
        fix="Start it as 'redis-server /path/sentinel.conf --sentinel', or set securityContext runAsUser: 999 and runAsNonRoot: true"
        if svc.platform == "kubernetes"
        else "Start it as 'redis-server /path/sentinel.conf --sentinel', or set user: \"999:999\" (and make the config directory writable for it)",
        evidence="root",
    )
