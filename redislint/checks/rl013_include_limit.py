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
    seen: set[tuple[object, str]] = set()
    for p in ctx.project.problems:
        if p.kind != "include-limit" or p.span.file != file.path or (p.span, p.message) in seen:
            continue
        seen.add((p.span, p.message))
        yield ctx.finding(p.span, p.message, fix="Flatten the includes: fewer levels, smaller included files", evidence=p.message)
