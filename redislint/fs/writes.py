"""Files the user names or asks for, outside the linted tree's reading layer: standard input
(``check -``), a file named on the command line (``--config``), the report files written (``-o``,
``--sarif``, ``$GITHUB_STEP_SUMMARY``), ``init``'s new files, and the repository files ``redislint fix
--apply`` replaces (with the containment of reads, :class:`redislint.fs.store.FileStore`)."""

from __future__ import annotations

import contextlib
import os
import stat

from redislint.fs.store import _OPEN_FLAGS, MAX_FILE_BYTES, FileStore, Outside


def read_stdin(limit: int = MAX_FILE_BYTES) -> bytes:
    """Standard input (``check -``), at most ``limit`` bytes: the size cap of files. Raises OSError
    (with the limit as reason) when there is more."""
    import sys

    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise OSError(0, f"too large (over {limit} bytes)")
    return data


def is_user_file(path: str) -> bool:
    """Whether a file the user's options name (the default baseline) exists."""
    return os.path.isfile(path)


def read_user_file(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file the user named on the command line (``--config``): read as given, regular files only.
    Raises OSError with a clear reason."""
    fd = os.open(path, _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "not a regular file")
        if st.st_size > limit:
            raise OSError(0, f"file too large ({st.st_size} bytes)")
        return os.read(fd, limit + 1)
    finally:
        os.close(fd)


def write_output(path: str, text: str) -> None:
    """Write a report file the user asked for (``-o``, ``--sarif``). Raises OSError."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def append_output(path: str, text: str) -> None:
    """Append to a file the CI runner gives for reports (GitHub's ``$GITHUB_STEP_SUMMARY``). Raises OSError."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def write_repository_file(store: FileStore, path: str, text: str) -> str:
    """Replace a file of the repository by ``text`` (``redislint fix --apply``), atomically: a temporary
    file in the same folder, flushed to disk, renamed over the file. ``path`` is resolved with the
    containment of reads (a link pointing out of the repository is refused, a link inside is replaced
    at its target, never followed out) and must be an existing regular file, whose mode is kept.
    Returns the real path written. Raises OSError (:class:`Outside` for a path outside)."""
    real = store.resolve(path)
    if real is None:
        raise Outside(path)
    st = os.lstat(real)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(0, "not a regular file")
    folder, name = os.path.split(real)
    for n in range(100):
        tmp = os.path.join(folder, f".{name}.redislint-{os.getpid()}-{n}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), stat.S_IMODE(st.st_mode))
        except FileExistsError:
            continue
        break
    else:
        raise OSError(0, "cannot create a temporary file")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    store.texts.pop(path, None)
    return real


def write_new_file(path: str, text: str, mode: int) -> None:
    """Create a file that must not exist yet (``init``), with ``mode``. Raises OSError."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, mode)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)

