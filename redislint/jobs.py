"""Both cores: independent parts of a repository linted in worker processes, one report.

Discovery runs once, in this process. Its files are then split by folder into as many parts as
there are jobs (the folders right below the deepest folder that holds them all, kept in discovery
order, so that each part is a run of whole stacks), and each part is parsed and linked in a process
of its own, forked from this one (the parent lints the first part itself).

A part's report is only the single-process report's share when the parts do not meet: no file is
read by two parts, or read by one and discovered by another (a compose file mounting a sibling
folder's redis.conf, an ``extends:`` of a shared file). Each worker says which files it read before
any rule runs; when two parts meet, or a worker fails, the parts are dropped and the caller lints the
whole repository in one process, so that the report never depends on the split. The one fact of the
project that spans parts (the ACL users the deployment's machinery logs in as) is merged and sent
back to every worker before the rules run. Findings come back as they are (before suppressions,
folding, evidence and masking), and :func:`redislint.api.make_report` finishes them over the merged
project, with every part's secrets, as for one process.

Forking pays only above a size (:data:`MIN_FILES`): below it a single process is faster than
starting a second one, and the tutorial's seven stacks never fork. The pipes carry pickles between
this process and its own forked children only; nothing read from the repository or a cache is ever
unpickled.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Mapping
from typing import Any

from redislint.discovery import Discovered
from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.rule import Rule
from redislint.engine.runner import run_rules
from redislint.fs import FileStore, dependencies
from redislint.link import build_project, parse_version_option
from redislint.model.project import InputFile, Project

MIN_FILES = 300
"""Discovered files below which one process lints everything (measured: benchmarks/RESULTS.md)."""

_SHARED_NAMES = (".gitignore",)
"""Files every part may read (they only say what is ignored, they are not linted)."""

Part = Discovered


def canonical_notices(notices: list[str]) -> list[str]:
    """The link stage's notices once each, in a fixed order (the same whatever the number of jobs)."""
    return sorted(set(notices))


INPUT_LISTS = ("compose", "kubernetes", "confs", "dockerfiles", "keys", "scripts", "monitoring")
"""What discovery found to lint (every list of :class:`Discovered` a part takes its share of)."""


def _path(item: str | tuple[str, str]) -> str:
    """A discovered input's path (monitoring files come as (path, kind))."""
    return item if isinstance(item, str) else item[0]


def split(found: Discovered, jobs: int) -> list[Part] | None:
    """``found`` cut into at most ``jobs`` parts of whole folders (None: not worth it, or one folder)."""
    files = [(attr, item) for attr in INPUT_LISTS for item in getattr(found, attr)]
    if jobs < 2 or len(files) < MIN_FILES:
        return None
    base = os.path.commonpath([os.path.dirname(_path(item)) for _, item in files])
    order: dict[str, int] = {}
    unit_of: list[str] = []
    for _, item in files:
        rel = os.path.relpath(_path(item), base)
        head = rel.split(os.sep, 1)[0] if os.sep in rel else ""
        unit_of.append(head)
        order.setdefault(head, len(order))
    if len(order) < 2:
        return None
    # units in walk order, cut into `jobs` runs of about the same number of files
    sizes: dict[str, int] = {}
    for u in unit_of:
        sizes[u] = sizes.get(u, 0) + 1
    units = sorted(order, key=order.__getitem__) if "" not in order else ["", *sorted((u for u in order if u), key=order.__getitem__)]
    share = len(files) / jobs
    part_of: dict[str, int] = {}
    done = 0
    for u in units:
        part_of[u] = min(jobs - 1, int(done / share))
        done += sizes[u]
    parts = [Discovered() for _ in range(max(part_of.values()) + 1)]
    if len(parts) < 2:
        return None
    for (attr, p), u in zip(files, unit_of, strict=True):
        getattr(parts[part_of[u]], attr).append(p)
    return parts


def _files_read(store: FileStore) -> set[str]:
    """Every file the store has read (or failed to read) so far, whichever way: texts, config files
    read as the server reads them, errors."""
    return set(store.texts) | set(store.conf_texts) | set(store.errors)


class _Worker:
    """One part: its project (built at once), then its findings (once every part is known apart)."""

    def __init__(self, part: Part, root: str, store: FileStore, settings: Settings, environ: Mapping[str, str] | None) -> None:
        before = _files_read(store)
        self.project = build_project(
            part, root, store, parse_version_option(settings.redis_version), environ, version_given=settings.redis_version is not None
        )
        self.reads = {p for p in _files_read(store) - before if os.path.basename(p) not in _SHARED_NAMES}
        self.inputs = {_path(item) for attr in INPUT_LISTS for item in getattr(part, attr)}
        self.store = store

    def first(self) -> tuple[set[str], set[str], set[str]]:
        return self.reads, self.inputs, set(self.project.service_accounts)

    def finish(self, accounts: set[str], settings: Settings, rules: list[Rule]) -> dict[str, Any]:
        project = self.project
        project.service_accounts = accounts
        findings = run_rules(project, settings, rules)
        store = self.store
        return {
            "findings": findings,
            "files": {p: (f.kind, f.text) for p, f in project.files.items()},
            "texts": dict(store.texts),
            "secrets": project.secrets,
            "secret_spans": project.secret_spans,
            "environ_values": project.environ_values,
            "notices": project.notices,
            "stacks": len(project.stacks),
            "server_files": [n.anchor.file for n in (*project.nodes, *project.sentinels)],
            "deps": dependencies(store) if settings.cache_dir is not None else {},
        }


def _send(fd: int, obj: object) -> None:
    import pickle

    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _read(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _recv(fd: int) -> Any:
    import pickle

    size = int.from_bytes(_read(fd, 8), "little")
    return pickle.loads(_read(fd, size))  # our own child's message (see the module's docstring)


def _child(part: Part, root: str, store: FileStore, settings: Settings, rules: list[Rule], environ: Mapping[str, str] | None, up: int, down: int) -> None:
    code = 0
    try:
        worker = _Worker(part, root, store, settings, environ)
        _send(up, ("first", worker.first()))
        go = _recv(down)
        if go is not None:
            _send(up, ("done", worker.finish(go, settings, rules)))
    except BaseException:  # any failure: the parent lints in one process
        with contextlib.suppress(BaseException):
            _send(up, ("failed", None))
        code = 1
    finally:
        os._exit(code)


def lint_parts(
    found: Discovered,
    root: str,
    store: FileStore,
    settings: Settings,
    rules: list[Rule],
    environ: Mapping[str, str] | None,
    jobs: int,
) -> tuple[Project, list[Finding], list[str], dict[str, list[object]]] | None:
    """The merged project, findings, notices and dependencies (for the run cache) of linting ``found`` in ``jobs`` processes; None when
    one process must lint it (too small, one folder, parts that meet, a worker that failed)."""
    parts = split(found, jobs)
    if parts is None or not hasattr(os, "fork"):
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    gc.collect()
    gc.freeze()  # the forked children share these pages instead of copying them when they collect
    children: list[tuple[int, int, int]] = []
    try:
        for part in parts[1:]:
            up_r, up_w = os.pipe()
            down_r, down_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(up_r)
                os.close(down_w)
                _child(part, root, store, settings, rules, environ, up_w, down_r)
            os.close(up_w)
            os.close(down_r)
            children.append((pid, up_r, down_w))
        return _gather(parts[0], found, root, store, settings, rules, environ, children)
    finally:
        for pid, up_r, down_w in children:
            for fd in (up_r, down_w):
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        gc.unfreeze()


def _gather(
    first: Part,
    found: Discovered,
    root: str,
    store: FileStore,
    settings: Settings,
    rules: list[Rule],
    environ: Mapping[str, str] | None,
    children: list[tuple[int, int, int]],
) -> tuple[Project, list[Finding], list[str], dict[str, list[object]]] | None:
    own_store = FileStore(store.root, store.overlay)
    own_store.texts = dict(store.texts)
    own_store.errors = dict(store.errors)
    own_store.notices = list(store.notices)
    own_store.outside = dict(store.outside)
    own_store.cache = dict(store.cache)
    own_store._resolved = dict(store._resolved)  # what a forked worker's store knows too
    own_store._real_dirs = set(store._real_dirs)
    worker = _Worker(first, root, own_store, settings, environ)
    firsts = [worker.first()]
    ok = True
    for _, up_r, _ in children:
        try:
            kind, payload = _recv(up_r)
        except Exception:  # a child that died or sent garbage: lint in one process
            kind, payload = "failed", None
        if kind != "first":
            ok = False
            continue
        firsts.append(payload)
    if ok and len(firsts) == len(children) + 1:
        seen: dict[str, int] = {}
        for i, (reads, inputs, _) in enumerate(firsts):
            for p in reads | inputs:
                if seen.setdefault(p, i) != i:
                    ok = False
    accounts: set[str] = set()
    for _, _, acc in firsts:
        accounts |= acc
    for _, _, down_w in children:
        try:
            _send(down_w, accounts if ok else None)
        except OSError:
            ok = False
    if not ok:
        return None
    results = [worker.finish(accounts, settings, rules)]
    for _, up_r, _ in children:
        try:
            kind, payload = _recv(up_r)
        except Exception:  # a child that died or sent garbage: lint in one process
            return None
        if kind != "done":
            return None
        results.append(payload)
    return _merge(results, found, root, store)


def _merge(results: list[dict[str, Any]], found: Discovered, root: str, store: FileStore) -> tuple[Project, list[Finding], list[str], dict[str, list[object]]]:
    project = Project(root=root)
    findings: list[Finding] = []
    link_notices: list[str] = []
    deps: dict[str, list[object]] = {}
    for r in results:
        deps.update(r["deps"])
        findings.extend(r["findings"])
        for path, (kind, text) in r["files"].items():
            project.files.setdefault(path, InputFile(path=path, kind=kind, text=text))
        for path, text in r["texts"].items():
            project.read_texts.setdefault(path, text)
        project.secrets |= r["secrets"]
        for path, spans in r["secret_spans"].items():
            project.secret_spans.setdefault(path, []).extend(spans)
        project.environ_values.update(r["environ_values"])
        link_notices.extend(r["notices"])
        project.stack_count = (project.stack_count or 0) + r["stacks"]
        project.server_files.extend(r["server_files"])
    notices = [*found.notices, *canonical_notices(link_notices), *(f"{m}: no such file or folder" for m in found.missing)]
    return project, findings, notices, deps
