"""Link stage: each node's ACL model (its users, from ``user`` lines or the ``aclfile`` the service
mounts), built once and kept on :attr:`redislint.model.project.RedisNode.acl`."""

from __future__ import annotations

from redislint.fs import FileStore
from redislint.link.facts import node_version
from redislint.model.acl import AclModel, build_acl
from redislint.model.conf import Directive
from redislint.model.container import aclfile_host_path
from redislint.model.project import InputFile, Project, RedisNode
from redislint.parsers.redis_conf import parse_conf
from redislint.redis.acl import check_aclfile
from redislint.redis.acl_commands import CHECKED_COMMANDS, can_run
from redislint.redis.problems import Problem


def load_aclfile(project: Project, store: FileStore, host: str) -> list[Directive] | None:
    """``user`` lines of an ACL file (parsed with redis.conf quoting), or None when unreadable."""
    if not store.is_file(host):
        return None
    text = store.read(host)
    if text is None:
        return None
    cf = parse_conf(host, text, "redis")
    if host not in project.files:
        # a file of the project like its configs: file-scoped rules (RL103's weak ACL passwords) see it
        project.files[host] = InputFile(path=host, kind="acl", text=text, used=True)
    # (its passwords are collected as secrets: redislint.secrets)
    return [d for d in cf.directives if d.name == "user"]


def user_runs(acl: AclModel) -> None:
    """Whether each user of ``acl`` may run each command rules ask about
    (:attr:`~redislint.model.acl.AclUser.runs`)."""
    for user in acl.users.values():
        user.runs = {c: can_run(user.rules, user.unknown, c) for c in CHECKED_COMMANDS}


def link_acl(project: Project, store: FileStore, node: RedisNode) -> None:
    """Give ``node`` its ACL model."""
    node.acl = build_acl(node, lambda path: aclfile_host_path(node, project.host_path, path), lambda host: load_aclfile(project, store, host))
    user_runs(node.acl)


def aclfile_problems(store: FileStore, node: RedisNode) -> list[Problem]:
    """What the server says about the node's ACL file when it is in the repository (it refuses to
    start on any error in it)."""
    acl = node.acl
    if acl is None or acl.source != "aclfile" or not acl.aclfile_path or node.product not in ("redis", "valkey"):
        return []
    text = store.read(acl.aclfile_path)
    if text is None:
        return []
    return check_aclfile(acl.aclfile_path, text, node_version(node))
