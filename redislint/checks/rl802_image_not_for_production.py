"""RL802 (image-not-for-production): redis/redis-stack is a development image (Redis Insight bundled).

Examples, fixes and the reasoning: ``rules/RL802.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.image import parse_image


@rule(
    id="RL802",
    name="image-not-for-production",
    severity=Severity.MEDIUM,
    tags=("security", "operability"),
    scope=Scope.SERVICE,
    summary="redis/redis-stack is a development image (Redis Insight bundled)",
    profile="prod",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    img = node.image if node is not None and node.image is not None else None
    if img is None and svc.image is not None and svc.image.text:
        img = parse_image(svc.image.text, svc.image.span)
    if img is None or img.repository != "redis/redis-stack":
        return
    yield ctx.finding(
        img.span or svc.span,
        f"service '{svc.name}' runs redis/redis-stack, the development image that also serves Redis Insight (port 8001)",
        fix="Use redis:8.x (modules included) or redis/redis-stack-server",
        evidence=f"{svc.name}:redis-stack",
    )
