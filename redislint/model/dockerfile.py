"""What redislint knows of a Dockerfile: the base image, COPY targets, CMD/ENTRYPOINT, USER,
HEALTHCHECK, VOLUME and WORKDIR (filled by :mod:`redislint.parsers.dockerfile`)."""

from __future__ import annotations

from redislint.model.base import Struct, field


class Dockerfile(Struct):
    path: str
    base: str | None = None
    base_line: int = 0
    copies: list[tuple[str, str, int]] = field(default_factory=list)
    """(source relative to the context, destination in the image, line)."""
    cmd: list[str] | None = None
    cmd_shell: bool = False
    cmd_line: int = 0
    entrypoint: list[str] | None = None
    entrypoint_shell: bool = False
    entrypoint_line: int = 0
    user: str | None = None
    healthcheck: bool = False
    volumes: list[str] = field(default_factory=list)
    workdir: str = "/"
