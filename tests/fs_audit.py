"""A session-wide audit hook: only redislint/fs/ and redislint/datafiles.py may open or list files.

Every ``open``, ``os.listdir`` and ``os.scandir`` event is traced back to the innermost caller frame in
the redislint package; when that frame is in another module of the package, the event is a violation
and the running test fails (:func:`fs_audit_check`). Imports (the import system opening modules) are
not file access of the linter and are left alone."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import FrameType

import pytest

import redislint

PACKAGE = os.path.dirname(os.path.abspath(redislint.__file__)) + os.sep
FS_PACKAGE = os.path.join(PACKAGE, "fs") + os.sep
"""The file-access layer (``redislint/fs/``: reading, writing, the run cache's files)."""
ALLOWED = {os.path.join(PACKAGE, "datafiles.py")}
EVENTS = {"open", "os.listdir", "os.scandir"}
violations: list[str] = []
_installed = False


def _culprit(frame: FrameType | None) -> str | None:
    """``module:line`` of the redislint frame behind an event, or None when it is allowed."""
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib") or "/importlib/" in name:
            return None  # the import system loading a module
        if name.startswith(PACKAGE):
            if name in ALLOWED or name.startswith(FS_PACKAGE):
                return None
            return f"{name[len(PACKAGE):]}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return None


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event not in EVENTS:
        return
    where = _culprit(sys._getframe(1))
    if where is not None:
        violations.append(f"{event} {args[0]!r} from redislint/{where}")


def install() -> None:
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@pytest.fixture(autouse=True)
def fs_audit_check() -> Iterator[None]:
    """Fail the test when redislint touched files outside its file-access layer during it."""
    start = len(violations)
    yield
    new = violations[start:]
    del violations[start:]
    if new:
        pytest.fail("file access outside redislint/fs/ and redislint/datafiles.py:\n" + "\n".join(new[:20]), pytrace=False)
