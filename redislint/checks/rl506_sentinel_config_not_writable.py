"""RL506 (sentinel-config-not-writable): sentinel.conf is read-only or a single-file bind mount:
Sentinel exits or never saves its state.

Examples, fixes and the reasoning: ``rules/RL506.md``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from redislint.checks._fixes import literal_arg, replace
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Mount
from redislint.model.project import RedisNode
from redislint.model.span import Span

FIX = "Mount a writable directory (or a named volume) holding sentinel.conf, not the file itself, and without :ro"


@rule(
    id="RL506",
    name="sentinel-config-not-writable",
    severity=Severity.HIGH,
    tags=("availability",),
    scope=Scope.SENTINEL,
    summary="sentinel.conf is read-only or a single-file bind mount: Sentinel exits or never saves its state",
    fix="unsafe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    svc, inv = node.service, node.invocation
    if svc is None or inv is None or not inv.conf_path:
        return
    if svc.kube is not None and (svc.kube.conf_from_configmap is not None or svc.kube.conf_copied):
        return  # a ConfigMap's read-only file (RL877), or the writable copy an init container makes
    cpath = posixpath.normpath(inv.conf_path)
    conf = f"'{inv.conf_path}'"
    for ref in (*svc.secrets, *svc.configs):
        if posixpath.normpath(ref.target) == cpath:
            yield ctx.finding(
                ref.span,
                f"the Sentinel config {conf} of {node_label(node)} is a compose secret/config, which is read-only: Sentinel exits ('is not writable')",
                fix="Copy the file to a writable volume at start-up and run Sentinel on the copy",
                evidence="secret-or-config",
            )
            return
    m = svc.mount_for(cpath)
    if m is None:
        if svc.read_only:
            yield ctx.finding(
                svc.key_spans.get("read_only") or svc.span,
                f"{node_label(node)} has a read-only root filesystem and its Sentinel config {conf} is on no volume: Sentinel exits",
                fix="Put the config in a writable volume",
                evidence="read-only-rootfs",
            )
        return
    if m.read_only:
        yield ctx.finding(
            m.span,
            f"the Sentinel config {conf} of {node_label(node)} is mounted read-only: Sentinel exits ('Read-only file system')",
            fix=FIX,
            evidence="ro",
            autofix=_writable(m, ctx),
        )
        return
    if node.version_from_image and tuple(node.version[:3]) < (6, 0, 9):
        return  # before 6.0.9 the rewrite was done in place (no rename): a single-file mount is saved
    if m.type == "bind" and posixpath.normpath(m.target) == cpath and not (m.host_path and node.conf_bind_is_dir):
        yield ctx.finding(
            m.span,
            f"the Sentinel config {conf} of {node_label(node)} is bind-mounted as a single file: Sentinel's rewrite (temp file + rename) fails, so its state is never saved",
            fix=FIX,
            evidence="file-mount",
            autofix=_folder_mount(node, m, ctx),
        )


def _writable(m: Mount, ctx: Context) -> Fix | None:
    """The short syntax's ``:ro`` removed (``./sentinel:/etc/sentinel:ro``): the container may then
    write the mounted files, which is what Sentinel needs."""
    s = m.span
    written = f"{m.source}:{m.target}:ro"
    if m.source is None or s.start_line != s.end_line or s.end_col - s.start_col not in (len(written), len(written) + 2):
        return None
    end = s.end_col - (s.end_col - s.start_col - len(written)) // 2
    ro = Span(file=s.file, start_line=s.start_line, start_col=end - 3, end_line=s.start_line, end_col=end)
    return ctx.fix("Mount it read-write (drop ':ro')", [replace(ro, "", old=":ro")])


def _short_syntax(m: Mount, written: str) -> Span | None:
    """The span of ``written`` inside the mount's short syntax (``- ./a:/b`` or ``- "./a:/b"``), None
    when the mount is written another way (long syntax, options, several lines)."""
    s = m.span
    if s.start_line != s.end_line or s.end_col - s.start_col not in (len(written), len(written) + 2):
        return None
    start = s.start_col + (s.end_col - s.start_col - len(written)) // 2
    return Span(file=s.file, start_line=s.start_line, start_col=start, end_line=s.start_line, end_col=start + len(written))


def _folder_mount(node: RedisNode, m: Mount, ctx: Context) -> Fix | None:
    """``./sentinel-1.conf:/etc/redis/sentinel.conf`` becomes ``.:/etc/redis``, and the command's
    config argument the file's own name in that folder (``/etc/redis/sentinel-1.conf``): Sentinel
    can then write its temporary file beside the config and rename it. Unsafe: the whole folder is
    visible and writable in the container, and what the image had at the target folder is hidden.
    None when the folder would cover another mount, the target folder is the root, or the mount or
    the config argument are not written literally."""
    svc, inv = node.service, node.invocation
    if svc is None or inv is None or m.source is None or not m.target.startswith("/"):
        return None
    target = posixpath.normpath(m.target)
    folder = posixpath.dirname(target)
    if folder in ("/", "") or not m.source.startswith((".", "/")) or m.source.endswith("/"):
        return None
    source = posixpath.dirname(m.source) or "."
    if source in ("", "/"):
        return None
    if any(o is not m and o.target and posixpath.normpath(o.target).startswith(folder.rstrip("/") + "/") for o in svc.volumes):
        return None
    if any(o is not m and o.target and posixpath.normpath(o.target) == folder for o in svc.volumes):
        return None
    written = f"{m.source}:{m.target}"
    at = _short_syntax(m, written)
    if at is None:
        return None
    edits = [replace(at, f"{source}:{folder}", old=written)]
    conf = posixpath.join(folder, posixpath.basename(m.source))
    if conf != target:
        arg = inv.conf
        if inv.implicit or arg is None or not literal_arg(arg) or posixpath.normpath(arg.raw) != target:
            return None
        edits.append(replace(arg.span, conf, old=arg.raw))
    return ctx.fix(
        f"Mount the folder {source} at {folder} (read-write) and run Sentinel on {conf}: every file of that folder is then visible and writable in the container",
        edits,
        unsafe=True,
    )
