"""Where a check's reports go: ``--format FMT[:FILE]``, ``--output``, ``--sarif`` combined into
destinations, the report rendered once per destination, written (or replayed from the run cache),
and GitHub's job summary."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from redislint.cli.app import Failure, os_reason, write_report
from redislint.output import FORMATS  # the renderers' own list (importing the package loads no renderer)

if TYPE_CHECKING:
    from redislint.config import FileConfig
    from redislint.engine.report import Report


HUMAN = ("text", "concise")
"""The formats written for people (sorted by severity, with statistics on request, in colour on a terminal)."""


def destinations_from_options(fmts: tuple[str, ...], outputs: tuple[str, ...], sarif_path: str | None) -> list[tuple[str, str | None]]:
    """The reports to write: (format, file or None for standard output). ``--format FMT:FILE`` names
    its file; the n-th ``--output`` goes with the n-th ``--format`` given without one (with no
    ``--format``, one ``--output`` takes the text report); ``--sarif FILE`` adds ``sarif:FILE``. At
    most one report goes to standard output, and no file takes two."""
    from redislint.suggest import did_you_mean

    specs: list[tuple[str, str | None]] = []
    for value in fmts or ("text",):
        name, sep, path = value.partition(":")
        name = name.strip().lower()
        if name not in FORMATS:
            raise click.UsageError(f"unknown format: {name or value!r}{did_you_mean(name, FORMATS)} (use {', '.join(FORMATS)})")
        if sep and not path:
            raise click.UsageError(f"--format {value}: no file after ':'")
        specs.append((name, path or None))
    free = [i for i, (_n, p) in enumerate(specs) if p is None]
    if len(outputs) > len(free):
        raise click.UsageError(f"{len(outputs)} --output files for {len(free)} --format without a file: give each --output a --format (or write --format FMT:FILE)")
    for i, path in zip(free, outputs, strict=False):
        specs[i] = (specs[i][0], path)
    if sarif_path:
        specs.append(("sarif", sarif_path))
    if sum(1 for _n, p in specs if p is None) > 1:
        raise click.UsageError("only one report can go to standard output: give the others a file (--format json:report.json)")
    files = [os.path.abspath(p) for _n, p in specs if p is not None]
    if len(set(files)) != len(files):
        raise click.UsageError("two reports would be written to the same file")
    return specs


def config_destinations(
    formats: str | list[str], cfg_file: str | None, outputs: tuple[str, ...], sarif_path: str | None
) -> list[tuple[str, str | None]]:
    """The configuration's ``output-format`` (used when no ``--format`` is given) as destinations: a
    file named there is relative to the configuration file; ``--output`` and ``--sarif`` combine
    with it as with ``--format``."""
    base = os.path.dirname(os.path.abspath(cfg_file)) if cfg_file else os.getcwd()
    specs: list[str] = []
    for value in [formats] if isinstance(formats, str) else formats:
        name, sep, path = value.partition(":")
        specs.append(f"{name}:{os.path.join(base, path)}" if sep and path else value)
    try:
        return destinations_from_options(tuple(specs), outputs, sarif_path)
    except click.UsageError as exc:
        raise Failure(f"{cfg_file}: 'output-format': {exc.format_message()}") from None


def output_options(
    cfg: FileConfig | None,
    cfg_file: str | None,
    fmt: tuple[str, ...],
    outputs: tuple[str, ...],
    sarif_path: str | None,
    destinations: list[tuple[str, str | None]],
    sort: str | None,
    statistics: bool,
    quiet: bool,
) -> tuple[list[tuple[str, str | None]], str | None, bool, bool]:
    """Where the options left the output unset, what the configuration file says: its
    ``output-format`` when no ``--format`` is given, ``sort``, ``statistics``, ``quiet`` (the same
    for ``check`` and ``audit``)."""
    if cfg is None:
        return destinations, sort, statistics, quiet
    if not fmt and cfg.output_format:
        destinations = config_destinations(cfg.output_format, cfg_file, outputs, sarif_path)
    return destinations, sort or cfg.sort, statistics or cfg.statistics, quiet or cfg.quiet


def render_reports(
    report: Report,
    destinations: list[tuple[str, str | None]],
    *,
    color: bool | None,
    show_suppressed: bool,
    sort: str,
    statistics: bool,
    quiet: bool,
) -> dict[str, Any]:
    """The report rendered once per destination, what to say on standard error, and the exit status:
    everything :func:`emit` writes (and the run cache keeps, already masked)."""
    from redislint.output import render

    outputs: list[list[str | None]] = []
    stderr: list[str] = []
    to_stdout = [fmt for fmt, path in destinations if path is None]
    for fmt, path in destinations:
        options: dict[str, object] = {}
        if fmt in HUMAN:
            options = {"color": color if path is None else False, "show_suppressed": show_suppressed, "sort": sort, "statistics": statistics, "quiet": quiet}
        elif fmt == "sarif":
            options = {"include_suppressed": show_suppressed}
        outputs.append([fmt, path, render(report, fmt, **options)])
    if quiet:
        stderr += [f"redislint: notice: {report.mask(n)}" for n in (report.notices if any(f in HUMAN for f in to_stdout) else ())]
    elif not to_stdout:
        # still say on the terminal what happened
        n = len(report.active)
        shown = ", ".join(p for _f, p in destinations if p is not None)
        stderr.append(f"redislint: {n} finding{'s' if n != 1 else ''} written to {shown}")
    return {"outputs": outputs, "stderr": stderr, "exit": report.exit_code}


def emit(result: dict[str, Any]) -> None:
    """Write a check's reports where they were asked for, say what :func:`render_reports` says on
    standard error, and leave with the exit status (a fresh run's or the run cache's: the same bytes)."""
    for fmt, path, text in result["outputs"]:
        if path is None:
            sys.stdout.write(text)
            if text and not text.endswith("\n"):
                sys.stdout.write("\n")
        else:
            write_report(path, text, "SARIF report" if fmt == "sarif" else "report")
    for line in result["stderr"]:
        click.echo(line, err=True)
    sys.exit(result["exit"])


def write_job_summary(report: Report) -> None:
    """Append the Markdown summary to the file GitHub Actions names in ``$GITHUB_STEP_SUMMARY`` (the
    path is the runner's: never printed)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from redislint.fs import append_output
    from redislint.output import render

    try:
        append_output(path, render(report, "github-summary"))
    except OSError as exc:
        raise Failure(f"cannot write the job summary ($GITHUB_STEP_SUMMARY): {os_reason(exc)}") from None
