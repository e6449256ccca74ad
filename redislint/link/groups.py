"""Link stage: groups: replication groups (replicaof resolved through the stack's hostname
resolver or compose links), clusters with their ``--cluster create`` call, Sentinel groups by scope
and master name, and the monitor lines of each Sentinel group with the address most of them use."""

from __future__ import annotations

import os
import re
from collections import Counter

from redislint.link.base import LinkState
from redislint.model.compose import Stack
from redislint.model.conf import Directive
from redislint.model.hosts import HostIndex
from redislint.model.project import (
    Cluster,
    Project,
    RedisNode,
    ReplicationGroup,
    SentinelGroup,
)
from redislint.model.sentinel import Monitor
from redislint.model.span import Span


class GroupStage(LinkState):
    """Replication, cluster and Sentinel groups."""

    # ------------------------------------------------------------ groups
    def groups(self) -> None:
        by_stack: dict[Stack | None, list[RedisNode]] = {}
        for n in self.project.nodes:
            by_stack.setdefault(n.stack, []).append(n)
        nodes_by_stack = by_stack
        for nodes in by_stack.values():
            stack = nodes[0].stack
            # replication
            groups: dict[RedisNode | Directive, ReplicationGroup] = {}
            hosts = HostIndex(nodes, stack) if stack is not None else None
            if stack is not None:
                stack.hosts = hosts
            for n in nodes:
                d = n.get("replicaof")
                if d is None:
                    continue
                primary = (hosts.resolve(d.text(0)) if hosts is not None else None) or _linked(n, nodes, d.text(0))
                key: RedisNode | Directive = primary if primary is not None else d
                g = groups.get(key)
                if g is None:
                    g = ReplicationGroup(primary=primary)
                    groups[key] = g
                g.replicas.append(n)
                g.links.append((n, d))
            self.project.replication.extend(groups.values())
            # cluster
            cnodes = [n for n in nodes if n.cluster]
            if cnodes and stack is not None and stack.platform != "image":  # an image is no cluster
                cl = Cluster(nodes=cnodes, stack=stack)
                self._cluster_create(stack, cl)
                self.project.clusters.append(cl)
        # sentinel groups: by stack and master name (bare files grouped by folder)
        sgroups: dict[tuple[tuple[str, ...], str], SentinelGroup] = {}
        for s in self.project.sentinels:
            # a stack and a folder of loose files are different scopes, even in the same directory
            in_stack = s.stack is not None and s.stack.platform != "image"  # an image's config: grouped as a loose file
            scope = ("stack", s.stack.dir, s.stack.name) if s.stack is not None and in_stack else ("dir", os.path.dirname(s.conf_file or ""))
            for d in s.sentinel_lines("monitor"):
                name = d.text(1) or ""
                skey = (scope, name)
                sg = sgroups.get(skey)
                if sg is None:
                    sg = SentinelGroup(master_name=name, stack=s.stack, scope=scope)
                    sgroups[skey] = sg
                if not any(x is s for x in sg.sentinels):
                    sg.sentinels.append(s)
                sg.monitors.append((s, d))
        for st in self.project.stacks:
            if st.hosts is None:
                st.hosts = HostIndex([], st)  # a stack that runs no Redis server
        replicas_of: dict[RedisNode, ReplicationGroup] = {}
        for rg in self.project.replication:
            if rg.primary is not None:
                replicas_of[rg.primary] = rg  # the last group of a primary, as a scan would give
        for sg in sgroups.values():
            if sg.stack is not None and sg.monitors:
                sg.primary = self.project.hosts(sg.stack).resolve(sg.monitors[0][1].text(2))
                if sg.primary is not None:
                    followed = replicas_of.get(sg.primary)
                    if followed is not None:
                        sg.replicas = list(followed.replicas)
        self.project.sentinel_groups.extend(sgroups.values())
        for sg in self.project.sentinel_groups:
            sg.no_replica = _no_replica(sg, nodes_by_stack.get(sg.stack, []))
        seen: set[tuple[str, ...]] = set()
        for sg in self.project.sentinel_groups:
            sg.first_in_scope = sg.scope not in seen
            seen.add(sg.scope)

    def _cluster_create(self, stack: Stack, cl: Cluster) -> None:
        """Find ``redis-cli --cluster create ... [--cluster-replicas N]`` in a command, an entrypoint, a
        ``sh -c`` body, or a script of the repository that a service mounts or builds in."""
        for svc in stack.services.values():
            sources: list[tuple[str, Span, bool]] = []
            for vals, span in ((svc.command or (), svc.command_span), (svc.entrypoint or (), svc.entrypoint_span)):
                texts = [v.text or "" for v in vals]
                if texts:
                    sources.append((" ".join(texts), span or svc.span, False))
            for m in svc.volumes:
                if m.type == "bind" and m.host_path and (self.store.size(m.host_path) or 200_000) < 200_000:
                    text = self.store.read(m.host_path)
                    if text is not None:
                        sources.append((text, Span.file_anchor(m.host_path), True))
            if svc.build is not None and svc.build.context and self.store.is_dir(svc.build.context):
                for p in sorted(os.path.join(svc.build.context, n) for n in self.store.listdir(svc.build.context) if n.endswith(".sh"))[:20]:
                    text = self.store.read(p)
                    if text is not None:
                        sources.append((text, Span.file_anchor(p), True))
            for text, span, script in sources:
                parsed = parse_cluster_create(text)
                if parsed is None:
                    continue
                cl.replicas_per_master, cl.create_nodes, line = parsed
                cl.create_span = Span.point(span.file, line, 1) if script else span
                return


_CREATE = re.compile(r"--cluster\s+create\b")


def parse_cluster_create(text: str) -> tuple[int | None, list[str] | None, int] | None:
    """(replicas per master or None when unknown, listed addresses or None, 1-based line) of the first
    ``--cluster create`` in a shell text, or None when there is none."""
    m = _CREATE.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    rest = text[m.end():]
    # the call ends at a command separator that is not a line continuation
    end = re.search(r"(?<!\\)\n|;|&&|\|\||(?<![\w-])\|(?!\|)|`|\)\s*$", rest)
    call = rest[: end.start()] if end else rest
    call = call.replace("\\\n", " ")
    words = call.replace('"', " ").replace("'", " ").split()
    replicas: int | None = 0
    nodes: list[str] | None = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith("--cluster-replicas"):
            val = w.split("=", 1)[1] if "=" in w else (words[i + 1] if i + 1 < len(words) else "")
            replicas = int(val) if val.isdigit() else None
            i += 1 if "=" in w else 2
            continue
        if w.startswith("-"):
            i += 1
            if w in ("-a", "--pass", "--user", "-h", "-p", "--tls", "--cacert", "--cert", "--key") and w != "--tls":
                i += 1
            continue
        if re.fullmatch(r"[^\s:]+:(\d+|\$\{?\w+\}?)", w) and nodes is not None:
            nodes.append(w)
        elif "$" in w or "{" in w or "*" in w:
            nodes = None
        i += 1
    return replicas, nodes if nodes else None, line


_REDISH = re.compile(r"redis|valkey|keydb", re.IGNORECASE)


def _no_replica(sg: SentinelGroup, nodes: list[RedisNode]) -> bool:
    """Whether the project shows that the Sentinels of ``sg`` have no replica to promote: its
    primary is a server of the stack that no server follows, or (its monitored host is set at
    deploy time) no server of the stack follows anything. Unknown (False) when a server's
    configuration is partly unseen, a ``replicaof`` names an unknown host or is set at deploy time,
    or the stack has a service that may run Redis unrecognised (a custom image or build)."""
    stack = sg.stack
    if stack is None or not sg.monitors or not nodes:
        return False
    if sg.replicas:
        return False
    if stack.platform == "kubernetes" and any(n.service is not None and n.service.workload.replicas != 1 for n in nodes):
        return False  # the pods of a StatefulSet share one config: an init step makes the others replicas
    first = sg.monitors[0][1]
    host = first.arg(2)
    for n in nodes:
        if not n.complete or n.cluster:
            return False
        d = n.get("replicaof")
        if d is None:
            continue
        if d.text(0) is None:
            return False  # set at deploy time: it may follow the primary
        if sg.primary is None or stack.hosts is None or stack.hosts.resolve(d.text(0)) is None or stack.hosts.resolve(d.text(0)) is sg.primary:
            return False
    for svc in stack.services.values():
        if svc.role != "other":
            continue
        if svc.build is not None or (svc.image is not None and (svc.image.text is None or _REDISH.search(svc.image.text))):
            return False  # may be a server that is not recognised
    if sg.primary is not None:
        return sg.primary.get("replicaof") is None  # monitoring a replica is RL508's
    # the monitored host is unknown at lint time (a placeholder rendered at start, a variable)
    return host is not None and host.text is None


def _linked(node: RedisNode, nodes: list[RedisNode], host: str | None) -> RedisNode | None:
    """The node a compose ``links: [service:alias]`` entry of ``node``'s service names ``host``."""
    svc = node.service
    if svc is None or not host:
        return None
    for link in svc.links:
        target, _, alias = link.partition(":")
        if host in (target, alias or target):
            for n in nodes:
                if n.service is not None and n.service.name == target:
                    return n
    return None


def link_sentinel_monitors(project: Project) -> None:
    """Each Sentinel group's monitor lines (:attr:`SentinelGroup.lines`) and, in a stack whose
    Sentinels disagree on the master's address, the line most of them use and those that differ
    (loose files of one folder may be alternatives: not compared). Needs each node's Sentinel view."""
    for g in project.sentinel_groups:
        seen: set[tuple[str, int]] = set()
        for s, d in g.monitors:
            if (d.span.file, d.span.start_line) in seen:
                continue
            seen.add((d.span.file, d.span.start_line))
            m = s.sentinel.monitors.get(g.master_name) if s.sentinel is not None else None
            if m is not None and m.directive is d:
                g.lines.append((s, m))
        if g.stack is None:
            continue
        hosts = project.hosts(g.stack)
        targets: list[RedisNode] = []
        addrs = [(s, m, _address(m, hosts, targets)) for s, m in g.lines]
        common = Counter(a for _s, _m, a in addrs if a is not None).most_common()
        if len(common) > 1 and (common[0][1] > common[1][1] or len(g.lines) == 2):
            g.agreed = next(m for _s, m, a in addrs if a == common[0][0])
            g.dissent = [(s, m) for s, m, a in addrs if a is not None and a != common[0][0] and m.host is not None]


def _address(m: Monitor, hosts: HostIndex, targets: list[RedisNode]) -> tuple[str, str] | None:
    """What two monitor lines must share to name one master: the node their host resolves to (its
    place in ``targets``, which collects them) or the host name, and the port."""
    if m.host_text is None or m.port is None:
        return None
    target = hosts.resolve(m.host_text)
    if target is None:
        return (m.host_text.lower(), str(m.port))
    i = next((i for i, t in enumerate(targets) if t is target), len(targets))
    if i == len(targets):
        targets.append(target)
    return (f"node:{i}", str(m.port))
