"""Package data (``redislint/data/*``, rule pages, the ``init`` stacks, compiled rule modules), read
with plain file access: importlib.resources would pull in zipfile, tempfile and pathlib at start-up
for a package that is always installed as files.

This module and :mod:`redislint.fs` are the only ones that open files: this one only below the
package folder (or the ``rules/`` and ``stacks/`` folders of a source checkout), never input."""

from __future__ import annotations

import functools
import os

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(PACKAGE_DIR, "data")
_CHECKOUT = os.path.dirname(PACKAGE_DIR)


@functools.cache
def read_data(name: str) -> str:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as fh:
        return fh.read()


def read_rule_doc(rule_id: str) -> str | None:
    """The rule's Markdown page, from the installed package (``redislint/_rule_docs``), or from the
    repository's ``rules/`` folder in a source checkout."""
    for folder in (os.path.join(PACKAGE_DIR, "_rule_docs"), os.path.join(_CHECKOUT, "rules")):
        try:
            with open(os.path.join(folder, f"{rule_id}.md"), encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            continue
    return None


def read_package_bytes(path: str) -> bytes:
    """A file below the package folder (a compiled rule module). Raises OSError."""
    if not os.path.abspath(path).startswith(PACKAGE_DIR + os.sep):
        raise OSError(0, "not a file of the package")
    with open(path, "rb") as fh:
        return fh.read()


def list_package_dir(path: str) -> list[str]:
    """The names in a folder of the package (the rule modules)."""
    return os.listdir(path)


def stacks_dir() -> str | None:
    """The reference stacks: the installed package data, or ``stacks/`` of a source checkout."""
    for d in (os.path.join(PACKAGE_DIR, "_stacks"), os.path.join(_CHECKOUT, "stacks")):
        if os.path.isdir(d):
            return d
    return None


def walk_stack(folder: str, skip: set[str]) -> list[tuple[str, str]]:
    """(relative path, absolute path) of every file below a reference stack's folder, sorted."""
    out: list[tuple[str, str]] = []

    def walk(d: str, prefix: str) -> None:
        for name in sorted(os.listdir(d)):
            if name in skip:
                continue
            full = os.path.join(d, name)
            if os.path.isdir(full):
                walk(full, f"{prefix}{name}/")
            else:
                out.append((f"{prefix}{name}", full))

    walk(folder, "")
    return out


def read_stack_file(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def code_digest(package: str = PACKAGE_DIR) -> str:
    """A SHA-256 that changes whenever one of redislint's own files does: every module, data file,
    rule page and reference stack of the package (links followed: a source checkout's
    ``_rule_docs`` and ``_stacks``; compiled caches left out), by path, size, inode and modification
    and change times. The run cache puts it in every key, so that a changed redislint (an edit, a
    checkout, an install of the same version number) never prints a report an older code made.

    File status, not content: reading the package's 300 files cost 10-30 ms, more than the cached
    run it guards, and a file cannot be written without a new change time (``st_ctime``, which no
    tool can set back) or be replaced without a new inode. About 2 ms; a copy of the package, or a
    file only touched, gets a digest of its own (a cache miss, never a stale hit)."""
    import hashlib

    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(package, followlinks=True):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
                stamp = f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}"
            except OSError:
                stamp = "unreadable"
            digest.update(f"{os.path.relpath(path, package)}\0{stamp}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
