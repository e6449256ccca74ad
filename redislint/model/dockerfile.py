"""What redislint knows of a Dockerfile: the base image, COPY targets, CMD/ENTRYPOINT, USER,
HEALTHCHECK, VOLUME, EXPOSE, WORKDIR and the ``chmod``/``chown`` of its RUN lines (filled by
:mod:`redislint.parsers.dockerfile`). Lines are 1-based physical lines of the file."""

from __future__ import annotations

from redislint.model.base import Record, Struct, field
from redislint.model.span import Span


class FileMode(Record, frozen=True):
    """A ``chmod MODE PATH...`` or ``chown USER[:GROUP] PATH...`` of a RUN line (one per path)."""

    command: str
    """``chmod`` or ``chown``."""
    arg: str
    """The mode (``600``, ``u=rw``) or owner (``root:root``) as written."""
    path: str
    """The image path it changes (absolute, after WORKDIR)."""
    recursive: bool
    span: Span


class Dockerfile(Struct):
    path: str
    base: str | None = None
    base_line: int = 0
    base_col: int = 1
    """Column of the image reference on :attr:`base_line`."""
    copies: list[tuple[str, str, int]] = field(default_factory=list)
    """(source relative to the context, destination in the image, line)."""
    cmd: list[str] | None = None
    cmd_shell: bool = False
    cmd_line: int = 0
    entrypoint: list[str] | None = None
    entrypoint_shell: bool = False
    entrypoint_line: int = 0
    user: str | None = None
    user_span: Span | None = None
    """The argument of the last USER instruction of the final stage."""
    healthcheck: bool = False
    healthcheck_test: list[str] | None = None
    """The HEALTHCHECK command: the exec form's argv, or ``[shell command]`` for the shell form."""
    healthcheck_shell: bool = False
    healthcheck_span: Span | None = None
    """Where the HEALTHCHECK's command is written (its CMD keyword to the end of that line)."""
    healthcheck_line: int = 0
    volumes: list[str] = field(default_factory=list)
    volume_spans: list[Span] = field(default_factory=list)
    """Where each of :attr:`volumes` is declared (its VOLUME instruction)."""
    exposes: list[tuple[int, Span]] = field(default_factory=list)
    """TCP ports of EXPOSE (``6379``, ``6379/tcp``), each with its instruction's span."""
    modes: list[FileMode] = field(default_factory=list)
    """The chmod/chown of the final stage's RUN lines, in order."""
    workdir: str = "/"
