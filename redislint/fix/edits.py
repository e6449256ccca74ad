"""Text edits from fixes: positions to offsets, what may not be touched, applying bottom-up."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from redislint.engine.finding import Finding, Fix
from redislint.model.base import Record, field

_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_CONF_KINDS = ("redis-conf", "sentinel-conf", "conf")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])([&*])[A-Za-z0-9_][^\s\[\]{},]*|<<\s*:")
_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"")
_INTERPOLATION = re.compile(r"\$\{|\$[A-Za-z_]")


class TextEdit(Record, frozen=True):
    """Replace ``text[start:end]`` by ``new``."""

    start: int
    end: int
    new: str


class Refusal(Record, frozen=True):
    """A fix that was not applied, and why (in words a user can act on)."""

    finding: Finding
    reason: str


class Applied(Record):
    """The outcome of one round: the new texts and what was applied or refused."""

    texts: dict[str, str] = field(default_factory=dict)
    applied: list[Finding] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def line_starts(text: str, kind: str) -> list[int]:
    """Offsets where lines start, lines counted as the file's parser counts them (YAML: CR, LF, CRLF,
    NEL, LS, PS; redis.conf: LF only)."""
    starts = [0]
    if kind == "compose":
        starts.extend(m.end() for m in _YAML_BREAK.finditer(text))
    else:
        starts.extend(i + 1 for i, c in enumerate(text) if c == "\n")
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
    return starts


def newline_of(text: str) -> str:
    m = re.search(r"\r\n|\n|\r", text)
    return m.group(0) if m else "\n"


def offset(text: str, starts: list[int], line: int, col: int) -> int | None:
    """The offset of a 1-based position, None when the text has no such position. Column 1 of the
    line after the last is the end of the text (where a fix appends)."""
    if line == len(starts) + 1 and col == 1:
        return len(text)
    if not 1 <= line <= len(starts):
        return None
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    pos = start + col - 1
    return pos if pos <= end else None


def _lines_of(text: str, starts: list[int], first: int, last: int) -> str:
    a = starts[first - 1] if first - 1 < len(starts) else len(text)
    b = starts[last] if last < len(starts) else len(text)
    return text[a:b]


def resolve(fix: Fix, texts: dict[str, str], kinds: dict[str, str]) -> dict[str, list[TextEdit]] | str:
    """The text edits of ``fix`` per file, or the reason it cannot be applied to these texts."""
    out: dict[str, list[TextEdit]] = {}
    starts_of: dict[str, list[int]] = {}
    for e in fix.edits:
        path = e.span.file
        text = texts.get(path)
        if text is None:
            return "the file was not read in this run"
        kind = kinds.get(path, "other")
        if kind not in ("compose", *_CONF_KINDS):
            return f"redislint does not edit {kind} files"
        starts = starts_of.setdefault(path, line_starts(text, kind))
        a = offset(text, starts, e.span.start_line, e.span.start_col)
        b = offset(text, starts, e.span.end_line, e.span.end_col)
        if a is None or b is None or b < a:
            return "the file no longer has the text the fix was computed for"
        if e.old is not None and text[a:b] != e.old:
            return "the text at the fix's position is not written as the rule read it (a variable, an override or an include gives it)"
        new = e.text
        nl = newline_of(text)
        if nl != "\n":
            new = new.replace("\n", nl)
        if a == len(text) and new and text and not text.endswith(("\n", "\r")):
            new = nl + new
        if kind == "compose" and _in_anchor(text, a, b):
            return "the YAML there is an anchor's node, shared through aliases: edit it by hand (a change would reach every place that uses it)"
        if kind == "compose":
            touched = _lines_of(text, starts, e.span.start_line, max(e.span.start_line, e.span.end_line - (e.span.end_col == 1 and e.span.end_line > e.span.start_line)))
            if a == b and a == len(text):
                touched = ""
            why = _yaml_refusal(touched, interpolation=True)
            if why:
                return why
        out.setdefault(path, []).append(TextEdit(start=a, end=b, new=new))
    if fix.region is not None:
        r = fix.region
        text = texts.get(r.file)
        if text is not None and kinds.get(r.file) == "compose":
            starts = starts_of.setdefault(r.file, line_starts(text, "compose"))
            why = _yaml_refusal(_lines_of(text, starts, r.start_line, r.end_line), interpolation=False)
            if why:
                return why
    return out


def _at(mark: Any) -> int:
    return int(getattr(mark, "index", 0))


def anchored_ranges(text: str) -> list[tuple[int, int]]:
    """Where the anchored nodes of a YAML text are (character offsets): what aliases share."""
    import yaml

    out: list[tuple[int, int]] = []
    stack: list[tuple[bool, int]] = []
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.ScalarEvent) and ev.anchor:
                out.append((_at(ev.start_mark), _at(ev.end_mark)))
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append((bool(ev.anchor), _at(ev.start_mark)))
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and stack:
                anchored, start = stack.pop()
                if anchored:
                    out.append((start, _at(ev.end_mark)))
    except yaml.YAMLError:
        return [(0, len(text))]
    return out


_ANCHORS: dict[str, list[tuple[int, int]]] = {}


def _in_anchor(text: str, a: int, b: int) -> bool:
    ranges = _ANCHORS.get(text)
    if ranges is None:
        if len(_ANCHORS) > 64:
            _ANCHORS.clear()
        ranges = _ANCHORS[text] = anchored_ranges(text) if ("&" in text) else []
    return any(s <= a < e or s < b <= e for s, e in ranges)


def _yaml_refusal(text: str, *, interpolation: bool) -> str | None:
    for raw in text.splitlines():
        line = _strip_comment(raw)
        m = _ANCHOR.search(_QUOTED.sub("''", line))
        if m:
            what = "a merge key" if m.group(0).lstrip().startswith("<<") else "an anchor" if m.group(1) == "&" else "an alias"
            return f"the YAML there uses {what}: edit it by hand (a change would reach every place that shares it)"
        if interpolation and _INTERPOLATION.search(line):
            return "the YAML there uses ${...} interpolation: edit it by hand (the value depends on the environment)"
    return None


def _strip_comment(line: str) -> str:
    """The line without a YAML comment (a ``#`` after a blank, outside quotes)."""
    quote = ""
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return (a.start < b.end and b.start < a.end) or (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)


def apply_round(fixes: Iterable[Finding], texts: dict[str, str], kinds: dict[str, str]) -> Applied:
    """Apply every fix that does not overlap one accepted before it (in the order given), each fix's
    edits together or not at all; identical fixes (several findings, one edit) are applied once."""
    result = Applied()
    accepted: dict[str, list[TextEdit]] = {}
    seen: dict[tuple[tuple[str, int, int, str], ...], bool] = {}
    for f in fixes:
        assert f.autofix is not None
        plan = resolve(f.autofix, texts, kinds)
        if isinstance(plan, str):
            result.refused.append(Refusal(finding=f, reason=plan))
            continue
        key = tuple(sorted((p, e.start, e.end, e.new) for p, es in plan.items() for e in es))
        if key in seen:
            if seen[key]:
                result.applied.append(f)
            continue
        clash = any(_overlaps(e, o) for p, es in plan.items() for e in es for o in accepted.get(p, ()))
        inner = [e for es in plan.values() for e in es]
        if not clash and any(_overlaps(x, y) for i, x in enumerate(inner) for y in inner[i + 1:]):
            clash = True
        seen[key] = not clash
        if clash:
            continue  # another fix edits the same text: the next round looks again
        for p, es in plan.items():
            accepted.setdefault(p, []).extend(es)
        result.applied.append(f)
    for path, es in accepted.items():
        text = texts[path]
        for e in sorted(es, key=lambda e: (e.start, e.end), reverse=True):
            text = text[: e.start] + e.new + text[e.end:]
        result.texts[path] = text
    broken = [p for p, t in result.texts.items() if kinds.get(p) == "compose" and not yaml_ok(t)]
    if broken:
        bad = set(broken)
        for f in list(result.applied):
            assert f.autofix is not None
            if bad & set(f.autofix.files):
                result.applied.remove(f)
                result.refused.append(Refusal(finding=f, reason="the edited file would not be valid YAML"))
        for p in broken:
            del result.texts[p]
    return result


from ruamel.yaml import YAML  # noqa: E402 - the fix package only: ``redislint check`` never loads it
from ruamel.yaml.error import YAMLError  # noqa: E402

_ROUND_TRIP = YAML(typ="rt", pure=True)
"""Made when the module is imported (ruamel.yaml looks through its own package for plugins then)."""


def yaml_ok(text: str) -> bool:
    """Whether ruamel.yaml's round-trip loader (which keeps comments and layout) reads the text."""
    try:
        _ROUND_TRIP.load(text)
    except (YAMLError, ValueError, RecursionError):
        return False
    return True
