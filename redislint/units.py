"""Sizes as Redis and Docker read them (they disagree: Redis ``1k`` is 1000, Docker ``1k`` is 1024),
and how a size is shown. Redis's own reading (``memtoull``: ``2gb`` = 2*1024^3, ``2g`` = 2*10^9,
checked against a server) lives with the rest of the server's number parsing, in
:func:`redislint.redis.numbers.parse_redis_memory`."""

from __future__ import annotations

import re

_DOCKER_RE = re.compile(r"^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$")
_DOCKER_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}


def parse_docker_memory(text: str) -> int | None:
    """Bytes for a Docker/Compose memory limit (``2G``, ``512m``, ``1.5g``, ``1073741824``)."""
    text = str(text).strip()
    m = _DOCKER_RE.match(text)
    if not m:
        return None
    unit = (m.group(2) or "").lower()
    return int(float(m.group(1)) * _DOCKER_UNITS[unit])


def human_bytes(n: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v == int(v) else f"{v:.2f} {unit}"
    return f"{n} B"
