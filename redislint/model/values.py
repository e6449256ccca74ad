"""Values as redislint knows them: what the text is (or that it is unknown), where it is written,
and where it came from (a literal, a compose variable, a default, a shell expansion...)."""

from __future__ import annotations

from enum import StrEnum

from redislint.model.base import Record
from redislint.model.span import Span


class Origin(StrEnum):
    LITERAL = "literal"
    """Written as is in the file."""
    VARIABLE = "variable"
    """Came from a compose variable whose value was known at lint time (.env, env_file, environment)."""
    DEFAULT = "default"
    """Came from a compose default (``${X:-d}`` / ``${X-d}``) because the variable had no value."""
    UNSET = "unset"
    """A compose variable with no value, no default and no guard: compose substitutes ''."""
    REQUIRED = "required"
    """A guarded compose variable (``${X:?err}``) without a value at lint time: unknown, but set at deploy."""
    SHELL = "shell"
    """Expanded by a shell at run time (``$(cat /run/secrets/x)``, ``$VAR`` inside ``sh -c``)."""


class Value(Record, frozen=True):
    """One scalar value: a directive argument, an argv element, an environment value..."""

    text: str | None
    """The value the program will see, or None when it cannot be known at lint time."""
    span: Span
    raw: str
    """The text as written in the source (before compose interpolation). May hold a secret: never print."""
    origin: Origin = Origin.LITERAL
    variables: tuple[str, ...] = ()
    """Compose variables referenced by the raw text."""
    unset_variables: tuple[str, ...] = ()
    """Referenced compose variables that have no value, no default and no guard."""
    secret_path: str | None = None
    """A container path the value is read from at run time (``$(cat /run/secrets/pw)``)."""
    quoted: bool = False

    def __init__(
        self,
        *,
        text: str | None,
        span: Span,
        raw: str,
        origin: Origin = Origin.LITERAL,
        variables: tuple[str, ...] = (),
        unset_variables: tuple[str, ...] = (),
        secret_path: str | None = None,
        quoted: bool = False,
    ) -> None:
        # Values are created by the thousand: a hand-written constructor keeps them cheap.
        d = self.__dict__
        d["text"] = text
        d["span"] = span
        d["raw"] = raw
        d["origin"] = origin
        d["variables"] = variables
        d["unset_variables"] = unset_variables
        d["secret_path"] = secret_path
        d["quoted"] = quoted

    @property
    def known(self) -> bool:
        return self.text is not None

    @property
    def is_literal(self) -> bool:
        """Written literally in the file: no variable, no default, no shell expansion."""
        return self.origin == Origin.LITERAL and not self.variables and self.secret_path is None
