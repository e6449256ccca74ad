"""RL101 (no-authentication): A reachable Redis server accepts commands without a password.

Examples, fixes and the reasoning: ``rules/RL101.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import auth_state, node_label, protected_mode_guards, reachability
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL101",
    name="no-authentication",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.NODE,
    summary="A reachable Redis server accepts commands without a password",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    auth = auth_state(node)
    if auth.state != "unset":
        return
    reach, where = reachability(node)
    if reach not in ("public", "internal"):
        return
    guards = protected_mode_guards(node)
    if guards is not False and node.service is None:
        # Outside a container protected mode (on by default) refuses non-loopback clients.
        return
    if guards is True:
        return
    span = auth.directive.span if auth.directive is not None else node.anchor
    how = {
        "aclfile": " (its ACL file leaves the default user on without a password"
        + ("; requirepass is ignored with aclfile)" if node.get("requirepass") is not None else ")"),
        "user default": " (its 'user default' line has nopass)",
    }.get(auth.via, "")
    if auth.via == "requirepass":
        how = " (requirepass is empty)"
    related = [(where, "published here")] if where is not None and where != span else []
    if reach == "public":
        yield ctx.finding(
            span,
            f"{node_label(node)} has no password{how} and is reachable from outside the "
            + ("cluster" if node.service is not None and node.service.platform == "kubernetes" else "host"),
            fix="Set requirepass or ACL users (from a Secret), and use a ClusterIP Service"
            if node.service is not None and node.service.platform == "kubernetes"
            else "Set requirepass (from a Docker secret via include) or ACL users, and publish on 127.0.0.1 only",
            related=related,
            evidence="default-user-nopass",
        )
    elif node.service is not None and node.service.platform == "kubernetes":
        yield ctx.finding(
            span,
            f"{node_label(node)} has no password{how}: every pod the cluster network lets through can run any command",
            fix="Set requirepass or ACL users (from a Secret), and a NetworkPolicy for its clients",
            severity=Severity.MEDIUM,
            evidence="default-user-nopass",
        )
    else:
        yield ctx.finding(
            span,
            f"{node_label(node)} has no password{how}: every container on its networks can run any command",
            fix="Set requirepass (from a Docker secret via include) or ACL users",
            severity=Severity.MEDIUM,
            evidence="default-user-nopass",
        )
