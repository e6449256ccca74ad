"""RL010 (unset-compose-variable): A compose variable has no value, no default and no required guard:
compose substitutes ''.

Examples, fixes and the reasoning: ``rules/RL010.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.compose import Stack


@rule(
    id="RL010",
    name="unset-compose-variable",
    severity=Severity.HIGH,
    tags=("correctness", "security"),
    scope=Scope.STACK,
    summary="A compose variable has no value, no default and no required guard: compose substitutes ''",
    once_per="position",
    platforms=("compose",),
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    # only what concerns Redis: another service's variables are not redislint's business
    for name, span, password in stack.redis_unset_variables:  # one place reached through anchors: once
        if password:
            yield ctx.finding(
                span,
                f"${{{name}}} has no value here and sits in a password position: an empty password or a swallowed argument",
                fix=f"Use ${{{name}:?{name} must be set}} so compose refuses to start without it",
                severity=Severity.CRITICAL,
                evidence=name,
            )
        else:
            yield ctx.finding(
                span,
                f"${{{name}}} has no value at lint time and no default: compose substitutes an empty string",
                fix=f"Give a default (${{{name}:-value}}), a guard (${{{name}:?message}}), or define it in .env",
                evidence=name,
            )
