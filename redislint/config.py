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
