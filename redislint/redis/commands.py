"""The command tables: the top-level command names of Redis 7.0.15 (``COMMAND LIST`` on the real
server) and the commands every Redis since 6.0 has. Package data (``redislint/data/commands-*.txt``,
one name a line, ``#`` comments), read once through :mod:`redislint.datafiles`."""

from __future__ import annotations

from functools import lru_cache

from redislint.datafiles import read_data

__all__ = ["commands_70", "common_commands"]


def _names(data_file: str) -> frozenset[str]:
    text = read_data(data_file)
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def commands_70() -> frozenset[str]:
    """Top-level command names of Redis 7.0.15 (subcommands left out)."""
    return _names("commands-redis-7.0.15.txt")


@lru_cache(maxsize=1)
def common_commands() -> frozenset[str]:
    """Commands every Redis since 6.0 has (for older targets, where the 7.0 list is too wide)."""
    return _names("commands-common-redis-6.0.txt")
