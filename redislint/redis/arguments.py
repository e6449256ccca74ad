"""One argument against its directive's type: integers and octal numbers within their bounds,
memory sizes (and percentages), enums and flags with their version gates, and the re-split Redis 7.0+
applies to the single quoted argument of a multi-argument directive (``save "900 1"``)."""

from __future__ import annotations

from redislint.model.conf import Directive
from redislint.model.values import Value
from redislint.redis.directive_types import DirectiveType
from redislint.redis.numbers import LLONG_MAX, memory_as_read, string2ll, strtoll
from redislint.redis.problems import Problem, argc_problem, bad, val
from redislint.redis.versions import Version, gate_label, gate_ok
from redislint.redis.words import UnbalancedQuotes, split_args

__all__ = ["check_enum", "check_flags", "check_int", "check_memory", "check_octal", "effective_args", "split_words"]


def effective_args(d: Directive, version: Version) -> list[Value]:
    """Redis 7.0+ re-splits the single non-empty argument of a multi-argument config
    (``save "900 1"`` is ``save 900 1``)."""
    args = list(d.args)
    if version.at_least(7, 0) and len(args) == 1 and args[0].text:
        a = args[0]
        try:
            parts = split_args(a.text or "", file=a.span.file, line=a.span.start_line, col=a.span.start_col)
        except UnbalancedQuotes:
            return []
        return [p.model_copy(update={"span": a.span}) for p in parts]
    return args


def split_words(text: str) -> list[str] | None:
    """``sdssplitargs`` of a text (None when its quotes do not balance), as the server splits the
    inside of an ACL selector ``(...)``."""
    try:
        return [v.text or "" for v in split_args(text, file="<text>", line=1, col=1)]
    except UnbalancedQuotes:
        return None


def check_int(name: str, t: DirectiveType, a: Value) -> list[Problem]:
    """An ``int`` argument: ``string2ll`` and the type's bounds (unsigned types see two's complement)."""
    text = a.text
    if text is None:
        return []
    v = string2ll(text)
    if v is None:
        return [bad(a, f"'{name}' must be an integer, got {val(name, text)}")]
    if t.lo >= 0 and v < 0:
        v += 2**64  # unsigned configs see the two's complement
    if v < t.lo or v > t.hi:
        return [bad(a, f"'{name}' must be between {t.lo} and {t.hi}, got {val(name, text)}")]
    return []


def check_memory(name: str, t: DirectiveType, a: Value, version: Version | None = None) -> list[Problem]:
    """A ``memory`` (or ``memory-percent``) argument: ``memtoull`` (``memtoll`` before Redis 7.0) and
    the type's bounds. A value the loader reads as another number (the digits saturate or the unit
    overflows 64 bits) but accepts is a ``misread`` problem: the server starts, with that number."""
    text = a.text
    if text is None:
        return []
    if t.kind == "memory-percent" and len(text) > 1 and text.endswith("%"):
        pct = string2ll(text[:-1])
        if pct is not None and pct >= 0:
            if pct > 100:
                return [bad(a, f"'{name}' percentage must be at most 100%, got {val(name, text)}")]
            return []
    legacy = version is not None and version.product == "redis" and not version.at_least(7, 0)
    read = memory_as_read(text, signed=legacy)
    if read is None:
        extra = " or a percentage" if t.kind == "memory-percent" else ""
        hint = None
        if " " in text.strip():
            hint = "write the number and the unit together, without a space (2gb)"
        elif "." in text or "," in text:
            hint = "use a whole number with a smaller unit (1536mb instead of 1.5gb)"
        return [
            bad(
                a,
                f"'{name}' must be a memory size such as 100mb or 2gb{extra}, got {val(name, text)}",
                hint or "use digits and an optional unit: b, k, kb, m, mb, g, gb",
            )
        ]
    v, misread = read
    if v < 0:
        if legacy:
            # memtoll's result is checked before the bounds: a negative one is refused
            return [bad(a, f"'{name}' must be a memory size such as 100mb or 2gb, got {val(name, text)}" + (" (it overflows 64 bits)" if misread else ""))]
        v += 2**64
    if t.hi <= LLONG_MAX and v > LLONG_MAX:
        v -= 2**64  # signed configs see a negative number
        if t.kind == "memory-percent" and v >= -100:
            return []  # ...which a percent config takes for a percentage (Redis 7.0.15 does)
    if v < t.lo or v > t.hi:
        return [bad(a, f"'{name}' must be between {t.lo} and {t.hi} bytes, got {val(name, text)}")]
    if misread:
        return [
            Problem(
                "misread",
                a.span,
                f"'{name}' {val(name, text)} does not fit in 64 bits: the server accepts it but reads {v} bytes",
                "write the size you mean, below 16 EiB (for no limit, the directive's own 0 or -1)",
            )
        ]
    return []


def check_octal(name: str, t: DirectiveType, a: Value, version: Version | None = None) -> list[Problem]:
    """An ``octal`` argument (``unixsocketperm``): ``strtoll`` base 8 and the type's bounds. Redis 6.2
    reads what octal digits there are (``1M`` is 1), keeps the low 32 bits (a ``mode_t``) and refuses
    only an overflow or a mode above 777."""
    text = a.text
    if text is None:
        return []
    v, whole, overflow = strtoll(text, 8)
    if version is not None and version.product == "redis" and not version.at_least(7, 0):
        mode = v & 0xFFFFFFFF
        if overflow or mode > t.hi:
            return [bad(a, f"'{name}' must be an octal mode up to {t.hi:o}, got {val(name, text)}")]
        return []
    if not whole or overflow:
        return [bad(a, f"'{name}' must be an octal number, got {val(name, text)}")]
    if v < 0:
        v += 2**64
    if v < t.lo or v > t.hi:
        return [bad(a, f"'{name}' must be between {t.lo:o} and {t.hi:o} (octal), got {val(name, text)}")]
    return []


def check_enum(name: str, t: DirectiveType, a: Value, version: Version) -> list[Problem]:
    """An ``enum`` value: one of the type's values, and accepted by ``version``'s gates."""
    text = a.text
    if text is None:
        return []
    low = text.lower() if text.isascii() else text
    for value, gates in t.values:
        if value == low:
            if gate_ok(gates, version):
                return []
            return [
                Problem(
                    "version-gated",
                    a.span,
                    f"'{name} {value}' needs {gate_label(gates)}; {version.label} refuses it",
                    "choose a value this version knows, or target a newer version",
                )
            ]
    allowed = [v for v, g in t.values if gate_ok(g, version)]
    return [bad(a, f"'{name}' must be one of {', '.join(allowed)}, got {val(name, text)}")]


def check_flags(d: Directive, t: DirectiveType, version: Version) -> list[Problem]:
    """A ``flags`` directive: every argument an accepted value, ``save`` and ``nosave`` not both."""
    args = effective_args(d, version)
    if not args:
        return [argc_problem(d, "at least 1 argument")]
    out: list[Problem] = []
    seen: set[str] = set()
    for a in args:
        if a.text is None:
            continue
        out.extend(check_enum(d.name, t, a, version))
        seen.add(a.text.lower())
    if not out and {"save", "nosave"} <= seen:
        out.append(bad(d.args[0], f"'{d.name}' cannot combine save and nosave"))
    return out

