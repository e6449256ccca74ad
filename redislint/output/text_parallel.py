"""The plain text report of a large run rendered by two processes (issue 15: ``--jobs``).

Rendering the code frames of tens of thousands of findings is the longest step left after the
workers of :mod:`redislint.jobs` are done. Above :data:`MIN_FINDINGS`, the findings (in their output
order) are cut in two at a group boundary; a process forked from this one renders the second half
while this one renders the first, and the texts are joined. Each half is rendered by the same
functions as the whole (:func:`redislint.output.text.findings_lines`), over the same report and
masker, so the text is the one a single process makes. The child sends back only the text it
rendered (UTF-8 bytes through a pipe, nothing unpickled); when it fails, this process renders the
second half itself.
"""

from __future__ import annotations

import os
import sys

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.output.text import findings_lines, group_key, ordered, plain, tail_lines

MIN_FINDINGS = 4000
"""Findings shown below which one process renders the text (forking costs more than it saves)."""


def _cut(report: Report, keyed: list[Finding], sort: str, concise: bool) -> int:
    """An index near the middle of ``keyed`` where a group starts (0 when there is none)."""
    middle = len(keyed) // 2
    if concise:
        return middle
    key = group_key(report, sort)
    for i in range(middle, len(keyed)):
        if key(keyed[i]) != key(keyed[i - 1]):
            return i
    for i in range(middle - 1, 0, -1):
        if key(keyed[i]) != key(keyed[i - 1]):
            return i
    return 0


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def render_plain_in_two(report: Report, *, show_suppressed: bool, sort: str, statistics: bool, quiet: bool, concise: bool) -> str | None:
    """The plain text report rendered by this process and a forked one; None when it is too small
    to be worth it or this system cannot fork (the caller renders it in one)."""
    shown = [f for f in report.findings if show_suppressed or not f.suppressed]
    if len(shown) < MIN_FINDINGS or not hasattr(os, "fork"):
        return None
    keyed = ordered(report, shown, sort)
    cut = _cut(report, keyed, sort, concise)
    if cut <= 0:
        return None
    first, second = keyed[:cut], keyed[cut:]
    sys.stdout.flush()
    sys.stderr.flush()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the second half, as text, then leave without the interpreter's teardown
        code = 0
        try:
            os.close(r)
            out = memoryview(plain(findings_lines(report, second, sort=sort, concise=concise, first_group=False)).encode("utf-8", "surrogatepass"))
            while out:
                out = out[os.write(w, out):]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    try:
        head = plain(findings_lines(report, first, sort=sort, concise=concise))
        data = _read_all(r)
    finally:
        os.close(r)
        _, status = os.waitpid(pid, 0)
    if status == 0:
        middle = data.decode("utf-8", "surrogatepass")
    else:
        middle = plain(findings_lines(report, second, sort=sort, concise=concise, first_group=False))
    return head + middle + plain(tail_lines(report, shown, bool(keyed), statistics=statistics, quiet=quiet))

