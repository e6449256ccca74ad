"""RL705 (tls-files-missing): TLS is on but a certificate, key or CA file is not configured or not
provided: the server does not start.

Examples, fixes and the reasoning: ``rules/RL705.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._tls import tls_on
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode
from redislint.model.tls import TLS_FILES

FIX_MOUNT = "Mount the certificate folder into the container (./certs:/etc/redis/certs:ro) or fix the path"


@rule(
    id="RL705",
    name="tls-files-missing",
    severity=Severity.CRITICAL,
    tags=("security", "correctness"),
    scope=Scope.NODE,
    summary="TLS is on but a certificate, key or CA file is not configured or not provided: the server does not start",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    tls = tls_on(node)
    repl = node.flag("tls-replication", False) is True
    clus = node.flag("tls-cluster", False) is True
    if not tls and not repl and not clus:
        return
    tls_d = node.get("tls-port") or node.get("tls-replication") or node.get("tls-cluster")
    anchor = tls_d.span if tls_d is not None else node.anchor
    # Required settings: cert and key always [3.5] ("No tls-cert-file configured!"); a CA when client
    # certificates are checked (tls-auth-clients defaults to yes) or TLS replication/cluster is on.
    auth_clients = (node.value("tls-auth-clients", "yes") or "yes").lower()
    needs_ca = auth_clients in ("yes", "optional") or repl or clus
    required = [("tls-cert-file", "certificate"), ("tls-key-file", "private key")]
    for name, what in required:
        if node.get(name) is None and node.complete:
            yield ctx.finding(
                anchor,
                f"TLS is on for {node_label(node)} but {name} is not set: the server exits with "
                f"'No {name} configured!'",
                fix=f"Set {name} to the server's {what}",
                evidence=f"unset:{name}",
            )
    if needs_ca and node.get("tls-ca-cert-file") is None and node.get("tls-ca-cert-dir") is None and node.complete:
        why = "tls-auth-clients is " + auth_clients if auth_clients != "no" else "TLS replication/cluster is on"
        yield ctx.finding(
            anchor,
            f"TLS is on for {node_label(node)} but neither tls-ca-cert-file nor tls-ca-cert-dir is set while {why}: "
            "the server refuses to start",
            fix="Set tls-ca-cert-file to the CA that signs client certificates (or tls-auth-clients no)",
            evidence="unset:tls-ca",
        )
    for name in TLS_FILES:
        d = node.get(name)
        if d is None or not d.args or d.text(0) in (None, ""):
            continue
        path = d.text(0) or ""
        state, host = node.tls_files.get(name, ("unknown", None))
        if state != "missing":
            continue
        if host is None:
            yield ctx.finding(
                d.args[0].span,
                f"{name} {path} is not mounted into the container: the server cannot load it and does not start",
                fix=FIX_MOUNT,
                evidence=f"missing:{name}",
            )
        else:
            # The folder is mounted from the repository but the file is not committed: certificates and
            # keys are usually made at deploy time (a committed private key is RL708), so this is a
            # reminder, not a server that cannot start.
            yield ctx.finding(
                d.args[0].span,
                f"{name} {path} is not in the repository: it must be created at deploy time, or the server does not start",
                fix="List the file in .gitignore where it is generated, or add the certificate (never a private key)",
                evidence=f"missing:{name}",
                severity=Severity.LOW,
            )
