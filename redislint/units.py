"""Sizes as Redis and Docker read them (they disagree: Redis ``1k`` is 1000, Docker ``1k`` is 1024),
and how a size is shown. Redis's own reading (``memtoull``: ``2gb`` = 2*1024^3, ``2g`` = 2*10^9,
checked against a server) lives with the rest of the server's number parsing, in
:func:`redislint.redis.numbers.parse_redis_memory`."""

from __future__ import annotations

import math
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
    return _bytes(float(m.group(1)) * _DOCKER_UNITS[unit])


def _bytes(value: float) -> int | None:
    """A size in whole bytes; None for one too large to be a float (``int(inf)`` raises)."""
    return int(value) if math.isfinite(value) else None


_KUBE_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(?:[eE]([0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m))?$")
_KUBE_UNITS = {
    "": 1.0, "m": 0.001, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    "Ki": 1024.0, "Mi": 1024.0**2, "Gi": 1024.0**3, "Ti": 1024.0**4, "Pi": 1024.0**5, "Ei": 1024.0**6,
}


def parse_kube_quantity(text: str) -> int | None:
    """Bytes for a Kubernetes memory quantity (``512Mi`` = 512*1024^2, ``1G`` = 10^9, ``1e9``,
    ``128974848``); None for anything else."""
    m = _KUBE_RE.match(str(text).strip())
    if not m:
        return None
    number = float(m.group(1))
    if m.group(2) is not None:
        # a float power: ``10 ** int(exp)`` of ``1e999999999`` would compute a billion-digit integer
        exp = m.group(2).lstrip("0") or "0"
        if len(exp) > 3:
            return None
        try:
            return _bytes(number * 10.0 ** int(exp))
        except OverflowError:
            return None
    return _bytes(number * _KUBE_UNITS[m.group(3) or ""])


def human_bytes(n: int) -> str:
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            v = n / size
            return f"{v:.0f} {unit}" if v == int(v) else f"{v:.2f} {unit}"
    return f"{n} B"
