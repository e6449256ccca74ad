"""The ``redislint`` command. Imports stay inside the commands: ``--version`` loads nothing heavy."""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any

import click

from redislint import __version__
from redislint.output import FORMATS  # the renderers' own list (importing the package loads no renderer)

if TYPE_CHECKING:
    from redislint.config import FileConfig
    from redislint.engine.context import Settings
    from redislint.engine.report import Report

SEVERITIES = ("low", "medium", "high", "critical")
CACHE_DIR = ".redislint_cache"


class Failure(click.ClickException):
    """redislint could not do its job: one line on standard error, exit status 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"redislint: {self.format_message()}", file=file, err=file is None)


def _os_reason(exc: OSError) -> str:
    """The operating system's reason, without the path or anything else the exception carries."""
    return exc.strerror or type(exc).__name__


def _write_report(path: str, text: str, what: str) -> None:
    from redislint.fs import write_output

    try:
        write_output(path, text)
    except OSError as exc:
        raise Failure(f"cannot write the {what} to {path}: {_os_reason(exc)}") from None


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="redislint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint Redis and Valkey deployments: Docker Compose files, redis.conf and sentinel.conf."""


def _settings(
    paths: tuple[str, ...],
    *,
    config_path: str | None,
    fail_on: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    profile: str | None = None,
    redis_version: str | None = None,
    severity_overrides: tuple[str, ...] = (),
    respect_gitignore: bool | None = None,
    allow_empty: bool = False,
    jobs: int = 1,
) -> tuple[list[str], Settings, FileConfig | None, str | None]:
    """The paths to lint, the settings, the configuration and its file, from the options of
    ``check`` (and of ``baseline``, which lints the same way)."""
    from redislint.config import ConfigError, find_config, load_config
    from redislint.engine.context import Settings
    from redislint.engine.registry import find_rule
    from redislint.engine.rule import Severity

    targets = list(paths) or ["."]
    cfg_file = config_path or find_config(targets[0])
    try:
        cfg = load_config(cfg_file) if cfg_file else None
    except ConfigError as exc:
        raise Failure(str(exc)) from None
    from redislint.engine.registry import load_rules, matches

    sev: dict[str, Severity] = {}
    bad = [s for s in _split(severity_overrides) if "=" not in s]
    if bad:
        raise click.UsageError(f"severity override needs RULE=LEVEL (e.g. RL201=low), got: {bad[0]}")
    try:
        for key, value in {**(cfg.severity if cfg else {}), **dict(s.split("=", 1) for s in _split(severity_overrides) if "=" in s)}.items():
            r = find_rule(key)
            if r is None:
                from redislint.suggest import did_you_mean, rule_keys

                raise click.UsageError(f"unknown rule in severity override: {key}" + did_you_mean(key, rule_keys()))
            sev[r.id] = Severity.parse(value)
        fail = Severity.parse(fail_on or (cfg.fail_on if cfg and cfg.fail_on else "low"))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    sel = _split(select) or tuple(cfg.select if cfg else ())
    ign = _split(ignore) + tuple(cfg.ignore if cfg else ())
    for s in (*sel, *ign):
        if not any(matches(r, s) for r in load_rules()):
            from redislint.suggest import did_you_mean, rule_words

            raise click.UsageError(f"unknown rule, name or tag: {s}" + did_you_mean(s, rule_words()))
    version = redis_version or (cfg.redis_version if cfg else None)
    if version is not None:
        from redislint.link import parse_version_option

        try:
            parse_version_option(version)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    settings = Settings(
        profile=profile or (cfg.profile if cfg and cfg.profile else "prod"),
        select=sel,
        ignore=ign,
        severity=sev,
        fail_on=fail,
        redis_version=version,
        per_file_ignores={k: tuple(v) for k, v in (cfg.per_file_ignores.items() if cfg else ())},
        exclude=tuple(cfg.exclude) if cfg else (),
        config_base=os.path.dirname(os.path.abspath(cfg_file)) if cfg_file else "",
        respect_gitignore=respect_gitignore if respect_gitignore is not None else (cfg.respect_gitignore if cfg else True),
        allow_empty=allow_empty,
        jobs=jobs,
    )
    return targets, settings, cfg, cfg_file


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "-f", "fmt", multiple=True, metavar="FORMAT[:FILE]", help=f"Report format, and the file to write it to (repeatable: several reports from one run). Formats: {', '.join(FORMATS)} (default: text).")
@click.option("--output", "-o", multiple=True, type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output (repeatable: the n-th --output goes with the n-th --format given without a file).")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, writable=True), default=None, help="Also write a SARIF report to FILE, in the same run (for code scanning).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Exit 1 when a finding is at least this severe (default: low).")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, names, tags or id prefixes.")
@click.option("--profile", type=click.Choice(("prod", "dev")), default=None, help="prod (default) runs every rule; dev skips production-only rules.")
@click.option("--redis-version", default=None, help="Version assumed for config files no compose service runs (e.g. 7.4, valkey-8.0).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None, help="Configuration file (default: .redislint.toml or pyproject.toml [tool.redislint], searched upward).")
@click.option("--show-suppressed", is_flag=True, help="Text/SARIF: also show suppressed findings.")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal, off with NO_COLOR).")
@click.option("--severity", "severity_overrides", multiple=True, help="Override a rule's severity: RL201=low (repeatable).")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply the safe fixes (written atomically), then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff (for git apply) instead of a report; change nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also the fixes that change behaviour.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Walking folders, skip what .gitignore files cover (default: yes; config: respect-gitignore).")
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
    destinations = _destinations(fmt, output, sarif_path)
    overlay = None
    if "-" in paths or stdin_filename is not None:
        if apply_fixes or show_diff:
            raise click.UsageError("standard input cannot be fixed: name the file")
        paths, overlay = _stdin(paths, stdin_filename)
    targets, settings, cfg, cfg_file = _settings(
        paths, config_path=config_path, fail_on=fail_on, select=select, ignore=ignore, profile=profile,
        redis_version=redis_version, severity_overrides=severity_overrides, respect_gitignore=respect_gitignore,
        allow_empty=allow_empty, jobs=jobs,
    )  # fmt: skip
    from redislint.api import lint
    from redislint.fs import repository_root

    root = os.getcwd()
    repository = repository_root(targets, cfg_file)
    cache_key: str | None = None
    baseline_where = _baseline_file(baseline_path, cfg, cfg_file)
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
            _emit(hit)
        settings = settings.model_copy(update={"cache_dir": os.path.join(repository, CACHE_DIR)})
    import gc

    gc.freeze()  # every module and the settings live until the end: the collector need not walk them again
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
        _apply_baseline(report, baseline_where, settings, targets)
    result = _render_reports(report, destinations, color=color, show_suppressed=show_suppressed, sort=sort or "severity", statistics=statistics, quiet=quiet)
    if report.exit_code == 2:
        result["stderr"].append(f"redislint: the check is incomplete (exit status 2): {_why_incomplete(report)}")
    if cache_key is not None and report.dependencies is not None:
        from redislint import cache

        cache.save(repository, cache_key, report.dependencies, result)
    if any(fmt == "github" for fmt, _p in destinations):
        _write_job_summary(report)
    _emit(result)


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
        raise Failure(f"standard input is {_os_reason(exc)}: not checked") from None
    text = decode(data)
    if text is None:
        raise Failure("standard input is binary (it contains NUL bytes): not checked")
    return (name,), {os.path.realpath(os.path.abspath(name)): text}


HUMAN = ("text", "concise")
"""The formats written for people (sorted by severity, with statistics on request, in colour on a terminal)."""


def _destinations(fmts: tuple[str, ...], outputs: tuple[str, ...], sarif_path: str | None) -> list[tuple[str, str | None]]:
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


def _render_reports(
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
    everything :func:`_emit` writes (and the run cache keeps, already masked)."""
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


def _emit(result: dict[str, Any]) -> None:
    """Write a check's reports where they were asked for, say what :func:`_render_reports` says on
    standard error, and leave with the exit status (a fresh run's or the run cache's: the same bytes)."""
    for fmt, path, text in result["outputs"]:
        if path is None:
            sys.stdout.write(text)
            if text and not text.endswith("\n"):
                sys.stdout.write("\n")
        else:
            _write_report(path, text, "SARIF report" if fmt == "sarif" else "report")
    for line in result["stderr"]:
        click.echo(line, err=True)
    sys.exit(result["exit"])


def _write_job_summary(report: Report) -> None:
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
        raise Failure(f"cannot write the job summary ($GITHUB_STEP_SUMMARY): {_os_reason(exc)}") from None


def _baseline_file(given: str | None, cfg: FileConfig | None, cfg_file: str | None) -> tuple[str, bool]:
    """The baseline file and whether it was named (``--baseline``, the configuration's ``baseline``,
    relative to the configuration file) or is the default (``.redislint-baseline.json`` beside the
    configuration file, else in the working folder), which may not exist."""
    from redislint.baseline import DEFAULT_NAME

    base = os.path.dirname(os.path.abspath(cfg_file)) if cfg_file else os.getcwd()
    if given:
        return given, True
    if cfg is not None and cfg.baseline:
        return os.path.join(base, cfg.baseline), True
    return os.path.join(base, DEFAULT_NAME), False


def _show(path: str) -> str:
    rel = os.path.relpath(os.path.abspath(path))
    return path if rel.startswith("..") else rel


def _apply_baseline(report: Report, where: tuple[str, bool], settings: Settings, targets: list[str]) -> None:
    from redislint.baseline import BaselineError, Scope, apply_baseline, read_baseline
    from redislint.engine.runner import selected_rules
    from redislint.fs import is_user_file

    path, named = where
    if not named and not is_user_file(path):
        return
    try:
        entries = read_baseline(path, _show(path))
    except BaselineError as exc:
        raise Failure(str(exc)) from None
    base = os.path.dirname(os.path.abspath(path))
    apply_baseline(report, entries, base, _show(path), Scope(report, (r.id for r in selected_rules(settings)), base, targets))


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None, help="The file to write (default: .redislint-baseline.json beside the configuration file, else here; config: baseline).")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--profile", type=click.Choice(("prod", "dev")), default=None, help="prod (default) or dev.")
@click.option("--redis-version", default=None, help="Version assumed for config files no compose service runs.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None, help="Configuration file.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Walking folders, skip what .gitignore files cover.")
def baseline_cmd(
    paths: tuple[str, ...],
    baseline_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    profile: str | None,
    redis_version: str | None,
    config_path: str | None,
    respect_gitignore: bool | None,
) -> None:
    """Accept today's findings in PATHS: write them to the baseline file, so that check reports
    only new ones. Run it again to drop the entries fixed since (the reasons written in the file
    are kept). Exit status: 0 written, 2 redislint could not do its job (nothing is written)."""
    from redislint.api import lint
    from redislint.baseline import BaselineError, Scope, build_entries, dump, read_baseline
    from redislint.engine.runner import selected_rules
    from redislint.fs import repository_root

    targets, settings, cfg, cfg_file = _settings(
        paths, config_path=config_path, select=select, ignore=ignore, profile=profile, redis_version=redis_version,
        respect_gitignore=respect_gitignore,
    )  # fmt: skip
    path, _named = _baseline_file(baseline_path, cfg, cfg_file)
    from redislint.fs import is_user_file

    previous = []
    if is_user_file(path):
        try:
            previous = read_baseline(path)
        except BaselineError:
            previous = []  # rewritten from scratch
    report = lint(targets, settings, root=os.getcwd(), repository=repository_root(targets, cfg_file))
    if report.exit_code == 2:
        for notice in report.notices:
            click.echo(f"redislint: {report.mask(notice)}", err=True)
        raise Failure("the check is incomplete: the baseline was not written")
    base = os.path.dirname(os.path.abspath(path))
    entries = build_entries(report, base, Scope(report, (r.id for r in selected_rules(settings)), base, targets), previous)
    _write_report(path, dump(entries), "baseline")
    old = {e.key: e.count for e in previous}
    new = {e.key: e.count for e in entries}
    n = sum(new.values())
    added = sum(max(c - old.get(k, 0), 0) for k, c in new.items())
    dropped = sum(max(c - new.get(k, 0), 0) for k, c in old.items())
    click.echo(
        f"redislint: wrote {n} finding{'s' if n != 1 else ''} to {_show(path)} ({added} new, {dropped} dropped)",
        err=True,
    )


@main.command("audit")
@click.argument("urls", nargs=-1)
@click.option("--sentinel", default=None, metavar="HOST:PORT", help="Audit a Sentinel group: this Sentinel, the Sentinels it knows, and the primary and replicas of --master.")
@click.option("--master", default=None, metavar="NAME", help="With --sentinel: the master name to audit (default: every master it monitors).")
@click.option("--cluster", "follow_cluster", is_flag=True, help="Follow CLUSTER NODES: audit every node of the cluster.")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False), default=None, help="A file with one URL per line (# comments).")
@click.option("--user", default=None, help="ACL user name (as redis-cli --user).")
@click.option("--password-file", type=click.Path(dir_okay=False), default=None, help="Read the password from FILE (else the URL's, else REDISCLI_AUTH).")
@click.option("--tls", "use_tls", is_flag=True, help="Connect with TLS (as rediss://).")
@click.option("--cacert", type=click.Path(dir_okay=False), default=None, help="CA certificate file to verify the server.")
@click.option("--cert", type=click.Path(dir_okay=False), default=None, help="Client certificate file.")
@click.option("--key", type=click.Path(dir_okay=False), default=None, help="Client private key file.")
@click.option("--insecure", is_flag=True, help="Do not verify the server's certificate (only when asked).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds to wait for each reply (connect: 5).")
@click.option("--against", type=click.Path(), default=None, help="Compare the running configuration with the repository's (a folder or file).")
@click.option("--service", default=None, help="With --against: the compose service the server runs.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, writable=True), default=None, help="Also write a SARIF report to FILE.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="low", help="Exit 1 when a finding is at least this severe.")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--color/--no-color", default=None, help="Force colour on or off.")
def audit_cmd(
    urls: tuple[str, ...],
    sentinel: str | None,
    master: str | None,
    follow_cluster: bool,
    targets_file: str | None,
    user: str | None,
    password_file: str | None,
    use_tls: bool,
    cacert: str | None,
    cert: str | None,
    key: str | None,
    insecure: bool,
    timeout: float,
    against: str | None,
    service: str | None,
    fmt: str | None,
    output: str | None,
    sarif_path: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    color: bool | None,
) -> None:
    """Audit running servers at URLS (redis://[user[:password]@]host:port, rediss://..., unix:///path)
    with the catalog's rules, read-only (INFO, CONFIG GET, ACL LIST, ROLE...; docs/audit.md).

    With --against PATH, also report where the running configuration differs from the repository's.
    Exit status as check: 0 nothing at or above --fail-on, 1 findings, 2 a server could not be audited.
    """
    from redislint.audit.client import AuditError, TlsOptions
    from redislint.audit.run import AuditOptions, audit
    from redislint.engine.context import Settings
    from redislint.engine.registry import load_rules, matches
    from redislint.engine.rule import Severity

    sel, ign = _split(select), _split(ignore)
    for s in (*sel, *ign):
        if not any(matches(r, s) for r in load_rules()):
            raise click.UsageError(f"unknown rule, name or tag: {s}")
    targets = list(urls)
    if targets_file:
        from redislint.fs import read_user_file

        try:
            data = read_user_file(targets_file).decode("utf-8", "replace")
        except OSError as exc:
            raise Failure(f"cannot read {targets_file}: {_os_reason(exc)}") from None
        targets += [ln.strip() for ln in data.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not targets and not sentinel:
        raise click.UsageError("give at least one URL, --targets FILE or --sentinel HOST:PORT")
    if master and not sentinel:
        raise click.UsageError("--master needs --sentinel")
    password = None
    if password_file:
        from redislint.fs import read_user_file

        try:
            password = read_user_file(password_file).decode("utf-8", "replace").strip("\r\n")
        except OSError as exc:
            raise Failure(f"cannot read the password file: {_os_reason(exc)}") from None
    opts = AuditOptions(
        user=user, password=password, use_tls=use_tls or bool(cacert or cert or key or insecure),
        tls=TlsOptions(cacert=cacert, cert=cert, key=key, insecure=insecure),
        timeout=timeout, sentinel=sentinel, master=master, cluster=follow_cluster,
    )  # fmt: skip
    settings = Settings(select=sel, ignore=ign, fail_on=Severity.parse(fail_on))

    def progress(i: int, n: int, where: str) -> None:
        if n > 1:
            click.echo(f"redislint: auditing {where} ({i}/{n})", err=True)

    try:
        report = audit(targets, settings, opts, against=against, service=service, root=os.getcwd(), progress=progress)
    except AuditError as exc:
        raise Failure(str(exc)) from None
    from redislint.output import render

    fmt = fmt or "text"
    if sarif_path:
        _write_report(sarif_path, render(report, "sarif"), "SARIF report")
    options: dict[str, object] = {"color": color if output is None else False} if fmt == "text" else {}
    text = render(report, fmt, **options)
    if output:
        _write_report(output, text, "report")
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    if report.exit_code == 2:
        click.echo("redislint: the audit is incomplete (exit status 2): see the notices", err=True)
    sys.exit(report.exit_code)


@main.command("fix")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--apply", "apply_", is_flag=True, help="Write the fixes (atomically) instead of printing them as a diff.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the unified diff (the default without --apply).")
@click.option("--unsafe-fixes", is_flag=True, help="Also the fixes that change behaviour (a port bound to 127.0.0.1, a lower maxmemory).")
@click.option("--select", multiple=True, help="Only the fixes of these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Not the fixes of these rules.")
@click.option("--redis-version", default=None, help="Version assumed for config files no compose service runs.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None, help="Configuration file.")
@click.pass_context
def fix_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    apply_: bool,
    show_diff: bool,
    unsafe_fixes: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    redis_version: str | None,
    config_path: str | None,
) -> None:
    """Fix what the rules can fix in PATHS: print a diff (default), or write it with --apply.

    Safe fixes keep the deployment's meaning; unsafe ones change its behaviour and need
    --unsafe-fixes. After the fixes the files are linted again, until no more fix applies. Exit
    status: 0 done (nothing to fix, or written), 1 --diff printed changes, 2 redislint could not do its job."""
    ctx.invoke(
        check,
        paths=paths,
        select=select,
        ignore=ignore,
        redis_version=redis_version,
        config_path=config_path,
        apply_fixes=apply_,
        show_diff=show_diff or not apply_,
        unsafe_fixes=unsafe_fixes,
    )


@main.command("rules")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "json", "markdown")), default="text")
def rules_cmd(fmt: str) -> None:
    """List every rule: id, name, severity, scope, platform, fix (safe or unsafe, when it has one),
    tags and summary (json: the profile too)."""
    from redislint.engine.registry import load_rules

    rules = load_rules()
    if fmt == "json":
        import json

        data = [
            {
                "id": r.id,
                "name": r.name,
                "severity": r.severity.label,
                "scope": r.scope_label,
                "profile": r.profile,
                "platforms": list(r.platforms) or ["all"],
                "tags": list(r.tags),
                "fix": r.fix,
                "summary": r.summary,
            }
            for r in rules
        ]
        click.echo(json.dumps(data, indent=2))
        return
    if fmt == "markdown":
        from redislint.docs import rule_table

        click.echo(rule_table(rules), nl=False)
        return
    width = max(len(r.name) for r in rules) if rules else 10
    tag_width = max(len(",".join(r.tags)) for r in rules) if rules else 4
    scope_width = 14  # "sentinel-group"; a longer label (several scopes) pushes its line on
    for r in rules:
        fix = "fix:" + r.fix if r.fix else ""
        click.echo(f"{r.id}  {r.name:<{width}}  {r.severity.label:<8}  {r.scope_label:<{scope_width}}  {r.platform_label:<7}  {fix:<10}  {','.join(r.tags):<{tag_width}}  {r.summary}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the documentation of RULE (an id such as RL402, or a name)."""
    from redislint.engine.registry import find_rule
    from redislint.engine.report import read_rule_doc

    r = find_rule(rule)
    if r is None:
        from redislint.suggest import did_you_mean, rule_keys

        hint = did_you_mean(rule, rule_keys())
        raise click.UsageError(f"unknown rule: {rule}{hint or ' (see redislint rules)'}")
    click.echo(f"{r.id} {r.name}")
    click.echo(f"severity: {r.severity.label}   scope: {r.scope_label}   profile: {r.profile}   platform: {r.platform_label}   fix: {r.fix or 'none'}   tags: {', '.join(r.tags)}")
    click.echo(f"summary: {r.summary}")
    click.echo("")
    doc = read_rule_doc(r.id)
    click.echo(doc if doc else "(no documentation page is installed for this rule)")


@main.command()
@click.argument("topology", type=click.Choice(("standalone", "replication", "sentinel", "cluster", "tls", "monitoring")))
@click.argument("directory", type=click.Path(file_okay=False))
def init(topology: str, directory: str) -> None:
    """Write a production-ready reference stack for TOPOLOGY into DIRECTORY, with fresh secrets."""
    from redislint.init import InitError, write_stack

    try:
        written = write_stack(topology, directory)
    except InitError as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"cannot write the {topology} stack to {directory}: {_os_reason(exc)}") from None
    click.echo(f"wrote the {topology} stack to {directory} ({len(written)} files); passwords were generated and not shown")


def crash_summary(exc: BaseException) -> str:
    """``ValueError at span.py:27``: the exception's type and the innermost frame of redislint that
    raised it. Never the exception's text, which may quote a file's content or a secret."""
    from redislint.engine.runner import crash_where

    return f"{type(exc).__name__}{crash_where(exc, ours=True)}"


def entry() -> None:
    """The console script and ``python -m redislint``: run the CLI, flush the output, and leave
    without the interpreter's teardown (garbage-collecting every module object costs more than the
    rest of a small run). Files are closed before this point; nothing registers exit handlers."""
    import gc

    # The model of a run lives until the end (the process then leaves without teardown), so the
    # collector's full passes over it only cost time: with the default thresholds they made large
    # inputs (thousands of services) superlinear. Collect rarely instead of never.
    gc.set_threshold(200_000, 20, 10)
    code: int = 0
    try:
        main.main(prog_name="redislint")
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    except KeyboardInterrupt:
        sys.stderr.write("redislint: interrupted\n")
        code = 130
    except Exception as exc:  # the last line of defence: never a traceback
        sys.stderr.write(f"redislint: internal error, the check did not run to the end: {crash_summary(exc)} (please report it)\n")
        code = 2
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (redislint ... | head)
        code = code or 1
    os._exit(code)
