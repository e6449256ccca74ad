"""The link stage's Sentinel view of a node: its ``sentinel ...`` lines by kind and master
(:class:`redislint.model.sentinel.SentinelConfig`), with the facts rules read of them: which monitors
name a hostname, and whether the server's version has the hostname options at all."""

from __future__ import annotations

import ipaddress

from redislint.model.project import RedisNode
from redislint.model.sentinel import SENTINEL_STATE, Monitor, SentinelConfig, to_int

_GLOBAL_SUBS = {
    "resolve-hostnames",
    "announce-hostnames",
    "announce-ip",
    "announce-port",
    "myid",
    "deny-scripts-reconfig",
    "sentinel-user",
    "sentinel-pass",
    "current-epoch",
}


def build_sentinel_config(node: RedisNode) -> SentinelConfig:
    """The Sentinel view of ``node``'s directives (``sentinel ...`` lines by kind and master)."""
    cfg = SentinelConfig(node=node, hostname_options=not (node.version_from_image and tuple(node.version[:2]) < (6, 2)))
    for d in node.directives:
        if d.name != "sentinel" or not d.args:
            continue
        sub = (d.text(0) or "").lower()
        if sub == "monitor":
            name = d.text(1)
            if name is None:
                continue
            host = d.arg(2)
            ip = _ip(host.text or "") if host is not None else None
            hostname = host is not None and bool(host.text) and ip is None
            cfg.monitors[name] = Monitor(
                d, name, host, to_int(d.text(3)), to_int(d.text(4)), hostname, ip is not None, ip is not None and ip in _DOCKER_POOLS
            )
        elif sub in SENTINEL_STATE:
            cfg.state.append(d)
        elif sub in _GLOBAL_SUBS:
            cfg.globals[sub] = d
        elif sub == "rename-command" and len(d.args) >= 4:
            master, cmd = d.text(1), d.text(2)
            if master is not None and cmd is not None:
                cfg.renames.setdefault(master, {})[cmd.upper()] = d
        elif len(d.args) >= 2:
            master = d.text(1)
            if master is not None:
                cfg.per_master.setdefault(master, {})[sub] = d
    return cfg


_DOCKER_POOLS = ipaddress.ip_network("172.16.0.0/12")
"""Where Docker's default address pools put bridge networks (172.17.0.0/16 ... 172.31.0.0/16)."""


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
