"""What the server's own config loader would say about a node's effective configuration, computed
once per node by the link stage (:mod:`redislint.link.facts`) and shared by RL002-RL005, RL007 and
RL011."""

from __future__ import annotations

from redislint.engine.context import Context
from redislint.model.project import RedisNode
from redislint.redis.validate import Problem


def problems(node: RedisNode, ctx: Context) -> list[Problem]:
    return node.config_problems
