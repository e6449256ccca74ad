"""Link stage: facts the rules read that span the whole project or need the directive knowledge: the
service accounts of the deployment, and what the server's own config loader would say of each node."""

from __future__ import annotations

import os
import re
from typing import Literal

from redislint.fs import FileStore
from redislint.model.compose import Stack, UnsetUse
from redislint.model.project import Project, RedisNode
from redislint.model.roles import NAMES_REDIS, REDIS_ROLES
from redislint.model.span import Span
from redislint.parsers.compose_files import peek_yaml
from redislint.parsers.interpolate import parse_dotenv
from redislint.redis.passwords import is_default_password
from redislint.redis.validate import Problem, validate_directive, validate_file_level
from redislint.redis.versions import Version
from redislint.secrets.names import is_secret_name


def service_accounts(project: Project) -> set[str]:
    """ACL users that the deployment's own machinery logs in as: replicas (masteruser), Sentinels
    (sentinel auth-user) and exporters (REDIS_USER). They need some dangerous commands (a Sentinel
    must run REPLICAOF and CONFIG REWRITE to fail over) and are not the application's user."""
    names: set[str] = set()
    for node in project.nodes:
        for d in node.all("masteruser"):
            if d.text(0):
                names.add(d.text(0) or "")
    for sentinel in project.sentinels:
        for d in sentinel.sentinel_lines("auth-user"):
            if d.text(2):
                names.add(d.text(2) or "")
    for svc in project.services:
        if project.role(svc) == "exporter":
            user = svc.env("REDIS_USER")
            if user:
                names.add(user)
    return names


def _has(sentinel: RedisNode, sub: str, master: str) -> bool:
    """Whether the Sentinel has a ``sentinel <sub> <master> ...`` line."""
    return any((d.text(1) or "").lower() == master for d in sentinel.sentinel_lines(sub))


def link_sentinel_logins(project: Project) -> None:
    """Set :attr:`RedisNode.sentinel_as_default` on the servers of each Sentinel group whose
    Sentinels give a password (``auth-pass``) and no user name (``auth-user``) for the master."""
    for sg in project.sentinel_groups:
        name = sg.master_name.lower()
        if not any(_has(s, "auth-pass", name) for s in sg.sentinels) or any(_has(s, "auth-user", name) for s in sg.sentinels):
            continue
        for node in (sg.primary, *sg.replicas):
            if node is not None:
                node.sentinel_as_default = True


def node_version(node: RedisNode) -> Version:
    """The directive table's version key of a node."""
    v = node.version
    product: Literal["redis", "valkey"] = "valkey" if node.product == "valkey" else "redis"
    return Version(product, v[0], v[1] if len(v) > 1 else 0)


def config_problems(node: RedisNode) -> list[Problem]:
    """What the server's own config loader would say about the node's effective configuration (none
    for KeyDB, Dragonfly...: compatible servers with directives of their own)."""
    if node.product not in ("redis", "valkey"):
        return []
    version = node_version(node)
    kind: Literal["redis", "sentinel"] = "sentinel" if node.kind == "sentinel" else "redis"
    out: list[Problem] = []
    for d in node.directives:
        if d.origin == "environment":
            continue
        out.extend(validate_directive(d, version, kind))
    out.extend(validate_file_level([d for d in node.directives if d.origin != "environment"], version, kind))
    return out


def link_servers(project: Project) -> None:
    """Each service's server (the first node that runs it, nodes before Sentinels)."""
    for n in (*project.nodes, *project.sentinels):
        if n.service is not None and n.service.server is None:
            n.service.server = n


def link_primaries(project: Project) -> None:
    """Each node's primaries, in group order (a node listed twice in a group counts once)."""
    for g in project.replication:
        if g.primary is not None:
            for r in dict.fromkeys(g.replicas):
                if r.kind == "redis":
                    r.primaries.append(g.primary)
    for sg in project.sentinel_groups:
        if sg.primary is not None:
            for s in dict.fromkeys(sg.sentinels):
                if s.kind != "redis":
                    s.primaries.append(sg.primary)




def _concerns_redis(stack: Stack, use: UnsetUse) -> bool:
    if NAMES_REDIS.search(use.name) or NAMES_REDIS.search(use.text) or any(NAMES_REDIS.search(k) for k in use.path):
        return True
    if len(use.path) >= 2 and use.path[0] == "services":
        svc = stack.services.get(use.path[1])
        return svc is not None and svc.role in REDIS_ROLES
    return False


def link_datastores(project: Project) -> None:
    """Which servers hold data that matters (see :attr:`RedisNode.datastore`), after the groups."""
    grouped: set[RedisNode] = set()
    for g in project.replication:
        for n in (g.primary, *g.replicas):
            if n is not None:
                grouped.add(n)
    monitored = {sg.primary for sg in project.sentinel_groups if sg.primary is not None}
    for node in project.nodes:
        ao = (node.value("appendonly") or "").lower() == "yes"
        saves = [d for d in node.all("save") if d.args and any((a.text or "") != "" for a in d.args)]
        if node.cluster:
            node.datastore = "cluster"
        elif node in monitored:
            node.datastore = "sentinel"
        elif node in grouped:
            node.datastore = "replication"
        elif ao or saves:
            node.datastore = "persistence"


_TEMPLATE_ENV = re.compile(r"(^|[._-])env($|[._-])", re.IGNORECASE)
_TEMPLATE_OTHER = re.compile(r"(^|[._-])(example|sample|template|tpl|dist)($|[._-])", re.IGNORECASE)
_ENV_LINE = re.compile(r"^[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=", re.MULTILINE)


def link_documented_variables(project: Project, store: FileStore) -> None:
    """For each stack, the variables that template env files document (see
    :attr:`Stack.documented_variables`): files named like ``.env.example``, ``env.tpl``,
    ``template.env`` or ``.env.production`` (not the ``.env`` compose reads itself), KEY=value files
    named ``*example*``/``*sample*``/``*template*``, and the shell scripts and Makefiles that set
    them (an installer's ``REDIS_PASSWORD=$(openssl rand ...)``), in the compose file's folder and
    the folders above it, up to the repository root. Only names and lines are
    kept: values are never read into the model here."""
    root = os.path.abspath(store.root or project.root)
    cache: dict[str, tuple[dict[str, Span], dict[str, Span]]] = {}
    for stack in project.stacks:
        if not stack.unset_variables:
            continue
        found: dict[str, Span] = {}
        weak: dict[str, Span] = {}
        d = os.path.abspath(stack.dir)
        for _ in range(20):
            if d not in cache:
                cache[d] = _documented_in(d, store)
            names, defaults = cache[d]
            for name, span in names.items():
                found.setdefault(name, span)
            for name, span in defaults.items():
                weak.setdefault(name, span)
            if d == root or not d.startswith(root + os.sep):
                break
            d = os.path.dirname(d)
        stack.documented_variables = found
        stack.template_default_passwords = {n: sp for n, sp in weak.items() if found.get(n) == sp}


def _documented_in(folder: str, store: FileStore) -> tuple[dict[str, Span], dict[str, Span]]:
    """(variable -> the line that documents it, variable -> that line when it sets a well-known
    default password) for the template files of one folder."""
    out: dict[str, Span] = {}
    weak: dict[str, Span] = {}
    if not store.contains(folder) or not store.is_dir(folder):
        return out, weak
    for name in sorted(store.listdir(folder)):
        env_named = bool(_TEMPLATE_ENV.search(name))
        script = name.endswith(".sh") or name in ("Makefile", "makefile", "GNUmakefile")
        if name == ".env" or not (env_named or script or _TEMPLATE_OTHER.search(name)):
            continue
        path = os.path.join(folder, name)
        if not store.is_file(path) or (store.size(path) or 0) > 256_000:
            continue
        text = store.read(path)
        if text is None:
            continue
        if not env_named and not script and not _mostly_assignments(text):
            continue  # config-example.txt documents variables only when it is KEY=value lines
        values = parse_dotenv(text) if not script else {}
        for m in _ENV_LINE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            name = m.group(1)
            if name in out:
                continue
            out[name] = Span.point(path, line, 1)
            commented = text[m.start() : m.end()].lstrip().startswith("#")
            if not commented and is_secret_name(name) and is_default_password(values.get(name)):
                weak[name] = out[name]
    return out, weak


def link_sibling_declarations(project: Project, store: FileStore) -> None:
    """For each stack, the volumes and networks that other YAML files beside its main file declare at
    top level (:attr:`Stack.sibling_volumes`, :attr:`Stack.sibling_networks`)."""
    cache: dict[str, tuple[set[str], set[str]]] = {}
    for stack in project.stacks:
        folder = os.path.dirname(stack.main_file)
        vols: set[str] = set()
        nets: set[str] = set()
        if not store.contains(folder) or not store.is_dir(folder):
            continue
        for name in sorted(store.listdir(folder)):
            path = os.path.join(folder, name)
            if not name.lower().endswith((".yml", ".yaml")) or path in stack.files:
                continue
            if path not in cache:
                cache[path] = _top_level_names(path, store)
            v, n = cache[path]
            vols |= v
            nets |= n
        stack.sibling_volumes, stack.sibling_networks = vols, nets


def _top_level_names(path: str, store: FileStore) -> tuple[set[str], set[str]]:
    root = peek_yaml(path, store)
    if root is None:
        return set(), set()
    out: list[set[str]] = []
    for key in ("volumes", "networks"):
        section = root.get(key)
        out.append({k.text for k, _v in section.pairs} if section is not None and section.kind == "map" else set())
    return out[0], out[1]


def _mostly_assignments(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and sum(1 for ln in lines if _ENV_LINE.match(ln)) * 2 >= len(lines)


SHELL_EXPORTED = frozenset({"PWD", "HOME", "USER", "LOGNAME", "PATH", "SHELL"})
"""Variables every login shell exports, and compose interpolates from the shell that runs it: set at
deploy time, whatever the repository says (``UID`` is not among them: bash does not export it)."""


def link_redis_unset_variables(project: Project) -> None:
    """Each stack's unset variables that concern Redis (see :attr:`Stack.redis_unset_variables`)."""
    for stack in project.stacks:
        stack.redis_unset_variables = [
            v
            for u, v in zip(stack.unset_uses, stack.unset_variables, strict=True)
            if v[0] not in SHELL_EXPORTED and _concerns_redis(stack, u)
        ]
