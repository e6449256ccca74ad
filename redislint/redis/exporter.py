"""The metrics redis_exporter exports (``data/redis-exporter-metrics.txt``, taken from a real
exporter's ``/metrics`` against real servers: see ``tests/gen_exporter_metrics.py``), and what an
alert needs to watch for each failure every Redis deployment should be alerted about."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def exporter_metrics() -> frozenset[str]:
    from redislint.datafiles import read_data

    text = read_data("redis-exporter-metrics.txt")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def exporter_version() -> str:
    """The redis_exporter release the list was taken from (its first line)."""
    from redislint.datafiles import read_data

    first = read_data("redis-exporter-metrics.txt").splitlines()[0]
    return first.split("redis_exporter ", 1)[1].split(" ", 1)[0] if "redis_exporter " in first else "unknown"


ESSENTIAL_ALERTS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("down", "the instance is down or unreachable", frozenset({"redis_up", "up"})),
    ("memory", "memory near maxmemory", frozenset({"redis_memory_used_bytes"})),
    ("replication", "a replication link down or broken", frozenset({"redis_master_link_up", "redis_connected_slaves"})),
    ("persistence", "the last RDB or AOF write failed", frozenset({"redis_rdb_last_bgsave_status", "redis_aof_last_write_status", "redis_aof_last_bgrewrite_status"})),
    ("rejected", "rejected connections", frozenset({"redis_rejected_connections_total"})),
)
"""(key, what, metrics any of which an alert of that kind selects)."""
