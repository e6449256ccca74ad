"""RL801 (image-tag-floating): The Redis image is latest, untagged or tagged with a major version only.

Examples, fixes and the reasoning: ``rules/RL801.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._containers import is_redis_service
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.image import ImageInfo, parse_image


def _image(svc: Service, ctx: Context) -> ImageInfo | None:
    node = ctx.project.node_for(svc)
    if node is not None and node.image is not None:
        return node.image
    if svc.image is not None and svc.image.text:
        return parse_image(svc.image.text, svc.image.span)
    return None


@rule(
    id="RL801",
    name="image-tag-floating",
    severity=Severity.MEDIUM,
    tags=("operability",),
    scope=Scope.SERVICE,
    summary="The Redis image is latest, untagged or tagged with a major version only",
    cause="image-version",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if not is_redis_service(svc, ctx.project):
        return
    img = _image(svc, ctx)
    if img is None or img.digest:
        return
    if img.version is None and not img.floating:
        return  # the tag is chosen at deploy time (${REDIS_TAG}, parse_image_deploy_tag): nothing to judge
    span = img.span or (svc.image.span if svc.image is not None else svc.span)
    if img.version is None:
        shown = img.tag or "(no tag)"
        yield ctx.finding(
            span,
            f"image '{img.ref}' of service '{svc.name}' uses tag {shown}, which moves to each new release "
            "(including new major versions) on the next pull",
            fix="Pin a version: e.g. redis:7.4.2-alpine (or a digest)",
            evidence=f"{svc.name}:{img.repository}:{img.tag or ''}",
        )
    elif len(img.version) == 1:
        yield ctx.finding(
            span,
            f"image '{img.ref}' of service '{svc.name}' pins only the major version {img.version[0]}: "
            "a pull can bring a new minor release with new defaults",
            fix=f"Pin at least the minor version (e.g. {img.repository}:{img.version[0]}.x.y)",
            evidence=f"{svc.name}:{img.repository}:{img.tag or ''}",
            severity=Severity.LOW,
        )
