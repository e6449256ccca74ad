"""RL858 (sentinel-views-disagree): the Sentinels of one master name disagree on the primary's
address, or one of them does not know all the others.

Examples, fixes and the reasoning: ``rules/RL858.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from redislint.checks._helpers import node_label
from redislint.checks._live import live
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import RedisNode


@rule(
    id="RL858",
    name="sentinel-views-disagree",
    severity=Severity.MEDIUM,
    tags=("availability",),
    scope=Scope.SENTINEL,
    platforms=("live",),
    summary="the Sentinels of a master disagree on its address, or do not all know each other",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    facts = live(node)
    if facts is None:
        return
    peers = [s.live for s in ctx.project.sentinels if s.live is not None]
    for master, fields in sorted(facts.sentinel_masters.items()):
        views = [p.sentinel_masters[master] for p in peers if master in p.sentinel_masters]
        addrs = Counter((v["ip"].text, v["port"].text) for v in views if "ip" in v and "port" in v)
        mine = (fields["ip"].text, fields["port"].text) if "ip" in fields and "port" in fields else None
        if mine is not None and len(addrs) > 1:
            top = addrs.most_common(1)[0][0]
            if mine != top:
                yield ctx.finding(
                    fields["ip"].span,
                    f"{node_label(node)} sees master {master!r} at {mine[0]}:{mine[1]} while most Sentinels see {top[0]}:{top[1]}",
                    fix="Check this Sentinel's network and its sentinel monitor line; a Sentinel that lost the group can be reset (SENTINEL RESET)",
                    evidence=f"{master}:address",
                )
        known = [int(v["num-other-sentinels"].text or "0") for v in views if "num-other-sentinels" in v and (v["num-other-sentinels"].text or "").isdigit()]
        other = fields.get("num-other-sentinels")
        group = max([len(views) - 1, *known]) if known else len(views) - 1
        if other is not None and (other.text or "").isdigit() and int(other.text or "0") < group:
            yield ctx.finding(
                other.span,
                f"{node_label(node)} knows {other.text} other Sentinels of {master!r}, the group has {group}",
                fix="Let the Sentinels see each other (the hello channel on the primary: same masterauth, announce-ip behind NAT)",
                evidence=f"{master}:num-other-sentinels",
            )
