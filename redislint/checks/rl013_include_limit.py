"""RL013 (include-limit): Includes nest too deep or read too much to be checked.

Examples, fixes and the reasoning: ``rules/RL013.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL013",
    name="include-limit",
    severity=Severity.MEDIUM,
    tags=("correctness",),
    scope=Scope.FILE,
    summary="Includes nest too deep or read too much to be checked",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    # a problem found twice (two stacks include one file) is reported once: the engine drops repeats
    for p in ctx.project.problems:
        if p.kind != "include-limit" or p.span.file != file.path:
            continue
        # no evidence given: the engine takes the text at the span (the include's argument)
        yield ctx.finding(p.span, p.message, fix="Flatten the includes: fewer levels, smaller included files")
