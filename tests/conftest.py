"""Shared fixtures: every test runs under the file-access audit (tests/fs_audit.py); ``procs``
starts real server processes and stops them all at the end (tests/support/procs.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fs_audit import fs_audit_check, install
from tests.support.procs import Procs

install()  # every file redislint opens goes through redislint/fs/ (tests/fs_audit.py)
__all__ = ["fs_audit_check", "procs"]


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Procs]:
    """Processes started in ``tmp_path``; every one is killed when the test ends."""
    p = Procs(tmp_path)
    try:
        yield p
    finally:
        p.close()
