"""RL111 (exporter-auth-missing): A redis_exporter scrapes a password-protected Redis without a
password.

Examples, fixes and the reasoning: ``rules/RL111.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


@rule(
    id="RL111",
    name="exporter-auth-missing",
    severity=Severity.MEDIUM,
    tags=("security", "operability"),
    scope=Scope.SERVICE,
    summary="A redis_exporter scrapes a password-protected Redis without a password",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    if ctx.project.role(svc) != "exporter":
        return
    node, in_url = svc.scrapes, svc.scrape_url_password
    if node is None or in_url:
        return
    if auth_state(node).state != "set":
        return
    given = svc.exporter_password
    pwfile = svc.environment.get("REDIS_PASSWORD_FILE")
    if given is None and pwfile is not None and pwfile.value is not None and pwfile.value.text:
        text = svc.exporter_password_file
        if text is None:
            return
        try:
            import json

            ok = isinstance(json.loads(text), dict)
        except ValueError:
            ok = False
        if ok:
            return
        yield ctx.finding(
            pwfile.span,
            f"REDIS_PASSWORD_FILE of exporter '{svc.name}' is not a JSON map of address to password: "
            f"the exporter cannot authenticate to '{node.label}'",
            fix='Write {"redis://host:6379": "<password>"} to that file, or set REDIS_PASSWORD from a secret',
            evidence="password-file-not-json",
        )
        return
    if given:
        return
    span = svc.environment["REDIS_ADDR"].span if "REDIS_ADDR" in svc.environment else svc.span
    yield ctx.finding(
        span,
        f"exporter '{svc.name}' scrapes '{node.label}', which requires a password, but has no REDIS_PASSWORD: "
        "every scrape fails with NOAUTH",
        fix="Set REDIS_PASSWORD (from the same secret as the server), or REDIS_USER/REDIS_PASSWORD for an ACL user",
        evidence=f"exporter:{node.label}",
    )
