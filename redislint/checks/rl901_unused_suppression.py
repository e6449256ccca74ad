"""RL901: the engine reports pragmas that suppressed nothing (see engine/runner.py)."""

from __future__ import annotations

from redislint.engine.rule import Scope, Severity, declare

declare(
    id="RL901",
    name="unused-suppression",
    severity=Severity.LOW,
    tags=("meta",),
    scope=Scope.META,
    summary="A redislint: disable pragma suppresses nothing",
)
