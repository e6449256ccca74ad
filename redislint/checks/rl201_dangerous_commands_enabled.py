"""RL201 (dangerous-commands-enabled): FLUSHALL, CONFIG, SHUTDOWN, KEYS, REPLICAOF... are available to
the application's user.

Examples, fixes and the reasoning: ``rules/RL201.md``.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from redislint.checks._acl import CHECKED_COMMANDS, AclUser, acl_model, renamed_away
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import Project, RedisNode
from redislint.redis.acl_advice import acl_fix_text

# Users that are meant to administer the server: not the application's.
_ADMIN_NAMES = ("admin", "root", "superuser", "operator", "ops")


def _available(node: RedisNode, user: AclUser, removed: Container[str]) -> list[str] | None:
    out: list[str] = []
    for cmd in CHECKED_COMMANDS:
        if cmd in removed:
            continue
        if cmd in ("debug", "module") and node.version >= (7, 0):
            # 7.0+: DEBUG and MODULE are refused unless enable-debug-command / enable-module-command yes
            # ('local' allows loopback clients only) [3.3].
            val = node.value("enable-debug-command" if cmd == "debug" else "enable-module-command", "no")
            if val is None:
                return None
            if val.lower() != "yes":
                continue
        can = user.can_run(cmd)
        if can is None:
            return None
        if can:
            out.append(cmd)
    if "slaveof" in out and "replicaof" in out:
        out.remove("slaveof")
    return out


def _application_user(user: AclUser, accounts: Container[str]) -> bool:
    """A user that is on and is not the default user, an administrator or a service account."""
    if user.name == "default" or not user.on or user.unknown or user.name in accounts:
        return False
    return not any(k in user.name.lower() for k in _ADMIN_NAMES)


def service_accounts(project: Project) -> set[str]:
    """ACL users that the deployment's own machinery logs in as (see
    :attr:`redislint.model.project.Project.service_accounts`)."""
    return project.service_accounts


@rule(
    id="RL201",
    name="dangerous-commands-enabled",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.NODE,
    summary="FLUSHALL, CONFIG, SHUTDOWN, KEYS, REPLICAOF... are available to the application's user",
    profile="prod",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    if not node.complete:
        return  # a rename-command or ACL line may be in the part we cannot see
    model = acl_model(node)
    if not model.known:
        return
    accounts = service_accounts(ctx.project)
    removed = renamed_away(node)  # once per node, not per user: a conf may declare thousands of users
    apps = [u for u in model.users.values() if _application_user(u, accounts)]
    for user in model.users.values():
        if not user.on or user.unknown or (user.name != "default" and user.name in accounts):
            continue
        if user.name != "default" and any(k in user.name.lower() for k in _ADMIN_NAMES):
            continue
        cmds = _available(node, user, removed)
        if cmds and user.name == "default" and node.sentinel_as_default and apps:
            # the Sentinels log in as the default user and need SLAVEOF/REPLICAOF to fail over; the
            # application has a user of its own, so the default user is the machinery's account
            cmds = [c for c in cmds if c not in ("slaveof", "replicaof")]
        if not cmds:
            continue
        who = "the default user" if user.name == "default" else f"ACL user '{user.name}'"
        span = user.span if not user.builtin else node.anchor
        yield ctx.finding(
            span,
            f"{who} can run {', '.join(c.upper() for c in cmds)}",
            fix=acl_fix_text(user.name),
            evidence=f"dangerous:{user.name}",
        )
