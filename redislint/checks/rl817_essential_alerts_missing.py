"""RL817 (essential-alerts-missing): The alert rules of a Redis deployment miss an alert every
deployment needs (down, memory, replication, persistence, rejected connections).

Examples, fixes and the reasoning: ``rules/RL817.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile
from redislint.redis.exporter import ESSENTIAL_ALERTS


@rule(
    id="RL817",
    name="essential-alerts-missing",
    severity=Severity.MEDIUM,
    tags=("operability",),
    scope=Scope.FILE,
    summary="The Redis alert rules miss an alert every deployment needs",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    """Reported once, on the first file of the rule files that alert on Redis (what one file misses
    another may have)."""
    redis_files = ctx.project.monitoring.redis_rule_files
    if not redis_files or redis_files[0].path != file.path:
        return
    selected = {m for rf in redis_files for r in rf.rules for m in r.metrics}
    replicated = bool(ctx.project.replication or ctx.project.sentinel_groups or ctx.project.clusters)
    missing = [what for key, what, metrics in ESSENTIAL_ALERTS if not selected & metrics and (key != "replication" or replicated)]
    if not missing:
        return
    yield ctx.finding(
        redis_files[0].rules[0].span,
        f"the Redis alert rules have no alert for {', '.join(missing)}: that failure goes unnoticed",
        fix="Add the missing alerts (redis_up == 0, used/max memory, redis_master_link_up == 0, "
        "redis_rdb_last_bgsave_status == 0 or redis_aof_last_write_status == 0, increase(redis_rejected_connections_total[5m]) > 0)",
        evidence="missing:" + ",".join(key for key, what, _ in ESSENTIAL_ALERTS if what in missing),
    )
