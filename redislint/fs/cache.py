"""The run cache's side of file access (see :mod:`redislint.cache`): what a run saw of every path it
resolved (:func:`dependencies`), whether all of it is still so (:func:`unchanged`), and the cache
folder's own files in the repository root (:func:`read_cache_file`, :func:`write_cache_file`)."""

from __future__ import annotations

import contextlib
import os
import stat

from redislint.fs.store import _OPEN_FLAGS, FileStore, _head, _names


# ---------------------------------------------------------------------------- what a run saw
def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _state(store: FileStore, path: str, text: str | None, read: bool) -> list[object]:
    """What a run saw of ``path``: where it resolves, what is there (kind and size), the digest of the
    text it read, of the head it looked into, of the folder's names, and the reason it could not read."""
    real = store.resolve(path)
    if real is None:
        return [None]
    try:
        st = os.lstat(real)
        kind = "f" if stat.S_ISREG(st.st_mode) else "d" if stat.S_ISDIR(st.st_mode) else "l" if stat.S_ISLNK(st.st_mode) else "o"
        size = st.st_size if kind == "f" else 0
    except OSError:
        kind, size = "-", 0
    out: list[object] = [real, kind, size]
    if read:
        out.append(_digest(text) if text is not None else "")
        out.append(store.errors.get(path, ""))
    if path in store.heads:
        head = _head(real, store.heads[path])
        out.append(["head", store.heads[path], _digest(head) if head is not None else ""])
    if path in store.listed:
        # the cache's own folder appears when the first run writes it: it is never linted
        out.append(["names", _digest("\n".join(n for n in _names(real, kinds=True) if n != CACHE_DIR + "/"))])
    return out


def dependencies(store: FileStore) -> dict[str, list[object]]:
    """Everything a run read through ``store``, as :func:`unchanged` checks it: every path resolved,
    with the digest of each text read (the text the run used, not the file read again)."""
    out: dict[str, list[object]] = {}
    for path in [*store._resolved, *store.texts, *store.errors]:
        if path not in out:
            read = path in store.texts or path in store.errors
            out[path] = _state(store, path, store.texts.get(path), read)
    return out


def unchanged(root: str, deps: dict[str, list[object]]) -> bool:
    """True when every path of ``deps`` (see :func:`dependencies`) is as the run saw it: same place,
    same kind and size, the same text, head and folder names."""
    store = FileStore(root)
    for path, seen in deps.items():
        read = len(seen) > 3 and not isinstance(seen[3], list)
        if read:
            text = store.read(path)
            if seen[1] == "f" and text is None and path not in store.errors:
                return False
        else:
            text = None
        if path in store.heads or any(isinstance(x, list) and x and x[0] == "head" for x in seen):
            for x in seen:
                if isinstance(x, list) and x and x[0] == "head" and isinstance(x[1], int):
                    store.heads[path] = x[1]
        if any(isinstance(x, list) and x and x[0] == "names" for x in seen):
            store.listed[path] = None
        if _state(store, path, text, read) != seen:
            return False
    return True



CACHE_DIR = ".redislint_cache"
"""The run cache's folder, in the repository root (see :mod:`redislint.cache`)."""
_CACHE_LIMIT = 512 * 1024 * 1024


def _cache_folder(root: str, create: bool) -> str | None:
    """The cache folder of the repository ``root`` (a real folder, never a link), created when asked."""
    real_root = os.path.realpath(root)
    folder = os.path.join(real_root, CACHE_DIR)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return None
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o755)
        for name, text in ((".gitignore", "# written by redislint: its cache is not part of the repository\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# redislint's cache (see https://bford.info/cachedir/)\n")):
            with contextlib.suppress(OSError):
                write_cache_file(root, name, text, _folder=folder)
        st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode):
        return None  # a link or a file in its place: the cache is not used
    return folder


def read_cache_file(root: str, name: str) -> str | None:
    """The text of the cache file ``name`` of the repository ``root`` (None when absent, unreadable or
    not a regular file)."""
    folder = _cache_folder(root, create=False)
    if folder is None or os.sep in name or name.startswith("."):
        return None
    try:
        fd = os.open(os.path.join(folder, name), _OPEN_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _CACHE_LIMIT:
            return None
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", errors="replace")
    except OSError:
        return None
    finally:
        os.close(fd)


def write_cache_file(root: str, name: str, text: str, *, _folder: str | None = None) -> None:
    """Write the cache file ``name`` in the repository's cache folder (created with a ``.gitignore``
    that ignores it), atomically; nothing is written outside the repository root. Raises OSError."""
    folder = _folder or _cache_folder(root, create=True)
    if folder is None or os.sep in name:
        raise OSError(0, "no cache folder")
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8", "surrogatepass"))
        os.replace(tmp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
