"""RL900: the engine reports a rule that crashed as a finding of this rule (see engine/runner.py)."""

from __future__ import annotations

from redislint.engine.rule import Scope, Severity, declare

declare(
    id="RL900",
    name="internal-error",
    severity=Severity.CRITICAL,
    tags=("meta",),
    scope=Scope.META,
    summary="A rule crashed; redislint reports it instead of failing silently",
)
