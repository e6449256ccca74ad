"""Lint paths and get a :class:`~redislint.engine.report.Report`: what the CLI and the tests call."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from redislint import __version__
from redislint.discovery import Discovered, discover, empty_folder_notice
from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.fold import fold_same_cause
from redislint.engine.registry import load_rules
from redislint.engine.report import Report, split_source_lines
from redislint.engine.rule import Rule
from redislint.engine.runner import (
    apply_severity_overrides,
    apply_suppressions,
    exit_code,
    run_rules,
    selected_rules,
)
from redislint.fs import FileStore, dependencies, repository_root
from redislint.jobs import canonical_notices
from redislint.link import build_project, parse_version_option
from redislint.model.project import Project
from redislint.secrets.mask import Masker


def load(
    paths: list[str],
    root: str,
    redis_version: str | None = None,
    environ: Mapping[str, str] | None = None,
    exclude: tuple[str, ...] = (),
    repository: str | None = None,
    overlay: dict[str, str] | None = None,
    *,
    exclude_base: str = "",
    respect_gitignore: bool = True,
) -> tuple[Project, list[str], Discovered]:
    """The project of ``paths``, the notices of reading it, and what discovery found.
    ``repository`` bounds what may be read (default: ``root``); nothing outside it is opened.
    ``overlay`` gives texts that stand for files (by real path), read instead of the disk."""
    store = FileStore(repository or root, overlay)
    found = discover(paths, root, exclude, store, exclude_base=exclude_base, respect_gitignore=respect_gitignore)
    project = build_project(found, root, store, parse_version_option(redis_version), environ, version_given=redis_version is not None)
    _not_empty_after_all(found, project, store)
    notices = [*found.notices, *project.notices]
    for m in found.missing:
        notices.append(f"{m}: no such file or folder")
    return project, notices, found


def _not_empty_after_all(found: Discovered, project: Project, store: FileStore) -> set[str]:
    """A folder with no compose file or config that still holds a server (a Dockerfile that builds a
    Redis image, a script's ``docker run``) is not empty: drop its "nothing found" notice (returned)."""
    files = project.server_files or [n.anchor.file for n in (*project.nodes, *project.sentinels)]
    gone: set[str] = set()
    for p in list(found.empty):
        real = store.resolve(os.path.abspath(p))  # a folder reached through a link: files carry real paths
        base = os.path.join(real or os.path.abspath(p), "")
        if any(f.startswith(base) for f in files):
            found.empty.remove(p)
            gone.add(empty_folder_notice(p))
    found.notices = [n for n in found.notices if n not in gone]
    return gone


def load_project(
    paths: list[str],
    root: str,
    redis_version: str | None = None,
    environ: Mapping[str, str] | None = None,
    exclude: tuple[str, ...] = (),
    repository: str | None = None,
    overlay: dict[str, str] | None = None,
    *,
    exclude_base: str = "",
    respect_gitignore: bool = True,
) -> tuple[Project, list[str]]:
    """:func:`load` without what discovery found."""
    project, notices, _found = load(
        paths, root, redis_version, environ, exclude, repository, overlay, exclude_base=exclude_base, respect_gitignore=respect_gitignore
    )
    return project, notices


def fill_evidence(project: Project, findings: list[Finding], masker: Masker | None = None) -> None:
    """Findings without an explicit evidence key get the text they point at (stable across moves).

    Evidence is hashed into the fingerprint that SARIF and JSON print, and a hash of a short password
    can be reversed by trying candidates: secrets are masked in it first, like everything printed."""
    masker = masker or Masker()
    lines_cache: dict[str, list[str]] = {}
    for f in findings:
        if f.evidence:
            f.evidence = masker.text(f.evidence)
            continue
        path = f.span.file
        if path not in lines_cache:
            entry = project.files.get(path)
            lines_cache[path] = split_source_lines(entry.text, entry.kind) if entry is not None and entry.text else []
        lines = lines_cache[path]
        sl, el = f.span.start_line, f.span.end_line
        if 1 <= sl <= len(lines):
            seg = [masker.line(path, n, lines[n - 1]) for n in range(sl, min(el, len(lines)) + 1)]
            if sl == el:
                m = seg[0]
                a, b = m.column(f.span.start_col - 1), m.column(f.span.end_col - 1, end=True)
                text = m.text[a:b] or m.text
            else:
                text = "\n".join(m.text for m in seg)
            f.evidence = masker.text(" ".join(text.split()))
        else:
            f.evidence = "<file>"


def source_texts(project: Project) -> dict[str, str]:
    """Every text read in this run, for the report's code frames: the input files, and the files
    the link stage read through the store (an ACL file, a script that creates a cluster)."""
    texts = dict(project.read_texts)
    texts.update((path, f.text) for path, f in project.files.items() if f.text is not None)
    return texts


def lint(
    paths: list[str],
    settings: Settings | None = None,
    *,
    root: str | None = None,
    environ: Mapping[str, str] | None = None,
    repository: str | None = None,
    overlay: dict[str, str] | None = None,
) -> Report:
    """Lint ``paths``. ``root`` is the folder paths are shown relative to; ``repository`` the folder
    nothing outside of which is read (default: ``root`` when given, else :func:`repository_root`);
    ``overlay`` texts that stand for files of the repository (see :func:`load_project`).

    With ``settings.jobs`` other than 1 and enough to lint, independent parts of the repository are
    linted in worker processes (:mod:`redislint.jobs`); the report is the one a single process makes."""
    settings = settings or Settings()
    repository = repository or root or repository_root(paths)
    root = root or os.getcwd()
    store = FileStore(repository, overlay)
    found = discover(paths, root, settings.exclude, store, exclude_base=settings.config_base, respect_gitignore=settings.respect_gitignore)
    rules = selected_rules(settings)
    jobs = settings.jobs if settings.jobs > 0 else available_cores()
    if jobs > 1:
        from redislint.jobs import lint_parts

        merged = lint_parts(found, root, store, settings, rules, environ, jobs)
        if merged is not None:
            project, findings, notices, deps = merged
            gone = _not_empty_after_all(found, project, store)
            notices = [n for n in notices if n not in gone]
            report = make_report(project, findings, rules, notices, settings, root, failed=incomplete(found, settings))
            if settings.cache_dir is not None:
                report.dependencies = {**dependencies(store), **deps}
            return report
    project = build_project(found, root, store, parse_version_option(settings.redis_version), environ, version_given=settings.redis_version is not None)
    _not_empty_after_all(found, project, store)
    notices = [*found.notices, *canonical_notices(project.notices), *(f"{m}: no such file or folder" for m in found.missing)]
    findings = run_rules(project, settings, rules)
    report = make_report(project, findings, rules, notices, settings, root, failed=incomplete(found, settings))
    if settings.cache_dir is not None:
        report.dependencies = dependencies(store)
    return report


def incomplete(found: Discovered, settings: Settings) -> str | None:
    """Why the run cannot say the paths are fine (exit status 2), or None: a path does not exist, a
    folder holds no compose file, redis.conf or sentinel.conf, or nothing at all was linted (every
    file named is none of those and no stack uses it). ``allow_empty`` (the pre-commit hook, which
    passes any changed .conf or env file) accepts the last two."""
    reasons = [f"{m}: no such file or folder" for m in found.missing]
    if not settings.allow_empty:
        reasons += [empty_folder_notice(p) for p in found.empty]
        if found.nothing and found.unrecognised:
            reasons.append(
                found.unrecognised[0]
                if len(found.unrecognised) == 1
                else "no file named is a compose file, redis.conf or sentinel.conf, nor used by one: nothing was checked"
            )
    if not reasons:
        return None
    return reasons[0] if len(reasons) == 1 else "see the notices"


def available_cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def make_report(
    project: Project,
    findings: list[Finding],
    rules: list[Rule],
    notices: list[str],
    settings: Settings,
    root: str,
    *,
    failed: str | bool | None = None,
) -> Report:
    """The report of a run whose rules produced ``findings`` on ``project``: severity overrides,
    suppressions, one finding per cause, evidence, order, exit status (2 when ``failed``: why the
    run is incomplete, kept in :attr:`Report.incomplete`)."""
    apply_severity_overrides(findings, settings)
    findings = apply_suppressions(project, findings, settings)
    findings = fold_same_cause(findings, {r.id: r for r in rules})
    masker = Masker(project.secrets, project.secret_spans, project.environ_values)
    fill_evidence(project, findings, masker)
    findings.sort(key=lambda f: f.sort_key())
    code = exit_code(findings, settings.fail_on)
    if failed:
        code = 2
    return Report(
        findings=findings,
        rules=load_rules(),
        root=Path(root),
        notices=notices,
        files=sorted(project.files),
        secrets=frozenset(project.secrets),
        _masker=masker,
        secret_spans=project.secret_spans,
        environ_values=project.environ_values,
        file_kinds={path: f.kind for path, f in project.files.items()},
        texts=source_texts(project),
        fail_on=settings.fail_on,
        tool_version=__version__,
        exit_code=code,
        stacks=project.stack_count if project.stack_count is not None else len(project.stacks),
        incomplete=failed if isinstance(failed, str) else ("see the notices" if failed else None),
        _jobs=settings.jobs if settings.jobs > 0 else available_cores(),
    )
