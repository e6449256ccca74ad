"""Shell scripts (``*.sh``) and Makefile recipes as simple commands, each word with its span.

Nothing is run: the text is split as a POSIX shell splits it (:mod:`redislint.parsers.shell`),
here-document bodies are skipped (they are data, not commands), and the commands inside ``$(...)``
and backquotes are read too (``while [ "$(redis-cli LASTSAVE)" = ... ]``), marked as substitutions.
A Makefile contributes its recipe lines (those starting with a tab), ``$(VAR)`` being make variables
and ``$$`` a literal ``$``."""

from __future__ import annotations

import bisect
import re

from redislint.model.base import Struct, field
from redislint.model.span import Span
from redislint.parsers.shell import Word, simple_commands, split_words

MAX_DEPTH = 4
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


class ScriptWord(Struct):
    text: str
    """The word without its quotes; expansions as written."""
    span: Span
    dynamic: bool = False
    """The word holds an expansion (``$VAR``, ``$(...)``): its value is known at run time only."""


class ScriptCommand(Struct):
    words: list[ScriptWord]
    line: int
    substitution: bool = False
    """Inside a ``$(...)`` or backquotes of another command."""
    group: int = 0
    """Commands of one logical line (a ``while [ ... ]; do`` condition, one pipeline) share a group."""
    parent: int = -1
    """For a substitution: the index of the command it is part of."""


class Script(Struct):
    path: str
    commands: list[ScriptCommand] = field(default_factory=list)


class _Lines:
    """Offsets of a text to 1-based (line, column), lines counted as :meth:`str.splitlines` does."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = 0
        for ln in text.splitlines(keepends=True):
            pos += len(ln)
            self.starts.append(pos)

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def _blank_heredocs(text: str) -> str:
    """The text with here-document bodies replaced by blank lines (offsets kept)."""
    if "<<" not in text:
        return text
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    ending: list[tuple[str, bool]] = []
    for ln in lines:
        if ending:
            tag, strip = ending[0]
            body = ln.rstrip("\r\n")
            if (body.lstrip("\t") if strip else body) == tag:
                ending.pop(0)
            out.append(re.sub(r"[^\r\n]", " ", ln))
            continue
        out.append(ln)
        for m in _HEREDOC.finditer(ln):
            if "'" + m.group(0) not in ln and not ln.lstrip().startswith("#"):
                ending.append((m.group(2), m.group(0).startswith("<<-")))
    return "".join(out)


def _makefile_recipes(text: str) -> str:
    """A Makefile with everything but its recipe lines blanked, ``@``/``-`` prefixes and make's
    ``$$`` escapes turned into what the shell sees (offsets kept)."""
    out: list[str] = []
    recipe = False
    for ln in text.splitlines(keepends=True):
        body = ln.rstrip("\r\n")
        if body.startswith("\t") or (recipe and out and out[-1].rstrip("\r\n").endswith("\\")):
            recipe = True
            stripped = body.lstrip("\t")
            lead = len(body) - len(stripped)
            m = re.match(r"[@+-]+", stripped)
            if m:
                stripped = " " * m.end() + stripped[m.end():]
            stripped = stripped.replace("$$", " $")
            out.append(" " * lead + stripped + ln[len(body):])
        else:
            recipe = not body.strip() and recipe
            out.append(re.sub(r"[^\r\n]", " ", ln))
    return "".join(out)


def command_text(text: str, *, makefile: bool = False) -> str:
    """The text with what is not a command blanked (here-document bodies; for a Makefile,
    everything but its recipes), offsets and lines kept."""
    return _makefile_recipes(text) if makefile else _blank_heredocs(text)


def parse_script(path: str, text: str, *, makefile: bool = False) -> Script:
    """The simple commands of a shell script or of a Makefile's recipes."""
    script = Script(path=path)
    body = command_text(text, makefile=makefile)
    lines = _Lines(text)
    _commands(script, body, 0, lines, False, -1, 0)
    return script


def _commands(script: Script, text: str, base: int, lines: _Lines, sub: bool, parent: int, depth: int) -> None:
    words = split_words(text, shell=True)
    group = script.commands[parent].group if sub and parent >= 0 else len(script.commands)
    prev_last_line = -1
    for cmd in simple_commands(words):
        if not cmd:
            continue
        first = cmd[0]
        line, _ = lines.at(base + first.start)
        if not sub and line != prev_last_line:
            group = len(script.commands)  # a new logical line
        prev_last_line = lines.at(base + max(cmd[-1].end - 1, cmd[-1].start))[0]
        index = len(script.commands)
        script.commands.append(
            ScriptCommand(words=[_word(script.path, w, base, lines) for w in cmd], line=line, substitution=sub, group=group, parent=parent)
        )
        if depth >= MAX_DEPTH:
            continue
        for w in cmd:
            at = w.start
            for exp in w.expansions:
                inner, off = _inner(exp)
                if inner is None:
                    continue
                found = text.find(exp, at, w.end + 1)
                if found < 0:
                    continue
                at = found + len(exp)
                _commands(script, inner, base + found + off, lines, True, index, depth + 1)


def _inner(exp: str) -> tuple[str | None, int]:
    """The command text of a ``$(...)`` or backquoted expansion, and where it starts in it."""
    if exp.startswith("$(") and not exp.startswith("$((") and exp.endswith(")"):
        return exp[2:-1], 2
    if exp.startswith("`") and exp.endswith("`") and len(exp) > 1:
        return exp[1:-1], 1
    return None, 0


def _word(path: str, w: Word, base: int, lines: _Lines) -> ScriptWord:
    line, col = lines.at(base + w.start)
    end_line, end_col = lines.at(base + w.end)
    if end_line != line:
        end_col = col + 1
    return ScriptWord(text=w.text, span=Span(file=path, start_line=line, start_col=col, end_line=line, end_col=max(end_col, col + 1)), dynamic=w.dynamic)
