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
from redislint.model.span import Span


@rule(
    id="RL010",
    name="unset-compose-variable",
    severity=Severity.MEDIUM,
    tags=("correctness", "security"),
    scope=Scope.STACK,
    summary="A compose variable has no value, no default and no required guard: compose substitutes ''",
    once_per="position",
    platforms=("compose",),
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    # only what concerns Redis: another service's variables are not redislint's business
    spans: dict[str, set[Span]] = {}
    for name, span, _password in stack.redis_unset_variables:
        spans.setdefault(name, set()).add(span)  # a node shared through an anchor is one use
    reported: set[str] = set()
    ordered = sorted(stack.redis_unset_variables, key=lambda u: (u[1].file, u[1].start_line, u[1].start_col))
    for name, span, password in ordered:  # one place reached through anchors: once
        if name in reported:
            continue  # one finding per variable, at its first use
        reported.add(name)
        more = len(spans[name]) - 1
        also = f" (and {more} other use{'s' if more != 1 else ''})" if more else ""
        doc = stack.documented_variables.get(name)
        if doc is not None:
            yield ctx.finding(
                span,
                f"${{{name}}}{also} has no value at lint time: it is set at deploy time, as its env file template documents",
                fix=f"Make a forgotten value fail loudly: ${{{name}:?{name} must be set}}",
                severity=Severity.LOW,
                evidence=name,
                related=[(doc, f"{name} is documented here")],
            )
        elif password:
            yield ctx.finding(
                span,
                f"${{{name}}}{also} has no value here, no default, and no env file of the repository documents it; "
                "it sits in a password position: unless it is set at deploy time, compose substitutes '' (an empty password, or the next argument taken for it)",
                fix=f"Use ${{{name}:?{name} must be set}} so compose refuses to start without it",
                severity=Severity.CRITICAL,
                evidence=name,
            )
        else:
            yield ctx.finding(
                span,
                f"${{{name}}}{also} has no value at lint time, no default, and no env file of the repository documents it: "
                "unless it is set at deploy time, compose substitutes an empty string",
                fix=f"Give a default (${{{name}:-value}}), a guard (${{{name}:?message}}), or define it in .env",
                evidence=name,
            )
