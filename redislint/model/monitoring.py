"""Monitoring files of the repository (filled by :mod:`redislint.parsers.monitoring` and the link
stage): Prometheus configurations (scrape targets, rule files, Alertmanagers), alert rule files (each
rule's expression, parsed as PromQL) and Grafana datasource provisioning, with what each refers to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from redislint.model.base import Record, field
from redislint.model.span import Span

if TYPE_CHECKING:
    from redislint.model.compose import Service


class Target(Record, frozen=True):
    """A ``host:port`` a Prometheus config or a Grafana datasource points at."""

    host: str
    port: int | None
    span: Span
    job: str = ""
    """The scrape job (``job_name``), or the datasource's name."""
    local: bool = False
    """A loopback, host or literal IP address, not a name of the stack (set by the link stage)."""
    service: Service | None = field(default=None, repr=False, compare=False)
    """The service of the stack the host names (set by the link stage; None: none does)."""
    serves: int | None = None
    """The port that service serves its HTTP on, when it is a redis_exporter, Prometheus or an
    Alertmanager (its default or its ``--web.listen-address``; set by the link stage)."""


class PromConfig(Record):
    """A ``prometheus.yml``."""

    path: str
    scrape: list[Target] = field(default_factory=list)
    alertmanagers: list[Target] = field(default_factory=list)
    rule_files: list[tuple[str, Span]] = field(default_factory=list)
    """The ``rule_files`` patterns as written."""
    service: Service | None = field(default=None, repr=False, compare=False)
    """The Prometheus service of a stack that loads this file (set by the link stage)."""
    rule_paths: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)
    """Index in :attr:`rule_files` -> the repository files the pattern loads (set by the link
    stage; empty: none; absent: cannot be told, e.g. a path outside every mount we can read)."""


class AlertRule(Record, frozen=True):
    name: str
    """The ``alert:`` name (or the ``record:`` name)."""
    span: Span
    """The ``expr:`` value."""
    metrics: tuple[str, ...] = ()
    """The metric names its expression selects."""
    unguarded_max: bool = False
    """It divides by ``redis_memory_max_bytes`` without a ``redis_memory_max_bytes > 0`` (or
    ``!= 0``) filter: with maxmemory unset (0) the ratio is +Inf or NaN."""
    parsed: bool = True
    """False when the expression is not valid PromQL."""


class RuleFile(Record):
    path: str
    rules: list[AlertRule] = field(default_factory=list)


class Datasource(Record, frozen=True):
    name: str
    type: str
    url: str
    target: Target | None
    span: Span


class GrafanaProvisioning(Record):
    path: str
    datasources: list[Datasource] = field(default_factory=list)
    service: Service | None = field(default=None, repr=False, compare=False)
    """The Grafana service of a stack that provisions from this file (set by the link stage)."""


class Monitoring(Record):
    configs: list[PromConfig] = field(default_factory=list)
    rule_files: dict[str, RuleFile] = field(default_factory=dict)
    grafana: list[GrafanaProvisioning] = field(default_factory=list)
    redis_rules: list[RuleFile] | None = field(default=None, repr=False, compare=False)
    """See :attr:`redis_rule_files` (computed on first use, once the link stage is done)."""

    @property
    def redis_rule_files(self) -> list[RuleFile]:
        """The rule files that alert on Redis (an expression selects a ``redis_*`` metric), in the
        order of :attr:`rule_files`. Computed once: a rule that runs per file must not scan them all
        each time."""
        if self.redis_rules is None:
            self.redis_rules = [rf for rf in self.rule_files.values() if any(m.startswith("redis_") for r in rf.rules for m in r.metrics)]
        return self.redis_rules
