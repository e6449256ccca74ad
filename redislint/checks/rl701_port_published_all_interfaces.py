"""RL701 (port-published-all-interfaces): A Redis or Sentinel port is published on every host
interface.

Examples, fixes and the reasoning: ``rules/RL701.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import replace
from redislint.checks._helpers import auth_state
from redislint.checks._tls import tls_port
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Port, Service
from redislint.model.span import Span

_ALL = ("", "0.0.0.0", "::", "[::]")


@rule(
    id="RL701",
    name="port-published-all-interfaces",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.SERVICE,
    summary="A Redis or Sentinel port is published on every host interface",
    fix="unsafe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None:
        return
    wanted: dict[int, str] = {}
    port = node.port or (26379 if node.kind == "sentinel" else 6379)
    wanted[port] = "Sentinel port" if node.kind == "sentinel" else "Redis port"
    tp = tls_port(node)
    if tp:
        wanted[tp] = "TLS port"
    if node.cluster:
        bus = node.value("cluster-port")
        wanted[int(bus) if bus and bus.isdigit() and int(bus) else port + 10000] = "cluster bus port"
    auth = None
    for p in svc.ports:
        if not p.known or (p.host_ip or "").strip() not in _ALL:
            continue
        hits = [c for c in p.container_ports if c in wanted]
        if not hits:
            continue
        if auth is None:
            auth = auth_state(node).state
        open_ = auth == "unset"
        what = wanted[hits[0]] if len(hits) == 1 else "ports " + ", ".join(str(h) for h in hits[:3])
        yield ctx.finding(
            p.span,
            f"{what} of service '{svc.name}' is published on all host interfaces (0.0.0.0); Docker bypasses "
            "the host firewall" + (", and the server has no password" if open_ else ""),
            fix="Publish on 127.0.0.1 (\"127.0.0.1:6379:6379\") or a private address, or use expose: for other containers",
            evidence=f"{svc.name}:{hits[0]}",
            severity=Severity.HIGH if open_ else None,
            autofix=_fix(p, ctx),
        )


def _fix(p: Port, ctx: Context) -> Fix | None:
    """The short syntax (``"6379:6379"``, ``0.0.0.0:6379:6379``) published on 127.0.0.1 instead."""
    s = p.span
    if s.start_line != s.end_line or ":" in (p.host_ip or "").strip("[]") or not p.container_port:
        return None
    proto = "" if p.protocol == "tcp" else f"/{p.protocol}"
    if p.host_ip is not None:
        written = f"{p.host_ip}:{p.host_port or ''}:{p.container_port}{proto}"
    elif p.host_port:
        written = f"{p.host_port}:{p.container_port}{proto}"
    else:
        written = f"{p.container_port}{proto}"
    width = s.end_col - s.start_col
    if width == len(written) + 2:
        s = Span(file=s.file, start_line=s.start_line, start_col=s.start_col + 1, end_line=s.end_line, end_col=s.end_col - 1)
    elif width != len(written):
        return None
    new = f"127.0.0.1:{p.host_port or ''}:{p.container_port}{proto}"
    if p.host_ip is None and width == len(written):
        new = f'"{new}"'  # a plain scalar with two colons reads as a number in base 60 in YAML 1.1
    return ctx.fix("Publish on 127.0.0.1 only", [replace(s, new, old=written)])
