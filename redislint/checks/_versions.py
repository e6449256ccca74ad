"""Release lines of Redis and Valkey: end of life and minimum patched release (data/versions.csv).
Not a rule (leading underscore)."""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io

from redislint.datafiles import read_data
from redislint.model.base import Struct


class Line(Struct, frozen=True):
    product: str
    line: tuple[int, int]
    eol: _dt.date | None
    """End of life; None when no date is known yet (supported)."""
    past: bool
    """Listed as no longer supported (no date)."""
    min_patched: tuple[int, ...] | None
    advisories: tuple[str, ...]
    """Advisories fixed in the line, as written: ``CVE-...`` (first fixed by :attr:`min_patched`) or
    ``CVE-...@7.4.6`` (first fixed by that earlier release of the line)."""
    source: str

    def missing_fixes(self, version: tuple[int, ...]) -> list[str]:
        """The advisories a release of this line has no fix for."""
        out = []
        for a in self.advisories:
            cve, _, fixed = a.partition("@")
            first = _version(fixed) if fixed else self.min_patched
            if first is not None and version < first:
                out.append(cve)
        return out

    @property
    def label(self) -> str:
        return f"{self.line[0]}.{self.line[1]}"

    def is_eol(self, today: _dt.date) -> bool:
        return self.past or (self.eol is not None and today >= self.eol)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@functools.lru_cache(maxsize=1)
def release_lines() -> dict[tuple[str, tuple[int, int]], Line]:
    text = read_data("versions.csv")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out: dict[tuple[str, tuple[int, int]], Line] = {}
    for row in csv.DictReader(io.StringIO("\n".join(rows))):
        major, minor = _version(row["line"])[:2]
        eol_text = row["eol"].strip()
        out[(row["product"], (major, minor))] = Line(
            product=row["product"],
            line=(major, minor),
            eol=_dt.date.fromisoformat(eol_text) if eol_text[:1].isdigit() else None,
            past=eol_text == "past",
            min_patched=_version(row["min_patched"]) if row["min_patched"].strip() else None,
            advisories=tuple(row["advisories"].split()),
            source=row["source"],
        )
    return out


def line_of(product: str, version: tuple[int, ...] | None) -> Line | None:
    if not version or len(version) < 2:
        return None
    return release_lines().get((product, (version[0], version[1])))


def major_lines(product: str, major: int) -> list[Line]:
    return [ln for (p, (ma, _mi)), ln in release_lines().items() if p == product and ma == major]


def fmt(version: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in version)
