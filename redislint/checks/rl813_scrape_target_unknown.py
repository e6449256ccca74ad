"""RL813 (scrape-target-unknown): A Prometheus scrape target meant for Redis names no service of the
stack, the wrong port of the exporter, or Redis itself.

Examples, fixes and the reasoning: ``rules/RL813.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile

_REDISH = re.compile(r"redis|valkey|sentinel|keydb", re.IGNORECASE)


@rule(
    id="RL813",
    name="scrape-target-unknown",
    severity=Severity.HIGH,
    tags=("operability",),
    scope=Scope.FILE,
    summary="A Prometheus scrape target meant for Redis names no service, the wrong exporter port, or Redis itself",
    platforms=("compose",),
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for cfg in ctx.project.monitoring.configs:
        if cfg.path != file.path or cfg.service is None:
            continue
        for t in cfg.scrape:
            if t.local:
                continue
            svc = t.service
            where = f"{t.host}:{t.port}" if t.port is not None else t.host
            if svc is None:
                if _REDISH.search(t.host) or _REDISH.search(t.job) or t.port == 9121:
                    yield ctx.finding(
                        t.span,
                        f"scrape target '{where}' of job '{t.job}' names no service of the stack: Prometheus never gets the "
                        "Redis metrics, so no Redis alert can fire",
                        fix="Point the target at the redis_exporter service by its service name and port (e.g. redis-exporter:9121)",
                        evidence=f"{t.job}:{t.host}:unknown",
                    )
                continue
            if svc.role in ("redis", "sentinel", "cluster-node"):
                yield ctx.finding(
                    t.span,
                    f"scrape target '{where}' of job '{t.job}' is the Redis service '{svc.name}' itself: Redis does not serve "
                    "Prometheus metrics, the scrape fails",
                    fix="Run a redis_exporter for it and scrape the exporter (port 9121)",
                    evidence=f"{t.job}:{t.host}:redis",
                )
            elif svc.role == "exporter" and t.serves is not None and t.port is not None and t.port != t.serves:
                yield ctx.finding(
                    t.span,
                    f"scrape target '{where}' of job '{t.job}' uses port {t.port}, but exporter '{svc.name}' serves on {t.serves}",
                    fix=f"Scrape {t.host}:{t.serves}",
                    evidence=f"{t.job}:{t.host}:port",
                )
