"""The changes of a fix run as a unified diff ``git apply`` accepts (``a/`` and ``b/`` prefixes, paths
relative to the folder ``git apply`` runs in, "No newline at end of file" markers).

A line holding a secret is never printed: context lines that hold one are left out of the hunk
(its context is shortened, the same on both sides, as ``git apply`` wants), and a changed line that
holds one is printed masked, which makes that hunk fail to apply: the caller says so."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

CONTEXT = 3
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _lines(text: str) -> list[str]:
    """Lines as git counts them: ended by LF (a CR stays part of its line)."""
    return _LINE.findall(text)


def _show(prefix: str, line: str) -> list[str]:
    if line.endswith("\n"):
        return [prefix + line]
    return [prefix + line + "\n", "\\ No newline at end of file\n"]


def file_diff(
    rel: str, before: str, after: str, secret: Callable[[str], bool], mask: Callable[[str], str]
) -> tuple[str, bool]:
    """The diff of one file, and whether a changed line had to be masked (the hunk will not apply)."""
    a, b = _lines(before), _lines(after)
    out = [f"diff --git a/{rel} b/{rel}\n", f"--- a/{rel}\n", f"+++ b/{rel}\n"]
    masked = False
    for opcodes in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(CONTEXT):
        group: list[list[Any]] = [list(op) for op in opcodes]
        first, last = group[0], group[-1]
        lead = first[2] - first[1] if first[0] == "equal" else 0
        trail = last[2] - last[1] if last[0] == "equal" else 0
        full = (lead, trail)
        if first[0] == "equal":
            ctx = a[first[1]:first[2]]
            lead = next((len(ctx) - 1 - i for i in range(len(ctx) - 1, -1, -1) if secret(ctx[i])), lead)
        if last[0] == "equal":
            ctx = a[last[1]:last[2]]
            trail = next((i for i, line in enumerate(ctx) if secret(line)), trail)
        start = first[2] - lead if first[0] == "equal" else first[1]
        end = last[1] + trail if last[0] == "equal" else last[2]
        # git apply anchors a hunk with less context before than after at the file's start (and the
        # other way round at its end): keep them equal elsewhere
        if lead < trail and start != 0:
            trail = lead
        if trail < lead and end != len(a):
            lead = trail
        if lead == trail == 0 and start != 0 and end != len(a):
            lead, trail = full  # git apply wants context here: shown masked (the hunk will not apply)
        if first[0] == "equal":
            first[1] = first[2] - lead
            first[3] = first[4] - lead
        if last[0] == "equal":
            last[2] = last[1] + trail
            last[4] = last[3] + trail
        i1, j1 = group[0][1], group[0][3]
        i2, j2 = group[-1][2], group[-1][4]
        body: list[str] = []
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                for line in a[x1:x2]:
                    if secret(line):
                        masked = True
                        line = mask(line)
                    body.extend(_show(" ", line))
                continue
            for line in a[x1:x2]:
                if secret(line):
                    masked, line = True, mask(line)
                body.extend(_show("-", line))
            for line in b[y1:y2]:
                if secret(line):
                    masked, line = True, mask(line)
                body.extend(_show("+", line))
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n")
        out.extend(body)
    return "".join(out), masked


def _range(start: int, count: int) -> str:
    if count == 0:
        return f"{start},0"
    return f"{start + 1}" if count == 1 else f"{start + 1},{count}"
