"""Numbers and sizes exactly as the server reads them: the C library's ``strtoll`` and ``atoi``, and
Redis's ``string2ll``, ``memtoull`` and ``string2d`` (``util.c``). Each was checked against a real
redis-server 7.0.15 by the oracle test. Standard library only: :mod:`redislint.units` builds on it."""

from __future__ import annotations

import re

__all__ = [
    "LIMITS",
    "LLONG_MAX",
    "LLONG_MIN",
    "ULLONG_MAX",
    "atoi",
    "memory_as_read",
    "parse_redis_memory",
    "string2d",
    "string2ll",
    "strtoll",
]

LLONG_MAX = 2**63 - 1
LLONG_MIN = -(2**63)
ULLONG_MAX = 2**64 - 1
LIMITS = {
    "INT_MIN": -(2**31),
    "INT_MAX": 2**31 - 1,
    "UINT_MAX": 2**32 - 1,
    "LONG_MAX": LLONG_MAX,
    "LLONG_MIN": LLONG_MIN,
    "LLONG_MAX": LLONG_MAX,
    "ULLONG_MAX": ULLONG_MAX,
}
"""The C limit names the directive type table may use as bounds."""

_C_SPACE = " \t\n\r\v\f"
_ASCII_DIGITS = frozenset("0123456789")


def string2ll(s: str) -> int | None:
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


def _after_sign(s: str) -> tuple[int, bool]:
    """Where the digits start after C white space and an optional sign, and whether it was '-'."""
    i, n = 0, len(s)
    while i < n and s[i] in _C_SPACE:
        i += 1
    neg = False
    if i < n and s[i] in "+-":
        neg = s[i] == "-"
        i += 1
    return i, neg


def strtoll(s: str, base: int = 10) -> tuple[int, bool, bool]:
    """C ``strtoll``: (value, whole string consumed, overflowed)."""
    i, neg = _after_sign(s)
    n = len(s)
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


def atoi(s: str) -> int:
    """C ``atoi`` as glibc computes it: ``(int) strtol(s, NULL, 10)``: leading spaces and a sign,
    then as many digits as there are (0 when none), saturated to 64 bits, then cut to the low 32
    bits of an ``int`` (``2147483648`` is -2147483648, ``4294967297`` is 1)."""
    i, neg = _after_sign(s)
    n = len(s)
    start = i
    while i < n and s[i] in _ASCII_DIGITS:
        i += 1
    if i == start:
        return 0
    v = int(s[start:i])
    v = max(LLONG_MIN, min(LLONG_MAX, -v if neg else v))
    v &= 0xFFFFFFFF
    return v - 2**32 if v >= 2**31 else v


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


def memory_as_read(text: str, signed: bool = False) -> tuple[int, bool] | None:
    """A memory value as the server's loader computes it, and whether that differs from what is
    written (None when it refuses the text). Redis 7.0+ and Valkey (``memtoull``): no sign, the digits
    saturate at 2**64-1 and the unit multiplies modulo 2**64 (no overflow check), an unsigned result.
    Redis 6.2 (``memtoll``, ``signed``): an optional '-', the digits saturate at the long long range and
    the product wraps in 64 bits, a signed result."""
    i, n = 0, len(text)
    neg = False
    if text.startswith("-"):
        if not signed:
            return None
        neg = True
        i = 1
    start = i
    while i < n and text[i] in _ASCII_DIGITS:
        i += 1
    mul = _MEMORY_UNITS.get(text[i:].lower()) if text[i:].isascii() else None
    if mul is None or i - start >= 128:
        return None
    if i == start:
        if neg:
            return None  # strtoll of "-" converts nothing: the server refuses it (EINVAL is not set, endptr is)
        return 0, False
    written = int(text[start:i]) * (-1 if neg else 1)
    if signed:
        val = max(LLONG_MIN, min(LLONG_MAX, written))
        out = (val * mul) & ULLONG_MAX
        out = out - 2**64 if out > LLONG_MAX else out
    else:
        val = min(written, ULLONG_MAX)
        out = (val * mul) & ULLONG_MAX
    return out, out != written * mul


_FLOAT_RE = re.compile(
    r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F.]+(?:[pP][+-]?\d+)?|inf(?:inity)?)",
    re.I,
)


def string2d(s: str) -> float | None:
    """Redis ``string2d``: a C double (decimal, hex, inf), no leading space, never NaN."""
    if not s or s[0] in _C_SPACE or not _FLOAT_RE.fullmatch(s):
        return None
    try:
        v = float.fromhex(s) if s.lower().lstrip("+-").startswith("0x") else float(s)
    except ValueError:
        return None
    if v != v:  # nan
        return None
    mantissa = re.sub(r"[eEpP].*$", "", s.lower().lstrip("+-").removeprefix("0x"))
    if v == 0 and any(c not in "0." for c in mantissa):
        return None  # underflow (1e-400): strtod reports ERANGE with 0, which string2d refuses
    if v in (float("inf"), float("-inf")) and "inf" not in s.lower():
        return None  # overflow (1e400): ERANGE with HUGE_VAL
    return v
