"""The one place that touches the linted repository's files: containment, regular files only, size limits.

Every path the repository names (an ``include``, a bind mount, an ``env_file``, a secret's ``file:``, a
link in the tree) is resolved here, component by component from the repository root with ``os.lstat``
and ``os.readlink``, never by asking the operating system to follow links: a path that leaves the root
(absolute, ``~``, ``..``, a symbolic link pointing out) is refused before anything outside is opened or
even stat'ed, and recorded once in :attr:`FileStore.outside`. Only regular files are opened, with
``O_NOFOLLOW | O_NONBLOCK`` (a FIFO, a device or a socket never blocks the run), and at most
:data:`MAX_FILE_BYTES` are read. Walking never follows a linked folder.

Package data (rule pages, ``data/*``, the ``init`` stacks) is read by :mod:`redislint.datafiles`; the
report files the user asks for, ``init`` output and the files ``redislint fix --apply`` edits are
written by :mod:`redislint.fs.writes`, the run cache's checks and files are :mod:`redislint.fs.cache`."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator

MAX_FILE_BYTES = 4 * 1024 * 1024
_MAX_LINKS = 40
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
OUTSIDE = "outside the repository: not checked"


class Outside(Exception):
    """A path that resolves outside the repository root."""


class _Loop(Exception):
    """A path through more symbolic links than the kernel follows (a link loop)."""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def has_git(folder: str) -> bool:
    """Whether ``folder`` holds a ``.git`` entry (a repository's top level)."""
    try:
        os.lstat(os.path.join(folder, ".git"))
    except OSError:
        return False
    return True


def repository_root(paths: list[str], config_file: str | None = None) -> str:
    """The folder that bounds what a run may read: the folder given (a file's folder), or the git top
    level above it (found by looking for a ``.git`` entry while climbing, opening nothing), or the
    configuration file's folder, whichever encloses the paths given."""
    folders = []
    for p in paths or ["."]:
        ap = os.path.abspath(p)
        try:
            is_dir = stat.S_ISDIR(os.lstat(ap).st_mode)
        except OSError:
            is_dir = False
        folders.append(ap if is_dir else os.path.dirname(ap))
    base = os.path.commonpath(folders)
    best = base
    d = base
    while True:
        if has_git(d):
            best = d
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if config_file:
        cdir = os.path.dirname(os.path.abspath(config_file))
        if _inside(base, cdir) and _inside(best, cdir):
            best = cdir
    return best


class FileStore:
    """Every file of the repository redislint reads goes through here, once.

    ``root`` is the repository root; None only when no root is known (then nothing is contained).
    :attr:`outside` holds the paths refused because they lie outside the root, in the order met."""

    def __init__(self, root: str | None = None, overlay: dict[str, str] | None = None) -> None:
        self.root = root
        self.overlay = overlay or {}
        """Texts that stand for files of the repository, by real path (``redislint fix`` lints the
        fixed texts before it writes them)."""
        self.texts: dict[str, str] = {}
        self.conf_texts: dict[str, str] = {}
        """Texts read by :meth:`read_conf` (byte-order marks and NUL bytes kept)."""
        self.errors: dict[str, str] = {}
        self.notices: list[str] = []
        self.outside: dict[str, str] = {}
        self._real_root: str | None = None
        self._resolved: dict[str, str | None] = {}
        self._real_dirs: set[str] = set()
        """Folders :meth:`walk` listed: real paths of folders, not links, that need no lstat again."""
        self.cache: dict[str, object] = {}
        """Per-run caches of callers (parsed .gitignore files)."""
        self.listed: dict[str, None] = {}
        """Folders listed (:meth:`listdir`, :meth:`walk`): what the run's result depends on, with
        :attr:`texts`, :attr:`heads` and every path resolved (see :func:`dependencies`)."""
        self.heads: dict[str, int] = {}
        """Files looked into with :meth:`read_head` -> the number of bytes asked for."""

    # ------------------------------------------------------------ containment
    def real_root(self) -> str | None:
        return self._root()

    def _root(self) -> str | None:
        if self.root is None:
            return None
        if self._real_root is None:
            self._real_root = os.path.realpath(self.root)
        return self._real_root

    def resolve(self, path: str) -> str | None:
        """The real path ``path`` names, inside the root, or None when it is outside (recorded once)."""
        real: str | None
        if path in self._resolved:
            real = self._resolved[path]
            if real is None and path not in self.errors:
                self.outside.setdefault(path, path)
            return real
        try:
            real = self._resolve(path)
        except Outside:
            real = None
        except _Loop:
            self._resolved[path] = None
            self.errors.setdefault(path, "symbolic link loop: not checked")
            return None
        self._resolved[path] = real
        if real is None:
            self.outside.setdefault(path, path)
        return real

    def contains(self, path: str) -> bool:
        """True when ``path`` stays inside the root (recording it when not). A link loop is inside:
        it is refused when read, with its own notice."""
        return self.resolve(path) is not None or path in self.errors

    def _resolve(self, path: str) -> str:
        if not path or path.startswith("~") or "\0" in path:
            raise Outside(path)
        root = self._root()
        ap = os.path.abspath(path)
        if root is None:
            return ap
        if not _inside(ap, root):
            # the root may be named through a link (/tmp -> /private/tmp): compare with the name given
            given = os.path.abspath(self.root or "")
            if not _inside(ap, given):
                raise Outside(path)
            ap = root + ap[len(given):] if ap != given else root
        pending = [p for p in ap[len(root):].split(os.sep) if p]
        pending.reverse()
        cur = root
        links = 0
        while pending:
            part = pending.pop()
            if part == ".":
                continue
            if part == "..":
                if cur == root:
                    raise Outside(path)
                cur = os.path.dirname(cur)
                continue
            cand = os.path.join(cur, part)
            if cand in self._real_dirs:
                cur = cand
                continue
            try:
                st = os.lstat(cand)
            except OSError:
                # does not exist (or cannot be looked at): the rest is taken as written, still inside
                rest = os.path.normpath(os.path.join(cand, *reversed(pending)))
                if not _inside(rest, root):
                    raise Outside(path) from None
                return rest
            if not stat.S_ISLNK(st.st_mode):
                cur = cand
                continue
            links += 1
            if links > _MAX_LINKS:
                raise _Loop(path)
            target = os.readlink(cand)
            if os.path.isabs(target):
                t = os.path.normpath(target)
                if not _inside(t, root):
                    raise Outside(path)
                cur = root
                pending.extend(reversed([p for p in t[len(root):].split(os.sep) if p]))
            else:
                pending.extend(reversed([p for p in target.split(os.sep) if p]))
        return cur

    # ------------------------------------------------------------ questions
    def _lstat(self, path: str) -> os.stat_result | None:
        real = self.resolve(path)
        if real is None:
            return None
        try:
            return os.lstat(real)
        except OSError:
            return None

    def _virtual(self, path: str) -> str | None:
        """The overlay text standing for ``path`` (standard input named by ``--stdin-filename``, a
        file ``fix`` rewrote), which need not exist on disk."""
        if not self.overlay:
            return None
        real = self.resolve(path)
        return self.overlay.get(real) if real is not None else None

    def is_file(self, path: str) -> bool:
        if self._virtual(path) is not None:
            return True
        st = self._lstat(path)
        return st is not None and stat.S_ISREG(st.st_mode)

    def is_dir(self, path: str) -> bool:
        st = self._lstat(path)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def exists(self, path: str) -> bool:
        """True when something is at ``path`` inside the repository. A path outside (or a link loop)
        counts as present: it is not checked, and saying it is missing would be a guess."""
        if self.resolve(path) is None:
            return True
        return self._virtual(path) is not None or self._lstat(path) is not None

    def size(self, path: str) -> int | None:
        text = self._virtual(path)
        if text is not None:
            return len(text.encode("utf-8", "surrogatepass"))
        st = self._lstat(path)
        return st.st_size if st is not None and stat.S_ISREG(st.st_mode) else None

    def listdir(self, path: str) -> list[str]:
        """The names in a folder of the repository (sorted; empty when it cannot be listed)."""
        real = self.resolve(path)
        if real is None:
            return []
        self.listed.setdefault(path, None)
        return _names(real)

    def walk(
        self,
        top: str,
        skip: set[str],
        want: Callable[[str], bool] = lambda name: True,
        want_link: Callable[[str], bool] | None = None,
        prune: Callable[[str, bool], bool] | None = None,
    ) -> Iterator[tuple[str, list[str]]]:
        """(folder, file paths) for ``top`` and every folder below it, without following linked folders.
        Only files whose name ``want`` accepts are listed; a linked one when ``want_link`` (default
        ``want``) accepts its name and its target is a regular file inside the root (else recorded).
        Other links are not looked at. ``prune(path, is_dir)`` true: that file or folder is left out
        (a folder is not entered)."""
        want_link = want_link or want
        real_top = self.resolve(top)
        if real_top is None:
            return
        stack = [real_top]
        while stack:
            d = stack.pop()
            self.listed.setdefault(d, None)
            self._resolved.setdefault(d, d)
            self._real_dirs.add(d)
            try:
                with os.scandir(d) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.notices.append(f"{d}: cannot list the folder: {exc.strerror or exc}")
                continue
            files: list[str] = []
            subdirs: list[str] = []
            for e in entries:
                full = os.path.join(d, e.name)
                try:
                    if e.is_symlink():
                        if not want_link(e.name):
                            continue
                        target = self.resolve(full)
                        if target is None:
                            continue
                        if stat.S_ISREG(os.lstat(target).st_mode) and not (prune and prune(full, False)):
                            files.append(full)  # classified by its own name, read through the link
                        continue  # a linked folder is not followed
                    if e.is_dir(follow_symlinks=False):
                        if e.name not in skip and not (prune and prune(full, True)):
                            subdirs.append(full)
                    elif want(e.name) and not (prune and prune(full, False)):
                        files.append(full)
                except OSError:
                    continue
            yield d, files
            stack.extend(reversed(subdirs))

    # ------------------------------------------------------------ reading
    def read_bytes(self, path: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
        """The bytes of a regular file of the repository (None and the reason in :attr:`errors`)."""
        real = self.resolve(path)
        if real is None:
            return None
        try:
            fd = os.open(real, _OPEN_FLAGS)
        except OSError as exc:
            self.errors[path] = f"cannot read: {exc.strerror or exc}"
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                self.errors[path] = "not a regular file"
                return None
            if st.st_size > limit:
                self.errors[path] = f"file too large ({st.st_size} bytes; the limit is {limit})"
                return None
            chunks: list[bytes] = []
            total = 0
            while total <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            if total > limit:
                self.errors[path] = f"file too large (over {limit} bytes)"
                return None
            return b"".join(chunks)
        except OSError as exc:
            self.errors[path] = f"cannot read: {exc.strerror or exc}"
            return None
        finally:
            os.close(fd)

    def read(self, path: str) -> str | None:
        """The decoded text of ``path`` (absolute), or None (the reason is in :attr:`errors`, or the path
        is in :attr:`outside`)."""
        if path in self.texts:
            return self.texts[path]
        if path in self.errors:
            return None
        virtual = self._virtual(path)
        if virtual is not None:
            self.texts[path] = virtual
            return virtual
        data = self.read_bytes(path)
        if data is None:
            return None
        text = decode(data)
        if text is None:
            self.errors[path] = "binary file (contains NUL bytes)" if b"\x00" in data[:8192] else "undecodable UTF-16 text"
            return None
        self.texts[path] = text
        return text

    def read_conf(self, path: str) -> str | None:
        """The text of a redis.conf-format file as the server reads it: its bytes as UTF-8 (an invalid
        byte replaced), with a UTF-8 byte-order mark and NUL bytes kept, since the server keeps them
        (the mark becomes part of the first directive's name; a NUL cuts its line short). None when
        it cannot be read (the reason is in :attr:`errors`)."""
        if path in self.conf_texts:
            return self.conf_texts[path]
        if path in self.errors:
            return None
        virtual = self._virtual(path)
        if virtual is not None:
            self.conf_texts[path] = virtual
            return virtual
        data = self.read_bytes(path)
        if data is None:
            return None
        text = data.decode("utf-8", errors="replace")
        self.conf_texts[path] = text
        return text

    def read_head(self, path: str, limit: int) -> str | None:
        """At most ``limit`` bytes of a file, decoded (for a quick look: is a name mentioned?)."""
        real = self.resolve(path)
        if real is None:
            return None
        self.heads[path] = max(limit, self.heads.get(path, 0))
        if real in self.overlay:
            return self.overlay[real][:limit]
        return _head(real, limit)


def _names(real: str, *, kinds: bool = False) -> list[str]:
    """The names in a folder, sorted (``kinds``: a folder's name ends with ``/``, a link's with ``@``)."""
    try:
        with os.scandir(real) as it:
            if not kinds:
                return sorted(e.name for e in it)
            return sorted(e.name + ("@" if e.is_symlink() else "/" if e.is_dir(follow_symlinks=False) else "") for e in it)
    except OSError:
        return []


def _head(real: str, limit: int) -> str | None:
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, limit).decode("utf-8", errors="replace")
    except OSError:
        return None
    finally:
        os.close(fd)


def decode(data: bytes) -> str | None:
    """Text of a file's bytes: BOMs handled, UTF-8 with replacement; None for a binary file."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")
