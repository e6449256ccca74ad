"""Read one running server into a snapshot (see :mod:`redislint.parsers.live`), with read commands
only (:class:`redislint.audit.client.Server`)."""

from __future__ import annotations

from typing import Any

from redislint.audit.client import Refused, Server
from redislint.parsers.live import write_snapshot
from redislint.redis.acl_commands import CHECKED_COMMANDS

INFO_FALLBACK = {
    "tcp_port": "port",
    "maxmemory": "maxmemory",
    "maxmemory_policy": "maxmemory-policy",
}
"""What ``INFO`` tells of the configuration when ``CONFIG GET`` is refused."""


def parse_info(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k, sep, v = line.partition(":")
        if sep:
            out[k] = v
    return out


def _pairs(reply: Any) -> dict[str, str]:
    """A flat [k, v, k, v...] reply (or a RESP3 map) as a dict of strings."""
    if isinstance(reply, dict):
        return {str(k): _text(v) for k, v in reply.items()}
    items = list(reply or [])
    return {str(items[i]): _text(items[i + 1]) for i in range(0, len(items) - 1, 2)}


def _text(v: Any) -> str:
    if isinstance(v, list | tuple):
        return " ".join(_text(x) for x in v)
    return "" if v is None else str(v)


class Reading:
    """What was read from one server: its snapshot, and what could not be read (notices)."""

    def __init__(self, location: str, snapshot: str, notices: list[str], info: dict[str, str], extra: dict[str, Any]) -> None:
        self.location = location
        self.snapshot = snapshot
        self.notices = notices
        self.info = info
        self.extra = extra


def read_server(server: Server) -> Reading:
    loc = server.target.location
    notices: list[str] = []
    info_text = server.call("INFO")
    info = parse_info(info_text if isinstance(info_text, str) else "")
    extra: dict[str, Any] = {}
    try:
        role_reply = server.call("ROLE")
        role = str(role_reply[0]) if role_reply else None
    except Refused as exc:
        role = info.get("role")
        notices.append(f"{loc}: ROLE refused ({exc}); the role comes from INFO")
    if info.get("redis_mode") == "sentinel" or role == "sentinel":
        return _read_sentinel(server, info, notices)
    config: dict[str, str] | None
    try:
        config = _pairs(server.call("CONFIG", "GET", "*"))
    except Refused as exc:
        config = None
        notices.append(
            f"{loc}: CONFIG GET refused ({exc}, a managed service or a renamed command): the rules ran on what "
            "INFO tells (port, maxmemory, maxmemory-policy, persistence) and ACL LIST"
        )
    acl: list[str] = []
    try:
        acl = [str(x) for x in server.call("ACL", "LIST") or []]
    except Refused as exc:
        notices.append(f"{loc}: ACL LIST refused ({exc}): the ACL rules ran on requirepass alone")
    absent: list[str] = []
    try:
        reply = server.call("COMMAND", "INFO", *CHECKED_COMMANDS) or []
        absent = [name for name, entry in zip(CHECKED_COMMANDS, reply, strict=False) if entry is None]
    except Refused as exc:
        notices.append(f"{loc}: COMMAND INFO refused ({exc}): renamed or removed commands are not known")
    fallback: dict[str, str] = {}
    if config is None:
        for field, name in INFO_FALLBACK.items():
            if field in info:
                fallback[name] = info[field]
        if "aof_enabled" in info:
            fallback["appendonly"] = "yes" if info["aof_enabled"] == "1" else "no"
    cluster_info: dict[str, str] = {}
    nodes: list[str] = []
    if info.get("cluster_enabled") == "1":
        try:
            ci = server.call("CLUSTER", "INFO")
            cluster_info = parse_info(ci if isinstance(ci, str) else "")
            cn = server.call("CLUSTER", "NODES")
            nodes = [ln for ln in (cn if isinstance(cn, str) else "").splitlines() if ln.strip()]
        except Refused as exc:
            notices.append(f"{loc}: CLUSTER INFO/NODES refused ({exc}): the cluster rules could not run")
    extra["cluster_nodes"] = nodes
    text = write_snapshot(
        loc, config if config is not None else fallback, info, acl, role,
        config_readable=config is not None, cluster_info=cluster_info, cluster_nodes=nodes, absent_commands=absent,
    )  # fmt: skip
    return Reading(loc, text, notices, info, extra)


def _read_sentinel(server: Server, info: dict[str, str], notices: list[str]) -> Reading:
    loc = server.target.location
    masters: dict[str, dict[str, str]] = {}
    ck: dict[str, str] = {}
    replicas: dict[str, list[dict[str, str]]] = {}
    sentinels: dict[str, list[dict[str, str]]] = {}
    try:
        for entry in server.call("SENTINEL", "MASTERS") or []:
            fields = _pairs(entry)
            name = fields.get("name", "")
            masters[name] = fields
            try:
                ck[name] = str(server.call("SENTINEL", "CKQUORUM", name))
            except Refused as exc:
                ck[name] = f"refused {exc}"
            replicas[name] = [_pairs(r) for r in server.call("SENTINEL", "REPLICAS", name) or []]
            sentinels[name] = [_pairs(s) for s in server.call("SENTINEL", "SENTINELS", name) or []]
    except Refused as exc:
        notices.append(f"{loc}: SENTINEL MASTERS refused ({exc}): the Sentinel rules could not run")
    config = {"port": info.get("tcp_port", "26379")}
    text = write_snapshot(loc, config, info, (), "sentinel", kind="sentinel", sentinel_masters=masters, ckquorum=ck, config_readable=False)
    return Reading(loc, text, notices, info, {"masters": masters, "replicas": replicas, "sentinels": sentinels})
