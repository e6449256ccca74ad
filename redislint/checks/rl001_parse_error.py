"""RL001 (parse-error): A YAML or config file cannot be parsed.

Examples, fixes and the reasoning: ``rules/RL001.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._evidence import first_word
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile


@rule(
    id="RL001",
    name="parse-error",
    severity=Severity.CRITICAL,
    tags=("correctness",),
    scope=Scope.FILE,
    summary="A YAML or config file cannot be parsed",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for p in ctx.project.problems:
        if p.kind == "parse" and p.span.file == file.path:
            # no evidence given: the engine takes the text at the span, the offending token (a file that
            # does not parse is masked whole, and the YAML parser stops at its first error)
            yield ctx.finding(p.span, p.message, fix="Fix the syntax at this position")
    if file.conf is not None:
        for issue in file.conf.issues:
            yield ctx.finding(
                issue.span,
                issue.message,
                fix="Close the quote, and put a space or the end of the line after a closing quote",
                evidence=first_word(file.text, issue.span.start_line),
            )
