"""The fix loop: lint, apply the fixes allowed, lint the fixed texts, until none applies (bounded);
then write the changed files atomically, or only report them."""

from __future__ import annotations

from collections.abc import Mapping

from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.fix.edits import Refusal, apply_round
from redislint.model.base import Record, field

MAX_ROUNDS = 10
"""Rounds of lint + fix at most: a fix that makes another rule's finding appear (or come back) stops
the loop here instead of running for ever."""


class FixRun(Record):
    """What ``redislint fix`` did: the texts before and after, per file, the fixes applied and refused,
    and the report of the fixed state (the last lint)."""

    before: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    applied: list[Finding] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    report: Report | None = None
    first: Report | None = None
    """The report of the files as they are on disk (before any fix)."""
    rounds: int = 0
    stable: bool = True
    """False when the loop stopped at :data:`MAX_ROUNDS` with fixes still applying."""

    @property
    def changed(self) -> list[str]:
        return [p for p in self.after if self.after[p] != self.before.get(p)]


def allowed(f: Finding, unsafe: bool) -> bool:
    return not f.suppressed and f.autofix is not None and (unsafe or f.autofix.applicability == "safe")


def fix_until_stable(
    paths: list[str],
    settings: Settings,
    *,
    root: str,
    repository: str,
    unsafe: bool = False,
    environ: Mapping[str, str] | None = None,
) -> FixRun:
    """Lint ``paths``, apply the safe fixes (and the unsafe ones with ``unsafe``), lint the result, and
    again, until no fix applies. Nothing is written: :func:`write_fixed` does that."""
    from redislint.api import lint

    run = FixRun()
    overlay: dict[str, str] = {}
    refused: dict[tuple[str, str, int, int, str], Refusal] = {}
    report = lint(paths, settings, root=root, repository=repository, environ=environ)
    run.first = report
    while True:
        todo = [f for f in report.findings if allowed(f, unsafe)]
        if not todo:
            break
        if run.rounds == MAX_ROUNDS:
            run.stable = False
            break
        texts = dict(report.texts)
        texts.update(overlay)
        result = apply_round(todo, texts, report.file_kinds)
        for r in result.refused:
            key = (r.finding.rule_id, r.finding.span.file, r.finding.span.start_line, r.finding.span.start_col, r.reason)
            refused.setdefault(key, r)
        if not result.texts:
            break
        run.rounds += 1
        for path in result.texts:
            run.before.setdefault(path, texts[path])
        overlay.update(result.texts)
        run.applied.extend(result.applied)
        report = lint(paths, settings, root=root, repository=repository, environ=environ, overlay=dict(overlay))
    run.after = {p: overlay[p] for p in run.before}
    run.report = report
    # a refusal that a later round resolved (the fix applied after all) is not reported
    done = {(f.rule_id, f.span.file, f.span.start_line, f.span.start_col) for f in run.applied}
    run.refused = [r for k, r in refused.items() if k[:4] not in done]
    return run


def write_fixed(run: FixRun, repository: str) -> list[tuple[str, str]]:
    """Write every changed file (temporary file + rename, inside the repository only). A file whose
    bytes are not exactly the UTF-8 text that was linted (changed since, a byte-order mark, UTF-16,
    invalid UTF-8) is not written. Returns (path, why) for each file left alone."""
    from redislint.fs import FileStore, Outside, write_repository_file

    store = FileStore(repository)
    skipped: list[tuple[str, str]] = []
    for path in run.changed:
        data = store.read_bytes(path)
        if data is None:
            skipped.append((path, store.errors.get(path, "outside the repository")))
            continue
        if data != run.before[path].encode("utf-8"):
            skipped.append((path, "not written: it is not plain UTF-8 text, or it changed while redislint ran"))
            continue
        try:
            write_repository_file(store, path, run.after[path])
        except Outside:
            skipped.append((path, "outside the repository: not written"))
        except OSError as exc:
            skipped.append((path, f"cannot write: {exc.strerror or type(exc).__name__}"))
    return skipped
