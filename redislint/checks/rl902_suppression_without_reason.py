"""RL902: the engine reports pragmas without a ``-- reason`` (see engine/runner.py)."""

from __future__ import annotations

from redislint.engine.rule import Scope, Severity, declare

declare(
    id="RL902",
    name="suppression-without-reason",
    severity=Severity.LOW,
    tags=("meta",),
    scope=Scope.META,
    summary="A redislint: disable pragma gives no reason",
)
