"""How the server cuts one config line into arguments: ``sdssplitargs`` (``sds.c``), exactly, with
the file column of every argument. Shared by the config parser (:mod:`redislint.parsers.redis_conf`)
and the directive checks that split an argument again (Redis 7.0 re-splits the single argument of a
multi-argument config; the inside of an ACL selector). Facts from research/redis-facts.md, sections
1.2 and 1.3. Columns are 1-based and count Unicode code points; span end columns are exclusive.
"""

from __future__ import annotations

import re

from redislint.model.span import Span
from redislint.model.values import Value

__all__ = ["UnbalancedQuotes", "split_args"]

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


def _span(file: str, line: int, start: int, end: int) -> Span:
    return Span(file=file, start_line=line, start_col=start, end_line=line, end_col=end)


def _value(text: str, raw: str, span: Span, quoted: bool) -> Value:
    return Value(text=text, span=span, raw=raw, quoted=quoted)


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
