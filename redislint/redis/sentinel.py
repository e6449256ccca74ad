"""Sentinel configuration statements, as ``sentinelHandleConfiguration`` (``sentinel.c``) reads them:
each sub-command's argument count, version gate and values, and across a file, the masters that the
other statements refer to."""

from __future__ import annotations

from collections.abc import Iterable

from redislint.model.base import Struct
from redislint.model.conf import Directive
from redislint.model.values import Value
from redislint.redis.numbers import atoi
from redislint.redis.problems import ConfKind, Problem, bad, show
from redislint.redis.versions import Gate, Version, gate_label, gate_ok

__all__ = ["SENTINEL_SUBS", "check_sentinel_masters", "validate_sentinel"]


class _Sub(Struct, frozen=True):
    """A sub-command: its argument counts (the sub-command included), whether its first argument
    names a monitored master, and the versions that accept it (none: all)."""

    counts: tuple[int, ...]
    names_master: bool
    gates: tuple[Gate, ...]


SENTINEL_SUBS: dict[str, _Sub] = {
    "monitor": _Sub((5,), False, ()),
    "down-after-milliseconds": _Sub((3,), True, ()),
    "failover-timeout": _Sub((3,), True, ()),
    "parallel-syncs": _Sub((3,), True, ()),
    "notification-script": _Sub((3,), True, ()),
    "client-reconfig-script": _Sub((3,), True, ()),
    "auth-pass": _Sub((3,), True, ()),
    "auth-user": _Sub((3,), True, (Gate("redis", (6, 2)), Gate("valkey", (7, 2)))),
    "current-epoch": _Sub((2,), False, ()),
    "myid": _Sub((2,), False, ()),
    "config-epoch": _Sub((3,), True, ()),
    "leader-epoch": _Sub((3,), True, ()),
    "known-slave": _Sub((4,), True, ()),
    "known-replica": _Sub((4,), True, ()),
    "known-sentinel": _Sub((4, 5), True, ()),
    "rename-command": _Sub((4,), True, ()),
    "announce-ip": _Sub((2,), False, ()),
    "announce-port": _Sub((2,), False, ()),
    "deny-scripts-reconfig": _Sub((2,), False, ()),
    "sentinel-user": _Sub((2,), False, (Gate("redis", (6, 2)), Gate("valkey", (7, 2)))),
    "sentinel-pass": _Sub((2,), False, (Gate("redis", (6, 2)), Gate("valkey", (7, 2)))),
    "resolve-hostnames": _Sub((2,), False, (Gate("redis", (6, 2)), Gate("valkey", (7, 2)))),
    "announce-hostnames": _Sub((2,), False, (Gate("redis", (6, 2)), Gate("valkey", (7, 2)))),
    "master-reboot-down-after-period": _Sub((3,), True, (Gate("redis", (7, 0)), Gate("valkey", (7, 2)))),
    "primary-reboot-down-after-period": _Sub((3,), True, (Gate("valkey", (8, 0)),)),
}
"""Every ``sentinel`` sub-command ``sentinelHandleConfiguration`` knows."""


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
    counts = spec.counts
    if not gate_ok(spec.gates, version):
        return [
            Problem(
                "version-gated",
                sub_arg.span,
                f"'sentinel {sub}' needs {gate_label(spec.gates)}; {version.label} refuses it",
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
                    "'sentinel monitor' quorum must be 1 or greater"
                    + ("" if _plain_int(quorum.text) else f" (the server reads {show(quorum.text)} as {atoi(quorum.text)})"),
                    "set the quorum to a majority of your Sentinels",
                )
            ]
        if (problem := _port(port, sub)) is not None:
            return [problem]
    elif sub in ("down-after-milliseconds", "failover-timeout"):
        if a[2].text is not None and atoi(a[2].text) <= 0:
            return [
                bad(
                    a[2],
                    f"'sentinel {sub}' must be a positive number of milliseconds, got {show(a[2].text)}"
                    + _wraps(a[2].text),
                )
            ]
    elif sub in ("master-reboot-down-after-period", "primary-reboot-down-after-period"):
        if a[2].text is not None and atoi(a[2].text) < 0:
            return [bad(a[2], f"'sentinel {sub}' cannot be negative, got {show(a[2].text)}" + _wraps(a[2].text))]
    elif sub in ("notification-script", "client-reconfig-script"):
        if a[2].text == "":
            return [
                bad(
                    a[2],
                    f"'sentinel {sub}' names no script (an empty path): Sentinel refuses it as a missing script",
                    "remove the line, or name an executable script",
                )
            ]
    elif sub in ("known-replica", "known-slave") or (sub == "known-sentinel" and len(a) == 5):
        if (problem := _port(a[3], sub)) is not None:
            return [problem]
    elif sub in ("deny-scripts-reconfig", "resolve-hostnames", "announce-hostnames"):
        if a[1].text is not None and a[1].text.lower() not in ("yes", "no"):
            return [bad(a[1], f"'sentinel {sub}' must be yes or no, got {show(a[1].text)}")]
    elif sub == "myid" and a[1].text is not None and len(a[1].text.encode("utf-8", "surrogateescape")) != 40:
        return [bad(a[1], "'sentinel myid' must be 40 characters long")]
    return []


def _plain_int(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit() and -(2**31) <= int(text) < 2**31


def _wraps(text: str) -> str:
    """``(the server reads ... as N)`` when the C ``atoi`` the server uses does not read the number written."""
    return "" if _plain_int(text) else f" (Sentinel keeps it in 32 bits and reads {atoi(text)})"


def _port(port: Value, sub: str) -> Problem | None:
    if port.text is None or 0 <= atoi(port.text) <= 65535:
        return None
    return bad(port, f"'sentinel {sub}' port must be between 0 and 65535, got {show(port.text)}" + _wraps(port.text))


def numeric_host(host: str) -> bool:
    """Whether ``host`` is an address ``getaddrinfo`` takes without a lookup (``AI_NUMERICHOST``):
    IPv6, or IPv4 in the forms ``inet_aton`` accepts (``127.1``, ``0x7f.0.0.1``)."""
    import ipaddress

    try:
        ipaddress.IPv6Address(host.split("%", 1)[0])
        return True
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return False
    values: list[int] = []
    for p in parts:
        low = p.lower()
        try:
            if low.startswith("0x"):
                v = int(low[2:], 16) if low[2:] else 0
            elif low.startswith("0") and len(low) > 1:
                v = int(low[1:], 8)
            else:
                if not low.isascii() or not low.isdigit():
                    return False
                v = int(low)
        except ValueError:
            return False
        values.append(v)
    limits = [256] * (len(values) - 1) + [256 ** (5 - len(values))]
    return all(v < lim for v, lim in zip(values, limits, strict=True))


def check_sentinel_masters(directives: Iterable[Directive]) -> list[Problem]:
    """Across a Sentinel file, as Sentinel applies the statements once the file is read (the global
    ones first, then the ``monitor`` lines, then the rest): a master monitored twice, a statement
    about a master never monitored, a replica or Sentinel listed twice for one master, a command
    renamed twice for one master, a hostname where ``resolve-hostnames`` is not yes."""
    problems: list[Problem] = []
    masters: dict[str, Directive] = {}
    later: list[Directive] = []
    resolve = False
    for d in directives:
        if d.name == "sentinel" and len(d.args) == 2 and (d.args[0].text or "").lower() == "resolve-hostnames":
            resolve = (d.args[1].text or "").lower() == "yes"
    for d in directives:
        if d.name != "sentinel" or len(d.args) < 2 or d.args[0].text is None:
            continue
        sub = d.args[0].text.lower()
        spec = SENTINEL_SUBS.get(sub)
        if spec is None or len(d.args) not in spec.counts:
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
            if d.args[2].text == "" and not resolve:
                problems.append(
                    bad(
                        d.args[2],
                        "'sentinel monitor' names an empty host: Sentinel exits with \"Can't resolve instance hostname\"",
                        "write the primary's address",
                    )
                )
        elif spec.names_master and not (sub == "known-sentinel" and len(d.args) == 4):
            later.append(d)  # (a known-sentinel line without a run id is ignored altogether)
    seen: dict[tuple[str, str, str], Directive] = {}
    for d in later:
        master = d.args[1].text
        sub = (d.args[0].text or "").lower()
        if master is not None and master not in masters:
            problems.append(
                bad(
                    d.args[1],
                    f"'sentinel {d.args[0].text}' refers to master {show(master)}, which no 'sentinel monitor' line defines",
                    "check the master name",
                )
            )
            continue
        if master is None:
            continue
        key: tuple[str, str, str] | None = None
        if sub in ("known-replica", "known-slave"):
            host, port = d.args[2].text, d.args[3].text
            if host is not None and port is not None:
                key = (master, "replica", f"{host}:{atoi(port)}")
        elif sub == "known-sentinel":
            if d.args[4].text is not None:
                key = (master, "sentinel", d.args[4].text)
        elif sub == "rename-command" and d.args[2].text is not None:
            key = (master, "rename", d.args[2].text.lower())
        if sub in ("known-replica", "known-slave", "known-sentinel"):
            host = d.args[2].text
            if host is not None and not resolve and not numeric_host(host):
                problems.append(
                    bad(
                        d.args[2],
                        f"'sentinel {sub}' names {show(host)}, not an IP address, and 'sentinel resolve-hostnames' "
                        "is not yes: Sentinel exits with \"Can't resolve instance hostname\"",
                        "write the address, or set 'sentinel resolve-hostnames yes'",
                    )
                )
                continue
        if key is None:
            continue
        if key in seen:
            what = {"replica": "replica", "sentinel": "Sentinel run id", "rename": "command renamed"}[key[1]]
            problems.append(
                bad(
                    d.args[2] if key[1] != "sentinel" else d.args[4],
                    f"'sentinel {sub}' repeats a {what} of master {show(master)} (first on line {seen[key].line}): Sentinel refuses the duplicate",
                    "keep one line",
                )
            )
        else:
            seen[key] = d
    return problems
