"""RL104, one of its checks: a password written literally in a server's config held by a Kubernetes
manifest (a ConfigMap's ``redis.conf``, an operator resource's users): any account that may read
those objects reads it, and it is in the repository's history. One finding per file."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl104_hardcoded_password  # noqa: F401  (declares RL104)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.compose import Service
from redislint.model.values import Origin, Value
from redislint.redis.passwords import password_values


@extend(id="RL104", scope=Scope.SERVICE)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or svc.platform != "kubernetes":
        return
    by_file: dict[str, list[tuple[str, Value]]] = {}
    # config lines only: a password in the command line is RL104's command-line check
    for what, v in password_values([d for d in node.directives if d.origin == "file"]):
        f = ctx.project.files.get(v.span.file)
        if f is None or f.kind != "kubernetes" or not v.text or v.origin != Origin.LITERAL or v.variables:
            continue
        by_file.setdefault(v.span.file, []).append((what, v))
    for items in by_file.values():
        (what, first), *rest = items
        whats = list(dict.fromkeys([what, *(w for w, _ in rest)]))
        if len(whats) > 2:
            whats = [f"{whats[0]} and {len(whats) - 1} more"]
        yield ctx.finding(
            first.span,
            f"{' and '.join(whats)} of service '{svc.name}' {'is a password' if len(items) == 1 else 'are passwords'} written in the manifests "
            "(a ConfigMap's config or an operator's resource): whoever may read them (and the repository) reads it",
            fix="Load the password from a Secret created at deploy time (include a Secret-mounted file, or --requirepass $(VAR) from a secretKeyRef)",
            related=[(v.span, f"also {w}") for w, v in rest],
            evidence=f"{svc.name}:{'+'.join(whats)}:configmap",
        )
