"""``redislint audit``: read running servers (read-only) and lint them with the catalog's rules,
optionally against the repository's configuration."""

from __future__ import annotations

import os
import sys

import click

from redislint.cli.app import CONFIG, PROFILE, REDIS_VERSION, SEVERITIES, Failure, main, os_reason
from redislint.cli.destinations import (
    FORMATS,
    destinations_from_options,
    emit,
    output_options,
    render_reports,
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
@click.option("--format", "--output-format", "-f", "fmt", multiple=True, metavar="FORMAT[:FILE]", help=f"Report format, and the file to write it to (repeatable, as check). Formats: {', '.join(FORMATS)} (default: text).")
@click.option("--output", "-o", multiple=True, type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output (repeatable, as check).")
@click.option("--sarif", "sarif_path", type=click.Path(dir_okay=False, writable=True), default=None, help="Also write a SARIF report to FILE (drift findings, at their repository lines).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Exit 1 when a finding is at least this severe (default: low, or the configuration's).")
@click.option("--select", multiple=True, help="Only these rules: ids, names, tags or id prefixes.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--severity", "severity_overrides", multiple=True, help="Override a rule's severity: RL201=low (repeatable).")
@PROFILE
@REDIS_VERSION
@CONFIG
@click.option("--sort", type=click.Choice(("severity", "file")), default=None, help="Order of the findings in text and concise reports.")
@click.option("--statistics", is_flag=True, help="Text and concise reports: add the number of findings by rule and by file.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings: no summary line; notices go to standard error.")
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
    fmt: tuple[str, ...],
    output: tuple[str, ...],
    sarif_path: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity_overrides: tuple[str, ...],
    profile: str | None,
    redis_version: str | None,
    config_path: str | None,
    sort: str | None,
    statistics: bool,
    quiet: bool,
    color: bool | None,
) -> None:
    """Audit running servers at URLS (redis://[user[:password]@]host:port, rediss://..., unix:///path)
    with the catalog's rules, read-only (INFO, CONFIG GET, ACL LIST, ROLE...; docs/audit.md).

    With --against PATH, also report where the running configuration differs from the repository's.
    The configuration (select, ignore, severity, fail-on, per-file-ignores, output-format...) is that
    of PATH (.redislint.toml or pyproject.toml, searched upward), else the current folder's, or --config.
    Exit status as check: 0 nothing at or above --fail-on, 1 findings, 2 a server could not be audited.
    """
    from redislint.audit.client import AuditError, TlsOptions
    from redislint.audit.run import AuditOptions, audit
    from redislint.cli.settings import settings_from_options

    destinations = destinations_from_options(fmt, output, sarif_path)
    _paths, settings, cfg, cfg_file = settings_from_options(
        (against,) if against else (), config_path=config_path, fail_on=fail_on, select=select, ignore=ignore,
        profile=profile, redis_version=redis_version, severity_overrides=severity_overrides,
    )  # fmt: skip
    destinations, sort, statistics, quiet = output_options(cfg, cfg_file, fmt, output, sarif_path, destinations, sort, statistics, quiet)
    targets = list(urls)
    if targets_file:
        from redislint.fs import read_user_file

        try:
            data = read_user_file(targets_file).decode("utf-8", "replace")
        except OSError as exc:
            raise Failure(f"cannot read {targets_file}: {os_reason(exc)}") from None
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
            raise Failure(f"cannot read the password file: {os_reason(exc)}") from None
    opts = AuditOptions(
        user=user, password=password, use_tls=use_tls or bool(cacert or cert or key or insecure),
        tls=TlsOptions(cacert=cacert, cert=cert, key=key, insecure=insecure),
        timeout=timeout, sentinel=sentinel, master=master, cluster=follow_cluster,
    )  # fmt: skip

    # a line per server on standard error when there are several (or a terminal watches); one server
    # audited into a pipe or a CI log gets none
    many = len(targets) + (1 if sentinel else 0) > 1 or follow_cluster or bool(sentinel)
    show = not quiet and (many or sys.stderr.isatty())

    def progress(i: int, n: int, where: str) -> None:
        if show:
            click.echo(f"redislint: auditing {where} ({i}/{n})", err=True)

    try:
        report = audit(targets, settings, opts, against=against, service=service, root=os.getcwd(), progress=progress)
    except AuditError as exc:
        raise Failure(str(exc)) from None
    result = render_reports(report, destinations, color=color, show_suppressed=False, sort=sort or "severity", statistics=statistics, quiet=quiet)
    if report.exit_code == 2:
        result["stderr"].append("redislint: the audit is incomplete (exit status 2): see the notices")
    emit(result)
