"""RL008 (missing-referenced-file): A file or folder the deployment needs is not in the repository.

Examples, fixes and the reasoning: ``rules/RL008.md``.
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
from redislint.model.roles import DEPLOYMENT_ROLES, NAMES_REDIS

_CONFIG_TARGETS = ("/etc/", "/usr/local/etc/", "/docker-entrypoint-initdb.d", "/config", "/conf", "/run/secrets")


def _must_exist(source: str, target: str, read_only: bool) -> bool:
    """A missing bind source matters when the container expects content there: a read-only mount, a
    file (it has an extension), or a configuration location. A writable folder elsewhere (a data
    directory such as ``./redis:/data``) is what Docker's auto-creation is for."""
    if read_only:
        return True
    name = posixpath.basename(source.rstrip("/"))
    tname = posixpath.basename(target.rstrip("/"))
    if ("." in name.strip(".") and not name.startswith(".")) or ("." in tname.strip(".") and not tname.startswith(".")):
        return True
    t = posixpath.normpath(target) + "/"
    return any(t.startswith(prefix if prefix.endswith("/") else prefix + "/") for prefix in _CONFIG_TARGETS)


def _absent(path: str, ctx: Context) -> bool:
    """The repository file is absent and not git-ignored (checked by the link stage)."""
    return ctx.project.absent.get(path, False)


@rule(
    id="RL008",
    name="missing-referenced-file",
    severity=Severity.HIGH,
    tags=("correctness",),
    scope=Scope.SERVICE,
    summary="A file or folder the deployment needs is not in the repository",
)
def check(svc: Service, ctx: Context) -> Iterator[Finding]:
    # The mounts and env files of another service (a database, a proxy's certificates) are not
    # redislint's business, unless they name Redis (the deployment's monitoring is).
    ours = ctx.project.role(svc) in DEPLOYMENT_ROLES
    for m in svc.volumes:
        if not ours and not NAMES_REDIS.search(m.source or ""):
            continue
        if m.type != "bind" or not m.host_path or not m.source:
            continue
        if m.source.startswith(("/", "~")):
            continue  # a host path outside the repository (a socket, /etc/localtime...)
        if _absent(m.host_path, ctx) and _must_exist(m.source, m.target, m.read_only):
            yield ctx.finding(
                m.span,
                f"bind mount source '{m.source}' does not exist: Docker creates an empty folder in its place",
                fix="Add the file to the repository, or fix the path (relative to the compose file)",
                evidence=f"{svc.name}:mount:{m.source}",
            )
    for path, span, required in svc.env_files:
        if not ours and not NAMES_REDIS.search(paths.basename(path)):
            continue
        if required and _absent(path, ctx):
            yield ctx.finding(span, f"env_file '{paths.basename(path)}' does not exist: compose refuses to start", fix="Create the file or mark it 'required: false'", evidence=f"{svc.name}:env_file:{paths.basename(path)}")
    stack = ctx.project.stack_of(svc)
    if stack is not None:
        # include: / extends: file: of a compose file that does not exist (found by the loader; reported
        # once per stack, the runner drops the repeats of the other services)
        for p in ctx.project.problems:
            if p.kind == "missing" and p.path is not None and p.span.file in stack.files and _absent(p.path, ctx):
                yield ctx.finding(
                    p.span,
                    f"{p.message}: compose refuses to start",
                    fix="Add the file to the repository, or fix the path (relative to the compose file)",
                    evidence=f"compose-file:{paths.relpath(p.path, stack.dir)}",
                )
        for ref, section in [(r, stack.secrets) for r in svc.secrets] + [(r, stack.configs) for r in svc.configs]:
            top = section.get(ref.name)
            if top is None or top.file is None or top.file_span is None:
                continue
            if _absent(top.file, ctx):
                yield ctx.finding(
                    top.file_span,
                    f"'{ref.name}' reads '{paths.relpath(top.file, stack.dir)}', which does not exist",
                    fix="Create the file at deploy time and list it in .gitignore, or fix the path",
                    evidence=f"file:{ref.name}",
                )
    node = ctx.project.node_for(svc)
    if node is None or node.image is None or node.image.flavour not in ("official", "stack"):
        return
    for d in node.directives:
        if d.origin != "file" or d.name not in ("include", "aclfile") or not d.args or d.text(0) is None:
            continue
        target = d.text(0) or ""
        if any(c in target for c in "*?["):
            continue
        cpath = container_path(target)
        host = ctx.project.host_path(svc, cpath)
        if host is None and not ctx.project.provided_elsewhere(svc, cpath):
            yield ctx.finding(
                d.value_span,
                f"{d.name} '{target}': nothing mounts that path into service '{svc.name}', the server cannot start",
                fix="Mount the file (a volume, a secret or a config) at that path",
                evidence=f"{svc.name}:{d.name}:{target}",
            )
