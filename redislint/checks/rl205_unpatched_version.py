"""RL205 (unpatched-version): The image's Redis/Valkey version lacks security fixes of its release
line.

Examples, fixes and the reasoning: ``rules/RL205.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._versions import fmt, line_of
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend, rule
from redislint.model.compose import Service
from redislint.model.image import ImageInfo
from redislint.model.project import RedisNode
from redislint.model.span import Span


@rule(
    id="RL205",
    name="unpatched-version",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="The image's Redis/Valkey version lacks security fixes of its release line",
    cause="image-version",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.image is None:
        return
    yield from _check(node.image, node.image.span or (svc.image.span if svc.image is not None else svc.span), ctx)


@extend(id="RL205", scope=Scope.NODE)
def check_live(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    """A running server (``redislint audit``): the version it reports in ``INFO server``."""
    if node.live is None or node.image is None or node.image.span is None:
        return
    yield from _check(node.image, node.image.span, ctx)


def _check(info: ImageInfo, span: Span, ctx: Context) -> Iterator[Finding]:
    if info.product not in ("redis", "valkey"):
        return
    name = "Valkey" if info.product == "valkey" else "Redis"
    if info.floating:
        tag = info.tag or "latest (no tag)"
        yield ctx.finding(
            span,
            f"image tag '{tag}' floats: which {name} patch release runs (and whether it has the security fixes) "
            "cannot be checked",
            fix="Pin the full version (e.g. redis:7.4.9-alpine) or a digest, and update it deliberately",
            evidence=f"floating:{info.repository}",
            severity=Severity.LOW,
        )
        return
    v = info.version
    if v is None or len(v) < 3:
        return
    line = line_of(info.product, v)
    if line is None or line.min_patched is None or v >= line.min_patched:
        return
    missing = line.missing_fixes(v)
    cves = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "") if missing else "see the release notes"
    yield ctx.finding(
        span,
        f"{name} {fmt(v)} is older than {fmt(line.min_patched)}, the first {line.label}.x release with every known "
        f"security fix; it lacks the fixes for {cves}",
        fix=f"Upgrade to {fmt(line.min_patched)} or later in the {line.label} line",
        evidence=f"{info.product}:{fmt(v)}",
    )
