"""Is a path covered by a .gitignore? (Secret files created at deploy time are expected to be absent.)

Uses the ``pathspec`` library's gitwildmatch patterns; nothing is executed (git is not called)."""

from __future__ import annotations

import functools
import os


@functools.lru_cache(maxsize=256)
def _spec(directory: str):  # type: ignore[no-untyped-def]
    path = os.path.join(directory, ".gitignore")
    if not os.path.isfile(path):
        return None
    import pathspec

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.GitIgnoreSpec.from_lines(fh)
    except (OSError, ValueError):
        return None


def is_ignored(path: str, stop: str | None = None) -> bool:
    """True when a .gitignore in the path's folder or a parent (up to the repository root) covers it."""
    path = os.path.abspath(path)
    d = os.path.dirname(path)
    for _ in range(40):
        spec = _spec(d)
        if spec is not None:
            rel = os.path.relpath(path, d)
            if spec.match_file(rel):
                return True
        if os.path.isdir(os.path.join(d, ".git")) or (stop and os.path.abspath(d) == os.path.abspath(stop)):
            return False
        parent = os.path.dirname(d)
        if parent == d:
            return False
        d = parent
    return False
