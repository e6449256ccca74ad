"""RL014 (config-unreadable): The image makes its server's config file unreadable for the user the
server runs as (chown/chmod in the Dockerfile): the server cannot start.

Examples, fixes and the reasoning: ``rules/RL014.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span

_ROOT = {"root", "0"}


@rule(
    id="RL014",
    name="config-unreadable",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SERVICE,
    summary="The Dockerfile makes the server's config file unreadable for the user the server runs as",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    df = ctx.project.dockerfile(svc)
    if node is None or df is None or df.user is None or node.invocation is None or not node.invocation.conf_path:
        return
    user, _, group = df.user.strip().partition(":")
    if user in _ROOT or not user or (svc.user is not None and svc.platform == "compose"):
        return  # root reads everything; a compose `user:` overrides the image's USER
    path = posixpath.normpath(node.invocation.conf_path)
    owner, owner_group, mode, span = "root", "root", None, None
    for m in df.modes:
        if not (m.path == path or (m.recursive and path.startswith(m.path.rstrip("/") + "/"))):
            continue
        if m.command == "chown":
            o, _, g = m.arg.partition(":")
            owner, owner_group = o, (g or owner_group)
            span = m.span
        elif len(m.arg) in (3, 4) and all(c in "01234567" for c in m.arg):
            mode, span = int(m.arg, 8), m.span
        else:
            mode, span = None, m.span  # a symbolic mode: cannot be told
    if mode is None or span is None:
        return
    if any(x.isdigit() != user.isdigit() for x in (owner,)) and owner not in _ROOT:
        return  # a name against a uid: which is which depends on the image's /etc/passwd
    in_group = owner_group in (group, user) if group or owner_group else False
    readable = bool((owner == user and mode & 0o400) or (in_group and mode & 0o040) or mode & 0o004)
    if readable:
        return
    user_span: Span = df.user_span or span
    yield ctx.finding(
        span,
        f"the image runs its server as '{df.user}', but {path} is left mode {mode:03o} owned by {owner}:{owner_group}: "
        "the server cannot read its config and exits at start",
        fix=f"chown {user} {path} (or chmod 644 it: the config itself should hold no password)",
        related=[(user_span, "the user the server runs as")],
        evidence=f"{svc.name}:{path}",
    )
