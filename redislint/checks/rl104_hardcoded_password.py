"""RL104 (hardcoded-password): A password is written literally in the compose file.

Examples, fixes and the reasoning: ``rules/RL104.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._acl import redis_env_passwords
from redislint.checks._helpers import command_passwords, healthcheck_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span
from redislint.model.values import Origin, Value


@rule(
    id="RL104",
    name="hardcoded-password",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A password is written literally in the compose file",
    cause="literal-password",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    pairs: list[tuple[str, Value]] = []
    pairs += [(f"--{o}", v) for o, v in command_passwords(ctx.project, svc)]
    pairs += [(f"healthcheck {f}", v) for f, v in healthcheck_passwords(svc)]
    pairs += [(f"environment {n}", v) for n, v in redis_env_passwords(ctx.project, svc)]
    node = ctx.project.node_for(svc)
    by_literal: dict[Span, list[str]] = {}
    for what, v in node.fallback_passwords if node is not None else ():
        by_literal.setdefault(v.span, []).append(what)
    for span, whats in by_literal.items():
        # one literal used for several passwords (requirepass and masterauth): one finding
        yield ctx.finding(
            span,
            f"{' and '.join(whats)} of service '{svc.name}' {'falls' if len(whats) == 1 else 'fall'} back to a password written in the compose file when the secret file cannot be read",
            fix="Drop the fallback (|| echo ...): let the container fail to start when the secret is missing",
            evidence=f"{svc.name}:{'+'.join(whats)}:fallback",
        )
    where = {"compose": "the compose file", "docker-run": "the script", "kubernetes": "the manifests"}.get(svc.platform, "the Dockerfile")
    for what, v in pairs:
        if v.text is None or v.text == "" or v.secret_path is not None:
            continue
        if v.origin == Origin.LITERAL and not v.variables:
            yield ctx.finding(
                v.span,
                f"{what} of service '{svc.name}' is a password written in {where}",
                fix="Create the Secret at deploy time (kubectl create secret, Sealed Secrets, External Secrets), not in the repository"
                if svc.platform == "kubernetes"
                else "Use a Docker secret, or ${VAR:?} with the value in an untracked .env file",
                evidence=f"{svc.name}:{what}",
            )
        elif v.origin == Origin.DEFAULT:
            yield ctx.finding(
                v.span,
                f"{what} of service '{svc.name}' falls back to a password written in {where}",
                fix="Drop the default: ${VAR:?VAR must be set} makes compose refuse to start without it",
                evidence=f"{svc.name}:{what}",
            )
