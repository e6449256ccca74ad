"""Word splitting for compose ``command:`` strings and ``sh -c`` bodies.

Nothing here runs a shell: words are split the way a POSIX shell would split them, expansions
(``$VAR``, ``${VAR}``, ``$(...)``, backquotes) are recorded, never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from redislint.model.base import Struct, field

_OPERATORS = ("&&", "||", ";;", ";", "&", "|", "\n")
_OPERATOR_STARTS = frozenset(o[0] for o in _OPERATORS)
_SHELL_BREAKS = " \t\r\n;&|"
_PLAIN_BREAKS = " \t\r\n"
_RUN_PLAIN = re.compile(r"[^ \t\r\n\\'\"]+")
_RUN_SHELL = re.compile(r"[^ \t\r\n\\'\"$`;&|]+")
_DQ_RUN = re.compile(r"[^\"\\$`]+")
_SECRET_CAT = re.compile(r"^\$\(\s*(?:cat\s+|<\s*)([^\s)]+)\s*\)$|^`\s*cat\s+([^\s`]+)\s*`$")


class Word(Struct):
    text: str
    """The word with quotes removed; expansions are kept as written (``$(cat /x)``)."""
    start: int
    """Index in the split string of the word's first character."""
    end: int
    """Index just past the word's last character."""
    quoted: bool = False
    expansions: list[str] = field(default_factory=list)
    """The expansions the word contains, as written: ``$(cat /run/secrets/pw)``, ``$PW``, ``${PW}``."""
    operator: bool = False
    """A control operator (``;``, ``&&``, ``|``...) when splitting a shell body."""
    pos: list[int] = field(default_factory=list)
    """For each character of :attr:`text`, its index in the split string."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        quoted: bool = False,
        expansions: list[str] | None = None,
        operator: bool = False,
        pos: list[int] | None = None,
    ) -> None:
        d = self.__dict__
        d["text"] = text
        d["start"] = start
        d["end"] = end
        d["quoted"] = quoted
        d["expansions"] = [] if expansions is None else expansions
        d["operator"] = operator
        d["pos"] = [] if pos is None else pos

    @property
    def dynamic(self) -> bool:
        return bool(self.expansions)

    def secret_path(self) -> str | None:
        """The file a word reads when it is exactly ``$(cat FILE)``, ``$(< FILE)`` or ```cat FILE```."""
        if len(self.expansions) != 1:
            return None
        m = _SECRET_CAT.match(self.expansions[0])
        if not m:
            return None
        return m.group(1) or m.group(2)


def _skip_expansion(s: str, i: int) -> int:
    """``s[i]`` is ``$``: return the index just past the expansion (or i+1 for a lone ``$``)."""
    n = len(s)
    if i + 1 >= n:
        return i + 1
    c = s[i + 1]
    if c == "(":
        depth = 0
        j = i + 1
        quote = ""
        while j < n:
            ch = s[j]
            if quote:
                if ch == "\\" and quote == '"':
                    j += 2
                    continue
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return n
    if c == "{":
        j = s.find("}", i + 2)
        return n if j < 0 else j + 1
    j = i + 1
    if j < n and (s[j].isalnum() or s[j] == "_"):
        while j < n and (s[j].isalnum() or s[j] == "_"):
            j += 1
        return j
    if j < n and s[j] in "@*#?$!-0123456789":
        return j + 1
    return i + 1


def split_words(s: str, *, shell: bool) -> list[Word]:
    """Split ``s`` into words. With ``shell=True`` control operators become operator words,
    ``#`` at the start of a word starts a comment, and expansions are recorded."""
    words: list[Word] = []
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch in " \t\r" or (ch == "\n" and not shell):
            i += 1
            continue
        if shell:
            if ch == "\\" and i + 1 < n and s[i + 1] == "\n":
                i += 2
                continue
            op = next((o for o in _OPERATORS if s.startswith(o, i)), None) if ch in _OPERATOR_STARTS else None
            if op is not None:
                words.append(Word(op, i, i + len(op), operator=True))
                i += len(op)
                continue
            if ch == "#":
                while i < n and s[i] != "\n":
                    i += 1
                continue
        start = i
        run = (_RUN_SHELL if shell else _RUN_PLAIN).match(s, i)
        if run is not None:
            end = run.end()
            if end == n or s[end] in (_SHELL_BREAKS if shell else _PLAIN_BREAKS):
                # the common case, a word of plain characters only: what the loop below makes of it
                words.append(Word(run.group(0), start, end, pos=list(range(start, end))))
                i = end
                continue
        buf: list[str] = []
        pos: list[int] = []
        quoted = False
        exps: list[str] = []

        def add(chunk: str, at: int, buf: list[str] = buf, pos: list[int] = pos) -> None:
            buf.append(chunk)
            pos.extend(range(at, at + len(chunk)))
        while i < n:
            ch = s[i]
            if ch in " \t\r\n":
                break
            if shell and (ch in ";&|" or (ch == "\n")):
                break
            if ch == "\\":
                if i + 1 < n:
                    if shell and s[i + 1] == "\n":
                        i += 2
                        continue
                    add(s[i + 1], i + 1)
                    i += 2
                else:
                    add(ch, i)
                    i += 1
                continue
            if ch == "'":
                quoted = True
                j = s.find("'", i + 1)
                if j < 0:
                    j = n
                add(s[i + 1 : j], i + 1)
                i = j + 1
                continue
            if ch == '"':
                quoted = True
                i += 1
                while i < n and s[i] != '"':
                    c2 = s[i]
                    if c2 == "\\" and i + 1 < n and s[i + 1] in '"\\$`\n':
                        if s[i + 1] != "\n":
                            add(s[i + 1], i + 1)
                        i += 2
                        continue
                    if shell and c2 in "$`":
                        i = _expansion(s, i, exps, add)
                        continue
                    m = _DQ_RUN.match(s, i)
                    if m and m.end() > i:
                        add(m.group(0), i)
                        i = m.end()
                    else:
                        add(c2, i)
                        i += 1
                i += 1
                continue
            if shell and ch in "$`":
                i = _expansion(s, i, exps, add)
                continue
            m = (_RUN_SHELL if shell else _RUN_PLAIN).match(s, i)
            if m and m.end() > i:
                add(m.group(0), i)
                i = m.end()
            else:
                add(ch, i)
                i += 1
        end = min(i, n)
        if end > start:
            words.append(Word("".join(buf), start, end, quoted=quoted, expansions=exps, pos=pos))
    return words


def _expansion(s: str, i: int, exps: list[str], add: Callable[[str, int], None]) -> int:
    """The ``$...`` or backquoted expansion at ``i`` (inside double quotes or not) added to the word
    and, when it expands something, to ``exps``; where the word goes on."""
    if s[i] == "`":
        j = s.find("`", i + 1)
        j = len(s) if j < 0 else j + 1
        exps.append(s[i:j])
    else:
        j = _skip_expansion(s, i)
        if j > i + 1:
            exps.append(s[i:j])
    add(s[i:j], i)
    return j


def simple_commands(words: list[Word]) -> list[list[Word]]:
    """Group shell words into simple commands, split at control operators."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    for w in words:
        if w.operator:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(w)
    if cur:
        out.append(cur)
    return out


def command_string_index(args: list[str | None], start: int) -> int | None:
    """``args[start]`` is a shell (``sh``, ``bash``...): the index of its command string when it runs
    one (``-c``, also inside an option cluster such as ``-ec``/``-lc``, or after other options such
    as ``-o pipefail`` or ``--login``), else None. POSIX: the command string is the first operand
    after the options."""
    j = start + 1
    has_c = False
    while j < len(args):
        t = args[j]
        if t is None:
            return None
        if t == "--":
            j += 1
            break
        if t.startswith("--"):
            j += 1  # bash long options (--login, --norc, --noprofile)
            continue
        if len(t) > 1 and t[0] in "-+":
            letters = t[1:]
            if t[0] == "-" and "c" in letters:
                has_c = True
            # -o NAME / +o NAME (also at the end of a cluster: -eo pipefail) take the next word
            j += 2 if letters.endswith("o") else 1
            continue
        break
    return j if has_c and j < len(args) else None
