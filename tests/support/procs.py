"""Real redis-server / redis-sentinel processes for the issue-5 fact tests (127.0.0.1 only)."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def port_pair_free(port: int) -> bool:
    for p in (port, port + 10000):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                return False
    return True


def free_port(taken: set[int]) -> int:
    """A free port whose +10000 (cluster bus) is free too."""
    for _ in range(500):
        p = random.randint(20000, 40000)
        if p not in taken and p + 10000 not in taken and port_pair_free(p):
            taken.add(p)
            return p
    raise RuntimeError("no free port")


def command(port: int, *args: str, password: str | None = None, timeout: float = 2.0) -> str:
    """Send one command (RESP) and return the first reply line, decoded (bulk replies: the payload)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        f = s.makefile("rb")

        def send(parts: tuple[str, ...]) -> str:
            out = f"*{len(parts)}\r\n" + "".join(f"${len(p.encode())}\r\n{p}\r\n" for p in parts)
            s.sendall(out.encode())
            line = f.readline().decode().rstrip("\r\n")
            if line.startswith("$"):
                n = int(line[1:])
                if n < 0:
                    return ""
                data = f.read(n + 2)
                return data[:-2].decode()
            if line.startswith("*"):
                items = []
                for _ in range(int(line[1:])):
                    hdr = f.readline().decode().rstrip("\r\n")
                    if hdr.startswith("$"):
                        items.append(f.read(int(hdr[1:]) + 2)[:-2].decode())
                    else:
                        items.append(hdr)
                return " ".join(items)
            return line

        if password is not None:
            r = send(("AUTH", password))
            if not r.startswith("+OK"):
                return r
        return send(args)


def wait_for(pred: Callable[[], bool], timeout: float, step: float = 0.2) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if pred():
                return True
        except OSError:
            pass
        time.sleep(step)
    return False


class Procs:
    """Starts processes and kills every one of them in ``close`` (called from a finalizer)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, argv: list[str], log: str, user: tuple[int, int] | None = None) -> subprocess.Popen[bytes]:
        out = open(self.tmp / log, "wb")  # noqa: SIM115 - closed with the process
        preexec = None
        if user is not None:
            uid, gid = user

            def preexec() -> None:  # pragma: no cover - runs in the child
                os.setgid(gid)
                os.setuid(uid)

        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=self.tmp, preexec_fn=preexec, start_new_session=True)
        out.close()
        self.procs.append(p)
        return p

    def log(self, name: str) -> str:
        try:
            return (self.tmp / name).read_text(errors="replace")
        except OSError:
            return ""

    def close(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    p.kill()
        for p in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(timeout=5)


def exits_within(p: subprocess.Popen[bytes], timeout: float) -> int | None:
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
