"""Human-readable output: findings grouped by file, with a code frame under each.

::

    deploy/redis.conf:3:13: RL101 [critical] 'requirepass' is too short (weak-password)
      3 | requirepass ****
        |             ^^^^
      fix: use a random password of at least 32 characters
      see: deploy/compose.yaml:9: mounted here

    Found 1 problem: 1 critical.

Source lines are masked by the recorded spans of secret values (:mod:`redislint.secrets.mask`) and
shown with control characters escaped (``\\x1c``, ``\\u2028``...), so that nothing in a line can
start a new terminal line or hide a part of it; messages, fixes and notices go through the
known-value mask. Suppressed findings are counted in the summary and shown only
with ``show_suppressed=True``. Colour (via rich) when the terminal wants it or ``color=True``;
``NO_COLOR`` is honoured by :func:`terminal_wants_color`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from itertools import groupby

from redislint.engine.finding import Finding
from redislint.engine.report import Report, terminal_wants_color
from redislint.engine.rule import Severity
from redislint.model.live import NO_SERVER_AUDITED, is_live_location
from redislint.model.span import Span
from redislint.secrets.mask import Masker

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}
TAB_SIZE = 8
FRAME_WIDTH = 1000
"""Code frame lines longer than this (in display columns) are cut to a window around the span."""
FRAME_CONTEXT = 100

Segment = tuple[str, str]
"""A piece of text and its rich style ("" for none)."""


def render_text(
    report: Report,
    *,
    color: bool | None = None,
    show_suppressed: bool = False,
    sort: str = "severity",
    statistics: bool = False,
    quiet: bool = False,
    concise: bool = False,
) -> str:
    """The report for people. ``sort``: ``severity`` (the most severe first, then by file and
    position) or ``file`` (by file and position); ``statistics``: the counts by rule and by file
    before the summary; ``quiet``: no notices and no summary line (the CLI says the notices on
    standard error); ``concise``: one line per finding, without code frames, fixes or related lines."""
    if color is None:
        color = terminal_wants_color()
    if not color and report._jobs > 1:
        from redislint.output.text_parallel import render_plain_in_two

        text = render_plain_in_two(report, show_suppressed=show_suppressed, sort=sort, statistics=statistics, quiet=quiet, concise=concise)
        if text is not None:
            return text
    lines = build_lines(report, show_suppressed=show_suppressed, sort=sort, statistics=statistics, quiet=quiet, concise=concise)
    return _to_string(lines, color=color)


def render_concise(report: Report, **options: object) -> str:
    """``--format concise``: :func:`render_text` with one line per finding."""
    return render_text(report, concise=True, **options)  # type: ignore[arg-type]


SORTS = ("severity", "file")


def ordered(report: Report, findings: list[Finding], sort: str = "severity") -> list[Finding]:
    """``findings`` in the order people read them: ``severity`` (most severe first) or ``file``."""
    def by_file(f: Finding) -> tuple[str, int, int, str]:
        return (report.relpath(f.span.file), f.span.start_line, f.span.start_col, f.rule_id)

    if sort == "file":
        return sorted(findings, key=by_file)
    if sort != "severity":
        raise ValueError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
    return sorted(findings, key=lambda f: (-f.severity.value, *by_file(f)))


def build_lines(
    report: Report,
    *,
    show_suppressed: bool = False,
    sort: str = "severity",
    statistics: bool = False,
    quiet: bool = False,
    concise: bool = False,
) -> list[list[Segment]]:
    """The output as lines of styled segments (joined without styles, it is the plain output)."""
    shown = [f for f in report.findings if show_suppressed or not f.suppressed]
    keyed = ordered(report, shown, sort)
    out = findings_lines(report, keyed, sort=sort, concise=concise)
    out.extend(tail_lines(report, shown, bool(out), statistics=statistics, quiet=quiet))
    return out


def group_key(report: Report, sort: str) -> Callable[[Finding], tuple[Severity | None, str]]:
    """What the findings of one group (one block, a blank line between blocks) share."""
    return lambda f: (f.severity if sort == "severity" else None, report.relpath(f.span.file))


def findings_lines(report: Report, keyed: list[Finding], *, sort: str, concise: bool, first_group: bool = True) -> list[list[Segment]]:
    """The lines of ``keyed`` (findings in their output order); ``first_group`` false: they follow
    other findings' lines, a blank line before their first group."""
    masker = report.masker
    out: list[list[Segment]] = []
    if concise:
        out.extend(_head(report, report.relpath(f.span.file), f, masker) for f in keyed)
    else:
        for index, ((_sev, rel), group) in enumerate(groupby(keyed, key=group_key(report, sort))):
            if index or not first_group:
                out.append([])
            for finding in group:
                out.extend(_finding_lines(report, rel, finding, masker))
    return out


def tail_lines(report: Report, shown: list[Finding], after: bool, *, statistics: bool, quiet: bool) -> list[list[Segment]]:
    """What follows the findings (``after``: there are lines before, the findings'): the server
    table, the statistics, the notices and the summary, a blank line before each."""
    out: list[list[Segment]] = []
    servers = [p for p in report.files if is_live_location(p)]
    if servers and not quiet:
        if out or after:
            out.append([])
        out.extend(_server_table(report, servers, shown))
    if statistics:
        if out or after:
            out.append([])
        out.extend(statistics_lines(report))
    if quiet:
        return out
    if report.notices:
        if out or after:
            out.append([])
        for notice in report.notices:
            out.append([("notice: ", "bold"), (report.mask(notice), "")])
    if out or after:
        out.append([])
    out.append(_summary(report))
    return out


def statistics_lines(report: Report) -> list[list[Segment]]:
    """``--statistics``: the active findings counted by rule (most severe rule first, then the most
    frequent) and by file (per severity, the file with most findings first)."""
    active = report.active
    levels = sorted(SEVERITY_STYLE, reverse=True)
    by_rule: dict[str, list[Finding]] = {}
    for f in active:
        by_rule.setdefault(f.rule_id, []).append(f)
    rows: list[list[Segment]] = [[("By rule:", "bold")]]
    if not active:
        rows.append([("  (no problems)", "dim")])
    width = max((len(str(len(v))) for v in by_rule.values()), default=1)
    for rule_id, group in sorted(by_rule.items(), key=lambda kv: (-max(f.severity.value for f in kv[1]), -len(kv[1]), kv[0])):
        sev = max(f.severity for f in group)
        rows.append([(f"  {len(group):>{width}}  ", ""), (rule_id, SEVERITY_STYLE[sev]), (f"  {group[0].rule_name}", "")])
    by_file: dict[str, list[Finding]] = {}
    for f in active:
        by_file.setdefault(report.relpath(f.span.file), []).append(f)
    rows.append([])
    rows.append([("By file:", "bold")])
    if not active:
        rows.append([("  (no problems)", "dim")])
        return rows
    rows.append([("  " + "  ".join(f"{lv.label:>8}" for lv in levels) + "  file", "dim")])
    for rel, group in sorted(by_file.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cells = "  ".join(f"{sum(1 for f in group if f.severity == lv):>8}" for lv in levels)
        rows.append([(f"  {cells}  ", ""), (rel, "")])
    return rows


def _server_table(report: Report, servers: list[str], shown: list[Finding]) -> list[list[Segment]]:
    """``redislint audit``: one row per server audited, with its findings by severity (drift findings
    sit at repository lines and count for no server)."""
    levels = sorted(SEVERITY_STYLE, reverse=True)
    width = max(len("server"), *(len(s) for s in servers))
    head = f"{'server':<{width}}  " + "  ".join(f"{lv.label:>8}" for lv in levels)
    rows: list[list[Segment]] = [[(head, "bold")]]
    for server in sorted(servers):
        mine = [f for f in shown if f.span.file == server]
        cells = "  ".join(f"{sum(1 for f in mine if f.severity == lv):>8}" for lv in levels)
        rows.append([(f"{server:<{width}}  ", ""), (cells, "")])
    return rows


def shown_path(rel: str) -> str:
    """A file's path as the text output starts a line with it: control and line-separator
    characters escaped (a file name cannot start a new line), and ``./`` before a name that starts
    like a CI runner's command (``::error::x.conf``, ``##[group]``), which a log would obey."""
    if not rel.isprintable():
        rel = "".join(_shown_char(ch) for ch in rel)
    return "./" + rel if rel.startswith(("::", "##")) else rel


def _head(report: Report, rel: str, f: Finding, masker: Masker) -> list[Segment]:
    """``file:line:col: RULE [severity] message (name)``: the first line of a finding."""
    style = SEVERITY_STYLE[f.severity]
    head: list[Segment] = [
        (f"{shown_path(rel)}:{f.span.start_line}:{f.span.start_col}:", "bold"),
        (" ", ""),
        (f.rule_id, style),
        (" ", ""),
        (f"[{f.severity.label}]", style),
        (" ", ""),
        (masker.text(f.message), ""),
        (" ", ""),
        (f"({f.rule_name})", "dim"),
    ]
    if f.suppressed:
        reason = masker.text(f.suppression_reason or "no reason given")
        head.append((f" [suppressed: {reason}]", "dim"))
    return head


def _finding_lines(report: Report, rel: str, f: Finding, masker: Masker) -> list[list[Segment]]:
    style = SEVERITY_STYLE[f.severity]
    lines = [_head(report, rel, f, masker)]
    lines.extend(_code_frame(f.span, masker, report.source_line(f.span.file, f.span.start_line), style))
    if f.fix:
        lines.append([("  fix: ", "green"), (masker.text(f.fix), "")])
    for rel_loc in f.related:
        where = f"{shown_path(report.relpath(rel_loc.span.file))}:{rel_loc.span.start_line}"
        lines.append([("  see: ", "dim"), (f"{where}: ", ""), (masker.text(rel_loc.message), "")])
    return lines


def _code_frame(span: Span, masker: Masker, raw: str | None, style: str) -> list[list[Segment]]:
    """The line ``raw`` (from the report's texts: nothing is read here) with the span underlined."""
    if (span.start_line, span.start_col, span.end_line, span.end_col) == (1, 1, 1, 1):
        return []  # a finding about the file as a whole: line 1 says nothing
    if raw is None:
        return []
    masked = masker.line(span.file, span.start_line, raw)
    start = min(span.start_col - 1, len(raw))
    end = span.end_col - 1 if span.end_line == span.start_line else len(raw)
    end = min(max(end, start), len(raw))
    m_start = masked.column(start)
    m_end = masked.column(end, end=True) if end > start else m_start
    text, display = _displayed_cached(masked.text)
    d_start = display[m_start]
    d_end = max(display[m_end], d_start + 1)
    if len(text) > FRAME_WIDTH:
        # A very long line: show a window around the span, so that output stays linear in the input.
        lo = max(0, d_start - FRAME_CONTEXT)
        hi = min(len(text), lo + FRAME_WIDTH)
        head = "…" if lo else ""
        text = head + text[lo:hi] + ("…" if hi < len(text) else "")
        shift = len(head) - lo
        d_start = min(d_start, hi) + shift
        d_end = max(min(d_end, hi) + shift, d_start + 1)
    number = str(span.start_line)
    gutter = " " * len(number)
    return [
        [(f"  {number} | ", "dim"), (text, "")],
        [(f"  {gutter} | ", "dim"), (" " * d_start, ""), ("^" * (d_end - d_start), style)],
    ]


_DISPLAY_CACHE: dict[str, tuple[str, list[int]]] = {}


def _displayed_cached(text: str) -> tuple[str, list[int]]:
    """:func:`_displayed`, once per distinct line however many findings point at it."""
    hit = _DISPLAY_CACHE.get(text)
    if hit is None:
        if len(_DISPLAY_CACHE) > 4096:
            _DISPLAY_CACHE.clear()
        hit = _DISPLAY_CACHE[text] = _displayed(text)
    return hit


def _shown_char(ch: str) -> str:
    """A character as a code frame shows it: control and line-separator characters escaped."""
    if ch.isprintable() or ch == " ":
        return ch
    return repr(ch)[1:-1] if ch != "'" else ch


def _displayed(text: str) -> tuple[str, list[int]]:
    """Tabs expanded to spaces, other unprintable characters escaped (``\\x0b``), and the display
    column of every index (plus one past the end)."""
    if text.isprintable():
        return text, list(range(len(text) + 1))
    out: list[str] = []
    display: list[int] = []
    col = 0
    for ch in text:
        display.append(col)
        if ch == "\t":
            width = TAB_SIZE - col % TAB_SIZE
            out.append(" " * width)
            col += width
        else:
            shown = _shown_char(ch)
            out.append(shown)
            col += len(shown)
    display.append(col)
    return "".join(out), display


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def scope_text(report: Report) -> str:
    """``31 files (7 stacks)``, ``2 servers``: what the run linted (``redislint audit`` reads
    running servers, and with ``--against`` the repository's files too)."""
    servers = sum(1 for p in report.files if is_live_location(p))
    files = len(report.files) - servers
    parts = [f"{_plural(files, 'file')} ({_plural(report.stacks, 'stack')})"] if files or not servers else []
    if servers:
        parts.append(_plural(servers, "server"))
    return " and ".join(parts)


def summary_text(report: Report) -> list[Segment]:
    """The last line of the human formats: how many problems, by severity, in what was linted, and
    how many were suppressed or baselined."""
    active = report.active
    suppressed = len(report.findings) - len(active)
    tails = [f"{suppressed} suppressed" for _ in (0,) if suppressed] + [f"{len(report.baselined)} baselined" for _ in (0,) if report.baselined]
    tail = f" {', '.join(tails)}." if tails else ""
    where = scope_text(report)
    if not report.files and not report.findings:
        nothing = "no server was audited" if report.incomplete == NO_SERVER_AUDITED else "no file was linted"
        return [(f"Nothing was checked: {nothing}.", "bold"), (tail, "dim")]
    if not active:
        return [(f"No problems found in {where}.", "bold green"), (tail, "dim")]
    counts = [(sev, sum(1 for f in active if f.severity == sev)) for sev in sorted(Severity, reverse=True)]
    segments: list[Segment] = [(f"Found {_plural(len(active), 'problem')} in {where}: ", "bold")]
    parts = [(f"{n} {sev.label}", SEVERITY_STYLE[sev]) for sev, n in counts if n]
    for i, part in enumerate(parts):
        if i:
            segments.append((", ", ""))
        segments.append(part)
    segments.append((".", ""))
    if tail:
        segments.append((tail, "dim"))
    return segments


_summary = summary_text


def plain(lines: list[list[Segment]]) -> str:
    """The lines without styles, each ended by a line break."""
    return "".join(["".join([chunk for chunk, _style in segments]) + "\n" for segments in lines])


def _to_string(lines: list[list[Segment]], *, color: bool) -> str:
    if not color:
        # Plain output (a pipe, a file, NO_COLOR): the same text without loading rich.
        return plain(lines)
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=100_000,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        tab_size=TAB_SIZE,
        legacy_windows=False,
    )
    for segments in lines:
        text = Text(no_wrap=True, end="\n")
        for chunk, style in segments:
            text.append(chunk, style=style or None)
        console.print(text, soft_wrap=True)
    return buffer.getvalue()
