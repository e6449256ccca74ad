"""Shared predicates for checks (not a rule: the leading underscore keeps the registry away)."""

from __future__ import annotations

import re

from redislint.checks._linked import linked
from redislint.model.auth import Auth
from redislint.model.compose import Service
from redislint.model.project import Project, RedisNode
from redislint.model.reach import Reach
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.redis.passwords import default_passwords, is_default_password  # noqa: F401  (the one definition)


def auth_state(node: RedisNode) -> Auth:
    """The effective authentication of the default user (set / unset / unknown), as the link stage
    computed it (:mod:`redislint.model.auth`)."""
    return linked(node.auth, node, "auth")


def reachability(node: RedisNode) -> tuple[Reach, Span | None]:
    """How far the node's port reaches (set by the link stage, :mod:`redislint.model.reach`)."""
    return linked(node.reach, node, "reach")


def protected_mode(node: RedisNode) -> bool | None:
    """Effective protected-mode. Official images and Sentinel default to ``no``; a bare file to ``yes``."""
    default = node.service is None and node.kind == "redis"
    return node.flag("protected-mode", default)


def protected_mode_guards(node: RedisNode) -> bool | None:
    """Whether protected mode actually refuses remote clients of a server with no password. Before
    7.0 it only does so when no ``bind`` is configured (6.2's networking.c tests
    ``bindaddr_count == 0``); from 7.0 whatever the bind."""
    mode = protected_mode(node)
    if mode and node.kind == "redis" and tuple(node.version) < (7, 0) and node.get("bind") is not None:
        return False
    return mode


DOLLAR_VAR = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


def node_label(node: RedisNode) -> str:
    if node.service is not None:
        return f"service '{node.service.name}'"
    return f"'{node.name}'"


def rdb_enabled(node: RedisNode) -> bool | None:
    """RDB snapshots: on with Redis's built-in save points unless ``save ""`` leaves none."""
    saves = node.all("save")
    if not saves:
        return True if node.complete else None
    points = 0
    for d in saves:
        if not d.args or d.text(0) == "":
            points = 0
        elif d.text(0) is None:
            return None
        else:
            points += 1
    return points > 0


def aof_enabled(node: RedisNode) -> bool | None:
    d = node.get("appendonly")
    if d is None:
        return False if node.complete else None
    t = d.text(0)
    return None if t is None else t.lower() == "yes"


def forks(node: RedisNode) -> bool:
    """Snapshots, AOF rewrites or replication make Redis fork (copy-on-write needs headroom)."""
    return bool(rdb_enabled(node)) or bool(aof_enabled(node)) or node.get("replicaof") is not None


PASSWORD_OPTIONS = ("requirepass", "masterauth", "primaryauth")
PASSWORD_ENV = re.compile(r"(^|_)(PASS|PASSWORD|PASSWD|PWD|SECRET)(_|$)|PASSWORD", re.IGNORECASE)


def is_password_env(name: str) -> bool:
    if name.upper().endswith("_FILE"):
        return False
    return bool(PASSWORD_ENV.search(name))


def healthcheck_passwords(svc: Service) -> list[tuple[str, Value]]:
    """(flag, value) pairs of redis-cli passwords in the service's healthcheck (set by the link stage)."""
    return svc.healthcheck_passwords


def command_passwords(project: Project, svc: Service) -> list[tuple[str, Value]]:
    """(option, value) for --requirepass/--masterauth given on the command line of a Redis service."""
    node = project.node_for(svc)
    out: list[tuple[str, Value]] = []
    if node is None or node.invocation is None:
        return out
    for d in node.invocation.options:
        if d.name in PASSWORD_OPTIONS and d.args:
            out.append((d.name, d.args[0]))
    return out


def env_passwords(svc: Service) -> list[tuple[str, Value]]:
    out: list[tuple[str, Value]] = []
    for name, var in svc.environment.items():
        if var.value is not None and var.from_file is None and is_password_env(name):
            out.append((name, var.value))
    return out


