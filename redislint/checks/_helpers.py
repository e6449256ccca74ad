"""Shared predicates for checks (not a rule: the leading underscore keeps the registry away)."""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import Literal

from redislint.model.base import Struct
from redislint.model.compose import Port, Service
from redislint.model.conf import Directive
from redislint.model.project import Project, RedisNode
from redislint.model.span import Span
from redislint.model.values import Origin, Value

State = Literal["set", "unset", "unknown"]


class Auth(Struct):
    """Whether the default user needs a password, and where that is decided."""

    state: State
    value: Value | None = None
    directive: Directive | None = None
    via: str = ""
    """``requirepass``, ``user default``, ``aclfile``, ``default-off``."""


def auth_state(node: RedisNode, project: Project | None = None) -> Auth:
    """The effective authentication of the default user (set / unset / unknown).

    Uses the ACL model (:mod:`redislint.checks._acl`): a ``user default`` line wins over ``requirepass``
    whatever their order (the line resets the user after the config is read), ``aclfile`` makes Redis
    ignore ``requirepass`` and the file decides. Pass ``project`` to trace an aclfile through the
    linker (without it, bind mounts and secrets of the service are followed directly).
    """
    from redislint.checks._acl import acl_model

    model = acl_model(node, project)
    default_line = model.source == "conf" and "default" in model.users and not model.users["default"].builtin
    if model.source == "aclfile" or default_line:
        via = "aclfile" if model.source == "aclfile" else "user default"
        anchor = model.aclfile
        if model.source == "aclfile" and not model.known:
            return Auth("unknown", None, anchor, "aclfile")
        d = model.users.get("default")
        if d is None or d.builtin:
            return Auth("unset", None, anchor, "aclfile")
        if d.unknown:
            return Auth("unknown", None, d.directive, via)
        if not d.on:
            return Auth("set", None, d.directive, "default-off")
        if d.nopass:
            return Auth("unset", None, d.directive, via)
        pw = d.passwords[-1] if d.passwords else None
        if pw is not None and pw.text is not None and pw.text.startswith(">"):
            pw = pw.model_copy(update={"text": pw.text[1:]})  # the password itself, without '>'
        return Auth("set", pw, d.directive, via)
    rp = node.get("requirepass")
    if rp is not None:
        v = rp.arg(0)
        if v is None:
            return Auth("unknown", None, rp, "requirepass")
        if v.text is None:
            # ${PW:?err} (compose refuses to start without it) or $(cat /run/secrets/x): a password is
            # set, its value is unknown.
            state: State = "set" if v.origin == Origin.REQUIRED or v.secret_path is not None else "unknown"
            return Auth(state, v, rp, "requirepass")
        return Auth("set" if v.text != "" else "unset", v, rp, "requirepass")
    if not node.complete:
        return Auth("unknown")
    return Auth("unset")


def is_loopback(host: str) -> bool:
    h = host.strip().lstrip("-").strip("[]")
    if h in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


Reach = Literal["public", "internal", "local", "unknown"]


def published_ports(svc: Service, container_port: int) -> list[Port]:
    return [p for p in svc.ports if container_port in p.container_ports]


def reachability(node: RedisNode) -> tuple[Reach, Span | None]:
    """How far the node's port reaches: published on the host (public), other containers (internal),
    loopback only (local)."""
    svc = node.service
    port = node.port
    if svc is not None:
        nm = svc.network_mode.text if svc.network_mode is not None else None
        if nm == "host":
            return "public", svc.network_mode.span if svc.network_mode else svc.span
        if nm is not None and nm.startswith(("service:", "container:")):
            return "internal", None
        if nm == "none":
            return "local", None
        ports: list[Port] = []
        if port is not None:
            ports = published_ports(svc, port)
        tls = node.value("tls-port")
        if tls and tls.isdigit():
            ports += published_ports(svc, int(tls))
        for p in ports:
            if not p.loopback_only:
                return "public", p.span
        if ports:
            return "local", ports[0].span
        return "internal", None
    binds = node.get("bind")
    if binds is None:
        return ("public", None) if node.complete else ("unknown", None)
    texts = [a.text for a in binds.args]
    if any(t is None for t in texts):
        return "unknown", None
    if all(is_loopback(t or "") for t in texts):
        return "local", binds.span
    return "public", binds.span


def protected_mode(node: RedisNode) -> bool | None:
    """Effective protected-mode. Official images and Sentinel default to ``no``; a bare file to ``yes``."""
    default = node.service is None and node.kind == "redis"
    return node.flag("protected-mode", default)


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
CLI_PASSWORD_FLAGS = ("-a", "--pass", "--askpass-value")
PASSWORD_ENV = re.compile(r"(^|_)(PASS|PASSWORD|PASSWD|PWD|SECRET)(_|$)|PASSWORD", re.IGNORECASE)


def is_password_env(name: str) -> bool:
    if name.upper().endswith("_FILE"):
        return False
    return bool(PASSWORD_ENV.search(name))


def _shell_words(v: Value) -> list[tuple[str, Value]]:
    from redislint.parsers.shell import split_words

    out: list[tuple[str, Value]] = []
    if v.text is None:
        return out
    for w in split_words(v.text, shell=True):
        if w.operator:
            continue
        out.append((w.text, Value(text=None if w.dynamic else w.text, span=v.span, raw=w.text, origin=Origin.SHELL if w.dynamic else v.origin, variables=v.variables)))
    return out


def healthcheck_passwords(svc: Service) -> list[tuple[str, Value]]:
    """(flag, value) pairs of redis-cli passwords in the service's healthcheck."""
    hc = svc.healthcheck
    if hc is None or hc.disabled:
        return []
    if hc.form == "CMD":
        pairs = [(v.text or "", v) for v in hc.test]
    else:
        pairs = [p for v in hc.test for p in _shell_words(v)]
    out: list[tuple[str, Value]] = []
    for i, (t, _v) in enumerate(pairs[:-1]):
        if t in CLI_PASSWORD_FLAGS:
            out.append((t, pairs[i + 1][1]))
    return out


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


@functools.lru_cache(maxsize=1)
def default_passwords() -> frozenset[str]:
    from redislint.datafiles import read_data

    text = read_data("default-passwords.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_default_password(text: str | None) -> bool:
    return text is not None and text.strip().lower() in default_passwords()
