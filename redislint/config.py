"""Configuration from ``.redislint.toml`` or ``[tool.redislint]`` in ``pyproject.toml``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redislint.config_schema import FileConfig


class ConfigError(Exception):
    pass


def find_config(start: str) -> str | None:
    """``.redislint.toml`` or a ``pyproject.toml`` with ``[tool.redislint]`` in the folder of ``start``
    or a parent, up to the git top level or the working folder, whichever is higher when it encloses
    ``start`` (nothing above it is read)."""
    import tomllib

    from redislint.fs import FileStore, repository_root

    d = os.path.abspath(start)
    bound = repository_root([d])
    cwd = os.getcwd()
    if bound != cwd and bound.startswith(cwd.rstrip(os.sep) + os.sep):
        bound = cwd  # linting a folder below the working folder: its configuration counts too
    store = FileStore(bound)
    if store.is_file(d):
        d = os.path.dirname(d)
    while store.is_dir(d):
        for name in (".redislint.toml", "pyproject.toml"):
            p = os.path.join(d, name)
            if store.is_file(p):
                if name == "pyproject.toml":
                    raw = store.read_bytes(p)
                    try:
                        data = tomllib.loads(raw.decode("utf-8")) if raw is not None else {}
                    except ValueError:  # TOMLDecodeError, UnicodeDecodeError: not a configuration
                        continue
                    if "redislint" not in data.get("tool", {}):
                        continue
                return p
        if d == store.real_root() or os.path.dirname(d) == d:
            return None
        d = os.path.dirname(d)
    return None


def load_config(path: str) -> FileConfig:
    import tomllib

    from redislint.fs import read_user_file

    try:
        # TOML is UTF-8 by definition: invalid bytes are an error, not replaced
        data: dict[str, Any] = tomllib.loads(read_user_file(path).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 text") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("redislint", {})
    data = {k.replace("_", "-") if k in _DASHED else k: v for k, v in data.items()}
    from redislint.config_schema import FileConfig

    try:
        return FileConfig.model_validate(data)
    except Exception as exc:  # pydantic.ValidationError
        raise ConfigError(f"{path}: {_first_error(exc, data)}") from None


# What each key holds, in the words of the error messages.
_KINDS = {
    "select": "a list of rule ids, names or tags",
    "ignore": "a list of rule ids, names or tags",
    "severity": "a table of RULE = \"low\" | \"medium\" | \"high\" | \"critical\"",
    "fail-on": "one of \"low\", \"medium\", \"high\", \"critical\"",
    "profile": "\"prod\" or \"dev\"",
    "redis-version": "a version such as \"7.4\" or \"valkey-8.0\"",
    "per-file-ignores": "a table of GLOB = [rules], globs relative to this file",
    "exclude": "a list of globs relative to this file",
    "respect-gitignore": "true or false",
    "baseline": "a path relative to this file (the baseline written by 'redislint baseline')",
    "sort": "\"severity\" or \"file\" (the order of text and concise reports)",
    "statistics": "true or false (text and concise reports: findings by rule and by file)",
    "quiet": "true or false (only the findings: no summary line)",
    "output-format": "a format (\"concise\") or a list of FORMAT[:FILE], files relative to this file",
    "show-suppressed": "true or false",
    "unsafe-fixes": "true or false (fix and check --fix/--diff: also the fixes that change behaviour)",
}


_DASHED = ("fail_on", "redis_version", "per_file_ignores", "respect_gitignore", "output_format", "show_suppressed", "unsafe_fixes")
"""Keys that may also be written with underscores (as in pyproject.toml habits)."""


def valid_keys() -> list[str]:
    return list(_KINDS)


def _first_error(exc: Exception, data: dict[str, Any]) -> str:
    """One line in redislint's words: which key, what is wrong, what it takes (never the value)."""
    from redislint.suggest import did_you_mean

    errors = getattr(exc, "errors", None)
    try:
        first = errors()[0] if callable(errors) else None
    except Exception:
        first = None
    if not isinstance(first, dict):
        return "invalid configuration"
    loc = [str(x) for x in first.get("loc", ())]
    key = loc[0] if loc else ""
    if first.get("type") == "extra_forbidden" and len(loc) == 1:
        return f"unknown key '{key}'{did_you_mean(key, _KINDS)}; the keys are: {', '.join(_KINDS)}"
    kind = _KINDS.get(key, "something else")
    if len(loc) > 1:
        where = key + "".join(f"[{x}]" if x.isdigit() else f".{x}" for x in loc[1:])
        return f"'{where}' is not valid: '{key}' takes {kind}"
    return f"'{key}' must be {kind}"
