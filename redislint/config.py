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
                    text = store.read(p)
                    try:
                        data = tomllib.loads(text) if text is not None else {}
                    except tomllib.TOMLDecodeError:
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

    from redislint.fs import decode, read_user_file

    try:
        data: dict[str, Any] = tomllib.loads(decode(read_user_file(path)) or "")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("redislint", {})
    data = {k.replace("_", "-") if k in ("fail_on", "redis_version", "per_file_ignores") else k: v for k, v in data.items()}
    from redislint.config_schema import FileConfig

    try:
        return FileConfig.model_validate(data)
    except Exception as exc:  # pydantic.ValidationError
        raise ConfigError(f"{path}: {str(exc).splitlines()[0]}: {exc}") from None
