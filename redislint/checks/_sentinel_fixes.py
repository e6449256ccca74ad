"""RL505's fix: ``sentinel resolve-hostnames yes`` and ``sentinel announce-hostnames yes`` set where a
Sentinel reads them in time (before the first monitor line that names a host, and before its
generated block)."""

from __future__ import annotations

from redislint.checks._fixes import conf_insert_line, delete_line, in_file, insert_lines, replace
from redislint.engine.context import Context
from redislint.engine.finding import Edit, Fix
from redislint.model.conf import Directive
from redislint.model.sentinel import SentinelConfig


def _set(cfg: SentinelConfig, name: str) -> Edit | bool | None:
    """``sentinel NAME no`` turned to yes in place (an Edit); True when absent (a line to add); None
    when it cannot be edited (written on the command line, or not literally)."""
    d = cfg.globals.get(name)
    if d is None:
        return True
    a = d.arg(1)
    if not in_file(d) or a is None or not a.is_literal or a.quoted:
        return None
    return replace(a.span, "yes", old=a.raw)


def hostnames_fix(cfg: SentinelConfig, before: list[Directive], ctx: Context, *, both: bool) -> Fix | None:
    """Set resolve-hostnames (with ``both``) and announce-hostnames to yes: in place where the file
    says no, else new lines before the first line that needs them (the first monitor with a hostname,
    or the resolve-hostnames line), and before a Sentinel's generated block."""
    first = min((d for d in before if in_file(d)), key=lambda d: d.line, default=None)
    if first is None:
        return None
    edits: list[Edit] = []
    new: list[str] = []
    for name in ("resolve-hostnames", "announce-hostnames") if both else ("announce-hostnames",):
        e = _set(cfg, name)
        if e is None:
            return None
        d = cfg.globals.get(name)
        if e is True or (d is not None and d.file == first.file and d.line > first.line):
            # absent, or written after the monitor line that needs it (Sentinel reads in order)
            if d is not None:
                edits.append(delete_line(d.file, d.line))
            new.append(f"sentinel {name} yes")
        elif isinstance(e, Edit):
            edits.append(e)
    if new:
        at = conf_insert_line(ctx.project, first.file, first.line)
        if not both:
            at = conf_insert_line(ctx.project, first.file, first.line + 1)
        edits.append(insert_lines(first.file, at, new))
    return ctx.fix("Add 'sentinel resolve-hostnames yes' and 'sentinel announce-hostnames yes'" if both else "Add 'sentinel announce-hostnames yes'", edits)
