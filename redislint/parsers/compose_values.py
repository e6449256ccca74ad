"""A value of a compose file through interpolation: :class:`Piece` keeps, for every character of the
interpolated text, its offset in the YAML scalar and where it came from (literal, variable, default,
unset), so that every :class:`~redislint.model.values.Value` made from it has the span of what is
written (:mod:`~redislint.parsers.compose_load` makes them, :mod:`~redislint.parsers.command_line`
splits them into words)."""

from __future__ import annotations

import re

from redislint.model.base import Struct, field
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers import interpolate as ip
from redislint.parsers.yaml_tree import YNode


class Piece(Struct):
    """Interpolated text with, for every character, its offset in the YAML scalar and provenance."""

    text: str
    raw: list[int]
    kinds: list[int]
    node: YNode
    expansions: list[str] = field(default_factory=list)
    quoted: bool = False

    def __init__(
        self,
        text: str,
        raw: list[int],
        kinds: list[int],
        node: YNode,
        expansions: list[str] | None = None,
        quoted: bool = False,
    ) -> None:
        d = self.__dict__
        d["text"] = text
        d["raw"] = raw
        d["kinds"] = kinds
        d["node"] = node
        d["expansions"] = [] if expansions is None else expansions
        d["quoted"] = quoted

    @property
    def span(self) -> Span:
        if not self.raw:
            return self.node.span
        end = max(self.raw) + 1
        if self.text.endswith(ip.UNKNOWN):
            end = var_ref_end(self.node.text, end - 1)  # the span ends with the whole ${VAR...}
        return self.node.sub_span(min(self.raw), end)

    def sub(self, positions: list[int], *, expansions: list[str] | None = None, quoted: bool = False) -> Piece:
        return Piece(
            text="".join(self.text[p] for p in positions),
            raw=[self.raw[p] for p in positions],
            kinds=[self.kinds[p] for p in positions],
            node=self.node,
            expansions=list(expansions or []),
            quoted=quoted,
        )

    def to_value(
        self,
        *,
        text: str | None = None,
        origin: Origin | None = None,
        secret_path: str | None = None,
        unknown: bool = False,
    ) -> Value:
        """The piece as a :class:`Value`: its own text unless ``text`` replaces it, or no text at all
        with ``unknown`` (a shell expansion only known at run time)."""
        plain = text is None and origin is None and secret_path is None and not unknown
        if plain:
            # Values are immutable: a piece (of a command aliased by many services) makes one.
            made: Value | None = self.__dict__.get("_value")
            if made is not None:
                return made
            made = self._make_value(None, None, None, False)
            self.__dict__["_value"] = made
            return made
        return self._make_value(text, origin, secret_path, unknown)

    def _make_value(self, text: str | None, origin: Origin | None, secret_path: str | None, unknown: bool) -> Value:
        raw_text = self.node.text
        if self.raw:
            end = max(self.raw) + 1
            if self.text.endswith(ip.UNKNOWN):
                end = var_ref_end(raw_text, end - 1)  # the raw text ends with the whole ${VAR...}
            raw_text = raw_text[min(self.raw) : end]
        known_text: str | None = None if unknown else self.text if text is None else text
        if known_text is not None and ip.UNKNOWN in known_text:
            known_text = None
        kinds = set(self.kinds)
        if origin is None:
            if ip.UNK in kinds:
                origin = Origin.REQUIRED
            elif ip.UNS in kinds:
                origin = Origin.UNSET
            elif ip.DEF in kinds:
                origin = Origin.DEFAULT
            elif ip.VAR in kinds:
                origin = Origin.VARIABLE
            else:
                origin = Origin.LITERAL
        variables = tuple(sorted(set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", raw_text))))
        return Value(
            text=known_text,
            span=self.span,
            raw=raw_text,
            origin=origin,
            variables=variables,
            secret_path=secret_path,
            quoted=self.quoted,
        )


_VAR_REF = re.compile(r"\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def var_ref_end(raw: str, at: int) -> int:
    """Where the variable reference starting at ``raw[at]`` (``$X``, ``${X...}``) ends: an unknown
    variable is one character of the interpolated text, standing for its whole reference."""
    m = _VAR_REF.match(raw, at)
    return m.end() if m else at + 1
