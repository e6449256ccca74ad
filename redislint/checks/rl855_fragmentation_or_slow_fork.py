"""RL855 (fragmentation-or-slow-fork): memory fragmentation over 1.5, or the last fork took over 1 s.

Examples, fixes and the reasoning: ``rules/RL855.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import int_field, live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode

MAX_FRAGMENTATION = 1.5
MIN_RSS = 100 * 1024 * 1024
"""Below this resident size a high ratio is the allocator's fixed overhead, not fragmentation."""
MAX_FORK_USEC = 1_000_000


@rule(
    id="RL855",
    name="fragmentation-or-slow-fork",
    severity=Severity.LOW,
    tags=("availability",),
    scope=Scope.NODE,
    platforms=("live",),
    summary="memory fragmentation over 1.5 or a fork over 1 s: memory wasted, latency spikes on saves",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    ratio = facts.number("mem_fragmentation_ratio")
    rss = int_field(facts, "used_memory_rss")
    fv = facts.field("mem_fragmentation_ratio")
    if fv is not None and ratio is not None and rss is not None and rss >= MIN_RSS and ratio > MAX_FRAGMENTATION:
        yield ctx.finding(
            fv.span,
            f"{node_label(node)} has a memory fragmentation ratio of {ratio:g} (over {MAX_FRAGMENTATION}) at {rss} bytes resident",
            fix="Turn on activedefrag (jemalloc builds), or restart the replica-first way to compact memory",
            evidence="mem_fragmentation_ratio",
        )
    fork = int_field(facts, "latest_fork_usec")
    kv = facts.field("latest_fork_usec")
    if kv is not None and fork is not None and fork > MAX_FORK_USEC:
        yield ctx.finding(
            kv.span,
            f"the last fork of {node_label(node)} took {fork / 1e6:.1f} s: the server stalls that long on each save or rewrite",
            fix="Disable transparent huge pages, give the host memory headroom, or save less often (a replica for persistence)",
            evidence="latest_fork_usec",
        )
