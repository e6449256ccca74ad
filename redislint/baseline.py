"""The baseline: today's findings accepted, so that ``check`` reports only the new ones (a ratchet).

``redislint baseline`` writes every active finding of a run to a JSON file (default
``.redislint-baseline.json``)::

    {
      "redislint-baseline": 1,
      "findings": [
        {"rule": "RL402", "file": "standalone/docker-compose.yml",
         "fingerprint": "3f1c...", "message": "maxmemory 2 GiB is not below ...",
         "reason": null}
      ]
    }

An entry is keyed by rule + file + fingerprint, never by line: the fingerprint is the one SARIF and
JSON print (:meth:`~redislint.engine.finding.Finding.fingerprint`: rule, file and evidence), computed
with the file's path relative to the baseline file's folder, so the baseline means the same whatever
folder redislint runs from. ``message`` is there for the reader (masked like every output) and is not
part of the key; ``reason`` is the user's, optional, kept when the baseline is written again. When
the same key occurs several times (two identical lines), the entry has a ``count``.

:func:`apply_baseline` removes the findings an entry covers from a report (up to its count), counts
them, and lists the entries that match nothing any more (fixed since): the report says so, and
``redislint baseline`` run again drops them, so the file only shrinks.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any

from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.runner import exit_code
from redislint.model.base import Record

DEFAULT_NAME = ".redislint-baseline.json"
FORMAT_KEY = "redislint-baseline"
FORMAT_VERSION = 1
NEVER_BASELINED = ("RL900",)
"""A rule that crashed is redislint failing, not a finding of the deployment."""


class BaselineError(Exception):
    """The baseline file cannot be read or written: one line, said by the CLI (exit status 2)."""


class Entry(Record, frozen=True):
    rule: str
    file: str
    fingerprint: str
    message: str = ""
    reason: str | None = None
    count: int = 1

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.file, self.fingerprint)


def _rel(path: str, base: str, cache: dict[str, str] | None = None) -> str:
    """``path`` relative to ``base``, ``/``-separated (``cache``: once per file, a run has thousands
    of findings)."""
    hit = cache.get(path) if cache is not None else None
    if hit is None:
        hit = os.path.relpath(os.path.realpath(path), os.path.realpath(base)).replace(os.sep, "/")
        if cache is not None:
            cache[path] = hit
    return hit


def finding_key(f: Finding, base: str, cache: dict[str, str] | None = None) -> tuple[str, str, str]:
    rel = _rel(f.span.file, base, cache)
    return (f.rule_id, rel, f.fingerprint(rel))


def read_baseline(path: str, name: str | None = None) -> list[Entry]:
    """The entries of the baseline file ``path`` (``name``: how errors name it). Raises
    :class:`BaselineError` (never with the file's content: it is the user's, but a report may be public)."""
    from redislint.fs import decode, read_user_file

    shown = name or path
    try:
        raw = read_user_file(path)
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {shown}: {exc.strerror or type(exc).__name__}") from None
    text = decode(raw)
    try:
        data = json.loads(text) if text is not None else None
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{shown}: not a redislint baseline (write one with 'redislint baseline')")
    entries: list[Entry] = []
    for i, item in enumerate(data["findings"]):
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("rule", "file", "fingerprint"))
        reason = item.get("reason") if isinstance(item, dict) else None
        count = item.get("count", 1) if isinstance(item, dict) else 1
        message = item.get("message", "") if isinstance(item, dict) else ""
        if not ok or not (reason is None or isinstance(reason, str)) or not isinstance(count, int) or isinstance(count, bool) or count < 1 or not isinstance(message, str):
            raise BaselineError(f"{shown}: entry {i + 1} is not valid: it needs 'rule', 'file' and 'fingerprint' strings, an optional 'reason' string and 'count' >= 1")
        entries.append(Entry(rule=item["rule"], file=item["file"], fingerprint=item["fingerprint"], message=message, reason=reason, count=count))
    return entries


class Scope:
    """What a run looked at: the rules it ran, the files it read, and the paths it was given (a file
    deleted since the baseline was written, under a folder the run walked, was looked at too). An
    entry outside it (another rule, a file of another folder) is neither stale nor dropped by that run."""

    def __init__(self, report: Report, rule_ids: Iterable[str], base: str, paths: Iterable[str] = ()) -> None:
        self.rules = set(rule_ids)
        self.files = {_rel(p, base) for p in report.files}
        self.base = base
        self.paths = [os.path.realpath(p) for p in paths]

    def __contains__(self, e: Entry) -> bool:
        if e.rule not in self.rules:
            return False
        if e.file in self.files:
            return True
        from redislint.fs import is_user_file

        path = os.path.realpath(os.path.join(self.base, e.file))
        walked = any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in self.paths)
        return walked and not is_user_file(path)


def build_entries(report: Report, base: str, scope: Scope, previous: Iterable[Entry] = ()) -> list[Entry]:
    """The baseline of ``report``: one entry per key of its active findings (counted), with the
    reason the ``previous`` baseline gave that key, and the previous entries outside the run's
    ``scope`` as they were; sorted by file, rule and fingerprint."""
    previous = list(previous)
    reasons = {e.key: e.reason for e in previous if e.reason}
    counts: Counter[tuple[str, str, str]] = Counter()
    messages: dict[tuple[str, str, str], str] = {}
    for e in previous:
        if e not in scope:
            counts[e.key] += e.count
            messages.setdefault(e.key, e.message)
    cache: dict[str, str] = {}
    for f in report.active:
        if f.rule_id in NEVER_BASELINED:
            continue
        key = finding_key(f, base, cache)
        counts[key] += 1
        messages.setdefault(key, report.mask(f.message))
    return [
        Entry(rule=k[0], file=k[1], fingerprint=k[2], message=messages[k], reason=reasons.get(k), count=n)
        for k, n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0], kv[0][2]))
    ]


def dump(entries: list[Entry]) -> str:
    items: list[dict[str, Any]] = []
    for e in entries:
        item: dict[str, Any] = {"rule": e.rule, "file": e.file, "fingerprint": e.fingerprint, "message": e.message, "reason": e.reason}
        if e.count != 1:
            item["count"] = e.count
        items.append(item)
    return json.dumps({FORMAT_KEY: FORMAT_VERSION, "findings": items}, indent=2, ensure_ascii=False) + "\n"


def apply_baseline(report: Report, entries: list[Entry], base: str, where: str, scope: Scope) -> None:
    """Take the findings ``entries`` cover out of ``report`` (into ``report.baselined``), record the
    entries of the run's ``scope`` that match nothing (``report.stale``, and a notice), and recompute
    the exit status.
    ``base`` is the baseline file's folder, ``where`` how to name the file in the notice."""
    left = {e.key: e.count for e in entries}
    reasons = {e.key: e.reason for e in entries if e.reason}
    kept: list[Finding] = []
    baselined: list[Finding] = []
    cache: dict[str, str] = {}
    for f in report.findings:
        if not f.suppressed and f.rule_id not in NEVER_BASELINED:
            key = finding_key(f, base, cache)
            if left.get(key, 0) > 0:
                left[key] -= 1
                # out of the report; a SARIF log written with --show-suppressed carries it as
                # suppressed externally, with the entry's reason
                f.suppressed = True
                f.suppression_kind = "external"
                f.suppression_reason = reasons.get(key) or f"accepted in the baseline {where}"
                baselined.append(f)
                continue
        kept.append(f)
    stale = [e for e in entries if left.get(e.key, 0) > 0 and e in scope]
    report.findings = kept
    report.baselined = baselined
    report.stale = [(e.rule, e.file, left[e.key]) for e in stale]
    if stale:
        n = sum(left[e.key] for e in stale)
        shown = ", ".join(f"{e.rule} in {e.file}" for e in stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        report.notices.append(
            f"{n} baseline entr{'y' if n == 1 else 'ies'} of {where} no longer match{'es' if n == 1 else ''} a finding (fixed since: {shown}): "
            "run 'redislint baseline' to drop them"
        )
    if report.exit_code != 2:
        report.exit_code = exit_code(kept, report.fail_on)
