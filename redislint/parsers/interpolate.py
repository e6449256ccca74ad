"""The Compose Specification's variable interpolation, with provenance for every output character.

Supported: ``$$`` (a literal ``$``), ``$VAR``, ``${VAR}``, ``${VAR:-default}`` (unset or empty),
``${VAR-default}`` (unset), ``${VAR:?err}`` / ``${VAR?err}`` (required), ``${VAR:+alt}`` / ``${VAR+alt}``,
with nesting inside defaults. Nothing is executed or fetched: a variable's value comes only from the
mapping given (``.env`` and the environment).

A required variable with no value at lint time has an *unknown* value: its output characters are the
placeholder :data:`UNKNOWN` so that later word splitting can tell which words are unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from redislint.model.base import Struct, field

UNKNOWN = "\ue000"
"""Stands for one unknown character (a required variable without a value)."""

# Provenance codes, one per output character.
LIT = 0
VAR = 1
DEF = 2
UNK = 3
UNS = 4
"""A variable with no value at lint time, no default and no guard: compose would substitute '', but
the value is given at deploy time (a ``.env`` not in the repository, the shell): unknown, not empty."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class InterpolationError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class VarUse(Struct):
    name: str
    start: int
    """Offset of the ``$`` in the raw text."""
    end: int
    kind: str
    """``set`` (had a value), ``default`` (default used), ``unset`` (no value, no default, no guard),
    ``required`` (guarded, no value at lint time)."""


class Interpolated(Struct):
    text: str
    offsets: list[int]
    """Raw offset of each output character."""
    kinds: list[int]
    """Provenance of each output character (LIT, VAR, DEF, UNK)."""
    uses: list[VarUse] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return UNKNOWN not in self.text


MAX_NESTING = 64
"""Deepest ``${...${...}}`` nesting interpolated (Compose has no limit; real files nest two or three)."""


def interpolate(raw: str, env: Mapping[str, str]) -> Interpolated:
    """Interpolate ``raw``. Raises :class:`InterpolationError` for a malformed expression, and for
    one nested deeper than :data:`MAX_NESTING` (the evaluation recurses once per level)."""
    too_deep = _too_deep(raw)
    if too_deep >= 0:
        raise InterpolationError(f"invalid interpolation format: '${{' nested more than {MAX_NESTING} levels deep", too_deep)
    out: list[str] = []
    offs: list[int] = []
    kinds: list[int] = []
    uses: list[VarUse] = []
    _interp(raw, 0, len(raw), env, out, offs, kinds, uses, LIT)
    return Interpolated("".join(out), offs, kinds, uses)


def _interp(
    raw: str,
    start: int,
    end: int,
    env: Mapping[str, str],
    out: list[str],
    offs: list[int],
    kinds: list[int],
    uses: list[VarUse],
    base_kind: int,
) -> None:
    i = start
    while i < end:
        ch = raw[i]
        if ch != "$":
            out.append(ch)
            offs.append(i)
            kinds.append(base_kind)
            i += 1
            continue
        nxt = raw[i + 1] if i + 1 < end else ""
        if nxt == "$":
            out.append("$")
            offs.append(i)
            kinds.append(base_kind)
            i += 2
            continue
        if nxt == "{":
            close = _matching_brace(raw, i + 2, end)
            if close < 0:
                raise InterpolationError("invalid interpolation format: missing '}'", i)
            _expr(raw, i, i + 2, close, env, out, offs, kinds, uses, base_kind)
            i = close + 1
            continue
        m = _NAME.match(raw, i + 1, end)
        if m:
            name = m.group(0)
            _value(name, i, m.end(), env, out, offs, kinds, uses, base_kind)
            i = m.end()
            continue
        # A lone '$' is kept as is.
        out.append("$")
        offs.append(i)
        kinds.append(base_kind)
        i += 1


def _too_deep(raw: str) -> int:
    """Offset of the first ``${`` nested deeper than :data:`MAX_NESTING`, or -1 (one linear pass,
    counting braces the way :func:`_interp` and :func:`_matching_brace` do)."""
    if raw.count("${") <= MAX_NESTING:
        return -1
    depth = 0
    i = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "$" and i + 1 < n:
            nxt = raw[i + 1]
            if nxt == "$" and depth == 0:
                i += 2
                continue
            if nxt == "{":
                depth += 1
                if depth > MAX_NESTING:
                    return i
                i += 2
                continue
        elif c == "}" and depth > 0:
            depth -= 1
        i += 1
    return -1


def _matching_brace(raw: str, i: int, end: int) -> int:
    depth = 1
    while i < end:
        c = raw[i]
        if c == "$" and i + 1 < end and raw[i + 1] == "{":
            depth += 1
            i += 2
            continue
        if c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _value(
    name: str,
    start: int,
    end: int,
    env: Mapping[str, str],
    out: list[str],
    offs: list[int],
    kinds: list[int],
    uses: list[VarUse],
    base_kind: int,
) -> None:
    if name in env:
        uses.append(VarUse(name, start, end, "set"))
        _emit_value(env[name], start, out, offs, kinds, base_kind)
    else:
        uses.append(VarUse(name, start, end, "unset"))
        out.append(UNKNOWN)
        offs.append(start)
        kinds.append(UNS)


def _expr(
    raw: str,
    dollar: int,
    i: int,
    close: int,
    env: Mapping[str, str],
    out: list[str],
    offs: list[int],
    kinds: list[int],
    uses: list[VarUse],
    base_kind: int,
) -> None:
    m = _NAME.match(raw, i, close)
    if not m:
        raise InterpolationError("invalid interpolation format: bad variable name", dollar)
    name = m.group(0)
    j = m.end()
    if j == close:
        _value(name, dollar, close + 1, env, out, offs, kinds, uses, base_kind)
        return
    op = raw[j : j + 2] if raw[j] == ":" else raw[j]
    rest = j + len(op)
    value = env.get(name)
    is_set = value is not None
    non_empty = bool(value)
    if op in (":-", "-"):
        use_default = (not non_empty) if op == ":-" else (not is_set)
        if use_default:
            uses.append(VarUse(name, dollar, close + 1, "default"))
            _interp(raw, rest, close, env, out, offs, kinds, uses, DEF)
        else:
            uses.append(VarUse(name, dollar, close + 1, "set"))
            _emit_value(value or "", dollar, out, offs, kinds, base_kind)
        return
    if op in (":?", "?"):
        missing = (not non_empty) if op == ":?" else (not is_set)
        if missing:
            uses.append(VarUse(name, dollar, close + 1, "required"))
            out.append(UNKNOWN)
            offs.append(dollar)
            kinds.append(UNK)
        else:
            uses.append(VarUse(name, dollar, close + 1, "set"))
            _emit_value(value or "", dollar, out, offs, kinds, base_kind)
        return
    if op in (":+", "+"):
        present = non_empty if op == ":+" else is_set
        uses.append(VarUse(name, dollar, close + 1, "set" if is_set else "default"))
        if present:
            _interp(raw, rest, close, env, out, offs, kinds, uses, DEF)
        return
    raise InterpolationError(f"invalid interpolation format: unsupported operator {op!r}", dollar)


def _emit_value(value: str, at: int, out: list[str], offs: list[int], kinds: list[int], base_kind: int) -> None:
    for ch in value:
        out.append(ch)
        offs.append(at)
        kinds.append(VAR if base_kind == LIT else base_kind)


def parse_dotenv(text: str) -> dict[str, str]:
    """Parse a ``.env`` / ``env_file`` file the way Compose does (no command substitution, ever)."""
    env: dict[str, str] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("export "):
            s = s[7:].lstrip()
        key, sep, value = s.partition("=")
        key = key.strip()
        if not sep or not _NAME.fullmatch(key):
            continue
        value = value.strip()
        if value[:1] == "'":
            endq = value.find("'", 1)
            env[key] = value[1:endq] if endq > 0 else value[1:]
            continue
        if value[:1] == '"':
            buf: list[str] = []
            k = 1
            while k < len(value):
                c = value[k]
                if c == "\\" and k + 1 < len(value):
                    n = value[k + 1]
                    buf.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"'}.get(n, "\\" + n))
                    k += 2
                    continue
                if c == '"':
                    break
                buf.append(c)
                k += 1
            try:
                env[key] = interpolate("".join(buf), env).text.replace(UNKNOWN, "")
            except InterpolationError:
                env[key] = "".join(buf)
            continue
        hash_at = value.find(" #")
        if hash_at >= 0:
            value = value[:hash_at].rstrip()
        try:
            env[key] = interpolate(value, env).text.replace(UNKNOWN, "")
        except InterpolationError:
            env[key] = value
    return env
