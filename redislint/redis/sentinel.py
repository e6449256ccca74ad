"""Sentinel configuration statements, as ``sentinelHandleConfiguration`` (``sentinel.c``) reads them:
each sub-command's argument count, version gate and values, and across a file, the masters that the
other statements refer to."""

from __future__ import annotations

from collections.abc import Iterable

from redislint.model.conf import Directive
from redislint.redis.numbers import atoi
from redislint.redis.problems import ConfKind, Problem, bad, show
from redislint.redis.versions import Version

__all__ = ["SENTINEL_SUBS", "check_sentinel_masters", "validate_sentinel"]

SENTINEL_SUBS: dict[str, tuple[tuple[int, ...], bool, dict[str, tuple[int, int]] | None]] = {
    "monitor": ((5,), False, None),
    "down-after-milliseconds": ((3,), True, None),
    "failover-timeout": ((3,), True, None),
    "parallel-syncs": ((3,), True, None),
    "notification-script": ((3,), True, None),
    "client-reconfig-script": ((3,), True, None),
    "auth-pass": ((3,), True, None),
    "auth-user": ((3,), True, {"redis": (6, 2), "valkey": (7, 2)}),
    "current-epoch": ((2,), False, None),
    "myid": ((2,), False, None),
    "config-epoch": ((3,), True, None),
    "leader-epoch": ((3,), True, None),
    "known-slave": ((4,), True, None),
    "known-replica": ((4,), True, None),
    "known-sentinel": ((4, 5), True, None),
    "rename-command": ((4,), True, None),
    "announce-ip": ((2,), False, None),
    "announce-port": ((2,), False, None),
    "deny-scripts-reconfig": ((2,), False, None),
    "sentinel-user": ((2,), False, {"redis": (6, 2), "valkey": (7, 2)}),
    "sentinel-pass": ((2,), False, {"redis": (6, 2), "valkey": (7, 2)}),
    "resolve-hostnames": ((2,), False, {"redis": (6, 2), "valkey": (7, 2)}),
    "announce-hostnames": ((2,), False, {"redis": (6, 2), "valkey": (7, 2)}),
    "master-reboot-down-after-period": ((3,), True, {"redis": (7, 0), "valkey": (7, 2)}),
    "primary-reboot-down-after-period": ((3,), True, {"valkey": (8, 0)}),
    "known-primary": ((4,), True, {"valkey": (8, 0)}),
}
"""sub-command -> (accepted argument counts including the sub-command, takes a master name, since)"""


def validate_sentinel(d: Directive, version: Version, kind: ConfKind) -> list[Problem]:
    """One ``sentinel`` line: only in a Sentinel configuration, a known sub-command this version
    accepts, its argument count and values."""
    if not d.args:
        return []
    if kind != "sentinel":
        return [
            bad(
                d,
                "'sentinel' lines are only valid in a Sentinel configuration: redis-server refuses them "
                "(sentinel directive while not in sentinel mode)",
                "move the line to sentinel.conf, or start the server with redis-sentinel / --sentinel",
            )
        ]
    sub_arg = d.args[0]
    if sub_arg.text is None:
        return []
    sub = sub_arg.text.lower()
    spec = SENTINEL_SUBS.get(sub)
    if spec is None:
        import difflib

        near = difflib.get_close_matches(sub, list(SENTINEL_SUBS), n=1, cutoff=0.75)
        msg = f"'sentinel {show(sub_arg.text)[1:-1]}' is not a Sentinel configuration statement"
        if near:
            msg += f", did you mean '{near[0]}'?"
        return [bad(sub_arg, msg, f"use 'sentinel {near[0]}'" if near else None)]
    counts, _, since = spec
    if since is not None:
        need = since.get(version.product)
        if need is None or version.release < need:
            labels = ", ".join(f"{p.capitalize()} {v[0]}.{v[1]}+" for p, v in since.items())
            return [
                Problem(
                    "version-gated",
                    sub_arg.span,
                    f"'sentinel {sub}' needs {labels}; {version.label} refuses it",
                    None,
                )
            ]
    if len(d.args) not in counts:
        want = " or ".join(str(c - 1) for c in counts)
        return [
            bad(
                sub_arg if len(d.args) == 1 else d.args[-1],
                f"'sentinel {sub}' takes {want} argument{'s' if counts != (2,) else ''}, got {len(d.args) - 1}",
            )
        ]
    a = d.args
    if sub == "monitor":
        port, quorum = a[3], a[4]
        if quorum.text is not None and atoi(quorum.text) <= 0:
            return [
                bad(
                    quorum,
                    "'sentinel monitor' quorum must be 1 or greater",
                    "set the quorum to a majority of your Sentinels",
                )
            ]
        if port.text is not None and not 0 <= atoi(port.text) <= 65535:
            return [
                bad(port, f"'sentinel monitor' port must be between 0 and 65535, got {show(port.text)}")
            ]
    elif sub in ("down-after-milliseconds", "failover-timeout"):
        if a[2].text is not None and atoi(a[2].text) <= 0:
            return [
                bad(
                    a[2],
                    f"'sentinel {sub}' must be a positive number of milliseconds, got {show(a[2].text)}",
                )
            ]
    elif sub in ("deny-scripts-reconfig", "resolve-hostnames", "announce-hostnames"):
        if a[1].text is not None and a[1].text.lower() not in ("yes", "no"):
            return [bad(a[1], f"'sentinel {sub}' must be yes or no, got {show(a[1].text)}")]
    elif sub == "myid" and a[1].text is not None and len(a[1].text) != 40:
        return [bad(a[1], "'sentinel myid' must be 40 characters long")]
    return []


def check_sentinel_masters(directives: Iterable[Directive]) -> list[Problem]:
    """Across a Sentinel file: a master monitored twice, a statement about a master never monitored."""
    problems: list[Problem] = []
    masters: dict[str, Directive] = {}
    later: list[Directive] = []
    for d in directives:
        if d.name != "sentinel" or len(d.args) < 2 or d.args[0].text is None:
            continue
        sub = d.args[0].text.lower()
        spec = SENTINEL_SUBS.get(sub)
        if spec is None or len(d.args) not in spec[0]:
            continue
        master = d.args[1].text
        if master is None:
            continue
        if sub == "monitor":
            if master in masters:
                problems.append(
                    bad(
                        d.args[1],
                        f"'sentinel monitor' names master {show(master)} twice (first on line {masters[master].line})",
                    )
                )
            else:
                masters[master] = d
        elif spec[1]:
            later.append(d)
    for d in later:
        master = d.args[1].text
        if master is not None and master not in masters:
            problems.append(
                bad(
                    d.args[1],
                    f"'sentinel {d.args[0].text}' refers to master {show(master)}, which no 'sentinel monitor' line defines",
                    "check the master name",
                )
            )
    return problems

