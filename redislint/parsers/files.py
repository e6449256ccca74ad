"""Reading input files safely: size limits, binary files, encodings, symlink loops."""

from __future__ import annotations

import os

from redislint.model.base import Struct, field

MAX_FILE_BYTES = 4 * 1024 * 1024


class FileStore(Struct):
    """Every file redislint reads goes through here, once."""

    texts: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def read(self, path: str) -> str | None:
        """The decoded text of ``path`` (absolute), or None (the reason is in :attr:`errors`)."""
        if path in self.texts:
            return self.texts[path]
        if path in self.errors:
            return None
        try:
            st = os.stat(path)
        except OSError as exc:
            self.errors[path] = f"cannot read: {exc.strerror or exc}"
            return None
        if not os.path.isfile(path):
            self.errors[path] = "not a regular file"
            return None
        if st.st_size > MAX_FILE_BYTES:
            self.errors[path] = f"file too large ({st.st_size} bytes; the limit is {MAX_FILE_BYTES})"
            return None
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            self.errors[path] = f"cannot read: {exc.strerror or exc}"
            return None
        if b"\x00" in data[:8192]:
            self.errors[path] = "binary file (contains NUL bytes)"
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError:
                self.errors[path] = "undecodable UTF-16 text"
                return None
            self.texts[path] = text
            return text
        text = data.decode("utf-8", errors="replace")
        self.texts[path] = text
        return text

    def exists(self, path: str) -> bool:
        return os.path.exists(path)
