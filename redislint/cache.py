"""The run cache: a check whose inputs have not changed prints the report of the last such check.

``redislint check`` (without ``--fix``/``--diff``, ``--no-cache`` turns it off) keeps, in
``.redislint_cache/`` in the repository root, one JSON file per kind of run: its key is a SHA-256 of
redislint's version and of its code (:func:`redislint.datafiles.code_digest`: the status of every
file of the package), the paths given, the folders, every setting (the configuration included, and today's date, on which end-of-life
rules depend) and the output options. The file holds what the run
printed (already masked: no secret value is in it) and what the run depended on: every path it
resolved through :class:`redislint.fs.FileStore` (discovery's walk included), each with where it
leads, its kind and size, the SHA-256 of each text read and of each folder's names. A later run with
the same key checks those first (:func:`redislint.fs.unchanged`): when every one is as it was, the
report cannot differ, and it is printed without parsing anything; otherwise the run lints as usual and
replaces the file.

The files are plain JSON read with :mod:`json` (never pickle: a cache file may come from a stranger's
pull request), checked for their shape, version and key; anything else (a corrupt, truncated or
foreign file) is a miss. They are written atomically, only inside the repository root, in a folder
that a ``.gitignore`` of its own keeps out of git, and never through a link.

A cache file is not signed: one that a pull request adds (with ``git add -f``) and that matches the
repository could make a check print a clean report. So the CLI uses no cache in CI jobs (``CI`` set):
there the check that gates a change always lints.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from typing import Any

from redislint import __version__
from redislint.datafiles import code_digest
from redislint.fs import read_cache_file, unchanged, write_cache_file

FORMAT = 1


def run_key(parts: dict[str, Any]) -> str:
    """The cache file's name for a run described by ``parts`` (plain values; others by ``str``)."""
    data = json.dumps({"format": FORMAT, "version": __version__, "code": code_digest(), "python": sys.version, **parts}, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def terminal() -> dict[str, Any]:
    """What decides colours besides the options: a terminal, NO_COLOR and FORCE_COLOR (only whether
    they are set, never their values)."""
    return {
        "tty": sys.stdout.isatty(),
        "no_color": bool(os.environ.get("NO_COLOR")),
        "force_color": bool(os.environ.get("FORCE_COLOR")),
    }


def load(root: str, key: str) -> dict[str, Any] | None:
    """The result saved under ``key`` when nothing it depended on has changed; None otherwise."""
    text = read_cache_file(root, key + ".json")
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != __version__ or data.get("key") != key:
        return None
    deps, result = data.get("deps"), data.get("result")
    if not isinstance(deps, dict) or not isinstance(result, dict) or not all(isinstance(v, list) for v in deps.values()):
        return None
    if not _result_shape(result):
        return None
    try:
        if not unchanged(root, deps):
            return None
    except (OSError, ValueError, TypeError, IndexError):
        return None
    return result


def _result_shape(result: dict[str, Any]) -> bool:
    outputs, stderr = result.get("outputs"), result.get("stderr")
    return (
        isinstance(outputs, list)
        and all(isinstance(o, list) and len(o) == 3 and isinstance(o[0], str) and (o[1] is None or isinstance(o[1], str)) and isinstance(o[2], str) for o in outputs)
        and isinstance(stderr, list)
        and all(isinstance(s, str) for s in stderr)
        and isinstance(result.get("exit"), int)
    )


def save(root: str, key: str, deps: dict[str, list[object]], result: dict[str, Any]) -> None:
    """Keep ``result`` under ``key`` (a cache that cannot be written is no error: the next run lints)."""
    data = {"format": FORMAT, "version": __version__, "key": key, "deps": deps, "result": result}
    with contextlib.suppress(OSError, ValueError):
        write_cache_file(root, key + ".json", json.dumps(data, separators=(",", ":")))
