"""Source locations.

Every value redislint reads carries a :class:`Span`: the file it came from and where in it, with
1-based lines and columns counted in Unicode code points, the end column exclusive (SARIF's
convention, ``run.columnKind = unicodeCodePoints``).
"""

from __future__ import annotations

from redislint.model.base import Record

_new_object = object.__new__


class Span(Record, frozen=True):

    file: str
    """Absolute path of the file, with symlinks resolved."""
    start_line: int
    start_col: int
    end_line: int
    end_col: int

    def __init__(self, *, file: str, start_line: int, start_col: int, end_line: int, end_col: int) -> None:
        # Spans are the most numerous objects: a hand-written constructor keeps them cheap.
        if start_line < 1 or start_col < 1 or end_line < 1 or end_col < 1:
            raise ValueError(f"span positions are 1-based: {file}:{start_line}:{start_col}-{end_line}:{end_col}")
        if (end_line, end_col) < (start_line, start_col):
            raise ValueError(f"span ends before it starts: {file}:{start_line}:{start_col}-{end_line}:{end_col}")
        d = self.__dict__
        d["file"] = file
        d["start_line"] = start_line
        d["start_col"] = start_col
        d["end_line"] = end_line
        d["end_col"] = end_col

    @staticmethod
    def measured(file: str, start_line: int, start_col: int, end_line: int, end_col: int) -> Span:
        """A span whose positions the caller has just measured and ordered itself (a parser building
        the spans of every line or node of a large file): made without the constructor's checks."""
        sp = _new_object(Span)
        d = sp.__dict__
        d["file"] = file
        d["start_line"] = start_line
        d["start_col"] = start_col
        d["end_line"] = end_line
        d["end_col"] = end_col
        return sp

    @classmethod
    def point(cls, file: str, line: int, col: int = 1, length: int = 0) -> Span:
        return cls(file=file, start_line=line, start_col=col, end_line=line, end_col=col + max(length, 0))

    @classmethod
    def file_anchor(cls, file: str) -> Span:
        """The span used for a finding about a whole file (or something missing from it)."""
        return cls(file=file, start_line=1, start_col=1, end_line=1, end_col=1)

    @classmethod
    def join(cls, first: Span, last: Span) -> Span:
        """From the start of ``first`` to the end of whichever of the two ends later.

        Callers pass the span of something's first and last part (an option's name and its last
        value), but source order is not guaranteed: a YAML alias carries its anchor's span (earlier
        in the file), an ``entrypoint:`` may be written below the ``command:`` that continues it, and
        an override file may supply the value. A ``last`` in another file, or one ending before
        ``first`` starts, adds nothing: the result is ``first``, never an inverted span.
        """
        if last.file != first.file or (last.end_line, last.end_col) <= (first.end_line, first.end_col):
            return first
        return cls(
            file=first.file,
            start_line=first.start_line,
            start_col=first.start_col,
            end_line=last.end_line,
            end_col=last.end_col,
        )

    def __str__(self) -> str:
        return f"{self.file}:{self.start_line}:{self.start_col}"
