"""Keep secrets out of everything redislint prints.

Two independent layers, both applied to every piece of text that comes from a user's file:

1. **Known secrets.** Every password the parsers saw is in ``Report.secrets``. Each occurrence of one
   of them is replaced by ``****``. Secrets shorter than three characters are only masked where they
   form a whole token (``requirepass ab``), so that a one-letter password does not turn every ``a``
   on the line into stars.
2. **Syntax.** Values in places that hold secrets are masked whether or not a parser recognised
   them:

   - ``requirepass``, ``masterauth``, ``primaryauth``, ``tls-key-file-pass``,
     ``tls-client-key-file-pass``, ``sentinel sentinel-pass X`` and ``sentinel auth-pass <master> X``,
     in redis.conf syntax and as ``--requirepass X`` command-line arguments (also inside YAML flow
     lists such as ``["--requirepass", "X"]``);
   - ``redis-cli -a X`` and ``--pass X`` (``--askpass`` takes no value and is left alone);
   - ``>password`` and ``<password`` clauses of ACL ``user`` / ``ACL SETUSER`` lines (``#<sha256>``
     hashes are not secret and stay);
   - assignments to secret-looking names (``*PASSWORD*``, ``*PASSWD*``, ``*SECRET*``, ``*TOKEN*``,
     ``*CREDENTIAL*``, ``*_PASS``, ``*_PWD``, ``*_AUTH``, ``*_KEY``), as ``KEY=value`` (``.env``,
     compose list form, shell) and as ``KEY: value`` (YAML mappings), and Dockerfile ``ENV KEY value``;
   - the password part of ``scheme://user:password@host`` URLs (and the user part of
     ``redis://secret@host``, which some clients read as a password).

   Compose interpolation is understood: a bare ``${REDIS_PASSWORD}`` reference is shown, but the
   default in ``${REDIS_PASSWORD:-changeme}`` becomes ``${REDIS_PASSWORD:-****}``, wherever a
   secret-looking variable appears. Quoted values keep their quotes (``"****"``) and an empty value
   (``requirepass ""``) is shown as it is, since it hides nothing.

Masking works on character ranges of the original line, so callers that draw a caret under a span
can translate columns with :class:`Masked`.

The masks err on the side of hiding too much: an unquoted value runs to the end of the line when the
syntax does not say where it stops, and ``-a`` is masked wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from redislint.model.base import Struct

MASK = "****"

_MIN_SUBSTRING = 3

# A secret of any length also counts when it stands alone between these (or the line ends).
_TOKEN_EDGE = r"""\s"'=:,;@/<>()\[\]{}"""

# Names whose value is a secret. Matched case-insensitively against a whole identifier.
_SECRET_NAME = re.compile(
    r"""^(?:
        .*(?:PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL).*
        |.*_(?:PASS|PWD|AUTH|KEY|APIKEY)
        |.*-PASS|PASS|API_?KEY|REQUIREPASS|MASTERAUTH|PRIMARYAUTH
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Redis directives (and their --flag forms) whose next argument is a secret.
_DIRECTIVE = re.compile(
    r"""(?<![\w-])(?:--)?
        (?:requirepass|masterauth|primaryauth|tls-client-key-file-pass|tls-key-file-pass
          |sentinel[\s"',]+sentinel-pass
          |sentinel[\s"',]+auth-pass[\s"',]+[^\s"',\]]+)
        (?![\w-])""",
    re.IGNORECASE | re.VERBOSE,
)
# redis-cli password flags; --askpass reads the password from the terminal and has no value.
_CLI_PASS = re.compile(r"""(?<![\w-])(?:-a|--pass)(?![\w-])""")
# Separator between a flag and its value: spaces, or a YAML/JSON flow-list boundary `", "`.
_ARG_SEP = re.compile(r"""(?:["']?[ \t]*,[ \t]*|[ \t]+|=|["'][ \t]+)""")

_ACL_LINE = re.compile(r"""(?<![\w-])(?:--)?(?:user|setuser)(?![\w-])""", re.IGNORECASE)
_ACL_PASS = re.compile(r"""(?:^|(?<=[\s"'\[,]))(["']?)[<>](?=[^\s"'<>&|])""")
# A quoted ACL password clause alone in a YAML block list item: `- ">secret"`.
_ACL_ITEM = re.compile(r"""^[ \t]*-[ \t]+(["'])[<>](?=[^\s"'<>])""")

_ASSIGN = re.compile(
    r"""(?<![\w$.-])(?<!\$\{)(?P<q>["']?)(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)["']?
        (?P<sep>[ \t]*=[ \t]*|[ \t]*:(?=[ \t]|$)[ \t]*)""",
    re.VERBOSE,
)
_DOCKER_ENV = re.compile(
    r"""^[ \t]*(?:ENV|ARG)[ \t]+(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<sep>[ \t]+)(?=[^=\s])"""
)

_URL = re.compile(
    r"""(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<user>[^\s:/@"'?#]*)(?::(?P<pw>[^\s/"'?#]*))?@""",
)
_PASSWORD_SCHEMES = {"redis", "rediss", "valkey", "valkeys", "redis+sentinel", "rediss+sentinel"}

_INTERP_DEFAULT = re.compile(r"""\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+=])""")
_VAR_REF = re.compile(r"""\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)""")


def is_secret_name(name: str) -> bool:
    """True when a variable or key with this name holds a secret."""
    return bool(_SECRET_NAME.match(name))


class Masked(Struct, frozen=True):
    """A masked line and the ranges of the original that were replaced."""

    original: str
    text: str
    ranges: tuple[tuple[int, int], ...]
    """Half-open ranges (0-based) of ``original`` replaced by ``MASK``, sorted and disjoint."""

    def column(self, index: int, *, end: bool = False) -> int:
        """Translate a 0-based index of the original into the masked text.

        A start index inside a masked range maps to the start of its ``****``; an exclusive end
        index inside (or at the end of) one maps to the end of the ``****``.
        """
        shift = 0
        for start, stop in self.ranges:
            if end:
                if index <= start:
                    break
                if index <= stop:
                    return start + shift + len(MASK)
            else:
                if index < start:
                    break
                if index < stop:
                    return start + shift
            shift += len(MASK) - (stop - start)
        return index + shift


def mask_line(line: str, secrets: Iterable[str] = (), *, previous: str | None = None) -> str:
    """``line`` with every secret replaced by ``****`` (see the module documentation).

    ``previous`` is the line before, when known: a YAML block list puts ``--requirepass`` and its
    value on consecutive lines.
    """
    return mask(line, secrets, previous=previous).text


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """Only the known-secret layer: for text written by redislint itself (messages, fixes).

    Rules never put a secret in a message; this is a second line of defence. All-letter secrets under
    twelve characters (sample passwords such as ``redis``, ``public``, ``password``) are not masked
    here: they are ordinary words of messages (``redis-server``, ``public.ecr.aws``, "a password
    position") far more often than leaked values."""
    patterns = _distinctive(secrets if isinstance(secrets, frozenset) else frozenset(secrets))
    if patterns == (None, None):
        return text
    ranges = _merge(_known_secret_ranges(text, patterns))
    return _apply(text, ranges)


@lru_cache(maxsize=16)
def _distinctive(secrets: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    return _prepare(s for s in secrets if len(s) >= 12 or not s.isalpha())


def mask(line: str, secrets: Iterable[str] = (), *, previous: str | None = None) -> Masked:
    """Like :func:`mask_line`, keeping the masked ranges so that columns can be translated."""
    found: list[tuple[int, int]] = []
    found.extend(_known_secret_ranges(line, _prepare(secrets)))
    found.extend(_syntax_ranges(line))
    if previous is not None:
        found.extend(_continuation_ranges(previous, line))
    ranges = _merge(found)
    return Masked(line, _apply(line, ranges), tuple(ranges))


# --- known secrets -----------------------------------------------------------------------------


def _prepare(secrets: Iterable[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    if isinstance(secrets, frozenset):
        return _compile_all(secrets)
    return _compile(frozenset(s for s in secrets if s and s != MASK))


@lru_cache(maxsize=16)
def _compile_all(secrets: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    return _compile(frozenset(s for s in secrets if s and s != MASK))


@lru_cache(maxsize=16)
def _compile(items: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    if not items:
        return None, None
    ordered = sorted(items, key=lambda s: (-len(s), s))
    long = [re.escape(s) for s in ordered if len(s) >= _MIN_SUBSTRING]
    short = [re.escape(s) for s in ordered if len(s) < _MIN_SUBSTRING]
    long_re = re.compile("|".join(long)) if long else None
    short_re = (
        re.compile(rf"(?<![^{_TOKEN_EDGE}])(?:{'|'.join(short)})(?![^{_TOKEN_EDGE}])") if short else None
    )
    return long_re, short_re


def _known_secret_ranges(
    text: str, patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for pattern in patterns:
        if pattern is None:
            continue
        # finditer does not report overlapping matches: restart one character later each time.
        pos = 0
        while pos <= len(text):
            m = pattern.search(text, pos)
            if m is None:
                break
            if m.end() > m.start():
                out.append((m.start(), m.end()))
            pos = m.start() + 1
    return out


# --- syntax ------------------------------------------------------------------------------------


def _syntax_ranges(line: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _DIRECTIVE.finditer(line):
        out.extend(_after_flag(line, m.end()))
    for m in _CLI_PASS.finditer(line):
        out.extend(_after_flag(line, m.end()))
    if _ACL_LINE.search(line) or _ACL_ITEM.match(line):
        out.extend(_acl_ranges(line))
    for m in _ASSIGN.finditer(line):
        if is_secret_name(m.group("key")):
            quote = m.group("q")
            stop = _stop_chars(line, m.start(), quote)
            out.extend(_value_ranges(line, m.end(), stop, to_eol=True))
    m2 = _DOCKER_ENV.match(line)
    if m2 and is_secret_name(m2.group("key")):
        out.extend(_value_ranges(line, m2.end(), "", to_eol=True))
    for m in _URL.finditer(line):
        pw = m.group("pw")
        if pw is not None:
            if pw and not _only_references(pw):
                out.append((m.start("pw"), m.end("pw")))
        elif (
            m.group("scheme").lower() in _PASSWORD_SCHEMES
            and m.group("user")
            and not _only_references(m.group("user"))
        ):
            out.append((m.start("user"), m.end("user")))
    for m in _INTERP_DEFAULT.finditer(line):
        if is_secret_name(m.group("name")):
            out.extend(_default_range(line, m.end()))
    return out


def _continuation_ranges(previous: str, line: str) -> list[tuple[int, int]]:
    """A YAML block list: ``- --requirepass`` on one line, ``- value`` on the next."""
    prev = previous.rstrip()
    item = re.match(r"""^[ \t]*-[ \t]+""", line)
    if item is None or not re.match(r"""^[ \t]*-[ \t]""", prev):
        return []
    last = prev.rstrip("\"'")
    if re.search(
        r"""(?:^|[\s"'])(?:--)?(?:requirepass|masterauth|primaryauth|tls-key-file-pass"""
        r"""|tls-client-key-file-pass|sentinel-pass|-a|--pass)$""",
        last,
        re.IGNORECASE,
    ) or re.search(r"""auth-pass[\s"']+\S+$""", last, re.IGNORECASE):
        return _value_ranges(line, item.end(), "", to_eol=True)
    return []


def _stop_chars(line: str, start: int, quote: str) -> str:
    """Characters that end an unquoted assignment value starting at ``start``."""
    stop = quote
    before = line[:start]
    if before.count("[") > before.count("]") or before.count("{") > before.count("}"):
        stop += ",]}"
    return stop


def _after_flag(line: str, pos: int) -> list[tuple[int, int]]:
    sep = _ARG_SEP.match(line, pos)
    if sep is None or sep.end() >= len(line):
        return []
    start = sep.end()
    if line[start] in "\"'":
        return _value_ranges(line, start, "", to_eol=False)
    if line[start] in ",]}#":
        return []
    stop = ""
    if sep.group(0).lstrip(" \t").startswith(('"', "'")) or "," in sep.group(0):
        stop = ",]}"
    return _value_ranges(line, start, stop + "\"'", to_eol=False)


def _value_ranges(line: str, start: int, stop: str, *, to_eol: bool) -> list[tuple[int, int]]:
    """Mask the value beginning at ``start``.

    A quoted value is masked inside its quotes. An unquoted one ends at any character of ``stop``,
    and at whitespace unless ``to_eol`` (then at the end of the line, trailing blanks excluded).
    """
    n = len(line)
    while start < n and line[start] in " \t":
        start += 1
    if start >= n:
        return []
    first = line[start]
    if first in "\"'":
        end = _closing_quote(line, start)
        inner = (start + 1, end if end is not None else n)
        return _mask_unless_references(line, *inner)
    end = start
    while end < n:
        ch = line[end]
        if line.startswith("${", end):
            close = _matching_brace(line, end + 2)
            end = close + 1 if close is not None else n
            continue
        if ch in stop or (not to_eol and ch in " \t"):
            break
        end += 1
    if to_eol and end == n:
        stripped = line[start:end].rstrip()
        end = start + len(stripped)
    return _mask_unless_references(line, start, end)


def _closing_quote(line: str, start: int) -> int | None:
    q = line[start]
    i = start + 1
    while i < len(line):
        if line[i] == "\\" and q == '"':
            i += 2
            continue
        if line[i] == q:
            return i
        i += 1
    return None


def _mask_unless_references(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """Mask ``line[start:end]`` unless it is only variable references (whose defaults get masked)."""
    value = line[start:end]
    if not value:
        return []
    if _only_references(value):
        return []
    refs = _references_with_defaults(value)
    if refs is not None:
        return [(start + a, start + b) for a, b in refs]
    return [(start, end)]


def _only_references(value: str) -> bool:
    """``${VAR}``, ``$VAR`` or ``${VAR:?message}``, possibly several: nothing secret in them."""
    return bool(value) and _VAR_REF.sub("", value) == ""


def _references_with_defaults(value: str) -> list[tuple[int, int]] | None:
    """If ``value`` is made only of references, some with defaults, the ranges of the defaults."""
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(value):
        m = _VAR_REF.match(value, i)
        if m:
            i = m.end()
            continue
        d = _INTERP_DEFAULT.match(value, i)
        if d is None:
            return None
        close = _matching_brace(value, d.end())
        if close is None:
            return None
        if close > d.end():
            ranges.append((d.end(), close))
        i = close + 1
    return ranges


def _default_range(line: str, start: int) -> list[tuple[int, int]]:
    close = _matching_brace(line, start)
    end = close if close is not None else len(line)
    return [(start, end)] if end > start else []


def _matching_brace(text: str, start: int) -> int | None:
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _acl_ranges(line: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _ACL_PASS.finditer(line):
        quote = m.group(1)
        start = m.end()
        if quote:
            close = line.find(quote, start)
            end = close if close >= 0 else len(line)
        else:
            end = start
            while end < len(line) and line[end] not in " \t\"',]":
                end += 1
        if end > start:
            out.append((start, end))
    return out


# --- assembly ----------------------------------------------------------------------------------


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _apply(text: str, ranges: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end in ranges:
        parts.append(text[pos:start])
        parts.append(MASK)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
