"""Compose adapter for what a service's YAML says beyond its command: :class:`redislint.model.workload.Workload`
(limits, kernel settings, privileges, restart, logging, replicas, placement) and the names other
containers reach it by, read from its (merged) YAML mapping."""

from __future__ import annotations

import re

from redislint.model.compose import Service, key_span_at
from redislint.model.span import Span
from redislint.model.workload import LogSettings, Workload
from redislint.parsers.yaml_tree import YNode, append_point


def _at(node: YNode | None, *path: str) -> YNode | None:
    for key in path:
        if node is None or node.kind != "map":
            return None
        node = node.get(key)
    return node


def _int(node: YNode | None) -> int | None:
    if node is None or node.kind != "scalar":
        return None
    try:
        return int(str(node.text).strip())
    except ValueError:
        return None


def _to_int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _nofile(node: YNode | None) -> tuple[int | None, Span | None]:
    if node is None:
        return None, None
    if node.kind == "scalar":
        return _int(node), node.span
    if node.kind == "map":
        hard = node.get("hard")
        if hard is None:
            hard = node.get("soft")
        return _int(hard), hard.span if hard is not None else node.span
    return None, node.span


def _somaxconn(node: YNode | None) -> tuple[int | None, Span | None]:
    if node is None:
        return None, None
    if node.kind == "map":
        for k, v in node.pairs:
            if k.text.strip() == "net.core.somaxconn" and v.kind == "scalar":
                return _to_int(v.text), v.span
    elif node.kind == "seq":
        for it in node.items:
            if it.kind == "scalar" and "=" in it.text:
                name, _, val = it.text.partition("=")
                if name.strip() == "net.core.somaxconn":
                    return _to_int(val), it.span
    return None, None


def _no_new_privileges(node: YNode | None) -> bool:
    if node is None or node.kind != "seq":
        return False
    for it in node.items:
        if it.kind != "scalar":
            continue
        t = it.text.replace(" ", "").lower()
        if t in ("no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"):
            return True
    return False


def _logging(svc: YNode) -> LogSettings:
    node = _at(svc, "logging")
    if node is None:
        return LogSettings()
    if node.kind != "map":
        return LogSettings(written=True, readable=False, span=key_span_at(svc, "logging"))
    driver_node = node.get("driver")
    driver = (driver_node.text if driver_node.kind == "scalar" else None) if driver_node is not None else "json-file"
    opts = node.get("options")
    max_size = opts is not None and opts.kind == "map" and opts.get("max-size") is not None
    if opts is None:
        into_key, into = svc.key_node("logging"), node
    elif opts.kind == "map":
        into_key, into = node.key_node("options"), opts
    else:
        into_key, into = None, None
    add_at = append_point(into_key, into) if into_key is not None and into is not None else None
    indent = next((k.span.start_col - 1 for k, _v in into.pairs), 0) if into is not None and into.kind == "map" else 0
    return LogSettings(
        written=True,
        driver=driver,
        max_size=max_size,
        span=key_span_at(svc, "logging"),
        options=opts is not None and opts.kind == "map",
        max_file=opts is not None and opts.kind == "map" and opts.get("max-file") is not None,
        add_at=add_at,
        add_indent=indent,
    )


def _replicas(svc: YNode) -> int | None:
    for path in (("deploy", "replicas"), ("scale",)):
        node = _at(svc, *path)
        if node is not None and node.kind == "scalar":
            return _to_int(node.text)
    return 1


def _placement(svc: YNode) -> Span | None:
    for key in ("constraints", "max_replicas_per_node", "preferences"):
        node = _at(svc, "deploy", "placement", key)
        if node is not None and not node.is_null:
            return key_span_at(svc, "deploy", "placement", key)
    return None


def workload(svc: YNode) -> Workload:
    """The :class:`Workload` of a service's YAML mapping."""
    nofile, nofile_span = _nofile(_at(svc, "ulimits", "nofile"))
    somaxconn, somaxconn_span = _somaxconn(_at(svc, "sysctls"))
    priv = _at(svc, "privileged")
    wd = _at(svc, "working_dir")
    tmpfs = _at(svc, "tmpfs")
    targets: list[str] = []
    if tmpfs is not None:
        if tmpfs.kind == "scalar":
            targets = [tmpfs.text]
        elif tmpfs.kind == "seq":
            targets = [i.text for i in tmpfs.items if i.kind == "scalar"]
    return Workload(
        memory_limit_written=_at(svc, "mem_limit") is not None or _at(svc, "deploy", "resources", "limits", "memory") is not None,
        cpu_limit_written=any(_at(svc, k) is not None for k in ("cpus", "cpu_quota", "cpuset"))
        or _at(svc, "deploy", "resources", "limits", "cpus") is not None,
        nofile=nofile,
        nofile_span=nofile_span,
        somaxconn=somaxconn,
        somaxconn_span=somaxconn_span,
        privileged=priv is not None and priv.kind == "scalar" and priv.to_python() is True,
        privileged_span=key_span_at(svc, "privileged"),
        no_new_privileges=_no_new_privileges(_at(svc, "security_opt")),
        cap_drop_written=_at(svc, "cap_drop") is not None,
        restart_written=_at(svc, "restart") is not None or _at(svc, "deploy", "restart_policy") is not None,
        logging=_logging(svc),
        replicas=_replicas(svc),
        placement_span=_placement(svc),
        working_dir=wd.text if wd is not None and wd.kind == "scalar" else None,
        tmpfs=targets,
    )


def host_names(svc: Service, node: YNode) -> None:
    """The names and addresses other containers reach ``svc`` by, as written (not interpolated):
    ``hostname``, each network's ``ipv4_address``, ``links``, ``external_links``, ``extra_hosts``."""
    hn = node.get("hostname")
    svc.hostname = hn.text if hn is not None and hn.kind == "scalar" else None
    nets = node.get("networks")
    if nets is not None and nets.kind == "map":
        for _k, v in nets.pairs:
            ipn = v.get("ipv4_address") if v.kind == "map" else None
            if ipn is not None:
                svc.ipv4_addresses.append(ipn.text)
    for key, out in (("links", svc.links), ("external_links", svc.external_links)):
        items = node.get(key)
        if items is not None and items.kind == "seq":
            out.extend(it.text for it in items.items if it.kind == "scalar")
    extra = node.get("extra_hosts")
    if extra is not None:
        if extra.kind == "seq":
            svc.extra_hosts.extend(re.split(r"[:=]", it.text, maxsplit=1)[0] for it in extra.items if it.kind == "scalar" and it.text)
        elif extra.kind == "map":
            svc.extra_hosts.extend(extra.keys())
