"""RL104, one of its checks: a Secret committed to the repository that concerns Redis and holds a
literal password (:attr:`redislint.model.compose.Stack.committed_secrets`): anyone who reads the
repository, or its history, reads the password. One finding per Secret, at its first password; a
Secret whose password a Redis container reads through ``env``, or whose config a Redis server loads,
is the env or config check's finding already (one cause, one finding)."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl104_hardcoded_password  # noqa: F401  (declares RL104)
from redislint.checks._acl import redis_env_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.compose import Stack
from redislint.model.span import Span
from redislint.model.values import Origin
from redislint.redis.passwords import password_values


@extend(id="RL104", scope=Scope.STACK)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if stack.platform != "kubernetes" or not stack.committed_secrets:
        return
    reported: set[Span] = set()
    for svc in stack.services.values():
        for _, v in redis_env_passwords(ctx.project, svc):
            if v.text and v.origin == Origin.LITERAL and not v.variables and v.secret_path is None:
                reported.add(v.span)
        node = ctx.project.node_for(svc)
        # a config the server loads from the Secret (a mounted redis.conf): the config check's finding
        for _, v in password_values([d for d in node.directives if d.origin == "file"]) if node is not None else ():
            if v.text and v.origin == Origin.LITERAL and not v.variables:
                reported.add(v.span)
    for sec in stack.committed_secrets:
        if any(_within(r, s) for s in sec.values for r in reported):
            continue
        keys = ", ".join(sec.keys[:3]) + (f" and {len(sec.keys) - 3} more" if len(sec.keys) > 3 else "")
        yield ctx.finding(
            sec.values[0],
            f"Secret '{sec.name}' holds a literal password committed to the repository (keys: {keys}): anyone who reads the repository reads it",
            fix="Create it at deploy time (a secretGenerator from git-ignored files, sealed-secrets or external-secrets)",
            related=[(s, f"also key {k}") for k, s in zip(sec.keys[1:], sec.values[1:], strict=True)],
            evidence=f"secret:{sec.name}:{'+'.join(sec.keys)}:committed",
        )


def _within(inner: Span, outer: Span) -> bool:
    """``inner`` lies in ``outer`` (a password of the config a Secret's value holds)."""
    return inner.file == outer.file and (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)
