"""Service extraction: the merged, ``extends``-resolved YAML of a compose file -> the model's records.

:func:`build_service` turns one service's mapping into a :class:`~redislint.model.compose.Service`
(image, build, command and entrypoint as argv values, environment with its env files, ports,
volumes, secrets and configs, healthcheck, depends_on, networks, memory limit...), and
:func:`top_level` a top-level ``volumes``/``networks``/``secrets``/``configs`` section into
:class:`~redislint.model.compose.TopLevel` records. Values come interpolated, with spans, from the
:class:`~redislint.parsers.compose_load.ComposeLoader`, which reads every file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from redislint.model.compose import (
    Build,
    DependsOn,
    EnvVar,
    Healthcheck,
    Mount,
    Port,
    SecretRef,
    Service,
    Stack,
    TopLevel,
)
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers.compose_workload import host_names, workload
from redislint.parsers.interpolate import UNKNOWN
from redislint.parsers.yaml_tree import YNode, append_point
from redislint.units import parse_docker_memory

if TYPE_CHECKING:
    from redislint.parsers.compose_load import ComposeLoader


def top_level(loader: ComposeLoader, stack: Stack, section: str, node: YNode, pdir: str) -> None:
    target: dict[str, TopLevel] = getattr(stack, section)
    for k, v in node.pairs:
        external = False
        file_path = None
        file_span = None
        environment = None
        if v.kind == "map":
            ext = v.get("external")
            external = bool((ext is not None and ext.kind in ("map",)) or (ext is not None and ext.to_python() is True))
            f = v.get("file")
            if f is not None and f.kind == "scalar":
                ft = loader.text(f)
                if ft:
                    file_path = ft if ft.startswith("~") else os.path.normpath(os.path.join(pdir, ft))
                file_span = f.span
            e = v.get("environment")
            if e is not None and e.kind == "scalar":
                environment = e.text
            c = v.get("content")
            content = c if c is not None and c.kind == "scalar" and not c.is_null else None
        else:
            content = None
        target[k.text] = TopLevel(
            name=k.text,
            span=k.span,
            external=external,
            file=file_path,
            file_span=file_span,
            environment=environment,
            content=content,
        )


def build_service(loader: ComposeLoader, name: str, key: YNode, node: YNode, pdir: str, main: str) -> Service:
    svc = Service(name=name, span=key.span, file=key.span.file, project_dir=pdir, node=node)
    svc.image = loader.value(node.get("image"))
    b = node.get("build")
    if b is not None:
        ctx_text = loader.text(b) if b.kind == "scalar" else loader.text(b.get("context")) if b.kind == "map" else None
        dockerfile = loader.text(b.get("dockerfile")) if b.kind == "map" else None
        if ctx_text is None and b.kind == "map":
            ctx_text = "."
        context = ""
        if ctx_text is not None and "://" not in ctx_text and not ctx_text.startswith("git@"):
            context = os.path.normpath(os.path.join(pdir, ctx_text))
        df = None
        if context:
            df = os.path.normpath(os.path.join(context, dockerfile or "Dockerfile"))
        svc.build = Build(context=context, dockerfile=df, span=node.key_node("build").span)  # type: ignore[union-attr]
    for attr in ("command", "entrypoint"):
        cn = node.get(attr)
        parsed = loader.argv(cn)
        if parsed is not None and cn is not None:
            pieces, is_string = parsed
            setattr(svc, attr, tuple(p.to_value() for p in pieces))
            setattr(svc, f"{attr}_span", cn.span)
            setattr(svc, f"{attr}_is_string", is_string)
    svc.environment = _environment(loader, node, pdir, svc)
    svc.ports = _ports(loader, node.get("ports"))
    svc.volumes = _volumes(loader, node.get("volumes"), pdir)
    svc.secrets = _secret_refs(loader, node.get("secrets"), "/run/secrets/")
    svc.configs = _secret_refs(loader, node.get("configs"), "/")
    svc.healthcheck = _healthcheck(loader, node.get("healthcheck"), node.key_node("healthcheck"))
    svc.depends_on = _depends_on(loader, node.get("depends_on"))
    svc.network_mode = loader.value(node.get("network_mode"))
    if svc.network_mode is not None and svc.network_mode.text == "host" and svc.ports:
        # Docker discards ports: with the host network ("Published ports are discarded when using
        # host network mode"): the server listens on the host's interfaces directly.
        svc.discarded_ports, svc.ports = svc.ports, []
    nets = node.get("networks")
    if nets is not None:
        if nets.kind == "seq":
            for it in nets.items:
                if it.kind == "scalar":
                    svc.networks[it.text] = []
                    svc.network_spans[it.text] = it.span
        elif nets.kind == "map":
            for k, v in nets.pairs:
                aliases: list[str] = []
                if v.kind == "map":
                    al = v.get("aliases")
                    if al is not None and al.kind == "seq":
                        aliases = [a.text for a in al.items if a.kind == "scalar"]
                svc.networks[k.text] = aliases
                svc.network_spans[k.text] = k.span
    host_names(svc, node)
    for k, _v in node.pairs:
        svc.key_spans.setdefault(k.text, k.span)
    svc.append_at = append_point(key, node)
    svc.key_indent = next((k.span.start_col - 1 for k, _v in node.pairs if k.span.file == key.span.file and k.span.start_line > key.span.start_line), 0) if node.kind == "map" else 0
    svc.workload = workload(node)
    svc.container_name = loader.value(node.get("container_name"))
    svc.user = loader.value(node.get("user"))
    svc.restart = loader.value(node.get("restart"))
    ro = node.get("read_only")
    svc.read_only = bool(ro is not None and ro.to_python() is True)
    # memory limit: deploy.resources.limits.memory wins over mem_limit (docker compose v2)
    mem_node = None
    dep = node.get("deploy")
    if dep is not None and dep.kind == "map":
        res = dep.get("resources")
        lim = res.get("limits") if res is not None and res.kind == "map" else None
        if lim is not None and lim.kind == "map":
            mem_node = lim.get("memory")
    if mem_node is None:
        mem_node = node.get("mem_limit")
    if mem_node is not None and mem_node.kind == "scalar":
        t = loader.text(mem_node)
        if t is not None:
            svc.memory_limit = parse_docker_memory(t)
            svc.memory_limit_span = mem_node.span
            if svc.memory_limit == 0:
                # Docker reads a memory limit of 0 as "no limit"
                svc.memory_limit, svc.memory_limit_span = None, None
                svc.workload = svc.workload.model_copy(update={"memory_limit_written": False})
    if svc.workload.cpu_limit_written and _no_cpu_limit(loader, node):
        svc.workload = svc.workload.model_copy(update={"cpu_limit_written": False})
    return svc


def _no_cpu_limit(loader: ComposeLoader, node: YNode) -> bool:
    """Every CPU limit the service writes is 0 (``cpus: 0``, ``deploy.resources.limits.cpus: "0"``,
    ``${CPUS:-0}``), which Docker reads as "no limit"; ``cpuset`` and ``cpu_quota`` count as limits."""
    if node.get("cpuset") is not None or node.get("cpu_quota") is not None:
        return False
    found: list[YNode] = []
    top = node.get("cpus")
    if top is not None:
        found.append(top)
    dep = node.get("deploy")
    res = dep.get("resources") if dep is not None and dep.kind == "map" else None
    lim = res.get("limits") if res is not None and res.kind == "map" else None
    cpus = lim.get("cpus") if lim is not None and lim.kind == "map" else None
    if cpus is not None:
        found.append(cpus)
    for n in found:
        t = loader.text(n) if n.kind == "scalar" else None
        try:
            if t is None or float(t) != 0:
                return False
        except ValueError:
            return False
    return bool(found)


def _environment(loader: ComposeLoader, node: YNode, pdir: str, svc: Service) -> dict[str, EnvVar]:
    env: dict[str, EnvVar] = {}
    ef = node.get("env_file")
    refs: list[tuple[YNode, bool]] = []
    if ef is not None:
        if ef.kind == "scalar":
            refs.append((ef, True))
        elif ef.kind == "seq":
            for it in ef.items:
                if it.kind == "scalar":
                    refs.append((it, True))
                elif it.kind == "map" and it.get("path") is not None:
                    req = it.get("required")
                    refs.append((it.get("path"), not (req is not None and req.to_python() is False)))  # type: ignore[arg-type]
    for ref, required in refs:
        t = loader.text(ref)
        if not t:
            continue
        path = t if t.startswith("~") else os.path.normpath(os.path.join(pdir, t))
        svc.env_files.append((path, ref.span, required))
        for k, var in loader.env_file_vars(path).items():
            env[k] = var
    en = node.get("environment")
    if en is not None:
        if en.kind == "map":
            for knode, vnode in en.pairs:
                env[knode.text] = EnvVar(name=knode.text, value=loader.value(vnode), span=knode.span)
        elif en.kind == "seq":
            for it in en.items:
                if it.kind != "scalar":
                    continue
                k, sep, _ = it.text.partition("=")
                if not sep:
                    env[k] = EnvVar(name=k, value=None, span=it.span)
                    continue
                whole = loader.piece(it)
                eq = whole.text.find("=")
                rest = list(range(eq + 1, len(whole.text)))
                val = whole.sub(rest).to_value() if rest else Value(text="", span=it.span, raw="", origin=Origin.LITERAL)
                env[k] = EnvVar(name=k, value=val, span=it.span)
    return env


def _ports(loader: ComposeLoader, node: YNode | None) -> list[Port]:
    out: list[Port] = []
    if node is None or node.kind != "seq":
        return out
    for it in node.items:
        if it.kind == "scalar":
            t = loader.text(it)
            if t is None:
                out.append(_unknown_port(loader.interpolated(it).text, it.span))
                continue
            out.append(_short_port(t, it.span))
        elif it.kind == "map":
            target = loader.text(it.get("target")) or ""
            published = loader.text(it.get("published"))
            host_ip = loader.text(it.get("host_ip"))
            proto = loader.text(it.get("protocol")) or "tcp"
            out.append(
                Port(span=it.span, host_ip=host_ip, host_port=published, container_port=target, protocol=proto)
            )
    return out


def _volumes(loader: ComposeLoader, node: YNode | None, pdir: str) -> list[Mount]:
    out: list[Mount] = []
    if node is None or node.kind != "seq":
        return out
    for it in node.items:
        if it.kind == "scalar":
            t = loader.text(it)
            if t is None:
                m = _unknown_volume(loader.interpolated(it).text, it.text, it.span, pdir)
                if m is not None:
                    out.append(m)
                continue
            out.append(_short_volume(t, it.span, pdir))
        elif it.kind == "map":
            vtype = loader.text(it.get("type")) or "volume"
            source = loader.text(it.get("source"))
            target = loader.text(it.get("target")) or ""
            ro_node = it.get("read_only")
            ro = bool(ro_node is not None and ro_node.to_python() is True)
            host = None
            chp = True
            if vtype == "bind" and source:
                host = _host_path(source, pdir)
                bind = it.get("bind")
                if bind is not None and bind.kind == "map":
                    c = bind.get("create_host_path")
                    chp = not (c is not None and c.to_python() is False)
            mtype = vtype if vtype in ("bind", "volume", "tmpfs", "npipe", "image", "cluster") else "volume"
            if mtype == "volume" and not source:
                mtype = "anonymous"
            out.append(
                Mount(span=it.span, type=mtype, source=source, host_path=host, target=target, read_only=ro, create_host_path=chp)  # type: ignore[arg-type]
            )
    return out


def _secret_refs(loader: ComposeLoader, node: YNode | None, prefix: str) -> list[SecretRef]:
    out: list[SecretRef] = []
    if node is None or node.kind != "seq":
        return out
    for it in node.items:
        if it.kind == "scalar":
            out.append(SecretRef(name=it.text, target=prefix + it.text, span=it.span))
        elif it.kind == "map":
            src = loader.text(it.get("source")) or ""
            tgt = loader.text(it.get("target")) or src
            if not tgt.startswith("/"):
                tgt = prefix + tgt
            out.append(SecretRef(name=src, target=tgt, span=it.span))
    return out


def _healthcheck(loader: ComposeLoader, node: YNode | None, key: YNode | None) -> Healthcheck | None:
    if node is None or node.kind != "map" or key is None:
        return None
    dis = node.get("disable")
    if dis is not None and dis.to_python() is True:
        return Healthcheck(span=key.span, form="NONE", disabled=True)
    test = node.get("test")
    if test is None:
        return Healthcheck(span=key.span, form="EMPTY")
    if test.kind == "scalar":
        v = loader.value(test)
        return Healthcheck(span=test.span, form="CMD-SHELL", test=(v,) if v else ())
    if test.kind == "seq" and test.items:
        first = test.items[0].text if test.items[0].kind == "scalar" else ""
        rest = [loader.value(i) for i in test.items[1:]]
        vals = tuple(v for v in rest if v is not None)
        if first == "NONE":
            return Healthcheck(span=test.span, form="NONE", disabled=True)
        if first == "CMD-SHELL":
            return Healthcheck(span=test.span, form="CMD-SHELL", test=vals)
        if first == "CMD":
            return Healthcheck(span=test.span, form="CMD", test=vals)
        allv = tuple(v for v in (loader.value(i) for i in test.items) if v is not None)
        return Healthcheck(span=test.span, form="CMD", test=allv)
    return Healthcheck(span=key.span, form="EMPTY")


def _depends_on(loader: ComposeLoader, node: YNode | None) -> list[DependsOn]:
    out: list[DependsOn] = []
    if node is None:
        return out
    if node.kind == "seq":
        for it in node.items:
            if it.kind == "scalar":
                out.append(DependsOn(service=it.text, span=it.span))
    elif node.kind == "map":
        for k, v in node.pairs:
            cond = "service_started"
            if v.kind == "map":
                c = loader.text(v.get("condition"))
                if c:
                    cond = c
            out.append(DependsOn(service=k.text, condition=cond, span=k.span))
    return out


def _host_path(source: str, pdir: str) -> str:
    if source.startswith("~"):
        return source  # the user's home folder: outside the repository, never looked at
    return os.path.normpath(os.path.join(pdir, source))


def _short_port(text: str, span: Span) -> Port:
    t = text.strip()
    proto = "tcp"
    if "/" in t:
        t, proto = t.rsplit("/", 1)
    host_ip = None
    if t.startswith("["):
        end = t.find("]")
        host_ip = t[1:end]
        t = t[end + 2 :] if end >= 0 else t
        parts = t.split(":")
        if len(parts) == 1:
            return Port(span=span, host_ip=host_ip, host_port=None, container_port=parts[0], protocol=proto)
        return Port(span=span, host_ip=host_ip, host_port=parts[0] or None, container_port=parts[1], protocol=proto)
    parts = t.split(":")
    if len(parts) == 1:
        return Port(span=span, host_port=None, container_port=parts[0], protocol=proto)
    if len(parts) == 2:
        return Port(span=span, host_port=parts[0] or None, container_port=parts[1], protocol=proto)
    host_ip = ":".join(parts[:-2])
    return Port(span=span, host_ip=host_ip, host_port=parts[-2] or None, container_port=parts[-1], protocol=proto)


def _unknown_port(text: str, span: Span) -> Port:
    """A short port mapping with a part only known at deploy time (``${PORT}:6379``). An unknown host
    port still publishes the container port on every interface; an unknown address or container
    port leaves the mapping unknown."""
    p = _short_port(text.replace(UNKNOWN, "?"), span)
    if "?" in p.container_port or "?" in (p.host_ip or ""):
        return Port(span=span, known=False)
    return p


def _unknown_volume(text: str, raw: str, span: Span, pdir: str) -> Mount | None:
    """A short volume with a part only known at deploy time. ``${DATA_DIR}/redis:/data`` is a bind
    mount whose host path is not known (a volume name has no ``/``); an unknown container path says
    nothing."""
    m = _short_volume(text, span, pdir)
    if UNKNOWN in m.target:
        return None
    src = m.source or ""
    if UNKNOWN not in src:
        return m
    if "/" in src or m.type == "bind":
        raw_parts = raw.split(":")
        shown = raw_parts[0] if len(raw_parts) == len(text.split(":")) else src.replace(UNKNOWN, "?")
        return Mount(span=span, type="bind", source=shown, host_path=None, target=m.target, read_only=m.read_only)
    return Mount(span=span, type="volume", source=None, target=m.target, read_only=m.read_only)


def _short_volume(text: str, span: Span, pdir: str) -> Mount:
    parts = text.split(":")
    mode = ""
    if len(parts) >= 3:
        source, target, mode = parts[0], parts[1], ":".join(parts[2:])
    elif len(parts) == 2:
        if parts[0].startswith("/") and parts[1] in ("ro", "rw", "z", "Z"):
            return Mount(span=span, type="anonymous", target=parts[0], read_only=parts[1] == "ro")
        source, target = parts
    else:
        return Mount(span=span, type="anonymous", target=text)
    ro = "ro" in mode.split(",")
    if source.startswith((".", "/", "~")):
        return Mount(span=span, type="bind", source=source, host_path=_host_path(source, pdir), target=target, read_only=ro)
    return Mount(span=span, type="volume", source=source, target=target, read_only=ro)


__all__ = ["build_service", "short_port", "short_volume", "top_level", "unknown_port", "unknown_volume"]

# The short forms, for the other places that write them (``docker run -p``/``-v``).
short_port = _short_port
unknown_port = _unknown_port
short_volume = _short_volume
unknown_volume = _unknown_volume
