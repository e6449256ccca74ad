"""Real redis-server / redis-sentinel processes started by tests, always stopped at the end.

Every process gets a session of its own (so a stop reaches its children too) and its output in a log
file; :class:`Procs` is meant for a fixture's ``finally`` (see :func:`procs` in tests that use it)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tests.support.ports import LOCAL

T = TypeVar("T")


def wait_until(pred: Callable[[], T], timeout: float, what: str, step: float = 0.2) -> T:
    """Poll ``pred`` until it returns something truthy, and return that; an OSError counts as not yet.
    After ``timeout`` seconds: an AssertionError naming ``what`` and the last answer."""
    end = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < end:
        try:
            value = pred()
        except OSError as e:
            last = e
        else:
            if value:
                return value
            last = value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what} (last: {last!r})")


def wait_for(pred: Callable[[], object], timeout: float, step: float = 0.2) -> bool:
    """Whether ``pred`` holds within ``timeout`` seconds (see :func:`wait_until`)."""
    try:
        wait_until(pred, timeout, "a condition", step)
    except AssertionError:
        return False
    return True


def exits_within(p: subprocess.Popen[bytes], timeout: float) -> int | None:
    """The exit code when the process ends within ``timeout`` seconds, else None (still running)."""
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


class Procs:
    """Starts processes with their logs in ``tmp`` and stops every one of them in ``close``."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(
        self, argv: list[str], log: str | Path, user: tuple[int, int] | None = None, cwd: Path | None = None
    ) -> subprocess.Popen[bytes]:
        """Start ``argv`` with stdout and stderr in ``log`` (relative to ``tmp``), in ``cwd`` (``tmp``)."""
        out = open(self.tmp / log, "wb")  # noqa: SIM115 - closed with the process
        preexec = None
        if user is not None:
            uid, gid = user

            def preexec() -> None:  # pragma: no cover - runs in the child
                os.setgid(gid)
                os.setuid(uid)

        p = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, cwd=cwd or self.tmp,
            preexec_fn=preexec, start_new_session=True,
        )  # fmt: skip
        out.close()
        self.procs.append(p)
        return p

    def log(self, name: str | Path) -> str:
        try:
            return (self.tmp / name).read_text(errors="replace")
        except OSError:
            return ""

    def close(self, graceful: bool = False) -> None:
        """Stop every process; never raises. ``graceful``: SIGTERM first, repeated every half second
        for up to 10 s (a Redis replica refuses one while it writes its initial AOF after a sync),
        then SIGKILL for what still runs; otherwise SIGKILL at once."""
        if graceful:
            end = time.monotonic() + 10
            next_term = 0.0
            while (alive := [p for p in self.procs if p.poll() is None]) and time.monotonic() < end:
                if time.monotonic() >= next_term:
                    for p in alive:
                        with contextlib.suppress(OSError):
                            p.send_signal(signal.SIGTERM)
                    next_term = time.monotonic() + 0.5
                time.sleep(0.05)
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    with contextlib.suppress(OSError):
                        p.kill()
        for p in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(timeout=5)


def listens(port: int) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port`` (a TLS-only server does too)."""
    try:
        with socket.create_connection((LOCAL, port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_started(p: subprocess.Popen[bytes], up: Callable[[], bool], what: str, log: Callable[[], str], timeout: float = 10.0) -> None:
    """Until ``up()`` holds; an AssertionError with the log when the process exits or time runs out."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if p.poll() is not None:
            raise AssertionError(f"{what} exited ({p.returncode}):\n{log()}")
        try:
            if up():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{what} did not come up in {timeout:g} s:\n{log()}")
