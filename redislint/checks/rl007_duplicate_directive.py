"""RL007 (duplicate-directive): A single-value directive is set more than once: the last one silently
wins.

Examples, fixes and the reasoning: ``rules/RL007.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._fixes import delete_line, in_file
from redislint.engine.context import Context
from redislint.engine.finding import Finding, Fix
from redislint.engine.rule import Scope, Severity, rule
from redislint.model import paths
from redislint.model.conf import Directive
from redislint.model.project import RedisNode
from redislint.redis.directives import directive_key

ACCUMULATING = {"save", "rename-command", "user", "include", "loadmodule", "sentinel"}


def _key(d: Directive) -> str:
    key = directive_key(d.name)
    if key == "client-output-buffer-limit" and d.args:
        return f"{key} {(d.text(0) or '').lower()}"
    return key


def _where(d: Directive, root: str, names: dict[str, str]) -> str:
    if d.origin == "command":
        return "on the command line"
    name = names.get(d.span.file)
    if name is None:
        name = names[d.span.file] = paths.relpath(d.span.file, root) if d.span.file.startswith(root) else paths.basename(d.span.file)
    return f"at {name}:{d.span.start_line}"


@rule(
    id="RL007",
    name="duplicate-directive",
    severity=Severity.MEDIUM,
    tags=("correctness",),
    scope=Scope.NODE,
    summary="A single-value directive is set more than once: the last one silently wins",
    fix="safe",
)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    last: dict[str, Directive] = {}
    for d in node.directives:
        if d.origin == "environment" or "." in d.name:
            continue
        if directive_key(d.name) in ACCUMULATING:
            continue
        last[_key(d)] = d
    seen: set[tuple[str, int, int]] = set()  # by place: hashing a directive hashes all its values
    names: dict[str, str] = {}
    for d in node.directives:
        if d.origin == "environment" or directive_key(d.name) in ACCUMULATING or "." in d.name:
            continue
        winner = last.get(_key(d))
        place = (d.span.file, d.span.start_line, d.span.start_col)
        if winner is None or winner is d or place in seen:
            continue
        seen.add(place)
        yield ctx.finding(
            d.span,
            f"'{d.name}' is set again {_where(winner, ctx.project.root, names)}, which wins: this line has no effect",
            fix="Keep one line for the directive",
            related=[(winner.span, "the value that wins")],
            evidence=f"{_key(d)}:{d.span.start_line}",
            autofix=_fix(d, winner, ctx),
        )


def _fix(d: Directive, winner: Directive, ctx: Context) -> Fix | None:
    """The line without effect deleted, when the line that wins comes later in the same file (then it
    wins for every server that loads the file, whatever else each one adds)."""
    if not (in_file(d) and winner.origin == "file" and winner.file == d.file and winner.line > d.line):
        return None
    return ctx.fix(f"Delete the '{d.name}' line that line {winner.line} overrides", [delete_line(d.file, d.line)])
