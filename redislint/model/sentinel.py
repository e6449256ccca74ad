"""A Sentinel's configuration as the rules read it: its monitors (master, address, quorum), the
per-master settings, renamed commands, global settings and the state Sentinel writes back.

Built once per node by the link stage (:mod:`redislint.link.sentinel`) and kept on
:attr:`redislint.model.project.RedisNode.sentinel`.
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
    """One ``sentinel monitor <master> <host> <port> <quorum>`` line."""

    directive: Directive
    master: str
    host: Value | None
    port: int | None
    quorum: int | None
    hostname: bool = False
    """The address is a hostname, not an IP address: Sentinel resolves it only with
    ``sentinel resolve-hostnames yes`` (6.2 and later)."""
    ip: bool = False
    """The address is an IP address."""
    docker_pool_ip: bool = False
    """The address is an IP of Docker's default bridge pools (172.16.0.0/12): one Docker assigns a
    container at start, unless the project fixes it."""

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
    hostname_options: bool = True
    """The server has ``resolve-hostnames`` and ``announce-hostnames`` (6.2 and later); False when
    its image names an older version, whose Sentinel resolved names itself."""

    @property
    def hostname_monitors(self) -> list[Monitor]:
        """The monitors that name a hostname (:attr:`Monitor.hostname`)."""
        return [m for m in self.monitors.values() if m.hostname]

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
