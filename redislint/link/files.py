"""Link stage: whether the files a deployment needs are there: the repository files its compose
files name (bind mount sources, env files, included compose files, secret and config files), and the
files a server loads at start (its TLS certificates, keys and CAs): in the repository, mounted from
it, or from somewhere that cannot be seen here."""

from __future__ import annotations

import posixpath

from redislint.fs import FileStore
from redislint.gitignore import is_ignored
from redislint.model import paths
from redislint.model.container import container_path
from redislint.model.project import Project, RedisNode
from redislint.model.tls import TLS_FILES, FileState, uses_tls


def _under_named_volume(node: RedisNode, cpath: str) -> bool:
    svc = node.service
    if svc is None:
        return False
    for m in svc.volumes:
        if not m.target or m.type == "bind":
            continue
        t = posixpath.normpath(m.target)
        if cpath == t or cpath.startswith(t.rstrip("/") + "/"):
            return True
    return False


def file_state(node: RedisNode, project: Project, store: FileStore, path: str, *, directory: bool = False) -> tuple[FileState, str | None]:
    """Whether a file the server reads at start is provided: (state, repository path when known).

    ``unknown`` when the file may come from somewhere redislint cannot see (a named volume, a custom
    image, an absolute path of a bare config file); ``ignored`` when the repository path is covered by
    .gitignore (created at deploy time)."""

    svc = node.service
    if svc is not None:
        cpath = container_path(path)
        host = project.host_path(svc, cpath)
        if host is None:
            if _under_named_volume(node, cpath) or project.provided_elsewhere(svc, cpath):
                return "unknown", None
            image = node.image
            if svc.build is not None or image is None or image.flavour != "official":
                return "unknown", None
            return "missing", None
        if not store.contains(host):
            return "unknown", None  # outside the repository: not checked
        mount = svc.mount_for(cpath)
        if mount is not None and mount.type == "bind" and mount.host_path and not store.exists(mount.host_path):
            return "unknown", host  # the mount's source itself is missing: RL008 reports it
        if mount is None and not store.exists(paths.dirname(host)):
            return "unknown", host  # a secret/config file that is missing: RL008
    else:
        if paths.isabs(path):
            return "unknown", None
        base = paths.dirname(node.conf_file) if node.conf_file else None
        if base is None:
            return "unknown", None
        host = paths.normpath(paths.join(base, path))
    if not store.contains(host):
        return "unknown", None  # outside the repository: not checked
    ok = store.is_dir(host) if directory else store.is_file(host)
    if ok:
        return "present", host
    if is_ignored(host, store):
        return "ignored", host
    return "missing", host


def link_tls_files(project: Project, store: FileStore, node: RedisNode) -> None:
    """The state of each TLS file the node names, when it uses TLS."""
    if not uses_tls(node):
        return
    for name in TLS_FILES:
        d = node.get(name)
        if d is None or not d.args or d.text(0) in (None, ""):
            continue
        node.tls_files[name] = file_state(node, project, store, d.text(0) or "", directory=name.endswith("-dir"))


def _absent(store: FileStore, path: str) -> bool:
    return not store.exists(path) and not is_ignored(path, store)


def link_repository_files(project: Project, store: FileStore) -> None:
    """Which of the repository files the stacks name are absent (and not git-ignored, i.e. not
    created at deploy time): :attr:`redislint.model.project.Project.absent`."""
    absent = project.absent

    def check(path: str) -> None:
        if path not in absent:
            absent[path] = _absent(store, path)

    for stack in project.stacks:
        for svc in stack.services.values():
            for m in svc.volumes:
                if m.type == "bind" and m.host_path and m.source and not m.source.startswith(("/", "~")):
                    check(m.host_path)
            for path, _span, required in svc.env_files:
                if required:
                    check(path)
            for p in project.problems:
                if p.kind == "missing" and p.path is not None and p.span.file in stack.files:
                    check(p.path)
            for ref, section in [(r, stack.secrets) for r in svc.secrets] + [(r, stack.configs) for r in svc.configs]:
                top = section.get(ref.name)
                if top is not None and top.file is not None and top.file_span is not None:
                    check(top.file)


def link_sentinel_conf_mount(project: Project, store: FileStore, node: RedisNode) -> None:
    """For a Sentinel whose config is a writable bind mount of its own: whether the mount's source is
    a folder (Sentinel rewrites its config by a temp file and a rename, which a single-file mount
    refuses): :attr:`redislint.model.project.RedisNode.conf_bind_is_dir`."""
    svc, inv = node.service, node.invocation
    if node.kind != "sentinel" or svc is None or inv is None or not inv.conf_path:
        return
    cpath = posixpath.normpath(inv.conf_path)
    if any(posixpath.normpath(ref.target) == cpath for ref in (*svc.secrets, *svc.configs)):
        return
    m = svc.mount_for(cpath)
    if m is None or m.read_only or m.type != "bind" or posixpath.normpath(m.target) != cpath or not m.host_path:
        return
    node.conf_bind_is_dir = store.is_dir(m.host_path)
