"""RL012 (outside-repository): A file the deployment needs lies outside the repository and is not
checked.

Examples, fixes and the reasoning: ``rules/RL012.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL012",
    name="outside-repository",
    severity=Severity.MEDIUM,
    tags=("security", "correctness"),
    scope=Scope.FILE,
    summary="A file the deployment needs lies outside the repository and is not checked",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    # a problem found twice (two stacks include one file) is reported once: the engine drops repeats
    for p in ctx.project.problems:
        if p.kind != "outside" or p.span.file != file.path:
            continue
        yield ctx.finding(
            p.span,
            p.message,
            fix="Commit the file to the repository and name it by a relative path inside it",
        )  # no evidence given: the engine takes the text at the span (the path as written)
