"""Configuration from ``.redislint.toml`` or ``[tool.redislint]`` in ``pyproject.toml``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redislint.config_schema import FileConfig


class ConfigError(Exception):
    pass


def find_config(start: str) -> str | None:
    import tomllib
    d = os.path.abspath(start)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    for _ in range(30):
        for name in (".redislint.toml", "pyproject.toml"):
            p = os.path.join(d, name)
            if os.path.isfile(p):
                if name == "pyproject.toml":
                    try:
                        with open(p, "rb") as fh:
                            data = tomllib.load(fh)
                    except (OSError, ValueError):  # TOMLDecodeError, UnicodeDecodeError
                        continue
                    if "redislint" not in data.get("tool", {}):
                        continue
                return p
        if os.path.isdir(os.path.join(d, ".git")):
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def load_config(path: str) -> FileConfig:
    import tomllib
    try:
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 text") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("redislint", {})
    data = {k.replace("_", "-") if k in ("fail_on", "redis_version", "per_file_ignores") else k: v for k, v in data.items()}
    from redislint.config_schema import FileConfig

    try:
        return FileConfig.model_validate(data)
    except Exception as exc:  # pydantic.ValidationError
        raise ConfigError(f"{path}: {_first_error(exc)}") from None


def _first_error(exc: Exception) -> str:
    """One line: where the first problem is and what it is (not the offending value)."""
    errors = getattr(exc, "errors", None)
    try:
        first = errors()[0] if callable(errors) else None
    except Exception:
        first = None
    if not isinstance(first, dict):
        return str(exc).splitlines()[0]
    where = ".".join(str(x) for x in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid value')}" if where else str(first.get("msg", "invalid value"))
