"""RL815 (alert-metric-not-exported): An alert selects a Redis metric that redis_exporter does not
export: it can never fire.

Examples, fixes and the reasoning: ``rules/RL815.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile
from redislint.redis.exporter import exporter_metrics, exporter_version


@rule(
    id="RL815",
    name="alert-metric-not-exported",
    severity=Severity.HIGH,
    tags=("operability",),
    scope=Scope.FILE,
    summary="An alert selects a Redis metric that redis_exporter does not export: it can never fire",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    rf = ctx.project.monitoring.rule_files.get(file.path)
    if rf is None:
        return
    known = exporter_metrics()
    for r in rf.rules:
        for m in r.metrics:
            if not m.startswith("redis_") or m in known:
                continue
            yield ctx.finding(
                r.span,
                f"'{r.name}' selects {m}, which redis_exporter does not export (checked against {exporter_version()} on "
                "primaries, replicas, cluster nodes and Sentinels): the expression is always empty and the alert never fires",
                fix="Use a metric the exporter exports (redis_exporter's /metrics lists them)",
                evidence=f"{r.name}:{m}",
            )
