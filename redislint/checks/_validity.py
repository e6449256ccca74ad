"""What the server's own config loader would say about a node's effective configuration, computed
once per node and shared by RL002-RL005, RL007 and RL011."""

from __future__ import annotations

from typing import Literal

from redislint.engine.context import Context
from redislint.model.project import RedisNode
from redislint.redis.validate import Problem, validate_directive, validate_file_level
from redislint.redis.versions import Version


def node_version(node: RedisNode) -> Version:
    v = node.version
    product: Literal["redis", "valkey"] = "valkey" if node.product == "valkey" else "redis"
    return Version(product, v[0], v[1] if len(v) > 1 else 0)


def problems(node: RedisNode, ctx: Context) -> list[Problem]:
    cache: dict[int, list[Problem]] = ctx.project.extra.setdefault("validity", {})
    key = id(node)
    if node.product not in ("redis", "valkey"):
        return []  # KeyDB, Dragonfly...: compatible servers with directives of their own
    if key not in cache:
        version = node_version(node)
        kind: Literal["redis", "sentinel"] = "sentinel" if node.kind == "sentinel" else "redis"
        out: list[Problem] = []
        for d in node.directives:
            if d.origin == "environment":
                continue
            out.extend(validate_directive(d, version, kind))
        out.extend(validate_file_level([d for d in node.directives if d.origin != "environment"], version, kind))
        cache[key] = out
    return cache[key]
