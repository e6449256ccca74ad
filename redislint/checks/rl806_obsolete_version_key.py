"""RL806 (obsolete-version-key): The top-level version key is obsolete in the Compose Specification.

Examples, fixes and the reasoning: ``rules/RL806.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import delete_line
from redislint.engine.context import Context
from redislint.engine.finding import Edit, Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Stack


@rule(
    id="RL806",
    name="obsolete-version-key",
    severity=Severity.LOW,
    tags=("operability",),
    scope=Scope.STACK,
    summary="The top-level version key is obsolete in the Compose Specification",
    platforms=("compose",),
    fix="safe",
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if stack.version_key is not None:
        yield ctx.finding(
            stack.version_key,
            "top-level 'version' is obsolete and ignored by Docker Compose",
            fix="Delete the 'version:' line",
            evidence="version",
            autofix=ctx.fix("Delete the 'version:' line", _delete(stack)),
        )


def _delete(stack: Stack) -> list[Edit]:
    key = stack.version_key
    assert key is not None
    edits = [delete_line(key.file, key.start_line)]
    if stack.version_blank_after:
        edits.append(delete_line(key.file, key.start_line + 1))
    return edits
