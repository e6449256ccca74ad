"""What the server's config loader would say about a line (:class:`Problem`): the records the
knowledge package's checks (:mod:`redislint.redis.validate`, ``redis.acl``...) return and the link
stage keeps on each node (:attr:`redislint.model.project.RedisNode.config_problems`)."""

from __future__ import annotations

from typing import Literal

from redislint.model.base import Struct
from redislint.model.span import Span

ProblemKind = Literal["unknown", "version-gated", "invalid-argument", "deprecated", "ignored", "misread"]
"""``misread``: accepted, but the server reads another value than the one written (a warning)."""


class Problem(Struct, frozen=True):
    """What the server would say about a line: its kind, where, the message and a fix."""

    kind: ProblemKind
    span: Span
    message: str
    """One line, no trailing period, never a secret value."""
    fix: str | None = None
    replacement: str | None = None
    """For a deprecated alias: the canonical name (a fix renames the directive to it)."""
