"""RL305 (shared-data-volume): Two Redis services keep their data in the same place of one volume.

Examples, fixes and the reasoning: ``rules/RL305.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.checks._containers import DATA_ROLES, data_dir
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service, Stack
from redislint.model.span import Span


@rule(
    id="RL305",
    name="shared-data-volume",
    severity=Severity.CRITICAL,
    tags=("durability", "correctness"),
    scope=Scope.STACK,
    summary="Two Redis services keep their data in the same place of one volume",
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if stack.platform == "docker-run":
        return  # the `docker run` lines of a script may be alternatives, not containers that run together
    seen: dict[tuple[str, str, str], tuple[Service, Span]] = {}
    for svc in stack.services.values():
        if ctx.project.role(svc) not in DATA_ROLES:
            continue
        node = ctx.project.node_for(svc)
        if node is None:
            continue
        dd = data_dir(node, ctx.project)
        if dd is None or dd.mount is None or dd.kind not in ("volume", "bind"):
            continue
        m = dd.mount
        where = posixpath.normpath(posixpath.relpath(dd.path, posixpath.normpath(m.target)))
        if dd.kind == "volume":
            if not m.source or "$" in m.source:
                continue
            key = ("volume", m.source, where)
            label = f"volume '{m.source}'"
        else:
            if not m.host_path:
                continue
            key = ("bind", m.host_path, where)
            label = f"host folder '{m.source}'"
        if key in seen:
            first, first_span = seen[key]
            yield ctx.finding(
                m.span,
                f"services '{first.name}' and '{svc.name}' both keep their data dir in {label}: "
                "they overwrite each other's dump.rdb, appendonlydir and nodes.conf",
                fix=f"Give service '{svc.name}' a volume of its own",
                related=[(first_span, f"service '{first.name}' mounts it here")],
                evidence=f"{key[0]}:{m.source}:{where}:{svc.name}",  # as written: never a path of this machine
            )
        else:
            seen[key] = (svc, m.span)
