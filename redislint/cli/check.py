"""``redislint check``: lint paths (or standard input), apply the fixes when asked, the baseline,
the run cache, and write every report asked for."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from redislint.cli.app import (
    CONFIG,
    PROFILE,
    REDIS_VERSION,
    RESPECT_GITIGNORE,
    SEVERITIES,
    Failure,
    main,
    os_reason,
)
from redislint.cli.baseline import apply_baseline_file, baseline_file
from redislint.cli.destinations import (
    FORMATS,
    destinations_from_options,
    emit,
    output_options,
    render_reports,
    write_job_summary,
)
from redislint.cli.settings import settings_from_options

if TYPE_CHECKING:
    from redislint.engine.report import Report

CACHE_DIR = ".redislint_cache"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "-f", "fmt", multiple=True, metavar="FORMAT[:FILE]", help=f"Report format, and the file to write it to (repeatable: several reports from one run). Formats: {', '.join(FORMATS)} (default: text).")
@click.option("--output", "-o", multiple=True, type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output (repeatable: the n-th --output goes with the n-th --format given without a file).")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, writable=True), default=None, help="Also write a SARIF report to FILE, in the same run (for code scanning).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Exit 1 when a finding is at least this severe (default: low).")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, names, tags or id prefixes.")
@PROFILE
@REDIS_VERSION
@CONFIG
@click.option("--show-suppressed", is_flag=True, help="Text/SARIF: also show suppressed findings.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")
@click.option("--severity", "severity_overrides", multiple=True, help="Override a rule's severity: RL201=low (repeatable).")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply the safe fixes (written atomically), then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff (for git apply) instead of a report; change nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also the fixes that change behaviour.")
@RESPECT_GITIGNORE
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None, help="Report only findings this baseline does not hold (default: .redislint-baseline.json when it exists; config: baseline).")
@click.option("--no-baseline", is_flag=True, help="Report every finding, whatever the baseline holds.")
@click.option("--sort", type=click.Choice(("severity", "file")), default=None, help="Order of the findings in text and concise reports: the most severe first (default), or by file and line.")
@click.option("--statistics", is_flag=True, help="Text and concise reports: add the number of findings by rule and by file.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings: no summary line; notices go to standard error.")
@click.option("--stdin-filename", default=None, metavar="NAME", help="With PATH '-': lint standard input as the file NAME (the name decides its kind and is shown in findings).")
@click.option("--allow-empty", is_flag=True, help="Exit 0, not 2, when a folder holds no compose file, redis.conf or sentinel.conf, or no file named is one (the pre-commit hook passes any changed .conf or env file).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes for large repositories (default 0: the cores available; 1: one process). The report is the same.")
@click.option("--no-cache", "no_cache", is_flag=True, help="Do not read or write the run cache (.redislint_cache/ in the repository root; never used when CI is set).")
def check(
    paths: tuple[str, ...],
    fmt: tuple[str, ...],
    output: tuple[str, ...],
    sarif_path: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    profile: str | None,
    redis_version: str | None,
    config_path: str | None,
    show_suppressed: bool,
    color: bool | None,
    severity_overrides: tuple[str, ...],
    apply_fixes: bool = False,
    show_diff: bool = False,
    unsafe_fixes: bool = False,
    respect_gitignore: bool | None = None,
    baseline_path: str | None = None,
    no_baseline: bool = False,
    sort: str | None = None,
    statistics: bool = False,
    quiet: bool = False,
    stdin_filename: str | None = None,
    allow_empty: bool = False,
    jobs: int = 0,
    no_cache: bool = False,
) -> None:
    """Lint PATHS (files or folders; default: the current folder).

    A single file expands to its whole stack: a redis.conf is linted together with the compose
    files that mount it; '-' reads standard input, named by --stdin-filename. Exit status: 0
    nothing at or above --fail-on, 1 findings, 2 redislint could not do its job (a missing path, a
    folder with no compose file, redis.conf or sentinel.conf, only files that are none of those).
    """
    destinations = destinations_from_options(fmt, output, sarif_path)
    overlay = None
    if "-" in paths or stdin_filename is not None:
        if apply_fixes or show_diff:
            raise click.UsageError("standard input cannot be fixed: name the file")
        paths, overlay = _stdin(paths, stdin_filename)
    targets, settings, cfg, cfg_file = settings_from_options(
        paths, config_path=config_path, fail_on=fail_on, select=select, ignore=ignore, profile=profile,
        redis_version=redis_version, severity_overrides=severity_overrides, respect_gitignore=respect_gitignore,
        allow_empty=allow_empty, jobs=jobs,
    )  # fmt: skip
    destinations, sort, statistics, quiet = output_options(cfg, cfg_file, fmt, output, sarif_path, destinations, sort, statistics, quiet)
    if cfg is not None:
        show_suppressed = show_suppressed or cfg.show_suppressed
        unsafe_fixes = unsafe_fixes or cfg.unsafe_fixes
    from redislint.fs import repository_root

    root = os.getcwd()
    repository = repository_root(targets, cfg_file)
    cache_key: str | None = None
    baseline_where = baseline_file(baseline_path, cfg, cfg_file)
    from redislint.fs import is_user_file

    baseline_used = not no_baseline and (baseline_where[1] or is_user_file(baseline_where[0]))
    cacheable = (
        not no_cache and not (apply_fixes or show_diff) and overlay is None and not baseline_used
        and not any(f == "github" for f, _p in destinations) and not _on_ci()
    )  # fmt: skip
    if cacheable:
        from redislint import cache

        cache_key = cache.run_key({
            "paths": targets, "root": root, "repository": repository, "destinations": destinations,
            "options": {"color": color, "show_suppressed": show_suppressed, "sort": sort, "statistics": statistics, "quiet": quiet},
            "settings": {k: v for k, v in settings.model_dump().items() if k not in ("jobs", "cache_dir")}, "terminal": cache.terminal(),
        })  # fmt: skip
        hit = cache.load(repository, cache_key)
        if hit is not None:
            emit(hit)
        settings = settings.model_copy(update={"cache_dir": os.path.join(repository, CACHE_DIR)})
    import gc

    from redislint.api import lint  # after the cache's answer: a hit loads neither the linker nor the rules

    gc.freeze()  # every module and the settings live until the end: the collector need not walk them again
    # The model is a tree (no cycles to free) that lives until the process leaves: at 1,000 stacks
    # the collector's passes cost 8 % of the CPU and freed 2,400 objects (benchmarks/RESULTS.md).
    gc.disable()
    if apply_fixes or show_diff:
        from redislint.fix.command import run_command

        run, code = run_command(
            targets, settings, root=root, repository=repository, apply=apply_fixes, unsafe=unsafe_fixes, show_diff=show_diff
        )
        here = click.get_current_context()
        if show_diff or (here.parent is not None and here.parent.command.name == "fix"):
            sys.exit(max(code, 2 if run.report is not None and run.report.exit_code == 2 else 0))
        assert run.report is not None
        report = run.report
    else:
        report = lint(targets, settings, root=root, repository=repository, overlay=overlay)
    if not no_baseline:
        apply_baseline_file(report, baseline_where, settings, targets)
    result = render_reports(report, destinations, color=color, show_suppressed=show_suppressed, sort=sort or "severity", statistics=statistics, quiet=quiet)
    if report.exit_code == 2:
        result["stderr"].append(f"redislint: the check is incomplete (exit status 2): {_why_incomplete(report)}")
    if cache_key is not None and report.dependencies is not None:
        from redislint import cache

        cache.save(repository, cache_key, report.dependencies, result)
    if any(fmt == "github" for fmt, _p in destinations):
        write_job_summary(report)
    emit(result)


def _on_ci() -> bool:
    """A CI job (``CI`` set, as GitHub Actions, GitLab CI and most others do): no run cache there. A
    checkout is fresh anyway, and a cache file a pull request adds must never decide the result of
    the check that gates it."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _why_incomplete(report: Report) -> str:
    if any(f.rule_id == "RL900" for f in report.findings):
        return "a rule crashed (RL900)"
    return report.mask(report.incomplete) if report.incomplete else "see the notices"


def _stdin(paths: tuple[str, ...], name: str | None) -> tuple[tuple[str, ...], dict[str, str]]:
    """``check -``: standard input read (with the size cap of files) as the file ``name``."""
    from redislint.fs import MAX_FILE_BYTES, decode, read_stdin

    if paths != ("-",):
        raise click.UsageError("'-' (standard input) must be the only path" if "-" in paths else "--stdin-filename goes with the path '-'")
    if not name:
        raise click.UsageError("'-' needs --stdin-filename NAME: the name decides what the text is (compose.yaml, redis.conf, sentinel.conf...)")
    try:
        data = read_stdin(MAX_FILE_BYTES)
    except OSError as exc:
        raise Failure(f"standard input is {os_reason(exc)}: not checked") from None
    text = decode(data)
    if text is None:
        raise Failure("standard input is binary (it contains NUL bytes): not checked")
    return (name,), {os.path.realpath(os.path.abspath(name)): text}
