"""Reading input files: see :mod:`redislint.fs` (the one file-access layer)."""

from __future__ import annotations

from redislint.fs import MAX_FILE_BYTES, FileStore

__all__ = ["MAX_FILE_BYTES", "FileStore"]
