"""What a check of the server's grammar reports, and how it words it: the :class:`Problem` record (a
record of the model, :mod:`redislint.model.problems`),
how a value is quoted (never a secret: the values of password-like directives are "the value"), and
the argument-count message every directive shares."""

from __future__ import annotations

import re
from typing import Literal

from redislint.model.conf import Directive
from redislint.model.problems import Problem, ProblemKind
from redislint.model.span import Span
from redislint.model.values import Value

__all__ = [
    "DIRECTIVE_LIKE",
    "SECRET_DIRECTIVES",
    "ConfKind",
    "Problem",
    "ProblemKind",
    "argc_problem",
    "bad",
    "plural",
    "show",
    "val",
]

ConfKind = Literal["redis", "sentinel"]


SECRET_DIRECTIVES = frozenset(
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
"""Directives whose value may hold a secret: their values never appear in a message."""

DIRECTIVE_LIKE = re.compile(r"(?=.{1,48}$)[a-z]+[0-9]?(?:[-_.][a-z]+[0-9]?){0,7}")
"""A word that can be meant as a directive name (lower-cased): words of letters joined by ``-``, ``_``
or ``.``, each with at most one digit at its end (``cluster-announce-client-ipv4``)."""


def show(text: str | None, limit: int = 40) -> str:
    """A value quoted for a message: cut to ``limit`` characters, unprintable characters escaped."""
    if text is None:
        return "an unknown value"
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
    return f"'{shown}'"


def val(name: str, text: str | None, secret: bool = False) -> str:
    """The value of directive ``name`` for a message: quoted, or "the value" when it may be a secret."""
    if secret or name in SECRET_DIRECTIVES:
        return "the value"
    return show(text)


def plural(n: int, word: str = "argument") -> str:
    """``1 argument``, ``2 arguments``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _join(first: Value, last: Value) -> Span:
    return Span.join(first.span, last.span)


def argc_problem(d: Directive, expected: str, shown_name: str | None = None) -> Problem:
    """``'<name>' takes <expected>, got <n>``, on the arguments that are too many (or the name)."""
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


def bad(arg: Value | Directive, message: str, fix: str | None = None) -> Problem:
    """An invalid-argument problem on an argument (or on a directive's name)."""
    span = arg.name_span if isinstance(arg, Directive) else arg.span
    return Problem("invalid-argument", span, message, fix)
