"""The ``redislint`` command. Imports stay inside the commands: ``--version`` loads nothing heavy."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

import click

from redislint import __version__
from redislint.output import FORMATS  # the renderers' own list (importing the package loads no renderer)

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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default: text; github under GitHub Actions is not automatic).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of standard output.")
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
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes for large repositories (default 0: the cores available; 1: one process). The report is the same.")
@click.option("--no-cache", "no_cache", is_flag=True, help="Do not read or write the parse cache (.redislint_cache/ in the repository root).")
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
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
    jobs: int = 0,
    no_cache: bool = False,
) -> None:
    """Lint PATHS (files or folders; default: the current folder).

    A single file expands to its whole stack: a redis.conf is linted together with the compose
    files that mount it. Exit status: 0 nothing at or above --fail-on, 1 findings, 2 redislint
    could not do its job.
    """
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
        jobs=jobs,
    )
    from redislint.fs import repository_root

    root = os.getcwd()
    repository = repository_root(targets, cfg_file)
    fmt = fmt or "text"
    options: dict[str, object] = {}
    if fmt == "text":
        options = {"color": color if output is None else False, "show_suppressed": show_suppressed}
    elif fmt == "sarif":
        options = {"include_suppressed": show_suppressed}
    cache_key: str | None = None
    if not no_cache and not (apply_fixes or show_diff) and not _on_ci():
        from redislint import cache

        cache_key = cache.run_key({
            "paths": targets, "root": root, "repository": repository, "format": fmt, "options": options, "sarif": bool(sarif_path),
            "settings": {k: v for k, v in settings.model_dump().items() if k not in ("jobs", "cache_dir")}, "terminal": cache.terminal(),
        })  # fmt: skip
        hit = cache.load(repository, cache_key)
        if hit is not None:
            _print_result(hit, output, sarif_path, fmt)
        settings = settings.model_copy(update={"cache_dir": os.path.join(repository, CACHE_DIR)})
    import gc

    from redislint.api import lint

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
        report = lint(targets, settings, root=root, repository=repository)
    from redislint.output import render

    result: dict[str, object] = {
        "sarif": render(report, "sarif", include_suppressed=show_suppressed) if sarif_path else None,
        "text": render(report, fmt, **options),
        "active": len(report.active),
        "exit": report.exit_code,
        "crashed": any(f.rule_id == "RL900" for f in report.findings),
    }
    if cache_key is not None and report.dependencies is not None:
        from redislint import cache

        cache.save(repository, cache_key, report.dependencies, result)
    _print_result(result, output, sarif_path, fmt)


def _on_ci() -> bool:
    """A CI job (``CI`` set, as GitHub Actions, GitLab CI and most others do): no run cache there. A
    checkout is fresh anyway, and a cache file a pull request adds must never decide the result of
    the check that gates it."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _print_result(result: dict[str, Any], output: str | None, sarif_path: str | None, fmt: str) -> None:
    """Write a check's report where it was asked for and leave with its exit status (a fresh run's
    or the run cache's, :mod:`redislint.cache`: the same bytes)."""
    if sarif_path:
        _write_report(sarif_path, result["sarif"] or "", "SARIF report")
    text = result["text"]
    if output:
        _write_report(output, text, "report")
        if fmt != "text":
            # still say on the terminal what happened
            n = result["active"]
            click.echo(f"redislint: {n} finding{'s' if n != 1 else ''} written to {output}", err=True)
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    if result["exit"] == 2:
        why = "a rule crashed (RL900)" if result["crashed"] else "see the notices"
        click.echo(f"redislint: the check is incomplete (exit status 2): {why}", err=True)
    sys.exit(result["exit"])


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
@click.argument("topology", type=click.Choice(("standalone", "replication", "sentinel", "cluster", "tls")))
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
