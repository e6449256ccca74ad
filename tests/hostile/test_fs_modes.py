"""Unreadable files and folders, checked as an unprivileged user (root ignores file modes, so a test
run as root would prove nothing): a clear notice, exit status at most 1, no traceback."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import redislint

SOURCE = str(Path(redislint.__file__).resolve().parent.parent)
SITE = sysconfig.get_paths()["purelib"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the unprivileged file-mode test cannot run: {reason}")
    pytest.skip(reason)


def _as_nobody() -> tuple[Callable[[], None], int] | None:
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        return None

    def drop() -> None:
        os.setgroups([])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)

    return drop, pw.pw_uid


@pytest.fixture
def nobody() -> Iterator[tuple[Callable[[], None], list[str], dict[str, str]]]:
    """(preexec_fn dropping to ``nobody``, python command, environment) of a Python that user can run."""
    if os.geteuid() != 0:
        # already unprivileged: modes hold for this user
        yield (lambda: None), [sys.executable], dict(os.environ)
        return
    user = _as_nobody()
    if user is None:
        _unavailable("there is no 'nobody' user")
        return
    drop, _uid = user
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.pathsep.join([SOURCE, SITE]), "NO_COLOR": "1", "HOME": "/nonexistent"}
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, getattr(sys, "_base_executable", ""), shutil.which(f"python{version}") or "", "/usr/bin/python3"):
        if not candidate:
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", f"import sys, redislint, click, yaml, pydantic; assert sys.version_info[:2] == ({version.replace('.', ', ')})"],
                preexec_fn=drop,
                env=env,
                cwd="/",
                capture_output=True,
                timeout=60,
            )
        except OSError:
            continue  # that user cannot execute it (an interpreter under /root)
        if probe.returncode == 0:
            yield drop, [candidate], env
            return
    _unavailable(f"no Python {version} with redislint's dependencies can be run by 'nobody'")


def test_unreadable_file_and_folder(nobody: tuple[Callable[[], None], list[str], dict[str, str]]) -> None:
    drop, python, env = nobody
    top = Path(tempfile.mkdtemp(prefix="redislint-modes-"))
    try:
        top.chmod(0o755)
        (top / "redis.conf").write_text("include secret.conf\nmaxmemory 100mb\n", encoding="utf-8")
        (top / "secret.conf").write_text("requirepass hidden\n", encoding="utf-8")
        (top / "secret.conf").chmod(0o000)
        (top / "redis.conf").chmod(0o644)
        locked = top / "locked"
        locked.mkdir()
        (locked / "redis.conf").write_text("maxmemory 1mb\n", encoding="utf-8")
        locked.chmod(0o000)
        proc = subprocess.run(
            [*python, "-m", "redislint", "check", "."],
            preexec_fn=drop,
            env=env,
            cwd=top,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode <= 1, out
    assert f"notice: {top}/secret.conf: cannot read: Permission denied" in proc.stdout, out
    assert f"notice: {top}/locked: cannot list the folder: Permission denied" in proc.stdout, out
