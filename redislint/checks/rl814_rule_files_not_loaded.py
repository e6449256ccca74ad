"""RL814 (rule-files-not-loaded): A rule_files entry of a Prometheus config matches no file where
Prometheus runs: its alerts are never loaded.

Examples, fixes and the reasoning: ``rules/RL814.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL814",
    name="rule-files-not-loaded",
    severity=Severity.HIGH,
    tags=("operability",),
    scope=Scope.FILE,
    summary="A rule_files entry of a Prometheus config matches no file where Prometheus runs: its alerts never load",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for cfg in ctx.project.monitoring.configs:
        if cfg.path != file.path:
            continue
        for i, (pattern, span) in enumerate(cfg.rule_files):
            if cfg.rule_paths.get(i, None) != []:
                continue
            where = f"in the container of service '{cfg.service.name}' (nothing of the repository is mounted there)" if cfg.service is not None else "next to the config"
            yield ctx.finding(
                span,
                f"rule_files '{pattern}' matches no file {where}: Prometheus starts without these alerts and says nothing",
                fix="Mount the alert rule files where the pattern looks (e.g. - ./alerts:/etc/prometheus/alerts:ro), or fix the path",
                evidence=f"rule_files:{pattern}",
            )
