"""The real binaries a test needs (redis-server, redis-sentinel, redis-cli, openssl, pre-commit).

The rule: a test that needs a real server fails under CI (``CI=true``) when it cannot get one, and
skips elsewhere, with a reason that says what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NoReturn

import pytest

INSTALL = "apt-get install redis-server redis-sentinel redis-tools"


def unavailable(reason: str) -> NoReturn:
    """Fail the test under CI=true, skip it elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def need_binary(name: str) -> str:
    """Path of a binary on PATH (fails under CI when missing, skips elsewhere)."""
    path = shutil.which(name)
    if path:
        return path
    unavailable(f"{name} is not installed ({INSTALL})")


def need_redis_70(name: str = "redis-server") -> str:
    """A Redis 7.0.x binary: the facts these tests pin were read from 7.0 (another version skips)."""
    path = need_binary(name)
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
    if "v=7.0." not in out:
        pytest.skip(f"the expected verdicts are for Redis 7.0.x, found: {out.strip()}")
    return path
