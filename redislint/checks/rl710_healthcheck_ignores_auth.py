"""RL710 (healthcheck-ignores-auth): The healthcheck's redis-cli does not authenticate, or uses the
wrong TLS flags: it does not test the server.

Examples, fixes and the reasoning: ``rules/RL710.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state
from redislint.checks._rediscli import probes, probes_own_server
from redislint.checks._tls import plaintext_port, tls_port
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service

FIX_AUTH = (
    "Authenticate and check the answer: CMD-SHELL 'redis-cli ping | grep -q PONG' with REDISCLI_AUTH "
    "set in the service environment (from a secret)"
)
FIX_KUBE = (
    "Authenticate and check the answer: exec sh -c 'redis-cli ping | grep -q PONG' with REDISCLI_AUTH "
    "in the container's env (valueFrom.secretKeyRef)"
)


@rule(
    id="RL710",
    name="healthcheck-ignores-auth",
    severity=Severity.HIGH,
    tags=("security", "availability"),
    scope=Scope.SERVICE,
    summary="The healthcheck's redis-cli does not authenticate, or uses the wrong TLS flags: it does not test the server",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None:
        return
    auth = None
    for p in probes(svc):
        if not probes_own_server(p):
            continue
        tls = tls_port(node)
        plain = plaintext_port(node)
        target = p.port if p.port is not None else (None if p.port_text is not None else 6379)
        if target is not None and tls is not None and plain is not None:
            if tls and target == tls and not p.tls:
                yield ctx.finding(
                    p.span,
                    f"the healthcheck of service '{svc.name}' speaks plaintext to TLS port {tls}"
                    + (" (the plaintext port is off)" if plain == 0 else "")
                    + ": the probe can never succeed",
                    fix="Add --tls (and --cacert, --cert/--key when clients must present a certificate)",
                    evidence=f"{svc.name}:no-tls",
                )
                continue
            if p.tls and target != tls and target == plain:
                yield ctx.finding(
                    p.span,
                    f"the healthcheck of service '{svc.name}' uses --tls against plaintext port {plain}: the probe can never succeed",
                    fix="Drop --tls, or probe the TLS port with -p",
                    evidence=f"{svc.name}:tls-on-plain",
                )
                continue
            if target not in (tls, plain) and node.complete and p.port_text is None:
                yield ctx.finding(
                    p.span,
                    f"the healthcheck of service '{svc.name}' probes port {target}, where the server does not listen",
                    fix=f"Pass -p {tls or plain}",
                    evidence=f"{svc.name}:port",
                )
                continue
            if p.tls and target == tls and not p.cert and (node.value("tls-auth-clients", "yes") or "").lower() == "yes":
                yield ctx.finding(
                    p.span,
                    f"the healthcheck of service '{svc.name}' connects with --tls but no client certificate, "
                    "and the server requires one (tls-auth-clients yes)",
                    fix="Pass --cert and --key (and --cacert) to redis-cli",
                    evidence=f"{svc.name}:no-cert",
                )
                continue
        if auth is None:
            auth = auth_state(node)
        if auth.state != "set" or p.checks_answer:
            continue
        if not p.has_auth:
            yield ctx.finding(
                p.span,
                f"the healthcheck of service '{svc.name}' runs {p.binary} without credentials against a server "
                "that requires a password: it exits 0 on NOAUTH, so the check passes whenever the server answers (also while it loads its data), not only when it works",
                fix=FIX_KUBE if svc.platform == "kubernetes" else FIX_AUTH,
                evidence=f"{svc.name}:noauth",
            )
            continue
        server_pw = auth.value.text if auth.value is not None and auth.via == "requirepass" else None
        if p.user is None and p.password_text is not None and server_pw is not None and p.password_text != server_pw:
            yield ctx.finding(
                p.span,
                f"the healthcheck of service '{svc.name}' authenticates with another password than the server's "
                "and does not check for PONG: it stays green on WRONGPASS",
                fix=FIX_KUBE if svc.platform == "kubernetes" else FIX_AUTH,
                evidence=f"{svc.name}:wrongpass",
            )
