"""What ``redislint fix``, ``check --fix`` and ``check --diff`` print and return (the CLI's options are
parsed in :mod:`redislint.cli`, which calls :func:`run_command`)."""

from __future__ import annotations

import os
import sys

import click

from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.fix.run import FixRun, fix_until_stable, write_fixed


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def diff_text(run: FixRun, report: Report, base: str) -> tuple[str, int]:
    """The unified diff of every changed file, and how many of its files had a masked line."""
    from redislint.fix.diff import file_diff

    secrets = [s for s in report.secrets if len(s) >= 3]

    def secret(line: str) -> bool:
        return any(s in line for s in secrets) or report.mask(line) != line

    parts: list[str] = []
    masked = 0
    for path in sorted(run.changed):
        rel = os.path.relpath(path, base).replace(os.sep, "/")
        text, hid = file_diff(rel, run.before[path], run.after[path], secret, lambda s: report.mask(s) if report.mask(s) != s else _mask_all(s, secrets))
        parts.append(text)
        masked += hid
    return "".join(parts), masked


def _mask_all(line: str, secrets: list[str]) -> str:
    for s in sorted(secrets, key=len, reverse=True):
        line = line.replace(s, "****")
    return line


def _where(report: Report, f: Finding) -> str:
    return f"{report.relpath(f.span.file)}:{f.span.start_line}:{f.span.start_col}"


def run_command(
    paths: list[str],
    settings: Settings,
    *,
    root: str,
    repository: str,
    apply: bool,
    unsafe: bool,
    show_diff: bool,
) -> tuple[FixRun, int]:
    """Run the fix loop; write (``apply``) and/or print the diff (``show_diff``). Returns the run and
    the exit status for ``--diff`` (1 when there is something to fix, as ``ruff --diff``)."""
    from redislint.fs import has_git

    run = fix_until_stable(paths, settings, root=root, repository=repository, unsafe=unsafe)
    report = run.report or run.first
    assert report is not None and run.first is not None
    first = run.first
    err = sys.stderr
    if show_diff:
        base = repository if has_git(repository) else root
        text, masked = diff_text(run, first, base)
        sys.stdout.write(text)
        if masked:
            click.echo(
                f"redislint: {_plural(masked, 'file')} of this diff had lines holding a secret, printed masked: "
                "those hunks do not apply; run 'redislint fix --apply' instead",
                file=err,
            )
    for r in run.refused:
        click.echo(f"redislint: fix not applied: {_where(first, r.finding)} {r.finding.rule_id}: {first.mask(r.reason)}", file=err)
    skipped: list[tuple[str, str]] = []
    if apply:
        skipped = write_fixed(run, repository)
        for path, why in skipped:
            click.echo(f"redislint: {first.relpath(path)}: {why}", file=err)
    left_alone = {p for p, _why in skipped}
    n_files = len(run.changed) - len(left_alone)
    verb = "fixed" if apply else "would fix"
    n = len({(f.rule_id, f.span) for f in run.applied if f.autofix is not None and not left_alone & set(f.autofix.files)})
    if not run.stable:
        click.echo(f"redislint: fixes still applied after {run.rounds} rounds: stopped (please report it)", file=err)
    left = [f for f in report.active if f.autofix is not None and (unsafe or f.autofix.applicability == "safe")]
    unsafe_left = [f for f in report.active if f.autofix is not None and f.autofix.applicability == "unsafe"]
    msg = f"redislint: {verb} {_plural(n, 'finding')} in {_plural(max(n_files, 0), 'file')}"
    if unsafe_left and not unsafe:
        msg += f"; {_plural(len(unsafe_left), 'more finding')} {'has' if len(unsafe_left) == 1 else 'have'} an unsafe fix (--unsafe-fixes)"
    if left:
        msg += f"; {len(left)} fixable left"
    click.echo(msg, file=err)
    code = 1 if show_diff and run.changed else 0
    return run, code
