"""RL009 (config-not-loaded): A mounted redis.conf is never loaded, or the command loads a path nothing
provides.

Examples, fixes and the reasoning: ``rules/RL009.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model import paths
from redislint.model.compose import Service
from redislint.model.container import container_path
from redislint.model.hosts import is_loopback
from redislint.model.span import Span


def _looks_like_conf(target: str, host: str | None) -> bool:
    name = posixpath.basename(target).lower()
    if not name.endswith(".conf"):
        return False
    return any(k in name for k in ("redis", "sentinel", "valkey")) or (host is not None and any(k in paths.basename(host).lower() for k in ("redis", "sentinel", "valkey")))


def _written_by_command(svc: Service, path: str, times: int = 2) -> bool:
    """True when the service's own command mentions ``path`` at least ``times`` times: it creates the
    config before starting the server (``echo ... > /etc/sentinel.conf && redis-sentinel /etc/...``)
    or uses a mounted file itself (``cp -f /etc/redis/base.conf /data/sentinel.conf``)."""
    raw = " ".join(v.raw for v in (*(svc.entrypoint or ()), *(svc.command or ())))
    return bool(path) and raw.count(path) >= times


def _loopback_bind(ctx: Context, svc: Service, target: str) -> Span | None:
    """Where the mounted, unused file binds to loopback addresses only (None otherwise)."""
    path = ctx.project.host_path(svc, target)
    entry = ctx.project.files.get(path) if path is not None else None
    if entry is None or entry.conf is None:
        return None
    binds = [d for d in entry.conf.directives if d.name == "bind"]
    if not binds:
        return None
    last = binds[-1]
    addrs = [a.text or "" for a in last.args]
    if addrs and all(is_loopback(a) for a in addrs):
        return last.span
    return None


@rule(
    id="RL009",
    name="config-not-loaded",
    severity=Severity.HIGH,
    tags=("correctness",),
    scope=Scope.SERVICE,
    summary="A mounted redis.conf is never loaded, or the command loads a path nothing provides",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    node = ctx.project.node_for(svc)
    if node is None or node.invocation is None:
        return
    inv = node.invocation
    loaded: set[str] = set()
    if inv.conf_path:
        loaded.add(posixpath.normpath(inv.conf_path))
    for d in node.directives:
        if d.name == "include" and d.text(0):
            loaded.add(container_path(d.text(0) or ""))
    used_hosts = {paths.normpath(p) for p in node.conf_files}
    for m in svc.volumes:
        if m.type != "bind" or not m.target:
            continue
        target = posixpath.normpath(m.target)
        if not _looks_like_conf(target, m.host_path):
            continue
        if target in loaded or (m.host_path and paths.normpath(m.host_path) in used_hosts):
            continue
        if inv.in_shell and _written_by_command(svc, target, times=1):
            continue  # the shell command uses the file itself (cp base.conf sentinel.conf, envsubst < file)
        what = "redis-sentinel" if node.kind == "sentinel" else "redis-server"
        fix = f"Start the server with the file: command: [\"{what}\", \"{m.target}\", ...]"
        related = [(inv.span, "the command that runs instead")]
        bind = _loopback_bind(ctx, svc, target)
        if bind is not None:
            # the advice alone would lock the other containers out: say so, and where
            fix = (
                f"First change its 'bind' (loopback only: loaded as it is, no other container could connect, "
                f"and publishing does not help), e.g. 'bind 0.0.0.0' with a password; then start the server with "
                f"the file: command: [\"{what}\", \"{m.target}\", ...]"
            )
            related.append((bind, "loopback only: loading the file as it is locks out every other container"))
        yield ctx.finding(
            m.span,
            f"'{m.target}' is mounted but the command never passes it to {what}: its settings are ignored",
            fix=fix,
            related=related,
            evidence=f"{svc.name}:{target}",
        )
    if inv.conf is not None and inv.conf_path and node.conf_file is None:
        image = node.image
        if svc.build is not None or image is None or image.flavour not in ("official", "stack"):
            return
        if ctx.project.host_path(svc, inv.conf_path) is not None:
            return  # provided, but missing on disk: RL008 reports the mount
        if ctx.project.provided_elsewhere(svc, inv.conf_path):
            return  # an inline config (content:), a secret from the environment, a named volume
        if inv.in_shell and _written_by_command(svc, inv.conf.text or ""):
            return  # the shell command writes the file itself (echo ... > file, cp, envsubst)
        yield ctx.finding(
            inv.conf.span,
            f"the command loads '{inv.conf.text}', but nothing mounts it into service '{svc.name}': the server exits",
            fix="Mount the config file at that path (a bind mount or a 'configs:' entry)",
            evidence=f"{svc.name}:load:{inv.conf_path}",
        )
