"""A Sentinel's configuration as the rules read it: its monitors (master, address, quorum), the
per-master settings, renamed commands, global settings and the state Sentinel writes back.

Built once per node by the link stage and kept on :attr:`redislint.model.project.RedisNode.sentinel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from redislint.model.base import Struct, field
from redislint.model.conf import Directive
from redislint.model.span import Span
from redislint.model.values import Value

if TYPE_CHECKING:
    from redislint.model.project import RedisNode


def to_int(text: str | None) -> int | None:
    """An integer argument, None when absent or not a number."""
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


SENTINEL_STATE = ("known-replica", "known-slave", "known-sentinel")


class Monitor(Struct):
    directive: Directive
    master: str
    host: Value | None
    port: int | None
    quorum: int | None

    @property
    def host_text(self) -> str | None:
        return self.host.text if self.host is not None else None

    @property
    def quorum_span(self) -> Span:
        a = self.directive.arg(4)
        return a.span if a is not None else self.directive.span


class SentinelConfig(Struct):
    """Everything of a sentinel.conf that the topology rules use."""

    node: RedisNode
    monitors: dict[str, Monitor] = field(default_factory=dict)
    per_master: dict[str, dict[str, Directive]] = field(default_factory=dict)
    """master name -> sub-command (auth-pass, auth-user, down-after-milliseconds, failover-timeout,
    parallel-syncs, rename-command...) -> the last directive."""
    renames: dict[str, dict[str, Directive]] = field(default_factory=dict)
    """master name -> command (upper) -> ``sentinel rename-command`` directive."""
    globals: dict[str, Directive] = field(default_factory=dict)
    """resolve-hostnames, announce-hostnames, announce-ip, announce-port, myid, deny-scripts-reconfig,
    sentinel-user, sentinel-pass, current-epoch..."""
    state: list[Directive] = field(default_factory=list)
    """known-replica / known-sentinel lines: state Sentinel writes back into its file."""

    def flag(self, name: str) -> bool | None:
        d = self.globals.get(name)
        if d is None:
            return False if self.node.complete else None
        t = d.text(1)
        return None if t is None else t.lower() == "yes"

    def sub(self, master: str, name: str) -> Directive | None:
        return self.per_master.get(master, {}).get(name)

    def int_sub(self, master: str, name: str, default: int) -> tuple[int | None, Directive | None]:
        d = self.sub(master, name)
        if d is None:
            return default, None
        return to_int(d.text(2)), d

    @property
    def requirepass(self) -> Directive | None:
        return self.node.get("requirepass")


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
    cfg = SentinelConfig(node=node)
    for d in node.directives:
        if d.name != "sentinel" or not d.args:
            continue
        sub = (d.text(0) or "").lower()
        if sub == "monitor":
            name = d.text(1)
            if name is None:
                continue
            cfg.monitors[name] = Monitor(d, name, d.arg(2), to_int(d.text(3)), to_int(d.text(4)))
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
