"""Directive and argument validation, as the server's config loader does it.

The rules follow Redis 7.0's ``config.c`` (``loadServerConfigFromString`` and the per-type setters),
``sentinel.c`` (``sentinelHandleConfiguration``) and ``acl.c`` where they decide whether the server
starts; every behaviour the oracle test exercises was checked against a real redis-server 7.0.15.
Where the behaviour is not known for sure, the value is accepted: no false alarms.

Argument types live in ``redislint/data/directive-types.csv``; names per version in
:mod:`redislint.directives`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

from redislint import directives as _dirs
from redislint.directives import Version
from redislint.model.base import Struct
from redislint.model.conf import Directive
from redislint.model.span import Span
from redislint.model.values import Value

__all__ = [
    "Problem",
    "ProblemKind",
    "accepts",
    "parse_redis_memory",
    "validate_directive",
    "validate_file_level",
]

ProblemKind = Literal["unknown", "version-gated", "invalid-argument", "deprecated", "ignored"]
ConfKind = Literal["redis", "sentinel"]


class Problem(Struct, frozen=True):
    kind: ProblemKind
    span: Span
    message: str
    """One line, no trailing period, never a secret value."""
    fix: str | None = None



LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)
ULLONG_MAX = 2**64 - 1
_LIMITS = {
    "INT_MIN": -(2**31),
    "INT_MAX": 2**31 - 1,
    "UINT_MAX": 2**32 - 1,
    "LONG_MAX": LLONG_MAX,
    "LLONG_MIN": LLONG_MIN,
    "LLONG_MAX": LLONG_MAX,
    "ULLONG_MAX": ULLONG_MAX,
}

# Directives whose value may hold a secret: their values never appear in a message.
_SECRET_DIRECTIVES = frozenset(
    {
        "requirepass",
        "masterauth",
        "primaryauth",
        "masteruser",
        "primaryuser",
        "user",
        "tls-key-file-pass",
        "tls-client-key-file-pass",
    }
)

# --------------------------------------------------------------------------------------------------
# type table


class _Gate(Struct, frozen=True):
    product: str
    since: tuple[int, int]


class _Type(Struct, frozen=True):
    kind: str
    values: tuple[tuple[str, tuple[_Gate, ...]], ...] = ()
    lo: int = LLONG_MIN
    hi: int = LLONG_MAX


def _bound(text: str, default: int, octal: bool) -> int:
    text = text.strip()
    if not text:
        return default
    if text in _LIMITS:
        return _LIMITS[text]
    return int(text, 8 if octal else 10)


def _parse_type(kind: str, spec: str) -> _Type:
    if kind in ("enum", "flags"):
        values: list[tuple[str, tuple[_Gate, ...]]] = []
        for item in spec.split("|"):
            value, _, gate_text = item.partition("@")
            gates: list[_Gate] = []
            for clause in filter(None, gate_text.split(";")):
                product, _, since = clause.partition(">=")
                major, _, minor = since.partition(".")
                gates.append(_Gate(product.strip(), (int(major), int(minor or 0))))
            values.append((value.strip().lower(), tuple(gates)))
        return _Type(kind, tuple(values))
    if kind in ("int", "memory", "memory-percent", "octal"):
        lo_text, _, hi_text = spec.partition("..")
        octal = kind == "octal"
        lo_default = 0 if kind.startswith("memory") else LLONG_MIN
        hi_default = ULLONG_MAX if kind.startswith("memory") else LLONG_MAX
        return _Type(kind, lo=_bound(lo_text, lo_default, octal), hi=_bound(hi_text, hi_default, octal))
    return _Type(kind)


@lru_cache(maxsize=1)
def _types() -> dict[str, _Type]:
    out: dict[str, _Type] = {}
    from redislint.datafiles import read_data

    rows = [r for r in csv.reader(io.StringIO(read_data("directive-types.csv"), newline="")) if r and not r[0].startswith("#")]
    for row in rows[1:]:
        name = row[0].strip().lower()
        kind = row[1].strip() if len(row) > 1 else "string"
        spec = row[2] if len(row) > 2 else ""
        out[name] = _parse_type(kind, spec)
    return out


def _type_of(name: str) -> _Type:
    types = _types()
    if name in types:
        return types[name]
    target = _dirs.alias_target(name)
    if target and target in types:
        return types[target]
    return _Type("string")


def _gate_ok(gates: tuple[_Gate, ...], version: Version) -> bool:
    if not gates:
        return True
    return any(g.product == version.product and version.release >= g.since for g in gates)


def _gate_label(gates: tuple[_Gate, ...]) -> str:
    return ", ".join(f"{g.product.capitalize()} {g.since[0]}.{g.since[1]}+" for g in gates)


# --------------------------------------------------------------------------------------------------
# number parsing, as the C library and Redis's util.c do it

_C_SPACE = " \t\n\r\v\f"
_ASCII_DIGITS = frozenset("0123456789")


def _string2ll(s: str) -> int | None:
    """Redis ``string2ll``: strict decimal, no '+', no leading zeros, no spaces, fits a long long."""
    if not s or len(s) >= 21:
        return None
    if s == "0":
        return 0
    neg = s[0] == "-"
    body = s[1:] if neg else s
    if not body or body[0] not in "123456789" or any(c not in _ASCII_DIGITS for c in body):
        return None
    v = -int(body) if neg else int(body)
    if v < LLONG_MIN or v > LLONG_MAX:
        return None
    return v


def _strtoll(s: str, base: int = 10) -> tuple[int, bool, bool]:
    """C ``strtoll``: (value, whole string consumed, overflowed)."""
    i, n = 0, len(s)
    while i < n and s[i] in _C_SPACE:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    digits = "0123456789"[:base] if base <= 10 else "0123456789abcdef"[:base]
    start = i
    while i < n and s[i].lower() in digits:
        i += 1
    if i == start:
        return 0, s == "", False  # no conversion: endptr is the start of the string
    v = int(s[start:i], base)
    if neg:
        v = -v
    overflow = v > LLONG_MAX or v < LLONG_MIN
    v = max(LLONG_MIN, min(LLONG_MAX, v))
    return v, i == n, overflow


def _atoi(s: str) -> int:
    i, n = 0, len(s)
    while i < n and s[i] in _C_SPACE:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    start = i
    while i < n and s[i] in _ASCII_DIGITS:
        i += 1
    if i == start:
        return 0
    v = int(s[start:i])
    return -v if neg else v


_MEMORY_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1024,
    "m": 1000**2,
    "mb": 1024**2,
    "g": 1000**3,
    "gb": 1024**3,
}


def parse_redis_memory(text: str) -> int | None:
    """Bytes for a Redis memory value, exactly like ``memtoull`` (util.c); None when Redis refuses it.

    Digits then an optional unit, case-insensitive: ``b``, ``k`` (1000), ``kb`` (1024), ``m`` (1000²),
    ``mb`` (1024²), ``g`` (1000³), ``gb`` (1024³). No sign, no spaces, no decimals. As in Redis, an
    empty number counts as 0 (``""`` and ``"gb"`` are 0), and a number too large for 64 bits saturates
    before the unit is applied.
    """
    if text.startswith("-"):
        return None
    i = 0
    n = len(text)
    while i < n and text[i] in _ASCII_DIGITS:
        i += 1
    mul = _MEMORY_UNITS.get(text[i:].lower()) if text[i:].isascii() else None
    if mul is None:
        return None
    if i >= 128:
        return None
    val = int(text[:i]) if i else 0
    val = min(val, ULLONG_MAX)  # strtoull saturates; Redis does not check ERANGE
    if val > ULLONG_MAX // mul:
        return None
    return val * mul


_FLOAT_RE = re.compile(
    r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F.]+(?:[pP][+-]?\d+)?|inf(?:inity)?)",
    re.I,
)


def _string2d(s: str) -> float | None:
    if not s or s[0] in _C_SPACE or not _FLOAT_RE.fullmatch(s):
        return None
    try:
        v = float.fromhex(s) if s.lower().lstrip("+-").startswith("0x") else float(s)
    except ValueError:
        return None
    if v != v:  # nan
        return None
    return v


# --------------------------------------------------------------------------------------------------
# message helpers


_DIRECTIVE_LIKE = re.compile(r"(?=.{1,48}$)[a-z]+[0-9]?(?:[-_.][a-z]+[0-9]?){0,7}")
"""A word that can be meant as a directive name (lower-cased): words of letters joined by ``-``, ``_``
or ``.``, each with at most one digit at its end (``cluster-announce-client-ipv4``)."""


def _show(text: str | None, limit: int = 40) -> str:
    if text is None:
        return "an unknown value"
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
    return f"'{shown}'"


def _val(name: str, text: str | None, secret: bool = False) -> str:
    if secret or name in _SECRET_DIRECTIVES:
        return "the value"
    return _show(text)


def _plural(n: int, word: str = "argument") -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _join(first: Value, last: Value) -> Span:
    return Span.join(first.span, last.span)


def _argc_problem(d: Directive, expected: str, shown_name: str | None = None) -> Problem:
    name = shown_name or d.name
    n = len(d.args)
    span = d.name_span if n == 0 else _join(d.args[0], d.args[-1])
    comment = any(a.raw.startswith("#") for a in d.args)
    msg = f"'{name}' takes {expected}, got {n}"
    fix: str | None
    if comment:
        msg += " (a '#' starts a comment only at the beginning of a line; here it is an argument)"
        fix = "move the comment to a line of its own"
    else:
        fix = "quote the value if it contains spaces, or remove the extra arguments" if n > 1 else None
    if comment and n > 1:
        idx = next(i for i, a in enumerate(d.args) if a.raw.startswith("#"))
        span = _join(d.args[idx], d.args[-1])
    elif n > 1 and expected == "exactly 1 argument":
        span = _join(d.args[1], d.args[-1])
    return Problem("invalid-argument", span, msg, fix)


def _bad(arg: Value | Directive, message: str, fix: str | None = None) -> Problem:
    span = arg.name_span if isinstance(arg, Directive) else arg.span
    return Problem("invalid-argument", span, message, fix)


# --------------------------------------------------------------------------------------------------
# per-type checks

_MULTI_ARG = frozenset(
    {
        "save",
        "bind",
        "client-output-buffer-limit",
        "oom-score-adj-values",
        "replicaof",
        "latency-tracking-info-percentiles",
        "shutdown-on-sigint",
        "shutdown-on-sigterm",
    }
)


def _effective_args(d: Directive, version: Version) -> list[Value]:
    """Redis 7.0+ re-splits the single non-empty argument of a multi-argument config
    (``save "900 1"`` is ``save 900 1``)."""
    args = list(d.args)
    if version.at_least(7, 0) and len(args) == 1 and args[0].text:
        from redislint.parsers.redis_conf import UnbalancedQuotes, split_args

        a = args[0]
        try:
            parts = split_args(a.text or "", file=a.span.file, line=a.span.start_line, col=a.span.start_col)
        except UnbalancedQuotes:
            return []
        return [p.model_copy(update={"span": a.span}) for p in parts]
    return args


def _check_int(name: str, t: _Type, a: Value) -> list[Problem]:
    text = a.text
    if text is None:
        return []
    v = _string2ll(text)
    if v is None:
        return [_bad(a, f"'{name}' must be an integer, got {_val(name, text)}")]
    if t.lo >= 0 and v < 0:
        v += 2**64  # unsigned configs see the two's complement
    if v < t.lo or v > t.hi:
        return [_bad(a, f"'{name}' must be between {t.lo} and {t.hi}, got {_val(name, text)}")]
    return []


def _check_memory(name: str, t: _Type, a: Value) -> list[Problem]:
    text = a.text
    if text is None:
        return []
    if t.kind == "memory-percent" and len(text) > 1 and text.endswith("%"):
        pct = _string2ll(text[:-1])
        if pct is not None and pct >= 0:
            if pct > 100:
                return [_bad(a, f"'{name}' percentage must be at most 100%, got {_val(name, text)}")]
            return []
    v = parse_redis_memory(text)
    if v is None:
        extra = " or a percentage" if t.kind == "memory-percent" else ""
        hint = None
        if " " in text.strip():
            hint = "write the number and the unit together, without a space (2gb)"
        elif "." in text or "," in text:
            hint = "use a whole number with a smaller unit (1536mb instead of 1.5gb)"
        return [
            _bad(
                a,
                f"'{name}' must be a memory size such as 100mb or 2gb{extra}, got {_val(name, text)}",
                hint or "use digits and an optional unit: b, k, kb, m, mb, g, gb",
            )
        ]
    if t.hi <= LLONG_MAX and v > LLONG_MAX:
        v -= 2**64  # signed configs see a negative number
        if t.kind == "memory-percent" and v >= -100:
            return []  # ...which a percent config takes for a percentage (Redis 7.0.15 does)
    if v < t.lo or v > t.hi:
        return [_bad(a, f"'{name}' must be between {t.lo} and {t.hi} bytes, got {_val(name, text)}")]
    return []


def _check_octal(name: str, t: _Type, a: Value) -> list[Problem]:
    text = a.text
    if text is None:
        return []
    v, whole, overflow = _strtoll(text, 8)
    if not whole or overflow:
        return [_bad(a, f"'{name}' must be an octal number, got {_val(name, text)}")]
    if v < 0:
        v += 2**64
    if v < t.lo or v > t.hi:
        return [_bad(a, f"'{name}' must be between {t.lo:o} and {t.hi:o} (octal), got {_val(name, text)}")]
    return []


def _check_enum(name: str, t: _Type, a: Value, version: Version) -> list[Problem]:
    text = a.text
    if text is None:
        return []
    low = text.lower() if text.isascii() else text
    for value, gates in t.values:
        if value == low:
            if _gate_ok(gates, version):
                return []
            return [
                Problem(
                    "version-gated",
                    a.span,
                    f"'{name} {value}' needs {_gate_label(gates)}; {version.label} refuses it",
                    "choose a value this version knows, or target a newer version",
                )
            ]
    allowed = [v for v, g in t.values if _gate_ok(g, version)]
    return [_bad(a, f"'{name}' must be one of {', '.join(allowed)}, got {_val(name, text)}")]


def _check_flags(d: Directive, t: _Type, version: Version) -> list[Problem]:
    args = _effective_args(d, version)
    if not args:
        return [_argc_problem(d, "at least 1 argument")]
    out: list[Problem] = []
    seen: set[str] = set()
    for a in args:
        if a.text is None:
            continue
        out.extend(_check_enum(d.name, t, a, version))
        seen.add(a.text.lower())
    if not out and {"save", "nosave"} <= seen:
        out.append(_bad(d.args[0], f"'{d.name}' cannot combine save and nosave"))
    return out


_NOTIFY_CHARS = frozenset("Ag$lshzxeKEtmdn")


def _check_special(d: Directive, canon: str, version: Version) -> list[Problem]:
    args = d.args
    n = len(args)
    modern = version.at_least(7, 0)
    if canon == "include":
        return [] if n == 1 else [_argc_problem(d, "exactly 1 argument (one file or pattern per line)")]
    if canon == "rename-command":
        return [] if n == 2 else [_argc_problem(d, "exactly 2 arguments (the command and its new name)")]
    if canon == "loadmodule":
        return [] if n >= 1 else [_argc_problem(d, "at least 1 argument (the module path)")]
    if canon == "user":
        if n < 1:
            return [_argc_problem(d, "at least 1 argument (the user name)")]
        return _check_acl_rules(d, version)
    if canon == "notify-keyspace-events":
        if n != 1:
            return [_argc_problem(d, "exactly 1 argument")]
        text = args[0].text
        if text is not None and not version.at_least(8, 0) and not set(text) <= _NOTIFY_CHARS:
            return [
                _bad(
                    args[0],
                    f"'{d.name}' has an invalid event class character in {_show(text)}",
                    "use only the characters Ag$lshzxeKEtmdn",
                )
            ]
        return []
    if canon == "save":
        return _check_save(d, version)
    if canon == "bind":
        eff = _effective_args(d, version) if modern else list(args)
        if len(eff) > 16:
            return [_bad(eff[16], f"'{d.name}' accepts at most 16 addresses, got {len(eff)}")]
        return []
    if canon == "client-output-buffer-limit":
        return _check_cobl(d, version)
    if canon == "oom-score-adj-values":
        eff = _effective_args(d, version)
        if len(eff) != 3:
            return [_argc_problem(d, "3 values (replica, primary and background-child adjustments)")]
        for a in eff:
            if a.text is None:
                continue
            v, whole, _ = _strtoll(a.text)
            if not whole or v < -2000 or v > 2000:
                return [
                    _bad(a, f"'{d.name}' values must be integers between -2000 and 2000, got {_show(a.text)}")
                ]
        return []
    if canon == "replicaof":
        if not modern:
            return [] if n == 2 else [_argc_problem(d, "2 arguments (host and port)", d.name)]
        eff = _effective_args(d, version)
        if len(eff) != 2:
            return [_argc_problem(d, "2 arguments (host and port, or 'no one')", d.name)]
        host, port = eff
        if host.text is None or port.text is None:
            return []
        if host.text.lower() == "no" and port.text.lower() == "one":
            return []
        v, whole, _ = _strtoll(port.text)
        if not whole or v < 0 or v > 65535:
            return [
                _bad(port, f"'{d.name}' port must be a number between 0 and 65535, got {_show(port.text)}")
            ]
        return []
    if canon == "latency-tracking-info-percentiles":
        eff = _effective_args(d, version)
        if len(eff) == 1 and eff[0].text == "":
            return []
        for a in eff:
            if a.text is None:
                continue
            f = _string2d(a.text)
            if f is None:
                return [_bad(a, f"'{d.name}' values must be numbers, got {_show(a.text)}")]
            if f < 0 or f > 100:
                return [_bad(a, f"'{d.name}' values must be between 0.0 and 100.0, got {_show(a.text)}")]
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
            and (_atoi(args[0].text) < 1 or _atoi(args[1].text) < 0)
        ):
            return [_bad(args[0], f"'{d.name}' needs seconds >= 1 and changes >= 0", fix)]
        return []
    eff = _effective_args(d, version)
    if len(eff) == 1 and eff[0].text == "":
        return []
    if len(eff) % 2:
        span_arg = eff[-1] if eff else d
        return [
            _bad(
                span_arg,
                f"'{d.name}' takes pairs of <seconds> <changes>, got {_plural(len(eff), 'value')}",
                fix,
            )
        ]
    for j, a in enumerate(eff):
        if a.text is None:
            continue
        v, whole, _ = _strtoll(a.text)
        if not whole or (j % 2 == 0 and v < 1) or (j % 2 == 1 and v < 0):
            what = "seconds must be an integer >= 1" if j % 2 == 0 else "changes must be an integer >= 0"
            return [_bad(a, f"'{d.name}' {what}, got {_show(a.text)}", fix)]
    return []


_COBL_CLASSES = frozenset({"normal", "slave", "replica", "pubsub"})


def _check_cobl(d: Directive, version: Version) -> list[Problem]:
    if version.at_least(7, 0):
        eff = _effective_args(d, version)
        if len(eff) % 4:
            return [_argc_problem(d, "groups of 4 arguments (<class> <hard> <soft> <seconds>)")]
    else:
        eff = list(d.args)
        if len(eff) != 4:
            return [_argc_problem(d, "4 arguments (<class> <hard> <soft> <seconds>)")]
    for j in range(0, len(eff), 4):
        cls, hard, soft, secs = eff[j : j + 4]
        if cls.text is not None and cls.text.lower() not in _COBL_CLASSES:
            return [_bad(cls, f"'{d.name}' class must be normal, replica or pubsub, got {_show(cls.text)}")]
        for a in (hard, soft):
            if a.text is not None and parse_redis_memory(a.text) is None:
                return [_bad(a, f"'{d.name}' limits must be memory sizes such as 64mb, got {_show(a.text)}")]
        if secs.text is not None:
            v, whole, _ = _strtoll(secs.text)
            if not whole or v < 0:
                return [_bad(secs, f"'{d.name}' seconds must be an integer >= 0, got {_show(secs.text)}")]
    return []


_ACL_KEYWORDS = frozenset(
    {
        "on",
        "off",
        "nopass",
        "resetpass",
        "reset",
        "allkeys",
        "resetkeys",
        "allchannels",
        "resetchannels",
        "allcommands",
        "nocommands",
        "skip-sanitize-payload",
        "sanitize-payload",
        "clearselectors",
    }
)
_ACL_CATEGORIES_70 = frozenset(
    [
        "keyspace",
        "read",
        "write",
        "set",
        "sortedset",
        "list",
        "hash",
        "string",
        "bitmap",
        "hyperloglog",
        "geo",
        "stream",
        "pubsub",
        "admin",
        "fast",
        "slow",
        "blocking",
        "dangerous",
        "connection",
        "transaction",
        "scripting",
    ]
)
_ACL_CATEGORIES_80 = _ACL_CATEGORIES_70 | frozenset(
    ["search", "json", "timeseries", "bloom", "cuckoo", "cms", "topk", "tdigest"]
)
_HASH_RE = re.compile(r"[0-9a-f]{64}")


def _check_acl_rules(d: Directive, version: Version) -> list[Problem]:
    """A light check of the ACL rules of a ``user`` line (never shows a rule: they hold passwords)."""
    user = d.args[0].text
    who = f"user {_show(user)}" if user is not None else "the user"
    rules = d.args[1:]
    i = 0
    exact_70 = version.product == "redis" and version.release == (7, 0)
    cats = _ACL_CATEGORIES_80 if version.product == "redis" and version.at_least(8, 0) else _ACL_CATEGORIES_70
    check_cats = (version.product == "redis" and not version.at_least(8, 2)) or (
        version.product == "valkey" and version.release == (7, 2)
    )
    while i < len(rules):
        r = rules[i]
        i += 1
        text = r.text
        if text is None:
            continue
        if text.startswith("("):
            # A selector: its rules run up to the argument that ends with ')'.
            end = i - 1
            while end < len(rules) and not (rules[end].text or "").endswith(")"):
                end += 1
            if end >= len(rules):
                return [_bad(r, f"'user' line of {who}: a selector '(' is never closed")]
            i = end + 1
            continue
        low = text.lower()
        if low in _ACL_KEYWORDS:
            continue
        first = text[:1]
        if first in "><~%&":
            continue
        if first in "#!":
            if first == "#" and not _HASH_RE.fullmatch(text[1:]):
                return [_bad(r, f"'user' line of {who}: a '#' password hash must be 64 lowercase hex digits")]
            continue
        if first in "+-":
            body = low[1:]
            if body.startswith("@"):
                if check_cats and body[1:] not in cats and body[1:] != "all":
                    return [_bad(r, f"'user' line of {who}: unknown ACL category in rule {i}")]
            elif exact_70 and body.split("|", 1)[0] not in _COMMANDS_70:
                return [_bad(r, f"'user' line of {who}: unknown command in rule {i}")]
            continue
        return [_bad(r, f"'user' line of {who}: rule {i} is not an ACL rule (syntax error)")]
    return []


# --------------------------------------------------------------------------------------------------
# Sentinel

# sub-command -> (accepted argument counts including the sub-command, takes a master name, since)
_SENTINEL_SUBS: dict[str, tuple[tuple[int, ...], bool, dict[str, tuple[int, int]] | None]] = {
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


def _validate_sentinel(d: Directive, version: Version, kind: ConfKind) -> list[Problem]:
    if not d.args:
        return []
    if kind != "sentinel":
        return [
            _bad(
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
    spec = _SENTINEL_SUBS.get(sub)
    if spec is None:
        import difflib

        near = difflib.get_close_matches(sub, list(_SENTINEL_SUBS), n=1, cutoff=0.75)
        msg = f"'sentinel {_show(sub_arg.text)[1:-1]}' is not a Sentinel configuration statement"
        if near:
            msg += f", did you mean '{near[0]}'?"
        return [_bad(sub_arg, msg, f"use 'sentinel {near[0]}'" if near else None)]
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
            _bad(
                sub_arg if len(d.args) == 1 else d.args[-1],
                f"'sentinel {sub}' takes {want} argument{'s' if counts != (2,) else ''}, got {len(d.args) - 1}",
            )
        ]
    a = d.args
    if sub == "monitor":
        port, quorum = a[3], a[4]
        if quorum.text is not None and _atoi(quorum.text) <= 0:
            return [
                _bad(
                    quorum,
                    "'sentinel monitor' quorum must be 1 or greater",
                    "set the quorum to a majority of your Sentinels",
                )
            ]
        if port.text is not None and not 0 <= _atoi(port.text) <= 65535:
            return [
                _bad(port, f"'sentinel monitor' port must be between 0 and 65535, got {_show(port.text)}")
            ]
    elif sub in ("down-after-milliseconds", "failover-timeout"):
        if a[2].text is not None and _atoi(a[2].text) <= 0:
            return [
                _bad(
                    a[2],
                    f"'sentinel {sub}' must be a positive number of milliseconds, got {_show(a[2].text)}",
                )
            ]
    elif sub in ("deny-scripts-reconfig", "resolve-hostnames", "announce-hostnames"):
        if a[1].text is not None and a[1].text.lower() not in ("yes", "no"):
            return [_bad(a[1], f"'sentinel {sub}' must be yes or no, got {_show(a[1].text)}")]
    elif sub == "myid" and a[1].text is not None and len(a[1].text) != 40:
        return [_bad(a[1], "'sentinel myid' must be 40 characters long")]
    return []


# --------------------------------------------------------------------------------------------------
# directives


def validate_directive(d: Directive, version: Version, kind: ConfKind = "redis") -> list[Problem]:
    """What the server's loader would say about this one line (or command-line option)."""
    name = d.name
    if name == "sentinel":
        return _validate_sentinel(d, version, kind)
    if "." in name:
        # Module configuration (7.0+): queued for a module loaded with loadmodule.
        if version.product == "redis" and not version.at_least(7, 0):
            return [
                Problem(
                    "version-gated",
                    d.name_span,
                    f"'{_show(name)[1:-1]}' looks like a module configuration, which needs Redis 7.0+; {version.label} refuses it",
                )
            ]
        if not d.args:
            return [_bad(d, f"module configuration '{_show(name)[1:-1]}' has no value")]
        return []
    st = _dirs.status(name, version)
    problems: list[Problem] = []
    if st == "unknown":
        near = _dirs.closest(name)
        # The name only when it looks like one: a line that is a password, or a file's content read
        # as a config, is not repeated (and is masked anyway).
        msg = f"unknown directive {_show(name)}" if _DIRECTIVE_LIKE.fullmatch(name) else "unknown directive (this line is not a directive name followed by arguments)"
        if near:
            msg += f", did you mean '{near}'?"
        return [Problem("unknown", d.name_span, msg, f"rename it to '{near}'" if near else "remove the line")]
    if st == "unknown-here":
        known = ", ".join(_dirs.versions_knowing(name)) or "other versions"
        alt = _dirs.equivalent_here(name, version)
        fix = f"use '{alt}' instead" if alt else "remove the line, or target a version that knows it"
        return [
            Problem(
                "version-gated",
                d.name_span,
                f"'{name}' is not supported by {version.label} (known to {known})",
                fix,
            )
        ]
    if st == "ignored":
        if len(d.args) != 1:
            return [_argc_problem(d, "exactly 1 argument")]
        return [
            Problem(
                "ignored",
                d.name_span,
                f"'{name}' is accepted but ignored by {version.label}",
                "remove the line",
            )
        ]
    canon = name
    if st == "alias":
        canon = _dirs.canonical(name, version)
        problems.append(
            Problem(
                "deprecated",
                d.name_span,
                f"'{name}' is a deprecated alias of '{canon}'",
                f"rename it to '{canon}'",
            )
        )
    problems.extend(_check_args(d, canon, version))
    return problems


def _check_args(d: Directive, canon: str, version: Version) -> list[Problem]:
    t = _type_of(canon)
    if t.kind == "special":
        return _check_special(d, canon, version)
    if t.kind == "flags":
        return _check_flags(d, t, version)
    if canon in _MULTI_ARG:
        return []
    if len(d.args) != 1:
        return [_argc_problem(d, "exactly 1 argument")]
    a = d.args[0]
    if a.text is None:
        return []
    name = d.name
    if t.kind == "bool":
        if not a.text.isascii() or a.text.lower() not in ("yes", "no"):
            return [_bad(a, f"'{name}' must be yes or no, got {_val(name, a.text)}")]
    elif t.kind == "enum":
        return _check_enum(name, t, a, version)
    elif t.kind == "int":
        return _check_int(name, t, a)
    elif t.kind in ("memory", "memory-percent"):
        return _check_memory(name, t, a)
    elif t.kind == "octal":
        return _check_octal(name, t, a)
    elif t.kind == "filename" and a.text == "" and canon != "dbfilename":
        return [_bad(a, f"'{name}' cannot be empty")]
    elif t.kind == "filename" and canon == "dbfilename" and a.text in (".", ".."):
        return [_bad(a, f"'{name}' names a directory, not a file")]
    elif t.kind == "filename" and "/" in a.text:
        what = "a directory name" if canon == "appenddirname" else "a file name"
        return [
            _bad(
                a, f"'{name}' must be {what}, not a path", "put the directory in 'dir' and only the name here"
            )
        ]
    return []


# --------------------------------------------------------------------------------------------------
# whole file


def validate_file_level(
    directives: Sequence[Directive], version: Version, kind: ConfKind = "redis"
) -> list[Problem]:
    """Fatal combinations of lines: a command renamed twice or onto an existing name, a user defined
    twice, ``aclfile`` together with ``user`` lines, module configurations without a module,
    Sentinel statements about a master that is not monitored."""
    problems: list[Problem] = []
    problems.extend(_check_renames(directives, version))
    users: dict[str, Directive] = {}
    user_lines: list[Directive] = []
    aclfile: Directive | None = None
    has_module = False
    dotted: list[Directive] = []
    for d in directives:
        if d.name == "user" and d.args:
            user_lines.append(d)
            uname = d.args[0].text
            if uname is None:
                continue
            if uname in users:
                problems.append(
                    _bad(
                        d.args[0],
                        f"user {_show(uname)} is defined twice (first on line {users[uname].line}): Redis refuses duplicate users",
                        "merge the two 'user' lines into one",
                    )
                )
            else:
                users[uname] = d
        elif d.name == "aclfile" and len(d.args) == 1:
            aclfile = d
        elif d.name == "loadmodule":
            has_module = True
        elif "." in d.name:
            dotted.append(d)
    if aclfile is not None and aclfile.args[0].text and user_lines:
        problems.append(
            _bad(
                aclfile,
                f"'aclfile' cannot be combined with 'user' lines in the config (line {user_lines[0].line}): the server refuses to start",
                "define the users in the ACL file only, or drop 'aclfile'",
            )
        )
    if dotted and not has_module and (version.product == "valkey" or version.at_least(7, 0)):
        for d in dotted:
            if d.args:
                problems.append(
                    _bad(
                        d,
                        f"module configuration '{_show(d.name)[1:-1]}' without any 'loadmodule' line: the server aborts",
                        "load the module with 'loadmodule', or remove the line",
                    )
                )
    if kind == "sentinel":
        problems.extend(_check_sentinel_masters(directives))
    return problems


def _check_renames(directives: Iterable[Directive], version: Version) -> list[Problem]:
    problems: list[Problem] = []
    modern = version.at_least(7, 0) or version.product == "valkey"
    known = _COMMANDS_70 if modern else _COMMON_COMMANDS
    exact = version.product == "redis" and version.release == (7, 0)
    gone: dict[str, int] = {}
    added: set[str] = set()
    for d in directives:
        if d.name != "rename-command" or len(d.args) != 2:
            continue
        src_v, dst_v = d.args
        if src_v.text is None or dst_v.text is None:
            continue
        src = src_v.text.lower()
        dst = dst_v.text.lower()
        if "|" in src:
            problems.append(
                _bad(
                    src_v,
                    f"'rename-command' cannot rename a subcommand ({_show(src_v.text)}): the server crashes",
                )
            )
            continue
        present = (src in known and src not in gone) or src in added
        if not present:
            if src in gone:
                problems.append(
                    _bad(
                        src_v,
                        f"'rename-command' renames {_show(src_v.text)} again (already renamed on line {gone[src]}): no such command any more",
                        "keep a single rename-command line per command",
                    )
                )
                continue
            if exact:
                problems.append(_bad(src_v, f"'rename-command' names an unknown command {_show(src_v.text)}"))
                continue
        gone[src] = d.line
        added.discard(src)
        if dst:
            if (dst in known and dst not in gone) or dst in added:
                problems.append(
                    _bad(
                        dst_v,
                        f"'rename-command' target {_show(dst_v.text)} is already a command name",
                        'pick a name that is not an existing command, or "" to disable the command',
                    )
                )
                continue
            added.add(dst)
            gone.pop(dst, None)
    return problems


def _check_sentinel_masters(directives: Iterable[Directive]) -> list[Problem]:
    problems: list[Problem] = []
    masters: dict[str, Directive] = {}
    later: list[Directive] = []
    for d in directives:
        if d.name != "sentinel" or len(d.args) < 2 or d.args[0].text is None:
            continue
        sub = d.args[0].text.lower()
        spec = _SENTINEL_SUBS.get(sub)
        if spec is None or len(d.args) not in spec[0]:
            continue
        master = d.args[1].text
        if master is None:
            continue
        if sub == "monitor":
            if master in masters:
                problems.append(
                    _bad(
                        d.args[1],
                        f"'sentinel monitor' names master {_show(master)} twice (first on line {masters[master].line})",
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
                _bad(
                    d.args[1],
                    f"'sentinel {d.args[0].text}' refers to master {_show(master)}, which no 'sentinel monitor' line defines",
                    "check the master name",
                )
            )
    return problems


def accepts(text: str, version: Version, kind: ConfKind = "redis") -> bool:
    """Whether the server would start with this config text, as far as redislint can tell."""
    from redislint.parsers.redis_conf import parse_conf

    conf = parse_conf("<text>", text, kind)
    if conf.issues:
        return False
    fatal = ("unknown", "version-gated", "invalid-argument")
    for d in conf.directives:
        if any(p.kind in fatal for p in validate_directive(d, version, kind)):
            return False
    return not any(p.kind in fatal for p in validate_file_level(conf.directives, version, kind))


# Top-level command names of Redis 7.0.15 (``COMMAND LIST`` on the real server, subcommands left out).
_COMMANDS_70 = frozenset(
    [
        "acl",
        "append",
        "asking",
        "auth",
        "bgrewriteaof",
        "bgsave",
        "bitcount",
        "bitfield",
        "bitfield_ro",
        "bitop",
        "bitpos",
        "blmove",
        "blmpop",
        "blpop",
        "brpop",
        "brpoplpush",
        "bzmpop",
        "bzpopmax",
        "bzpopmin",
        "client",
        "cluster",
        "command",
        "config",
        "copy",
        "dbsize",
        "debug",
        "decr",
        "decrby",
        "del",
        "discard",
        "dump",
        "echo",
        "eval",
        "eval_ro",
        "evalsha",
        "evalsha_ro",
        "exec",
        "exists",
        "expire",
        "expireat",
        "expiretime",
        "failover",
        "fcall",
        "fcall_ro",
        "flushall",
        "flushdb",
        "function",
        "geoadd",
        "geodist",
        "geohash",
        "geopos",
        "georadius",
        "georadius_ro",
        "georadiusbymember",
        "georadiusbymember_ro",
        "geosearch",
        "geosearchstore",
        "get",
        "getbit",
        "getdel",
        "getex",
        "getrange",
        "getset",
        "hdel",
        "hello",
        "hexists",
        "hget",
        "hgetall",
        "hincrby",
        "hincrbyfloat",
        "hkeys",
        "hlen",
        "hmget",
        "hmset",
        "hrandfield",
        "hscan",
        "hset",
        "hsetnx",
        "hstrlen",
        "hvals",
        "incr",
        "incrby",
        "incrbyfloat",
        "info",
        "keys",
        "lastsave",
        "latency",
        "lcs",
        "lindex",
        "linsert",
        "llen",
        "lmove",
        "lmpop",
        "lolwut",
        "lpop",
        "lpos",
        "lpush",
        "lpushx",
        "lrange",
        "lrem",
        "lset",
        "ltrim",
        "memory",
        "mget",
        "migrate",
        "module",
        "monitor",
        "move",
        "mset",
        "msetnx",
        "multi",
        "object",
        "persist",
        "pexpire",
        "pexpireat",
        "pexpiretime",
        "pfadd",
        "pfcount",
        "pfdebug",
        "pfmerge",
        "pfselftest",
        "ping",
        "psetex",
        "psubscribe",
        "psync",
        "pttl",
        "publish",
        "pubsub",
        "punsubscribe",
        "quit",
        "randomkey",
        "readonly",
        "readwrite",
        "rename",
        "renamenx",
        "replconf",
        "replicaof",
        "reset",
        "restore",
        "restore-asking",
        "role",
        "rpop",
        "rpoplpush",
        "rpush",
        "rpushx",
        "sadd",
        "save",
        "scan",
        "scard",
        "script",
        "sdiff",
        "sdiffstore",
        "select",
        "set",
        "setbit",
        "setex",
        "setnx",
        "setrange",
        "shutdown",
        "sinter",
        "sintercard",
        "sinterstore",
        "sismember",
        "slaveof",
        "slowlog",
        "smembers",
        "smismember",
        "smove",
        "sort",
        "sort_ro",
        "spop",
        "spublish",
        "srandmember",
        "srem",
        "sscan",
        "ssubscribe",
        "strlen",
        "subscribe",
        "substr",
        "sunion",
        "sunionstore",
        "sunsubscribe",
        "swapdb",
        "sync",
        "time",
        "touch",
        "ttl",
        "type",
        "unlink",
        "unsubscribe",
        "unwatch",
        "wait",
        "watch",
        "xack",
        "xadd",
        "xautoclaim",
        "xclaim",
        "xdel",
        "xgroup",
        "xinfo",
        "xlen",
        "xpending",
        "xrange",
        "xread",
        "xreadgroup",
        "xrevrange",
        "xsetid",
        "xtrim",
        "zadd",
        "zcard",
        "zcount",
        "zdiff",
        "zdiffstore",
        "zincrby",
        "zinter",
        "zintercard",
        "zinterstore",
        "zlexcount",
        "zmpop",
        "zmscore",
        "zpopmax",
        "zpopmin",
        "zrandmember",
        "zrange",
        "zrangebylex",
        "zrangebyscore",
        "zrangestore",
        "zrank",
        "zrem",
        "zremrangebylex",
        "zremrangebyrank",
        "zremrangebyscore",
        "zrevrange",
        "zrevrangebylex",
        "zrevrangebyscore",
        "zrevrank",
        "zscan",
        "zscore",
        "zunion",
        "zunionstore",
    ]
)

# Commands every Redis since 6.0 has (used for older targets, where the 7.0 list is too wide).
_COMMON_COMMANDS = frozenset(
    [
        "acl",
        "append",
        "auth",
        "bgrewriteaof",
        "bgsave",
        "client",
        "cluster",
        "command",
        "config",
        "dbsize",
        "debug",
        "decr",
        "del",
        "discard",
        "dump",
        "echo",
        "eval",
        "evalsha",
        "exec",
        "exists",
        "expire",
        "flushall",
        "flushdb",
        "get",
        "hdel",
        "hget",
        "hgetall",
        "hset",
        "incr",
        "info",
        "keys",
        "lastsave",
        "latency",
        "lpop",
        "lpush",
        "memory",
        "mget",
        "module",
        "monitor",
        "move",
        "mset",
        "multi",
        "object",
        "ping",
        "psubscribe",
        "publish",
        "quit",
        "rename",
        "replicaof",
        "role",
        "rpop",
        "rpush",
        "sadd",
        "save",
        "scan",
        "select",
        "set",
        "shutdown",
        "slaveof",
        "slowlog",
        "sort",
        "subscribe",
        "swapdb",
        "sync",
        "time",
        "ttl",
        "type",
        "unlink",
        "unwatch",
        "watch",
        "xadd",
        "zadd",
    ]
)
