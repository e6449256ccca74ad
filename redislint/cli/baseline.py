"""``redislint baseline`` (write today's findings) and the baseline ``check`` applies: which file,
relative to what, and the findings it takes out of a report."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from redislint.cli.app import CONFIG, PROFILE, REDIS_VERSION, RESPECT_GITIGNORE, Failure, main, write_report
from redislint.cli.settings import settings_from_options

if TYPE_CHECKING:
    from redislint.config import FileConfig
    from redislint.engine.context import Settings
    from redislint.engine.report import Report


def baseline_file(given: str | None, cfg: FileConfig | None, cfg_file: str | None) -> tuple[str, bool]:
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


def show_path(path: str) -> str:
    rel = os.path.relpath(os.path.abspath(path))
    return path if rel.startswith("..") else rel


def apply_baseline_file(report: Report, where: tuple[str, bool], settings: Settings, targets: list[str]) -> None:
    from redislint.baseline import BaselineError, Scope, apply_baseline, read_baseline
    from redislint.engine.runner import selected_rules
    from redislint.fs import is_user_file

    path, named = where
    if not named and not is_user_file(path):
        return
    try:
        entries = read_baseline(path, show_path(path))
    except BaselineError as exc:
        raise Failure(str(exc)) from None
    base = os.path.dirname(os.path.abspath(path))
    apply_baseline(report, entries, base, show_path(path), Scope(report, (r.id for r in selected_rules(settings)), base, targets))


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None, help="The file to write (default: .redislint-baseline.json beside the configuration file, else here; config: baseline).")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@PROFILE
@REDIS_VERSION
@CONFIG
@RESPECT_GITIGNORE
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

    targets, settings, cfg, cfg_file = settings_from_options(
        paths, config_path=config_path, select=select, ignore=ignore, profile=profile, redis_version=redis_version,
        respect_gitignore=respect_gitignore,
    )  # fmt: skip
    path, _named = baseline_file(baseline_path, cfg, cfg_file)
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
    write_report(path, dump(entries), "baseline")
    old = {e.key: e.count for e in previous}
    new = {e.key: e.count for e in entries}
    n = sum(new.values())
    added = sum(max(c - old.get(k, 0), 0) for k, c in new.items())
    dropped = sum(max(c - new.get(k, 0), 0) for k, c in old.items())
    click.echo(
        f"redislint: wrote {n} finding{'s' if n != 1 else ''} to {show_path(path)} ({added} new, {dropped} dropped)",
        err=True,
    )
