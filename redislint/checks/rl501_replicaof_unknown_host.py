"""RL501 (replicaof-unknown-host): replicaof names a host that no service answers to, or the wrong
port.

Examples, fixes and the reasoning: ``rules/RL501.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._topology import is_ip, to_int
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import ReplicationGroup

# Names Docker itself resolves in every container.
_DOCKER_NAMES = {"host.docker.internal", "gateway.docker.internal", "localhost"}


def _own_pod_name(host: str, names: frozenset[str]) -> bool:
    """``redis-7.redis-headless...``: a pod name under a governing Service of these manifests (an
    ordinal the StatefulSet does not run), not a name of another namespace."""
    pod, _, rest = host.partition(".")
    governing = rest.split(".", 1)[0]
    return bool(governing) and any(n.startswith(pod.rsplit("-", 1)[0] + "-") and n.split(".", 1)[-1].startswith(governing) for n in names if "." in n)


@rule(
    id="RL501",
    name="replicaof-unknown-host",
    severity=Severity.HIGH,
    tags=("availability", "correctness"),
    scope=Scope.REPLICATION,
    summary="replicaof names a host that no service answers to, or the wrong port",
)
def check(group: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
    for replica, d in group.links:
        if replica.service is None or replica.stack is None:
            continue  # a bare config file: the hosts it can reach are unknown
        host_v, port_v = d.arg(0), d.arg(1)
        host = host_v.text if host_v is not None else None
        if host is None or host_v is None or host.startswith("-") or any(a.unset_variables for a in d.args):
            continue  # an unset compose variable left the option without its value: RL010 reports it
        if group.primary is None:
            if is_ip(host) or host.lower() in _DOCKER_NAMES or host in ctx.project.hosts(replica.stack).names:
                continue
            kube = replica.stack is not None and replica.stack.platform == "kubernetes"
            if kube and "." in host and not _own_pod_name(host, ctx.project.hosts(replica.stack).names):
                continue  # a Service of another namespace or outside the cluster: not in these manifests
            yield ctx.finding(
                host_v.span,
                f"'replicaof {host}' of {node_label(replica)} names no "
                + ("Service or pod of these manifests" if kube else "service, network alias or container of this compose project"),
                fix="Use the primary's service name (or one of its network aliases) as the replicaof host",
                evidence=f"host:{replica.label}:{host}",
            )
            continue
        port = to_int(port_v.text if port_v is not None else None)
        want = group.primary.port
        if port is None or want is None or port == want or port_v is None:
            continue
        if port == to_int(group.primary.value("tls-port")):
            continue  # replication over TLS (tls-replication yes) connects to the tls-port
        yield ctx.finding(
            port_v.span,
            f"'replicaof {host} {port}' of {node_label(replica)}: {node_label(group.primary)} listens on port {want}",
            fix=f"Use port {want}, the port the primary's Redis listens on inside its container",
            related=[(group.primary.anchor, "the primary")],
            evidence=f"port:{replica.label}:{port}",
        )
