"""Container facts shared by the RL3xx/RL4xx/RL8xx checks (not a rule).

Data directory, mounts, image defaults (WORKDIR, ``VOLUME``), exporter addresses and queue consumers.
"""

from __future__ import annotations

import re

from redislint.model.clients import ExporterTarget
from redislint.model.compose import Service
from redislint.model.project import Project, RedisNode
from redislint.model.roles import DATA_ROLES, SERVER_ROLES
from redislint.model.storage import DataDir

REDIS_ROLES = SERVER_ROLES  # (the name the RL3xx/RL4xx/RL8xx rules know it by)


def redis_node(svc: Service, project: Project, roles: tuple[str, ...] = REDIS_ROLES) -> RedisNode | None:
    """The node a Redis/Sentinel service runs, or None for any other service."""
    if project.role(svc) not in roles:
        return None
    return project.node_for(svc)


def is_redis_service(svc: Service, project: Project, roles: tuple[str, ...] = REDIS_ROLES) -> bool:
    return project.role(svc) in roles


def data_dir(node: RedisNode, project: Project) -> DataDir | None:
    """Where the node keeps dump.rdb / appendonlydir / nodes.conf, and what holds it (built by the link
    stage). None: unknown."""
    return node.data


# ------------------------------------------------------------------ compose helpers
def service_text(svc: Service) -> str:
    """Image, command, entrypoint and environment of a service as one lower-cased string."""
    parts: list[str] = []
    if svc.image is not None and svc.image.text:
        parts.append(svc.image.text)
    for vals in (svc.command or (), svc.entrypoint or ()):
        parts.extend(v.text or v.raw or "" for v in vals)
    for name, var in svc.environment.items():
        parts.append(name)
        if var.value is not None and var.value.text:
            parts.append(var.value.text)
    return " ".join(parts).lower()


QUEUE_CONSUMERS = re.compile(
    r"\b(celery|sidekiq|bullmq|bull|resque|dramatiq|huey|arq|rq[-_ ]?worker|rq|kue|bee-queue|"
    r"queue:work|queue:listen|asynq)\b"
)


def queue_consumers(node: RedisNode, project: Project) -> list[tuple[Service, str]]:
    """Other services of the node's stack that use Redis as a queue or lock backend."""
    stack = node.stack
    svc = node.service
    if stack is None or svc is None:
        return []
    redis_services = [s for s in stack.services.values() if project.role(s) in DATA_ROLES]
    out: list[tuple[Service, str]] = []
    for other in stack.services.values():
        if other is svc or project.role(other) in REDIS_ROLES or project.role(other) == "exporter":
            continue
        text = service_text(other)
        m = QUEUE_CONSUMERS.search(text)
        if not m:
            continue
        if len(redis_services) > 1:
            # Several Redis servers: only the one the consumer names (outside *CACHE* variables).
            names = {svc.name}
            if svc.container_name is not None and svc.container_name.text:
                names.add(svc.container_name.text)
            for aliases in svc.networks.values():
                names.update(aliases)
            where = " ".join(
                [v.text or "" for vals in (other.command or (), other.entrypoint or ()) for v in vals]
                + [var.value.text for n, var in other.environment.items() if var.value is not None and var.value.text and "CACHE" not in n.upper()]
            ).lower()
            if not any(re.search(rf"(^|[^a-z0-9_.-]){re.escape(n.lower())}([^a-z0-9_-]|$)", where) for n in names):
                continue
        out.append((other, m.group(1)))
    return out


def exporter_targets(svc: Service) -> list[ExporterTarget]:
    """The Redis addresses a redis_exporter service scrapes (REDIS_ADDR or -redis.addr)."""
    return svc.exporter_targets
