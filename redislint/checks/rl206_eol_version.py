"""RL206 (eol-version): The image's Redis/Valkey release line is past its end of life.

Examples, fixes and the reasoning: ``rules/RL206.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._versions import fmt, line_of, major_lines
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend, rule
from redislint.model.compose import Service
from redislint.model.image import ImageInfo
from redislint.model.project import RedisNode
from redislint.model.span import Span


@rule(
    id="RL206",
    name="eol-version",
    severity=Severity.MEDIUM,
    tags=("security", "operability"),
    scope=Scope.SERVICE,
    summary="The image's Redis/Valkey release line is past its end of life",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.image is None:
        return
    yield from _check(node.image, node.image.span or (svc.image.span if svc.image is not None else svc.span), ctx)


@extend(id="RL206", scope=Scope.NODE)
def check_live(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    """A running server (``redislint audit``): the version it reports in ``INFO server``."""
    if node.live is None or node.image is None or node.image.span is None:
        return
    yield from _check(node.image, node.image.span, ctx)


def _check(info: ImageInfo, span: Span, ctx: Context) -> Iterator[Finding]:
    if info.product not in ("redis", "valkey") or not info.version:
        return
    today = ctx.settings.today
    v = info.version
    name = "Valkey" if info.product == "valkey" else "Redis"
    if len(v) >= 2:
        line = line_of(info.product, v)
        if line is None or not line.is_eol(today):
            return
        when = f"since {line.eol.isoformat()}" if line.eol is not None else "and no longer supported"
        label = line.label
    else:
        lines = major_lines(info.product, v[0])
        if not lines or not all(ln.is_eol(today) for ln in lines):
            return
        when = "and no longer supported"
        label = f"{v[0]}.x"
    yield ctx.finding(
        span,
        f"{name} {fmt(v)} belongs to the {label} line, which is past its end of life {when}: it gets no security fixes",
        fix="Upgrade to a supported line (Redis 7.4, 8.2 or newer; Valkey 8.x)",
        evidence=f"{info.product}:{label}",
    )
