"""The command tables and ACL categories of each supported server, read from the real servers by
``tools/oracle_tables.py`` (``COMMAND`` and ``ACL CAT`` of Redis 6.2.16, 7.0.15, 7.2.6, 7.4.1 and
Valkey 8.0.1, and ``COMMAND`` of their Sentinels): package data ``redislint/data/commands-NAME.txt``,
``sentinel-commands-NAME.txt`` and ``acl-categories-NAME.txt`` (one name a line, ``#`` comments;
subcommands as ``command|subcommand`` for 7.0+). A version is described by the table of its release
line, or the nearest older one (Redis 6.0 by 6.2, 8.x by 7.4, Valkey 7.2 by 7.2's Redis tables, 9.x by
8.0). :func:`exact_table` says when the table is the version's own line, where an unknown name is
sure to be refused. Imports nothing of redislint but the data files."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from redislint.datafiles import read_data

__all__ = [
    "TABLES",
    "acl_categories",
    "commands",
    "commands_70",
    "common_commands",
    "exact_table",
    "sentinel_commands",
    "table_for",
]

TABLES: dict[str, tuple[tuple[int, int], str]] = {
    "redis-6.2": ((6, 2), "redis-6.2.16"),
    "redis-7.0": ((7, 0), "redis-7.0.15"),
    "redis-7.2": ((7, 2), "redis-7.2.6"),
    "redis-7.4": ((7, 4), "redis-7.4.1"),
    "valkey-8.0": ((8, 0), "valkey-8.0.1"),
}
"""The release lines whose tables were read from a real server."""

Product = Literal["redis", "valkey"]


def _names(data_file: str) -> frozenset[str]:
    text = read_data(data_file)
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def table_for(product: str, release: tuple[int, int]) -> str:
    """The server build whose tables describe ``product`` ``release``."""
    if product == "valkey":
        return "valkey-8.0.1" if release >= (8, 0) else "redis-7.2.6"
    best = "redis-6.2.16"
    for (line, name) in (v for k, v in TABLES.items() if k.startswith("redis-")):
        if release >= line:
            best = name
    return best


def exact_table(product: str, release: tuple[int, int]) -> bool:
    """Whether the tables are those of this very release line (else they are a neighbour's)."""
    return f"{product}-{release[0]}.{release[1]}" in TABLES


@lru_cache(maxsize=16)
def commands(name: str) -> frozenset[str]:
    """Every command of server build ``name`` (``redis-7.2.6``), subcommands as ``cmd|sub``."""
    return _names(f"commands-{name}.txt")


@lru_cache(maxsize=16)
def sentinel_commands(name: str) -> frozenset[str]:
    """The commands of the Sentinel of server build ``name``."""
    return _names(f"sentinel-commands-{name}.txt")


@lru_cache(maxsize=16)
def acl_categories(name: str) -> frozenset[str]:
    """``ACL CAT`` of server build ``name``."""
    return _names(f"acl-categories-{name}.txt")


@lru_cache(maxsize=1)
def commands_70() -> frozenset[str]:
    """Top-level command names of Redis 7.0.15 (subcommands left out)."""
    return frozenset(n for n in commands("redis-7.0.15") if "|" not in n)


@lru_cache(maxsize=1)
def common_commands() -> frozenset[str]:
    """Commands every Redis since 6.0 has (for older targets, where the 7.0 list is too wide)."""
    return _names("commands-common-redis-6.0.txt")
