"""RL807 (shell-without-exec): redis-server runs under sh -c without exec: it never gets SIGTERM and
cannot shut down cleanly.

Examples, fixes and the reasoning: ``rules/RL807.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.checks._fixes import replace
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.model.span import Span

_TRAP = re.compile(r"\btrap\b[^;&|]*\b(TERM|SIGTERM|15|INT)\b")


@rule(
    id="RL807",
    name="shell-without-exec",
    severity=Severity.MEDIUM,
    tags=("durability", "availability"),
    scope=Scope.SERVICE,
    summary="redis-server runs under sh -c without exec: it never gets SIGTERM and cannot shut down cleanly",
    fix="unsafe",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None or node.invocation is None:
        node = svc.server  # a Sentinel started from a shell misses SIGTERM the same way
    if node is None or node.invocation is None:
        return
    inv = node.invocation
    if not inv.in_shell or inv.uses_exec:
        return
    if svc.bash_tail_exec:
        return
    texts = [v.text or v.raw or "" for vals in (svc.entrypoint or (), svc.command or ()) for v in vals]
    if any(_TRAP.search(t) for t in texts):
        return  # the script forwards the signal itself
    binary = inv.binary
    span = svc.command_span or svc.entrypoint_span or inv.span
    yield ctx.finding(
        span,
        f"service '{svc.name}' starts {binary} from a shell without exec: "
        f"{'the kubelet' if svc.platform == 'kubernetes' else 'docker stop'} signals the shell, not "
        f"{binary}, which is killed after the timeout without a clean shutdown"
        + (" (its config rewrite may be cut short)" if node.kind == "sentinel" else " (no final save, AOF not flushed)"),
        fix=f"Write 'exec {binary} ...' as the last command of the sh -c script",
        evidence=f"{svc.name}:exec",
        autofix=_fix(svc, ctx),
    )


def _fix(svc: Service, ctx: Context) -> Fix | None:
    """``exec`` written before the server's binary when it is the script's last command (nothing
    after it but its arguments, which may hold a ``$(...)``)."""
    node = svc.server
    inv = node.invocation if node is not None else None
    if inv is None or not inv.argv:
        return None
    b = inv.argv[0]
    script = next((v for v in (*(svc.entrypoint or ()), *(svc.command or ())) if _holds(v.span, b.span)), None)
    if script is None or b.raw != inv.binary or not b.is_literal:
        return None
    text = script.text or ""
    tail = text[text.rfind(inv.binary):].strip() if inv.binary in text else ";"
    if any(c in tail for c in ";&|`\n"):
        return None  # another command follows: exec would end the script there
    return ctx.fix(f"Start {inv.binary} with exec", [replace(Span.point(b.span.file, b.span.start_line, b.span.start_col), "exec ")])


def _holds(outer: Span, inner: Span) -> bool:
    return outer.file == inner.file and (outer.start_line, outer.start_col) <= (inner.start_line, inner.start_col) and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)
