"""The directives with a grammar of their own (type ``special`` in ``directive-types.csv``):
``include``, ``rename-command``, ``loadmodule``, ``user`` (its ACL rules: :mod:`redislint.redis.acl`),
``notify-keyspace-events``, ``save``, ``bind``, ``client-output-buffer-limit``,
``oom-score-adj-values``, ``replicaof`` and ``latency-tracking-info-percentiles``."""

from __future__ import annotations

from redislint.model.conf import Directive
from redislint.redis.arguments import effective_args
from redislint.redis.numbers import atoi, memory_as_read, string2d, strtoll
from redislint.redis.problems import Problem, argc_problem, bad, plural, show
from redislint.redis.versions import Version

__all__ = ["check_special"]

_NOTIFY_CHARS = frozenset("Ag$lshzxeKEtmdn")



def check_special(d: Directive, canon: str, version: Version) -> list[Problem]:
    """A directive of type ``special``, by its primary name ``canon``."""
    args = d.args
    n = len(args)
    modern = version.at_least(7, 0)
    if canon == "include":
        return [] if n == 1 else [argc_problem(d, "exactly 1 argument (one file or pattern per line)")]
    if canon == "rename-command":
        return [] if n == 2 else [argc_problem(d, "exactly 2 arguments (the command and its new name)")]
    if canon == "loadmodule":
        return [] if n >= 1 else [argc_problem(d, "at least 1 argument (the module path)")]
    if canon == "user":
        # the rules are applied at the file level (redis.acl.check_user_lines): what they mean
        # depends on acl-pubsub-default, wherever the file sets it
        return [] if n >= 1 else [argc_problem(d, "at least 1 argument (the user name)")]
    if canon == "notify-keyspace-events":
        if n != 1:
            return [argc_problem(d, "exactly 1 argument")]
        text = args[0].text
        if text is not None and (version.product == "valkey" or not version.at_least(8, 0)) and not set(text) <= _NOTIFY_CHARS:
            return [
                bad(
                    args[0],
                    f"'{d.name}' has an invalid event class character in {show(text)}",
                    "use only the characters Ag$lshzxeKEtmdn",
                )
            ]
        return []
    if canon == "save":
        return _check_save(d, version)
    if canon == "bind":
        if not modern and n == 0:
            return [argc_problem(d, "at least 1 address")]
        eff = effective_args(d, version) if modern else list(args)
        if len(eff) > 16:
            return [bad(eff[16], f"'{d.name}' accepts at most 16 addresses, got {len(eff)}")]
        return []
    if canon == "client-output-buffer-limit":
        return _check_cobl(d, version)
    if canon == "oom-score-adj-values":
        eff = effective_args(d, version)
        if len(eff) != 3:
            return [argc_problem(d, "3 values (replica, primary and background-child adjustments)")]
        for a in eff:
            if a.text is None:
                continue
            v, whole, _ = strtoll(a.text)
            if not whole or v < -2000 or v > 2000:
                return [
                    bad(a, f"'{d.name}' values must be integers between -2000 and 2000, got {show(a.text)}")
                ]
        return []
    if canon == "replicaof":
        if not modern:
            if n != 2:
                return [argc_problem(d, "2 arguments (host and port)", d.name)]
            eff = list(args)
        else:
            eff = effective_args(d, version)
            if len(eff) != 2:
                return [argc_problem(d, "2 arguments (host and port, or 'no one')", d.name)]
        host, port = eff
        if host.text is None or port.text is None:
            return []
        if host.text.lower() == "no" and port.text.lower() == "one":
            return []
        # strtol into an int: the low 32 bits are the port (4294967297 is port 1)
        v, whole, _ = strtoll(port.text)
        read = _int32(v)
        if not whole or read < 0 or read > 65535:
            return [
                bad(port, f"'{d.name}' port must be a number between 0 and 65535, got {show(port.text)}")
            ]
        if read != v:
            return [
                Problem(
                    "misread",
                    port.span,
                    f"'{d.name}' port {show(port.text)} does not fit in 32 bits: the server accepts it and connects to port {read}",
                    "write the port number itself",
                )
            ]
        return []
    if canon == "latency-tracking-info-percentiles":
        eff = effective_args(d, version)
        if len(eff) == 1 and eff[0].text == "":
            return []
        for a in eff:
            if a.text is None:
                continue
            f = string2d(a.text)
            if f is None:
                return [bad(a, f"'{d.name}' values must be numbers, got {show(a.text)}")]
            if f < 0 or f > 100:
                return [bad(a, f"'{d.name}' values must be between 0.0 and 100.0, got {show(a.text)}")]
        return []
    return []


def _check_save(d: Directive, version: Version) -> list[Problem]:
    args = d.args
    fix = 'write pairs of <seconds> <changes> (save 3600 1 300 100), or save "" to disable snapshots'
    if not version.at_least(7, 0):
        # 6.x: one pair per line; any other count is silently ignored.
        if (
            len(args) == 2
            and args[0].text is not None
            and args[1].text is not None
            and (atoi(args[0].text) < 1 or atoi(args[1].text) < 0)
        ):
            return [bad(args[0], f"'{d.name}' needs seconds >= 1 and changes >= 0", fix)]
        return []
    eff = effective_args(d, version)
    if len(eff) == 1 and eff[0].text == "":
        return []
    if len(eff) % 2:
        span_arg = eff[-1] if eff else d
        return [
            bad(
                span_arg,
                f"'{d.name}' takes pairs of <seconds> <changes>, got {plural(len(eff), 'value')}",
                fix,
            )
        ]
    for j, a in enumerate(eff):
        if a.text is None:
            continue
        v, whole, _ = strtoll(a.text)
        if not whole or (j % 2 == 0 and v < 1) or (j % 2 == 1 and v < 0):
            what = "seconds must be an integer >= 1" if j % 2 == 0 else "changes must be an integer >= 0"
            return [bad(a, f"'{d.name}' {what}, got {show(a.text)}", fix)]
    return []



_COBL_CLASSES = frozenset({"normal", "slave", "replica", "pubsub"})



def _int32(v: int) -> int:
    """The low 32 bits of a long, as an ``int`` variable keeps them."""
    v &= 0xFFFFFFFF
    return v - 2**32 if v >= 2**31 else v


def _check_cobl(d: Directive, version: Version) -> list[Problem]:
    """``client-output-buffer-limit``: Redis 7.0+ reads the limits with ``memtoull`` and the seconds
    with ``strtoll`` into an ``int`` (so 2147483648 is negative and refused, -2147483649 positive);
    6.2 ignores errors in the limits and reads the seconds with ``atoi``."""
    modern = version.at_least(7, 0) or version.product == "valkey"
    if modern:
        eff = effective_args(d, version)
        if len(eff) % 4:
            return [argc_problem(d, "groups of 4 arguments (<class> <hard> <soft> <seconds>)")]
    else:
        eff = list(d.args)
        if len(eff) != 4:
            return [argc_problem(d, "4 arguments (<class> <hard> <soft> <seconds>)")]
    for j in range(0, len(eff), 4):
        cls, hard, soft, secs = eff[j : j + 4]
        if cls.text is not None and cls.text.lower() not in _COBL_CLASSES:
            return [bad(cls, f"'{d.name}' class must be normal, replica or pubsub, got {show(cls.text)}")]
        if modern:
            for a in (hard, soft):
                if a.text is not None and memory_as_read(a.text) is None:
                    return [bad(a, f"'{d.name}' limits must be memory sizes such as 64mb, got {show(a.text)}")]
        if secs.text is not None:
            if modern:
                v, whole, _ = strtoll(secs.text)
                v = _int32(v)
            else:
                v, whole = atoi(secs.text), True
            if not whole or v < 0:
                why = "" if not whole or str(v) == secs.text.strip() else f" (the server keeps it in 32 bits and reads {v})"
                return [bad(secs, f"'{d.name}' seconds must be an integer >= 0, got {show(secs.text)}{why}")]
    return []
