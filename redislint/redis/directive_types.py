"""The argument type of each directive, from ``redislint/data/directive-types.csv``: ``bool``,
``int`` and ``octal`` with bounds, ``memory`` and ``memory-percent`` sizes, ``enum`` and ``flags``
with per-value version gates, ``filename``, ``string``, or ``special`` (a grammar of its own, see
:mod:`redislint.redis.special`). An alias has the type of the directive it names."""

from __future__ import annotations

import csv
import io
from functools import lru_cache

from redislint.model.base import Struct
from redislint.redis import directives as _dirs
from redislint.redis.numbers import LIMITS, LLONG_MAX, LLONG_MIN, ULLONG_MAX
from redislint.redis.versions import Gate, Version, gate_ok

__all__ = ["MULTI_ARG", "DirectiveType", "type_of"]


class DirectiveType(Struct, frozen=True):
    """A directive's argument type: its kind, its values (enum, flags) or bounds (numbers)."""

    kind: str
    values: tuple[tuple[str, tuple[Gate, ...]], ...] = ()
    """For ``enum`` and ``flags``: each value (lower case) and the version gates that accept it."""
    lo: int = LLONG_MIN
    hi: int = LLONG_MAX


MULTI_ARG = frozenset(
    {
        "save",
        "bind",
        "client-output-buffer-limit",
        "oom-score-adj-values",
        "replicaof",
        "latency-tracking-info-percentiles",
        "shutdown-on-sigint",
        "shutdown-on-sigterm",
    }
)
"""Directives that take several arguments on one line."""


def _bound(text: str, default: int, octal: bool) -> int:
    text = text.strip()
    if not text:
        return default
    if text in LIMITS:
        return LIMITS[text]
    return int(text, 8 if octal else 10)


def _parse_type(kind: str, spec: str) -> DirectiveType:
    if kind in ("enum", "flags"):
        values: list[tuple[str, tuple[Gate, ...]]] = []
        for item in spec.split("|"):
            value, _, gate_text = item.partition("@")
            gates: list[Gate] = []
            for clause in filter(None, gate_text.split(";")):
                product, _, since = clause.partition(">=")
                major, _, minor = since.partition(".")
                gates.append(Gate(product.strip(), (int(major), int(minor or 0))))
            values.append((value.strip().lower(), tuple(gates)))
        return DirectiveType(kind, tuple(values))
    if kind in ("int", "memory", "memory-percent", "octal"):
        lo_text, _, hi_text = spec.partition("..")
        octal = kind == "octal"
        lo_default = 0 if kind.startswith("memory") else LLONG_MIN
        hi_default = ULLONG_MAX if kind.startswith("memory") else LLONG_MAX
        return DirectiveType(kind, lo=_bound(lo_text, lo_default, octal), hi=_bound(hi_text, hi_default, octal))
    return DirectiveType(kind)


def _gates(text: str) -> tuple[Gate, ...]:
    gates: list[Gate] = []
    for clause in filter(None, text.split(";")):
        product, _, since = clause.partition(">=")
        major, _, minor = since.partition(".")
        gates.append(Gate(product.strip(), (int(major), int(minor or 0))))
    return tuple(gates)


@lru_cache(maxsize=1)
def _all_types() -> tuple[dict[str, DirectiveType], dict[str, list[tuple[tuple[Gate, ...], DirectiveType]]]]:
    out: dict[str, DirectiveType] = {}
    later: dict[str, list[tuple[tuple[Gate, ...], DirectiveType]]] = {}
    from redislint.datafiles import read_data

    rows = [r for r in csv.reader(io.StringIO(read_data("directive-types.csv"), newline="")) if r and not r[0].startswith("#")]
    for row in rows[1:]:
        name, _, gate_text = row[0].strip().lower().partition("@")
        kind = row[1].strip() if len(row) > 1 else "string"
        spec = row[2] if len(row) > 2 else ""
        if gate_text:
            later.setdefault(name, []).append((_gates(gate_text), _parse_type(kind, spec)))
        else:
            out[name] = _parse_type(kind, spec)
    return out, later


def _types() -> dict[str, DirectiveType]:
    return _all_types()[0]


def type_of(name: str, version: Version | None = None) -> DirectiveType:
    """The type of directive ``name`` (its primary name's, for an alias) at ``version`` (a row of
    ``directive-types.csv`` gated to some versions wins there); ``string`` when unknown."""
    types, later = _all_types()
    key = name if name in types or name in later else (_dirs.alias_target(name) or name)
    if version is not None:
        for gates, t in later.get(key, ()):
            if gate_ok(gates, version):
                return t
    found = types.get(key)
    return found if found is not None else _STRING


_STRING = DirectiveType("string")
"""The type of a directive no row describes (one immutable value for all of them)."""
