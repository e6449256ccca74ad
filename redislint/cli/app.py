"""The ``redislint`` command group and what every command shares: the one-line failure (exit 2),
writing a report file, comma-separated option values, the options several commands take."""

from __future__ import annotations

from typing import IO, Any

import click

from redislint import __version__

SEVERITIES = ("low", "medium", "high", "critical")


class Failure(click.ClickException):
    """redislint could not do its job: one line on standard error, exit status 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"redislint: {self.format_message()}", file=file, err=file is None)


def os_reason(exc: OSError) -> str:
    """The operating system's reason, without the path or anything else the exception carries."""
    return exc.strerror or type(exc).__name__


def write_report(path: str, text: str, what: str) -> None:
    from redislint.fs import write_output

    try:
        write_output(path, text)
    except OSError as exc:
        raise Failure(f"cannot write the {what} to {path}: {os_reason(exc)}") from None


def split_values(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


PROFILE = click.option("--profile", type=click.Choice(("prod", "dev")), default=None, help="prod (default) runs every rule; dev skips production-only rules.")
REDIS_VERSION = click.option("--redis-version", default=None, help="Version assumed for config files no compose service runs (e.g. 7.4, valkey-8.0).")
CONFIG = click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None, help="Configuration file (default: .redislint.toml or pyproject.toml [tool.redislint], searched upward).")
RESPECT_GITIGNORE = click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Walking folders, skip what .gitignore files cover (default: yes; config: respect-gitignore).")
"""Options check, baseline, fix and audit share: one definition each, so their names, types and
defaults cannot drift apart (``--select``/``--ignore`` keep a help text per command)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="redislint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint Redis and Valkey deployments: Docker Compose files, redis.conf and sentinel.conf."""
