"""``redislint fix``: the fixes as a diff (default) or written with ``--apply``; a ``check`` run
with its fix options."""

from __future__ import annotations

import click

from redislint.cli.app import CONFIG, REDIS_VERSION, main
from redislint.cli.check import check


@main.command("fix")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--apply", "apply_", is_flag=True, help="Write the fixes (atomically) instead of printing them as a diff.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the unified diff (the default without --apply).")
@click.option("--unsafe-fixes", is_flag=True, help="Also the fixes that change behaviour (a port bound to 127.0.0.1, a lower maxmemory).")
@click.option("--select", multiple=True, help="Only the fixes of these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Not the fixes of these rules.")
@REDIS_VERSION
@CONFIG
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
