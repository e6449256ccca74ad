from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.checks._containers import redis_node
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Service
from redislint.parsers.shell import command_string_index, split_words

_SERVERS = ("redis-server", "redis-sentinel", "valkey-server", "valkey-sentinel", "keydb-server", "redis-stack-server")


def _bash_tail_exec(svc: Service) -> bool:
    """bash (5.1 and newer) replaces itself with the last command of a ``-c`` string: checked with
    bash 5.2 (``bash -c 'true && sleep 7'`` leaves ``sleep`` as the process). dash (Debian's /bin/sh)
    does not. So ``bash -c '... ; redis-server ...'`` is fine when redis-server is the last command
    and not sent to the background."""
    argv = [v.text or "" for vals in (svc.entrypoint or (), svc.command or ()) for v in vals]
    for i, t in enumerate(argv[:-1]):
        at = command_string_index(list(argv), i) if t.rsplit("/", 1)[-1] == "bash" else None
        if at is not None:
            body = argv[at]
            words = split_words(body, shell=True)
            while words and words[-1].operator and words[-1].text in (";", "\n", "\n\n"):
                words.pop()
            if not words or words[-1].operator:
                return False
            # the last simple command
            start = max((k for k, w in enumerate(words) if w.operator), default=-1) + 1
            last = words[start:]
            if start > 0 and words[start - 1].text in ("|", "&"):
                return False
            names = [w.text.rsplit("/", 1)[-1] for w in last if not w.operator]
            return bool(names) and names[0] in _SERVERS
    return False


_TRAP = re.compile(r"\btrap\b[^;&|]*\b(TERM|SIGTERM|15|INT)\b")


@rule(
    id="RL807",
    name="shell-without-exec",
    severity=Severity.MEDIUM,
    tags=("durability", "availability"),
    scope=Scope.SERVICE,
    summary="redis-server runs under sh -c without exec: it never gets SIGTERM and cannot shut down cleanly",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = redis_node(svc, ctx.project)
    if node is None or node.invocation is None:
        return
    inv = node.invocation
    if not inv.in_shell or inv.uses_exec:
        return
    if _bash_tail_exec(svc):
        return
    texts = [v.text or v.raw or "" for vals in (svc.entrypoint or (), svc.command or ()) for v in vals]
    if any(_TRAP.search(t) for t in texts):
        return  # the script forwards the signal itself
    binary = inv.binary
    span = svc.command_span or svc.entrypoint_span or inv.span
    yield ctx.finding(
        span,
        f"service '{svc.name}' starts {binary} from a shell without exec: docker stop signals the shell, not "
        f"{binary}, which is killed after the timeout without a clean shutdown (no final save, AOF not flushed)",
        fix=f"Write 'exec {binary} ...' as the last command of the sh -c script",
        evidence=f"{svc.name}:exec",
    )
