"""Server versions and version gates: which product and release runs, and whether a value that only
some releases accept (``maxmemory-policy allkeys-lrm``, ``sentinel auth-user``) is accepted by it."""

from __future__ import annotations

import re
from typing import Literal

from redislint.model.base import Struct

__all__ = ["NEWEST", "PRODUCT_LABEL", "Gate", "Product", "Version", "gate_label", "gate_ok", "parse_version"]

Product = Literal["redis", "valkey"]

_VERSION_RE = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")
PRODUCT_LABEL = {"redis": "Redis", "valkey": "Valkey"}


class Version(Struct, frozen=True):
    """A server version: the product and its release number (patch optional)."""

    product: Product
    major: int
    minor: int = 0
    patch: int | None = None

    @property
    def release(self) -> tuple[int, int]:
        return (self.major, self.minor)

    def at_least(self, major: int, minor: int = 0) -> bool:
        return (self.major, self.minor) >= (major, minor)

    @property
    def label(self) -> str:
        num = f"{self.major}.{self.minor}" + (f".{self.patch}" if self.patch is not None else "")
        return f"{PRODUCT_LABEL[self.product]} {num}"

    def __str__(self) -> str:
        return self.label


NEWEST = Version("redis", 8, 10)
"""The version assumed when nothing says which one runs."""


def parse_version(product: str, text: str) -> Version:
    """``parse_version("redis", "7.4.2")``; also "7.4", "8", "v7.2", "7.2.4-alpine". Raises ValueError."""
    prod = product.strip().lower()
    if prod not in ("redis", "valkey"):
        raise ValueError(f"unknown product {product!r} (expected 'redis' or 'valkey')")
    m = _VERSION_RE.match(text)
    if not m:
        raise ValueError(f"not a version number: {text!r}")
    major = int(m.group(1))
    minor = int(m.group(2)) if m.group(2) is not None else 0
    patch = int(m.group(3)) if m.group(3) is not None else None
    return Version("redis" if prod == "redis" else "valkey", major, minor, patch)


class Gate(Struct, frozen=True):
    """A value is accepted by ``product`` from release ``since`` on."""

    product: str
    since: tuple[int, int]


def gate_ok(gates: tuple[Gate, ...], version: Version) -> bool:
    """Whether ``version`` passes one of the gates (no gates: every version)."""
    if not gates:
        return True
    return any(g.product == version.product and version.release >= g.since for g in gates)


def gate_label(gates: tuple[Gate, ...]) -> str:
    """``Redis 7.0+, Valkey 7.2+``."""
    return ", ".join(f"{g.product.capitalize()} {g.since[0]}.{g.since[1]}+" for g in gates)
