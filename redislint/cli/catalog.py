"""The catalog and the starter stacks: ``redislint rules``, ``explain`` and ``init``."""

from __future__ import annotations

import click

from redislint.cli.app import Failure, main, os_reason


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
    platform_width = max(len(r.platform_label) for r in rules) if rules else 7
    for r in rules:
        fix = "fix:" + r.fix if r.fix else ""
        click.echo(f"{r.id}  {r.name:<{width}}  {r.severity.label:<8}  {r.scope_label:<{scope_width}}  {r.platform_label:<{platform_width}}  {fix:<10}  {','.join(r.tags):<{tag_width}}  {r.summary}")


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
@click.argument(
    "topology",
    type=click.Choice(("standalone", "replication", "sentinel", "cluster", "tls", "monitoring", "kubernetes-sentinel")),
)
@click.argument("directory", type=click.Path(file_okay=False))
def init(topology: str, directory: str) -> None:
    """Write a production-ready reference stack for TOPOLOGY into DIRECTORY, with fresh secrets."""
    from redislint.init import InitError, write_stack

    try:
        written = write_stack(topology, directory)
    except InitError as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"cannot write the {topology} stack to {directory}: {os_reason(exc)}") from None
    click.echo(f"wrote the {topology} stack to {directory} ({len(written)} files); passwords were generated and not shown")
