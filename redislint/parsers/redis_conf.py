"""redis.conf / sentinel.conf reader, faithful to the server's own loader.

Redis (``config.c``, ``loadServerConfigFromString``) splits the file on ``\\n``, trims every line of
spaces, tabs, CR and LF at both ends, skips empty lines and lines that start with ``#``, then cuts the
line into arguments with ``sdssplitargs`` (``sds.c``). There are no trailing comments: a ``#`` after the
directive is just another argument. Facts from research/redis-facts.md, sections 1.2 and 1.3.

Columns are 1-based and count Unicode code points; span end columns are exclusive.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, Literal

from redislint.model.conf import ConfFile, Directive, ParseIssue
from redislint.model.span import Span
from redislint.model.values import Origin, Value

__all__ = ["UnbalancedQuotes", "parse_conf", "read_conf", "split_args"]

ConfKind = Literal["redis", "sentinel"]

# C isspace() in the "C" locale. Python's str.isspace() is much wider (\x1c-\x1f, NBSP, ...).
_SPACE = frozenset(" \t\n\r\v\f")
# Inside an unquoted token only these end it (plus the end of the string); \v and \f do not.
_TOKEN_END = frozenset(" \n\r\t\0")
_HEX = frozenset("0123456789abcdefABCDEF")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}
_LINE_TRIM = " \t\r\n"
_UNBALANCED = "Unbalanced quotes in configuration line"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class UnbalancedQuotes(ValueError):
    """``sdssplitargs`` gave up on the line, as Redis does with "Unbalanced quotes in configuration line".

    ``col`` is the 1-based file column of the offending quote: the opening quote of a quoted part that
    never closes, or the closing quote that is followed by something other than whitespace.
    ``token_col`` is where the token holding it starts.
    """

    def __init__(self, col: int, token_col: int | None = None) -> None:
        super().__init__(f"{_UNBALANCED} (column {col})")
        self.col = col
        self.token_col = token_col if token_col is not None else col


def _new_span(fields: dict[str, Any]) -> Span:
    return Span(**fields)


def _new_value(fields: dict[str, Any]) -> Value:
    return Value(**fields)


def _new_directive(fields: dict[str, Any]) -> Directive:
    return Directive(**fields)


def _span(file: str, line: int, start: int, end: int) -> Span:
    return _new_span({"file": file, "start_line": line, "start_col": start, "end_line": line, "end_col": end})


def _value(text: str, raw: str, span: Span, quoted: bool) -> Value:
    return _new_value(
        {
            "text": text,
            "span": span,
            "raw": raw,
            "origin": Origin.LITERAL,
            "variables": (),
            "unset_variables": (),
            "secret_path": None,
            "quoted": quoted,
        }
    )


def _finish(pieces: list[str], high_bytes: bool) -> str:
    text = "".join(pieces)
    if high_bytes:
        # \xHH escapes above 0x7f were kept as surrogate escapes: turn the byte string back into text
        # the way the server would see it (bytes), shown as UTF-8 with replacement characters.
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


# A token of a line without quotes: starts after C isspace() blanks, ends at ' ', \t, \r or \n.
_PLAIN_TOKEN = re.compile(r"[^ \t\n\r\v\f][^ \t\n\r]*")

_Token = tuple[str, str, int, int, bool]
"""(text, raw, start index, end index exclusive, quoted)"""


def _tokens(text: str, col: int) -> list[_Token]:
    """The ``sdssplitargs`` state machine over ``text`` (NUL already removed)."""
    if '"' not in text and "'" not in text:
        return [(m.group(), m.group(), m.start(), m.end(), False) for m in _PLAIN_TOKEN.finditer(text)]
    n = len(text)
    out: list[_Token] = []
    i = 0
    while True:
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            return out
        start = i
        pieces: list[str] = []
        quoted = False
        high = False
        inq = False
        insq = False
        open_at = -1
        while True:
            c = text[i] if i < n else "\0"
            if inq:
                if (
                    c == "\\"
                    and i + 3 < n
                    and text[i + 1] == "x"
                    and text[i + 2] in _HEX
                    and text[i + 3] in _HEX
                ):
                    byte = int(text[i + 2 : i + 4], 16)
                    if byte < 0x80:
                        pieces.append(chr(byte))
                    else:
                        pieces.append(chr(0xDC00 + byte))
                        high = True
                    i += 3
                elif c == "\\" and i + 1 < n:
                    i += 1
                    e = text[i]
                    pieces.append(_ESCAPES.get(e, e))
                elif c == '"':
                    if i + 1 < n and text[i + 1] not in _SPACE:
                        raise UnbalancedQuotes(col + i, col + start)
                    i += 1
                    break
                elif i >= n:
                    raise UnbalancedQuotes(col + open_at, col + start)
                else:
                    pieces.append(c)
            elif insq:
                if c == "\\" and i + 1 < n and text[i + 1] == "'":
                    i += 1
                    pieces.append("'")
                elif c == "'":
                    if i + 1 < n and text[i + 1] not in _SPACE:
                        raise UnbalancedQuotes(col + i, col + start)
                    i += 1
                    break
                elif i >= n:
                    raise UnbalancedQuotes(col + open_at, col + start)
                else:
                    pieces.append(c)
            else:
                if c in _TOKEN_END:
                    break  # the separator is consumed below
                if c == '"':
                    inq = True
                    quoted = True
                    open_at = i
                elif c == "'":
                    insq = True
                    quoted = True
                    open_at = i
                else:
                    pieces.append(c)
            i += 1
        out.append((_finish(pieces, high), text[start:i], start, i, quoted))
        if i < n:
            i += 1  # the separator that ended the token, or the blank after a closing quote


def _cut_nul(text: str) -> str:
    nul = text.find("\0")
    return text[:nul] if nul >= 0 else text


def split_args(text: str, *, file: str, line: int, col: int) -> list[Value]:
    """Cut one line into arguments exactly like Redis's ``sdssplitargs``.

    ``col`` is the file column of ``text[0]``. Raises :class:`UnbalancedQuotes` when Redis would refuse
    the line. A NUL character ends the line, as it ends the C string Redis works on.
    """
    return [
        _value(t, raw, _span(file, line, col + s, col + e), q)
        for t, raw, s, e, q in _tokens(_cut_nul(text), col)
    ]


def _ascii_lower(s: str) -> str:
    return s.translate(_ASCII_LOWER)


def _guess_kind(path: str, directives: list[Directive]) -> ConfKind:
    """A file's kind when nothing says how it is started: its name, else its content. A file named
    after Redis (``redis.conf``) is a server's even with ``sentinel`` lines in it, which
    ``redis-server`` refuses (sentinel directive while not in sentinel mode)."""
    base = os.path.basename(path).lower()
    if "sentinel" in base:
        return "sentinel"
    if "redis" in base or "valkey" in base:
        return "redis"
    for d in directives:
        if d.name == "sentinel" and d.args and _ascii_lower(d.args[0].text or "") == "monitor":
            return "sentinel"
    return "redis"


GENERATED_MARK = "# Generated by CONFIG REWRITE"
"""The comment after which ``CONFIG REWRITE`` (and a Sentinel saving its state) appends what it adds."""


def parse_conf(path: str, text: str, kind: ConfKind | None = None) -> ConfFile:
    """Parse the text of a redis.conf-format file. Never raises on any text."""
    directives: list[Directive] = []
    issues: list[ParseIssue] = []
    generated: int | None = None
    lines = _server_lines(text) if "\0" in text else ((n, line, None) for n, line in enumerate(text.split("\n"), 1))
    for lineno, rawline, where in lines:
        stripped = rawline.lstrip(_LINE_TRIM)
        if not stripped or stripped[0] == "#":
            if generated is None and stripped.startswith(GENERATED_MARK):
                generated = lineno
            continue
        line = stripped.rstrip(_LINE_TRIM)
        col0 = len(rawline) - len(stripped) + 1
        try:
            toks = _tokens(_cut_nul(line), col0)
        except UnbalancedQuotes as exc:
            issue = ParseIssue(span=_span(path, lineno, exc.col, exc.col + 1), message=_UNBALANCED)
            issues.append(issue if where is None else issue.model_copy(update={"span": where(issue.span)}))
            continue
        if not toks:
            continue
        name, _, s0, e0, _ = toks[0]
        args = tuple(
            _value(t, raw, _span(path, lineno, col0 + s, col0 + e), q) for t, raw, s, e, q in toks[1:]
        )
        d = _new_directive(
            {
                "name": _ascii_lower(name),
                "args": args,
                "span": _span(path, lineno, col0, col0 + len(line)),
                "name_span": _span(path, lineno, col0 + s0, col0 + e0),
                "origin": "file",
            }
        )
        if where is not None:
            d = d.model_copy(
                update={
                    "span": where(d.span),
                    "name_span": where(d.name_span),
                    "args": tuple(a.model_copy(update={"span": where(a.span)}) for a in d.args),
                }
            )
        directives.append(d)
    return ConfFile(
        path=path, kind=kind or _guess_kind(path, directives), directives=directives, issues=issues, generated_line=generated
    )


def _server_lines(text: str) -> list[tuple[int, str, Callable[[Span], Span] | None]]:
    """The lines of a text holding NUL bytes as the server gets them: it reads the file line by line
    (``fgets``) and appends each piece as a C string, so a NUL drops the rest of its line, newline
    included, and what is left runs on into the next line. Each line comes with the number of its
    first physical line and, when it was joined, a function mapping a span on it back to the file."""
    path_lines = text.split("\n")
    out: list[tuple[int, str, Callable[[Span], Span] | None]] = []
    parts: list[tuple[int, str]] = []  # (physical line, kept text) of the line being built
    for n, phys in enumerate(path_lines, 1):
        nul = phys.find("\0")
        if nul >= 0 and n < len(path_lines):
            parts.append((n, phys[:nul]))
            continue
        parts.append((n, phys if nul < 0 else phys[:nul]))
        joined = "".join(p for _, p in parts)
        out.append((parts[0][0], joined, _mapper(parts) if len(parts) > 1 else None))
        parts = []
    return out


def _mapper(parts: list[tuple[int, str]]) -> Callable[[Span], Span]:
    starts: list[tuple[int, int]] = []  # (offset in the joined line, physical line)
    offset = 0
    for n, piece in parts:
        starts.append((offset, n))
        offset += len(piece)

    def at(col: int, end: bool) -> tuple[int, int]:
        pos = col - 1 - (1 if end else 0)
        line, base = starts[0][1], 0
        for off, n in starts:
            if off <= max(pos, 0):
                line, base = n, off
        return line, pos - base + 1 + (1 if end else 0)

    def where(sp: Span) -> Span:
        sl, sc = at(sp.start_col, False)
        el, ec = at(sp.end_col, True) if sp.end_col > sp.start_col else (sl, sc)
        return Span(file=sp.file, start_line=sl, start_col=max(sc, 1), end_line=el, end_col=max(ec, 1))

    return where


def read_conf(path: str, kind: ConfKind | None = None) -> ConfFile:
    """Read and parse a file. Problems reading it (missing, unreadable, binary) come back as issues."""
    from redislint.fs import FileStore

    store = FileStore(os.path.dirname(os.path.abspath(path)))
    raw = store.read_bytes(path)
    if raw is None:
        reason = store.errors.get(path, "outside the folder").removeprefix("cannot read: ")
        return ConfFile(
            path=path,
            kind=kind or ("sentinel" if "sentinel" in os.path.basename(path).lower() else "redis"),
            issues=[ParseIssue(span=Span.file_anchor(path), message=f"cannot read the file: {reason}")],
        )
    data = raw
    if b"\0" in data:
        pos = data.index(b"\0")
        line = data.count(b"\n", 0, pos) + 1
        return ConfFile(
            path=path,
            kind=kind or ("sentinel" if "sentinel" in os.path.basename(path).lower() else "redis"),
            issues=[
                ParseIssue(
                    span=_span(path, line, 1, 1),
                    message="binary file (contains a NUL byte), not a config file",
                )
            ],
        )
    return parse_conf(path, data.decode("utf-8", errors="replace"), kind)
