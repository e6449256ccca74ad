"""The one way rules read a fact the link stage computes for every server and Sentinel (its
authentication, ACL users, password, masterauth, reach, Sentinel configuration): a node without it
was never linked, which is a bug of the pipeline, not something a rule works around by computing
the fact itself. Not a rule (leading underscore)."""

from __future__ import annotations

from typing import TypeVar

from redislint.model.project import RedisNode

T = TypeVar("T")


def linked(value: T | None, node: RedisNode, fact: str) -> T:
    """``value`` (the node's ``fact``), which the link stage sets for every node."""
    if value is None:
        raise LookupError(f"{node.label}: RedisNode.{fact} is not set (the node was not linked)")
    return value
