"""RL105 (password-in-process-args): A password is passed as a command-line argument.

Examples, fixes and the reasoning: ``rules/RL105.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import command_passwords, healthcheck_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.values import Origin


@rule(
    id="RL105",
    name="password-in-process-args",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A password is passed as a command-line argument",
    cause="literal-password",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    for opt, v in command_passwords(ctx.project, svc):
        if (v.text == "" and not v.variables) or v.secret_path is not None or v.origin == Origin.SHELL or "$$" in v.raw:
            continue  # read at run time ($(cat /run/secrets/x)): not in the compose file nor docker inspect
        yield ctx.finding(
            v.span,
            f"--{opt} puts the password of service '{svc.name}' in the process arguments "
            + ("(ps, /proc in the pod)" if svc.platform == "kubernetes" else "(docker inspect, ps)"),
            fix="Put the password in a config file included from a Secret volume (include /run/secrets/...)"
            if svc.platform == "kubernetes"
            else "Put the password in a config file included from a Docker secret (include /run/secrets/...)",
            evidence=f"{svc.name}:{opt}",
        )
    for flag, v in healthcheck_passwords(svc):
        if (v.text == "" and not v.variables) or v.secret_path is not None or v.origin == Origin.SHELL:
            continue  # an empty literal password; a variable without value at lint time has one at deploy time
        yield ctx.finding(
            v.span,
            f"redis-cli {flag} in the healthcheck of service '{svc.name}' exposes the password in its arguments",
            fix="Set REDISCLI_AUTH in the service environment (from a secret) and drop the flag",
            evidence=f"{svc.name}:healthcheck:{flag}",
        )
