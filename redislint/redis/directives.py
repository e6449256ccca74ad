"""Which configuration directives each Redis / Valkey version knows.

Data: ``redislint/data/redis-directives-by-version.csv`` (extracted from ``config.c`` of each release,
see research/redis-facts.md section 2.1) and ``redislint/data/directives-supplement.csv`` (Redis 8.x
additions known only from the release notes, section 2.3). A cell is ``Y`` (primary name), ``alias``
(an old name mapped to ``alias_of``), ``ignored`` (accepted, no effect) or empty (unknown: fatal).

Every Redis 8.x version is the 8.0 column plus the supplement rows whose version is at or below it.
This module is import-light and loads its data lazily, once. Versions: :mod:`redislint.redis.versions`.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from typing import Literal

from redislint.model.base import Struct, field
from redislint.redis.versions import NEWEST, PRODUCT_LABEL, Version

__all__ = [
    "Status",
    "alias_target",
    "all_names",
    "canonical",
    "closest",
    "column_for",
    "directive_key",
    "equivalent_here",
    "status",
    "versions_knowing",
]

Status = Literal["ok", "alias", "ignored", "unknown-here", "unknown"]

_COLUMN_RE = re.compile(r"^(redis|valkey)-(\d+)\.(\d+)")


class _Table(Struct):
    columns: dict[str, list[tuple[tuple[int, int], str]]] = field(default_factory=dict)
    """Per product, the (release, column name) pairs in release order."""
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    alias_of: dict[str, str] = field(default_factory=dict)
    supplement: dict[str, list[tuple[str, tuple[int, int]]]] = field(default_factory=dict)
    """name -> [(product, since)] for directives known only from release notes."""


def _release(text: str) -> tuple[int, int]:
    parts = text.strip().split(".")
    return (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)


@lru_cache(maxsize=1)
def _table() -> _Table:
    t = _Table()
    from redislint.datafiles import read_data

    reader = csv.reader(io.StringIO(read_data("redis-directives-by-version.csv"), newline=""))
    header = next(reader)
    col_names: list[str] = []
    for name in header[1:]:
        m = _COLUMN_RE.match(name)
        if m:
            t.columns.setdefault(m.group(1), []).append(((int(m.group(2)), int(m.group(3))), name))
        col_names.append(name)
    for row in reader:
        if not row or not row[0] or row[0].startswith("#"):
            continue
        name = row[0].strip().lower()
        values = dict(zip(col_names, (c.strip() for c in row[1:]), strict=False))
        alias = values.pop("alias_of", "")
        if alias:
            t.alias_of[name] = alias.lower()
        t.cells[name] = {k: v for k, v in values.items() if v}
    for cols in t.columns.values():
        cols.sort()
    rows = [r for r in csv.reader(io.StringIO(read_data("directives-supplement.csv"), newline="")) if r and not r[0].startswith("#")]
    for row in rows[1:]:
        if len(row) >= 3:
            t.supplement.setdefault(row[0].strip().lower(), []).append((row[1].strip(), _release(row[2])))
    return t


_COLUMNS: dict[tuple[str, tuple[int, int]], str] = {}


def column_for(version: Version) -> str:
    """The table column that describes ``version``: the newest column at or below it (the oldest if
    the version predates them all). Looked up once per product and release."""
    key = (version.product, version.release)
    chosen = _COLUMNS.get(key)
    if chosen is not None:
        return chosen
    cols = _table().columns.get(version.product) or _table().columns["redis"]
    chosen = cols[0][1]
    for release, name in cols:
        if release <= version.release:
            chosen = name
    _COLUMNS[key] = chosen
    return chosen


def _cell(name: str, version: Version) -> str:
    t = _table()
    cell = t.cells.get(name, {}).get(column_for(version), "")
    if cell:
        return cell
    for product, since in t.supplement.get(name, ()):
        if product == version.product and version.release >= since:
            return "Y"
    return ""


def _known_anywhere(name: str) -> bool:
    t = _table()
    return bool(t.cells.get(name)) or name in t.supplement


def status(name: str, version: Version = NEWEST) -> Status:
    """How ``version`` treats the directive ``name`` (case-insensitive).

    ``ok``: a primary name; ``alias``: an old name it maps to another; ``ignored``: accepted without
    effect; ``unknown-here``: refused by this version but known to another; ``unknown``: known to none.
    """
    key = name.lower()
    cell = _cell(key, version)
    if cell == "Y":
        return "ok"
    if cell == "alias":
        return "alias"
    if cell == "ignored":
        return "ignored"
    return "unknown-here" if _known_anywhere(key) else "unknown"


def canonical(name: str, version: Version = NEWEST) -> str:
    """The name ``version`` really sets: an alias resolves to its primary name."""
    key = name.lower()
    if _cell(key, version) == "alias":
        return _table().alias_of.get(key, key)
    return key


def alias_target(name: str) -> str | None:
    """The primary name ``name`` is an alias of in the versions where it is one (whatever the version)."""
    return _table().alias_of.get(name.lower())


def equivalent_here(name: str, version: Version) -> str | None:
    """For a name ``version`` does not know, another spelling of the same setting it does know
    (``primaryauth`` -> ``masterauth`` on Redis, ``hash-max-listpack-entries`` ->
    ``hash-max-ziplist-entries`` on 6.2)."""
    t = _table()
    key = name.lower()
    target = t.alias_of.get(key, key)
    candidates = [target, *sorted(n for n, a in t.alias_of.items() if a == target)]
    for cand in candidates:
        if cand != key and _cell(cand, version) in ("Y", "alias"):
            return cand
    return None


def _fmt(release: tuple[int, int]) -> str:
    return f"{release[0]}.{release[1]}"


def versions_knowing(name: str) -> list[str]:
    """Human labels of the versions that accept ``name``: ``["Redis 6.0–6.2"]``, ``["Redis 7.2+", "Valkey 7.2+"]``."""
    t = _table()
    key = name.lower()
    cells = t.cells.get(key, {})
    labels: list[str] = []
    for product in ("redis", "valkey"):
        cols = t.columns.get(product, [])
        label = PRODUCT_LABEL[product]
        known = [bool(cells.get(c)) for _, c in cols]
        i = 0
        while i < len(cols):
            if not known[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and known[j + 1]:
                j += 1
            if j == len(cols) - 1:
                labels.append(f"{label} {_fmt(cols[i][0])}+")
            elif i == j:
                labels.append(f"{label} {_fmt(cols[i][0])}")
            else:
                labels.append(f"{label} {_fmt(cols[i][0])}–{_fmt(cols[j][0])}")
            i = j + 1
        if cols and not known[-1]:
            for prod, since in t.supplement.get(key, ()):
                if prod == product:
                    labels.append(f"{label} {_fmt(since)}+")
    return labels


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    t = _table()
    return frozenset(n for n, c in t.cells.items() if c) | frozenset(t.supplement)


def all_names() -> frozenset[str]:
    """Every directive name some Redis or Valkey version accepts (aliases included)."""
    return _names()


@lru_cache(maxsize=1)
def _sorted_names() -> list[str]:
    return sorted(_names())


def closest(name: str) -> str | None:
    """The known directive name closest to ``name`` (a "did you mean"), or None."""
    key = name.lower()
    if not key:
        return None
    return _closest(key)


@lru_cache(maxsize=4096)
def _closest(key: str) -> str | None:
    # Memoized: a name repeated in many files (or an aliased command in many services) costs one
    # comparison against every directive name, not one per occurrence.
    import difflib

    # A ratio of 0.75 needs the shorter name to be at least 0.6 of the longer: the names outside that
    # length window would fail difflib's own first check, so leaving them out changes no answer.
    n = len(key)
    window = [c for c in _sorted_names() if 0.6 * max(n, len(c)) <= min(n, len(c))]
    matches = difflib.get_close_matches(key, window, n=1, cutoff=0.75)
    return matches[0] if matches else None


@lru_cache(maxsize=4096)
def directive_key(name: str) -> str:
    """The name all spellings of a directive are grouped under (``slaveof`` -> ``replicaof``,
    ``masterauth`` -> ``primaryauth``), from the per-version directive table."""
    name = name.lower()
    for _ in range(4):
        target = alias_target(name)
        if target is None or target == name:
            break
        name = target
    return name


@lru_cache(maxsize=1)
def directive_aliases() -> dict[str, str]:
    """Every alias -> the name all its spellings are grouped under (:func:`directive_key`): the table a
    node looks directives up with (:attr:`redislint.model.project.RedisNode.directive_keys`, set by
    the link stage). One shared mapping: never changed."""
    return {a: k for a in _table().alias_of if (k := directive_key(a)) != a}
