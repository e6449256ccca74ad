"""``redislint audit``: read running servers (read-only) and lint them with the catalog's rules,
optionally against the repository's configuration."""

from __future__ import annotations

import os
import sys

import click

from redislint.cli.app import SEVERITIES, Failure, main, os_reason, split_values, write_report
from redislint.output import FORMATS


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

    sel, ign = split_values(select), split_values(ignore)
    for s in (*sel, *ign):
        if not any(matches(r, s) for r in load_rules()):
            raise click.UsageError(f"unknown rule, name or tag: {s}")
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
        write_report(sarif_path, render(report, "sarif"), "SARIF report")
    options: dict[str, object] = {"color": color if output is None else False} if fmt == "text" else {}
    text = render(report, fmt, **options)
    if output:
        write_report(output, text, "report")
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    if report.exit_code == 2:
        click.echo("redislint: the audit is incomplete (exit status 2): see the notices", err=True)
    sys.exit(report.exit_code)
