"""Link stage: the monitoring of the deployment. Each Prometheus config, alert rule file and Grafana
datasource file discovered is parsed (:mod:`redislint.parsers.monitoring`); the compose service that
loads a Prometheus config or Grafana provisioning file (its bind mount) is found, the ``rule_files``
it names are traced through that service's mounts to the repository files they load, and each
scrape target, Alertmanager and datasource address is resolved to the service of the stack it names."""

from __future__ import annotations

import fnmatch
import os
import posixpath

from redislint.fs import FileStore
from redislint.model.compose import Mount, Service, Stack
from redislint.model.monitoring import PromConfig, Target
from redislint.model.project import InputFile, Project
from redislint.parsers.monitoring import parse_grafana, parse_prometheus, parse_rules

_LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal", "host-gateway"}


def link_monitoring(project: Project, store: FileStore, found: list[tuple[str, str]]) -> None:
    mon = project.monitoring
    for path, kind in found:
        text = store.read(path)
        if text is None:
            continue
        if kind == "prometheus":
            cfg = parse_prometheus(path, text)
            if cfg is not None:
                mon.configs.append(cfg)
        elif kind == "prometheus-rules":
            rf = parse_rules(path, text)
            if rf is not None:
                mon.rule_files[path] = rf
        else:
            gp = parse_grafana(path, text)
            if gp is not None:
                mon.grafana.append(gp)
        project.files.setdefault(path, InputFile(path=path, kind=kind, text=text))  # type: ignore[arg-type]
    binds = _bind_mounts(project) if mon.configs or mon.grafana else {}
    for cfg in mon.configs:
        mounted = _mounting(binds, cfg.path, ("prometheus",))
        if mounted is not None:
            cfg.service, cpath = mounted
            _rule_paths(cfg, cpath, store, project)
        else:
            for i, (pattern, _span) in enumerate(cfg.rule_files):
                if not pattern.startswith("/"):
                    cfg.rule_paths[i] = _glob(store, os.path.join(os.path.dirname(cfg.path), pattern))
        for paths in cfg.rule_paths.values():
            for p in paths:
                if p not in mon.rule_files:
                    text = store.read(p)
                    rf = parse_rules(p, text) if text is not None else None
                    if rf is not None:
                        mon.rule_files[p] = rf
                        project.files.setdefault(p, InputFile(path=p, kind="prometheus-rules", text=text))
    for gp in mon.grafana:
        mounted = _mounting(binds, gp.path, ("grafana",))
        if mounted is not None:
            gp.service = mounted[0]
            gp.datasources = [d.model_copy(update={"target": _resolve(d.target, gp.service.stack)}) if d.target is not None else d for d in gp.datasources]
    for cfg in mon.configs:
        if cfg.service is not None:
            cfg.scrape = [_resolve(t, cfg.service.stack) for t in cfg.scrape]
            cfg.alertmanagers = [_resolve(t, cfg.service.stack) for t in cfg.alertmanagers]


_DEFAULT_PORTS = (("redis_exporter", 9121), ("redis-exporter", 9121), ("alertmanager", 9093), ("prometheus", 9090))


def _resolve(t: Target, stack: Stack | None) -> Target:
    if is_local(t):
        return t.model_copy(update={"local": True})
    svc = stack_service(stack, t.host)
    return t.model_copy(update={"service": svc, "serves": serves(svc) if svc is not None else None})


def serves(svc: Service) -> int | None:
    """The HTTP port of a redis_exporter, Alertmanager or Prometheus service."""
    image = (svc.image.text or "").lower() if svc.image is not None else ""
    port = next((p for name, p in _DEFAULT_PORTS if name in image), None)
    if port is None and svc.role != "exporter":
        return None
    if port is None:
        port = 9121
    words = [v.text or "" for v in (*(svc.entrypoint or ()), *(svc.command or ()))]
    env = svc.env("REDIS_EXPORTER_WEB_LISTEN_ADDRESS")
    given = env
    for i, w in enumerate(words):
        if w.lstrip("-") in ("web.listen-address",) and i + 1 < len(words):
            given = words[i + 1]
        elif w.lstrip("-").startswith("web.listen-address="):
            given = w.split("=", 1)[1]
    if given:
        tail = given.rsplit(":", 1)[-1]
        return int(tail) if tail.isdigit() else None
    return port


_Bind = tuple[int, int, str, Service, Mount]


def _bind_mounts(project: Project) -> dict[str, list[_Bind]]:
    """The bind mounts of the compose services (those running an exporter, Alertmanager or
    Pushgateway image left out) with an absolute target, by host path as written and by that path
    without trailing separators: (service's position, mount's position, its image in lower case,
    service, mount). Built once,
    so that finding the service of each monitoring file does not scan every service."""
    index: dict[str, list[_Bind]] = {}
    for i, svc in enumerate(project.services):
        image = (svc.image.text or "").lower() if svc.image is not None else None
        if svc.platform != "compose" or image is None or any(x in image for x in ("exporter", "alertmanager", "pushgateway")):
            continue
        for j, m in enumerate(svc.volumes):
            if m.type != "bind" or not m.host_path or not m.target.startswith("/"):
                continue
            for key in dict.fromkeys((m.host_path, m.host_path.rstrip(os.sep))):
                index.setdefault(key, []).append((i, j, image, svc, m))
    return index


def _mounting(binds: dict[str, list[_Bind]], path: str, images: tuple[str, ...]) -> tuple[Service, str] | None:
    """The compose service (running one of ``images``) whose bind mount puts ``path`` in its
    container, and the container path it has there: the first such service, and its first such mount."""
    # the mounts of `path` itself and of each folder above it ("/a/b/c": "/a/b", "/a" and "" for "/")
    keys = [path, *(path[:k] for k in range(len(path)) if path[k] == os.sep)]
    best: _Bind | None = None
    for key in dict.fromkeys(keys):
        for b in binds.get(key, ()):
            _i, _j, image, _svc, m = b
            if best is not None and b[:2] >= best[:2]:
                continue
            if m.host_path != path and not path.startswith((m.host_path or "").rstrip(os.sep) + os.sep):
                continue
            if any(i in image for i in images):
                best = b
    if best is None:
        return None
    _i, _j, _image, svc, m = best
    if m.host_path == path:
        return svc, posixpath.normpath(m.target)
    rel = os.path.relpath(path, m.host_path or os.sep).replace(os.sep, "/")
    return svc, posixpath.normpath(posixpath.join(m.target, rel))


def _rule_paths(cfg: PromConfig, cpath: str, store: FileStore, project: Project) -> None:
    """Each ``rule_files`` pattern as the container sees it, traced through the service's mounts."""
    assert cfg.service is not None
    for i, (pattern, _span) in enumerate(cfg.rule_files):
        full = pattern if pattern.startswith("/") else posixpath.join(posixpath.dirname(cpath), pattern)
        full = posixpath.normpath(full)
        folder, base = posixpath.split(full)
        if any(c in folder for c in "*?["):
            continue  # a glob in a folder name: cannot be told
        mount = cfg.service.mount_for(folder)
        if mount is None:
            cfg.rule_paths[i] = []  # nothing is mounted there: the image has no such files
            continue
        if mount.type != "bind" or not mount.host_path:
            if project.provided_elsewhere(cfg.service, full) or mount.type != "bind":
                continue  # a named volume or a config: filled elsewhere
            continue
        rel = posixpath.relpath(folder, posixpath.normpath(mount.target))
        host_dir = os.path.normpath(os.path.join(mount.host_path, rel))
        cfg.rule_paths[i] = _glob(store, os.path.join(host_dir, base))


def _glob(store: FileStore, pattern: str) -> list[str]:
    folder, base = os.path.split(pattern)
    if not store.contains(folder) or not store.is_dir(folder):
        return []
    if not any(c in base for c in "*?["):
        p = os.path.join(folder, base)
        return [p] if store.is_file(p) else []
    return sorted(os.path.join(folder, n) for n in store.listdir(folder) if fnmatch.fnmatch(n, base) and store.is_file(os.path.join(folder, n)))


def stack_service(stack: Stack | None, host: str) -> Service | None:
    """The service of ``stack`` that ``host`` names: its name, container_name, hostname or a network
    alias."""
    if stack is None:
        return None
    for svc in stack.services.values():
        names = {svc.name, svc.hostname, svc.container_name.text if svc.container_name is not None else None}
        names.update(a for aliases in svc.networks.values() for a in aliases)
        if host in names:
            return svc
    return None


def is_local(target: Target) -> bool:
    """A loopback, host, literal or fully qualified address: not a service name to resolve."""
    h = target.host
    return h in _LOCAL or "." in h or ":" in h  # an IP address, a domain name: outside the stack
