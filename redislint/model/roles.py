"""What a service runs, as the link stage decides it (:attr:`redislint.model.compose.Service.role`),
and the groups of roles rules ask about."""

from __future__ import annotations

import re
from typing import Literal

Role = Literal["redis", "sentinel", "cluster-node", "exporter", "client", "monitoring", "other"]
"""``client``: a service that only talks to Redis (``redis-cli --cluster create``, a backup job, a
one-shot script), even on a Redis image; it runs no server, so no server rule looks at it.
``monitoring``: Prometheus, Grafana or Alertmanager in a stack that runs a Redis exporter: the
deployment's own monitoring of Redis."""

MONITORING_IMAGES: tuple[str, ...] = ("prometheus", "grafana", "alertmanager")
"""Image names (the last path part of the repository) of the monitoring tools."""

SERVER_ROLES: tuple[str, ...] = ("redis", "sentinel", "cluster-node")
"""Services that run a Redis server or a Sentinel."""
DATA_ROLES: tuple[str, ...] = ("redis", "cluster-node")
"""Services that run a server holding data."""
REDIS_ROLES: tuple[str, ...] = (*SERVER_ROLES, "exporter")
"""Services that belong to the Redis deployment: its servers, Sentinels and exporters."""
DEPLOYMENT_ROLES: tuple[str, ...] = (*REDIS_ROLES, "monitoring")
"""Services whose files are redislint's business: the Redis deployment and its monitoring."""

NAMES_REDIS = re.compile(r"redis|valkey|sentinel|keydb", re.IGNORECASE)
"""A name that says Redis (a variable, a key, a path): what concerns Redis even outside its services."""
