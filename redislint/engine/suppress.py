"""Inline pragmas: ``# redislint: disable=RL201 -- reason`` (own line: the next directive or key;
trailing in YAML: that line) and ``# redislint: disable-file=RL401 -- reason``."""

from __future__ import annotations

import re

from redislint.model.base import Struct, field
from redislint.model.span import Span

PRAGMA = re.compile(
    r"#\s*redislint:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<rules>[A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)"
    r"(?:\s*--\s*(?P<reason>[^#]*?))?\s*(?:#.*)?$"
)


class Pragma(Struct):
    span: Span
    rules: list[str]
    reason: str
    file_wide: bool
    target_line: int | None
    target_end: int | None = None
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        if self.file_wide:
            return True
        if self.target_line is None or self.target_line < 0:
            return False
        return self.target_line <= line <= (self.target_end or self.target_line)


def parse_pragmas(path: str, text: str, yaml_like: bool) -> list[Pragma]:
    out: list[Pragma] = []
    lines = text.splitlines()
    pending: list[Pragma] = []
    for i, line in enumerate(lines, start=1):
        stripped = line.strip()
        m = PRAGMA.search(line) if "redislint:" in line else None
        own_line = stripped.startswith("#")
        if m and (own_line or yaml_like):
            col = m.start() + 1
            rules = [r.strip() for r in m.group("rules").split(",") if r.strip()]
            reason = (m.group("reason") or "").strip()
            file_wide = m.group("kind") == "disable-file"
            p = Pragma(Span.point(path, i, col, len(line.rstrip()) - m.start()), rules, reason, file_wide, None if file_wide else i)
            out.append(p)
            if not file_wide and own_line:
                pending.append(p)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        end = i
        if yaml_like:
            indent = len(line) - len(line.lstrip())
            j = i
            while j < len(lines):
                nxt = lines[j]
                if nxt.strip() and (len(nxt) - len(nxt.lstrip())) <= indent and not nxt.lstrip().startswith("#"):
                    break
                if nxt.strip() and not nxt.lstrip().startswith("#"):
                    end = j + 1
                j += 1
        for p in pending:
            p.target_line = i
            p.target_end = end
        pending = []
    for p in pending:
        p.target_line = -1
    return out
