"""RL818 (grafana-datasource-unknown): A Grafana datasource provisioned for Prometheus points at no
service of the stack, or at the wrong port.

Examples, fixes and the reasoning: ``rules/RL818.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL818",
    name="grafana-datasource-unknown",
    severity=Severity.MEDIUM,
    tags=("operability",),
    scope=Scope.FILE,
    summary="A provisioned Grafana Prometheus datasource points at no service of the stack, or at the wrong port",
    platforms=("compose",),
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for gp in ctx.project.monitoring.grafana:
        if gp.path != file.path or gp.service is None:
            continue
        for ds in gp.datasources:
            t = ds.target
            if ds.type != "prometheus" or t is None or t.local:
                continue
            if t.service is None:
                yield ctx.finding(
                    ds.span,
                    f"datasource '{ds.name}' points at '{t.host}', which no service of the stack is named: the dashboards stay empty",
                    fix="Use the Prometheus service's name and port (http://prometheus:9090)",
                    evidence=f"{ds.name}:host",
                )
            elif t.serves is not None and t.port != t.serves:
                yield ctx.finding(
                    ds.span,
                    f"datasource '{ds.name}' uses port {t.port}, but service '{t.service.name}' serves on {t.serves}",
                    fix=f"Use http://{t.host}:{t.serves}",
                    evidence=f"{ds.name}:port",
                )
