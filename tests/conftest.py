from __future__ import annotations

import os
import shutil

import pytest

from tests.fs_audit import fs_audit_check, install

install()  # every file redislint opens goes through redislint/fs.py (tests/fs_audit.py)
__all__ = ["fs_audit_check", "need_binary"]


def need_binary(name: str) -> str:
    """Path of a Redis binary; fails under CI (CI=true) when missing, skips elsewhere."""
    path = shutil.which(name)
    if path:
        return path
    msg = f"{name} is not installed (apt-get install redis-server redis-sentinel redis-tools)"
    if os.environ.get("CI") == "true":
        pytest.fail(msg)
    pytest.skip(msg)
    raise AssertionError("unreachable")
