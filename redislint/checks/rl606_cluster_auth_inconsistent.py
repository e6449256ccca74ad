"""RL606 (cluster-auth-inconsistent): nodes of one cluster use different requirepass or masterauth
values.

Examples, fixes and the reasoning: ``rules/RL606.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from redislint.checks._topology import masterauth, requirepass
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.auth import Secret
from redislint.model.project import Cluster, RedisNode


@rule(
    id="RL606",
    name="cluster-auth-inconsistent",
    severity=Severity.HIGH,
    tags=("availability", "security"),
    scope=Scope.CLUSTER,
    summary="nodes of one cluster use different requirepass or masterauth values",
)
def check(group: Cluster, ctx: Context) -> Iterator[Finding]:
    if len(group.nodes) < 2:
        return
    yield from _compare(group.nodes, requirepass, "requirepass", ctx)
    yield from _compare(group.nodes, masterauth, "masterauth", ctx)


def _compare(nodes: list[RedisNode], get: Callable[[RedisNode], Secret], what: str, ctx: Context) -> Iterator[Finding]:
    vals = [(n, get(n)) for n in nodes]
    known = [(n, v) for n, v in vals if v.state != "unknown"]
    if len({v.state for _n, v in known}) == 1:
        # All set (or all unset): compare the values that are known at lint time.
        known = [(n, v) for n, v in known if v.state != "set" or v.digest]
    else:
        # Some nodes have one, some none: that is the inconsistency, whatever the values.
        known = [(n, Secret(v.state, "", v.span)) for n, v in known]
    counts = Counter((v.state, v.digest) for _n, v in known).most_common()
    if len(counts) < 2:
        return
    ref_key = counts[0][0]
    if counts[0][1] == counts[1][1]:
        ref_key = (known[0][1].state, known[0][1].digest)
    ref = next(n for n, v in known if (v.state, v.digest) == ref_key)
    for n, v in known:
        if (v.state, v.digest) == ref_key:
            continue
        if v.state == "unset":
            msg = f"cluster node '{n.label}' has no {what} while '{ref.label}' has one: failover and resharding between them fail"
        elif ref_key[0] == "unset":
            msg = f"cluster node '{n.label}' sets {what} while '{ref.label}' has none: failover and resharding between them fail"
        else:
            msg = f"cluster node '{n.label}' uses a different {what} from '{ref.label}': failover and resharding between them fail"
        yield ctx.finding(
            v.span or n.anchor,
            msg,
            fix=f"Use one {what} (from one secret) on every node of the cluster",
            evidence=f"{what}:{n.label}",
        )
