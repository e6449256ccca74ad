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
    copy: str | None = None
    try:
        for paths in ([SOURCE, SITE], None):
            if paths is None:
                # the checkout or its venv is in a folder 'nobody' cannot enter (under /root): give it a
                # readable copy of redislint and of the installed packages it imports
                copy = _readable_copy()
                paths = [copy]
            env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.pathsep.join(paths), "NO_COLOR": "1", "HOME": "/nonexistent"}
            found = _python_for(drop, env)
            if found:
                yield drop, [found], env
                return
        _unavailable(f"no Python {sys.version_info.major}.{sys.version_info.minor} with redislint's dependencies can be run by 'nobody'")
    finally:
        if copy:
            shutil.rmtree(copy, ignore_errors=True)


def _python_for(drop: Callable[[], None], env: dict[str, str]) -> str | None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, getattr(sys, "_base_executable", ""), shutil.which(f"python{version}") or "", "/usr/bin/python3"):
        if not candidate:
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", f"import sys, redislint.cli, click, yaml, pydantic; assert sys.version_info[:2] == ({version.replace('.', ', ')})"],
                preexec_fn=drop,
                env=env,
                cwd="/",
                capture_output=True,
                timeout=60,
            )
        except OSError:
            continue  # that user cannot execute it (an interpreter under /root)
        if probe.returncode == 0:
            return candidate
    return None


def _readable_copy() -> str:
    """A world-readable folder holding redislint and every installed top-level package a check imports."""
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, pydantic, redislint.cli\n"
         "from redislint.cli import main\n"
         "for fmt in ('text', 'json', 'sarif', 'github'):\n"
         "    try:\n        main(['check', '.', '--format', fmt], standalone_mode=False)\n    except SystemExit:\n        pass\n"
         "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"],
        capture_output=True, text=True, check=True, timeout=60, cwd=Path(SOURCE) / "fixtures" / "tutorial",
    )
    dest = tempfile.mkdtemp(prefix="redislint-nobody-")
    os.chmod(dest, 0o755)
    site = Path(SITE)
    for top in probe.stderr.split():
        for src in (Path(SOURCE) / top, site / top, *site.glob(f"{top}.*")):
            if src.is_dir():
                shutil.copytree(src, Path(dest) / src.name, dirs_exist_ok=True)
            elif src.is_file() and src.suffix in (".py", ".so"):
                shutil.copy2(src, dest)
    for dirpath, _dirs, files in os.walk(dest):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)
    return dest


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
