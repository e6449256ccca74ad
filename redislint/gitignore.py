"""Is a path covered by a .gitignore? (Secret files created at deploy time are expected to be absent.)

Uses the ``pathspec`` library's gitwildmatch patterns; nothing is executed (git is not called). Only
``.gitignore`` files inside the repository root are read (through :mod:`redislint.fs`)."""

from __future__ import annotations

import os
from typing import Any

from redislint.fs import FileStore


def _spec(directory: str, store: FileStore) -> Any:
    key = "gitignore:" + directory
    if key in store.cache:
        return store.cache[key]
    path = os.path.join(directory, ".gitignore")
    spec = None
    text = store.read(path) if store.is_file(path) else None
    if text is not None:
        import pathspec

        try:
            spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
        except ValueError:
            spec = None
    store.cache[key] = spec
    return spec


def is_ignored(path: str, store: FileStore, is_dir: bool = False) -> bool:
    """True when a .gitignore in the path's folder or a parent (up to the repository root) covers it
    (``is_dir``: the path is a folder, which patterns ending in '/' match)."""
    root = store.real_root()
    if root is None:
        return False
    path = os.path.abspath(path)
    d = os.path.dirname(path)
    while d == root or d.startswith(root.rstrip(os.sep) + os.sep):
        spec = _spec(d, store)
        rel = os.path.relpath(path, d).replace(os.sep, "/")
        if spec is not None and spec.match_file(rel + "/" if is_dir else rel):
            return True
        if d == root:
            return False
        d = os.path.dirname(d)
    return False
