"""ACL questions of the rules (RL101-RL110, RL201) over the model's :class:`~redislint.model.acl.AclModel`
(built by the link stage). Not a rule (leading underscore)."""

from __future__ import annotations

from redislint.checks._linked import linked
from redislint.model.acl import AclModel, AclUser, builtin_default
from redislint.model.conf import Directive
from redislint.model.project import Project, RedisNode
from redislint.model.roles import REDIS_ROLES
from redislint.model.values import Value
from redislint.redis.acl_commands import (
    CHECKED_COMMANDS,
    KNOWN_CATEGORIES,
    dangerous_commands,
    in_category,
)

__all__ = [
    "CHECKED_COMMANDS",
    "KNOWN_CATEGORIES",
    "REDIS_ROLES",
    "AclModel",
    "AclUser",
    "acl_model",
    "builtin_default",
    "dangerous_commands",
    "in_category",
    "redis_env_passwords",
    "renamed_away",
]


def acl_model(node: RedisNode) -> AclModel:
    """The node's users, as the link stage computed them (:func:`redislint.link.acl.link_acl`)."""
    return linked(node.acl, node, "acl")


def renamed_away(node: RedisNode) -> dict[str, Directive]:
    """Commands renamed to ``""`` (removed), by lower-cased name."""
    out: dict[str, Directive] = {}
    for d in node.all("rename-command"):
        src, dst = d.text(0), d.text(1)
        if src is not None and dst == "":
            out[src.lower()] = d
    return out




def redis_env_passwords(project: Project, svc: object) -> list[tuple[str, Value]]:
    """Password-looking environment variables that belong to Redis: every one of a Redis, Sentinel or
    exporter service, and ``*REDIS*``/``*VALKEY*``/``*SENTINEL*`` ones of other services (an app's
    ``REDIS_PASSWORD``). Grafana's admin password is not redislint's business."""
    from redislint.checks._helpers import env_passwords
    from redislint.model.compose import Service

    assert isinstance(svc, Service)
    role = project.role(svc)
    out = []
    for name, v in env_passwords(svc):
        up = name.upper()
        if up.startswith("ALLOW_") or "EMPTY_PASSWORD" in up or up.endswith(("_FILE", "_POLICY", "_MIN_LENGTH")):
            continue  # flags about passwords (bitnami's ALLOW_EMPTY_PASSWORD=yes), not passwords
        if role in REDIS_ROLES or any(k in name.upper() for k in ("REDIS", "VALKEY", "SENTINEL")):
            out.append((name, v))
    return out
