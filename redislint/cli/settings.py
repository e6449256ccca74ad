"""The options shared by ``check``, ``fix`` and ``baseline`` (and the configuration file behind them)
turned into the engine's :class:`Settings`: selection with did-you-mean, severities, version, paths."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from redislint.cli.app import Failure, split_values

if TYPE_CHECKING:
    from redislint.config import FileConfig
    from redislint.engine.context import Settings


def settings_from_options(
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
    bad = [s for s in split_values(severity_overrides) if "=" not in s]
    if bad:
        raise click.UsageError(f"severity override needs RULE=LEVEL (e.g. RL201=low), got: {bad[0]}")
    try:
        for key, value in {**(cfg.severity if cfg else {}), **dict(s.split("=", 1) for s in split_values(severity_overrides) if "=" in s)}.items():
            r = find_rule(key)
            if r is None:
                from redislint.suggest import did_you_mean, rule_keys

                raise click.UsageError(f"unknown rule in severity override: {key}" + did_you_mean(key, rule_keys()))
            sev[r.id] = Severity.parse(value)
        fail = Severity.parse(fail_on or (cfg.fail_on if cfg and cfg.fail_on else "low"))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    sel = split_values(select) or tuple(cfg.select if cfg else ())
    ign = split_values(ignore) + tuple(cfg.ignore if cfg else ())
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
