from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service


def _password_given(svc: Service, ctx: Context) -> bool | None:
    """True when the exporter has a password, None when a REDIS_PASSWORD_FILE cannot be read."""
    var = svc.environment.get("REDIS_PASSWORD")
    if var is not None and (var.value is None or var.value.text != ""):
        return True
    for v in svc.command or ():
        if (v.text or "").startswith(("--redis.password=", "--redis.password-file=")) or v.text == "--redis.password":
            return True
    return None if svc.environment.get("REDIS_PASSWORD_FILE") is not None else False


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
    if auth_state(node, ctx.project).state != "set":
        return
    given = _password_given(svc, ctx)
    pwfile = svc.environment.get("REDIS_PASSWORD_FILE")
    if given is None and pwfile is not None and pwfile.value is not None and pwfile.value.text:
        host = ctx.project.host_path(svc, pwfile.value.text)
        text = ctx.project.read_text(host) if host is not None else None
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
