"""The one place that touches the linted repository's files (see :mod:`redislint.fs.store`): reading
with containment and size limits (:mod:`.store`), the files the user names or asks for and the
repository files ``fix`` replaces (:mod:`.writes`), and the run cache's checks and folder
(:mod:`.cache`). Every name is importable from here."""

from redislint.fs.cache import CACHE_DIR, dependencies, read_cache_file, unchanged, write_cache_file
from redislint.fs.store import MAX_FILE_BYTES, OUTSIDE, FileStore, Outside, decode, has_git, repository_root
from redislint.fs.writes import (
    append_output,
    is_user_file,
    read_stdin,
    read_user_file,
    write_new_file,
    write_output,
    write_repository_file,
)

__all__ = [
    "CACHE_DIR",
    "MAX_FILE_BYTES",
    "OUTSIDE",
    "FileStore",
    "Outside",
    "append_output",
    "decode",
    "dependencies",
    "has_git",
    "is_user_file",
    "read_cache_file",
    "read_stdin",
    "read_user_file",
    "repository_root",
    "unchanged",
    "write_cache_file",
    "write_new_file",
    "write_output",
    "write_repository_file",
]
