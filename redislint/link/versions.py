"""Link stage: which directive table applies (product and version from an image tag or the
``--redis-version`` option)."""

from __future__ import annotations

import re

NEWEST = {"redis": (8, 10), "valkey": (8, 0)}
_MAJOR_LATEST = {("redis", 6): (6, 2), ("redis", 7): (7, 4), ("redis", 8): (8, 10), ("valkey", 7): (7, 2), ("valkey", 8): (8, 0), ("valkey", 9): (8, 0)}

# The releases --redis-version may name: those the directive tables cover (Redis 6.0-8.x, Valkey 7.2-9.x).
_OPTION_RANGE = {"redis": ((6, 0), (8,)), "valkey": ((7, 2), (9,))}


def keydb_redis_version(version: tuple[int, ...] | None) -> tuple[int, ...]:
    """The Redis release a KeyDB release follows: KeyDB 6.x merged Redis 6.2 and never Redis 7
    (Snapchat/KeyDB issue #420; 6.3.4 of Oct 2023 is its last release), 5.x Redis 5.0."""
    if version and version[0] < 6:
        return (5, 0)
    return (6, 2)


def effective_version(product: str, version: tuple[int, ...] | None) -> tuple[int, ...]:
    if product == "keydb":
        return keydb_redis_version(version)
    prod = product if product in NEWEST else "redis"
    if not version:
        return NEWEST[prod]
    if len(version) == 1:
        return _MAJOR_LATEST.get((prod, version[0]), (version[0], 0))
    return version


def parse_version_option(text: str | None) -> tuple[str, tuple[int, ...]]:
    if not text:
        return "redis", NEWEST["redis"]
    product = "redis"
    t = text.strip().lower()
    if t.startswith("valkey"):
        product = "valkey"
        t = t[6:].lstrip(":-@ ")
    elif t.startswith("redis"):
        t = t[5:].lstrip(":-@ ")
    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?$", t)
    if not m:
        raise ValueError(f"cannot read version {text!r} (expected e.g. 7.4, 7.2.5, valkey-8.0)")
    parts = tuple(int(g) for g in m.groups() if g is not None)
    low, high = _OPTION_RANGE[product]
    version = effective_version(product, parts)
    if not low <= version[:2] <= (*high, 999):
        known = f"{low[0]}.{low[1]} to {high[0]}.x"
        raise ValueError(f"unknown {'Valkey' if product == 'valkey' else 'Redis'} version {text!r}: redislint knows {'Valkey' if product == 'valkey' else 'Redis'} {known}")
    return product, version
