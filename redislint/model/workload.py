"""What a container is allowed and told to do, beyond its command: resource limits, kernel settings,
privileges, restart, logging, replicas and placement. Platform-neutral facts that a deployment adapter
(the Compose parser today) fills, so rules never read the deployment file's raw YAML."""

from __future__ import annotations

from redislint.model.base import Record, field
from redislint.model.span import Span


class LogSettings(Record):
    """The ``logging:`` of a service."""

    written: bool = False
    """A ``logging:`` key is present."""
    readable: bool = True
    """False when ``logging:`` is not a mapping."""
    driver: str | None = "json-file"
    """The driver (Docker's default ``json-file`` when none is written; None when not a plain value)."""
    max_size: bool = False
    """``options.max-size`` is set."""
    span: Span | None = None
    """The ``logging`` key."""
    options: bool = False
    """An ``options:`` mapping is written."""
    max_file: bool = False
    """``options.max-file`` is set."""
    add_at: Span | None = None
    """Where a fix may add keys: under ``options:`` when it is written, else under ``logging:`` (the
    line after the mapping's last line; None when it is not a block mapping written in one place)."""
    add_indent: int = 0
    """The indentation of the keys of that mapping."""


class Workload(Record):
    """Settings of a service that rules check (each ``*_written`` tells that a key is present,
    whatever its value)."""

    run_settings_known: bool = True
    """False for an image described only by its Dockerfile: how it is run (limits, restart policy,
    privileges) is written elsewhere, and rules about those settings say nothing."""
    memory_limit_written: bool = False
    """``mem_limit`` or ``deploy.resources.limits.memory`` is present."""
    cpu_limit_written: bool = False
    """``cpus``, ``cpu_quota``, ``cpuset`` or ``deploy.resources.limits.cpus`` is present."""
    nofile: int | None = None
    """The hard ``ulimits.nofile`` limit (the soft one when no hard is given); None when unknown."""
    nofile_span: Span | None = None
    """Where the nofile limit is written (None: no ``ulimits.nofile``)."""
    somaxconn: int | None = None
    """``sysctls`` ``net.core.somaxconn``; None when not set or not a number."""
    somaxconn_span: Span | None = None
    """Where ``net.core.somaxconn`` is written (None: not set)."""
    privileged: bool = False
    privileged_span: Span | None = None
    """The ``privileged`` key."""
    no_new_privileges: bool = False
    """``security_opt`` holds ``no-new-privileges`` (``:true``)."""
    cap_drop_written: bool = False
    restart_written: bool = False
    """``restart`` or ``deploy.restart_policy`` is present."""
    logging: LogSettings = field(default_factory=LogSettings)
    replicas: int | None = 1
    """Containers the service runs (``deploy.replicas`` or ``scale``; None: not a number)."""
    placement_span: Span | None = None
    """Where Swarm is told how to spread the service (``deploy.placement`` constraints, preferences,
    max per node)."""
    working_dir: str | None = None
    """``working_dir`` as written (a scalar)."""
    tmpfs: list[str] = field(default_factory=list)
    """``tmpfs`` entries as written (``/path[:options]``)."""
