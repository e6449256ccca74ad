"""A minimal RESP2 client for talking to the real servers tests start (127.0.0.1 only)."""

from __future__ import annotations

import socket

from tests.support.ports import LOCAL


class Status(str):
    """A status reply (``+OK``), told apart from a bulk string of the same text."""


Reply = Status | str | int | None | RuntimeError | list["Reply"]


def encode(*args: str) -> bytes:
    """One command as a RESP array of bulk strings."""
    out = f"*{len(args)}\r\n".encode()
    for a in args:
        b = a.encode()
        out += b"$" + str(len(b)).encode() + b"\r\n" + b + b"\r\n"
    return out


class Client:
    """One connection; ``call`` returns the reply: Status, str (bulk), int, None, RuntimeError (an
    error reply) or a list."""

    def __init__(self, port: int, timeout: float = 5.0) -> None:
        self.sock = socket.create_connection((LOCAL, port), timeout=timeout)
        self.buf = b""

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _bulk(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2 :]
        return data

    def _reply(self) -> Reply:
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return Status(rest.decode())
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._bulk(n).decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise ValueError(f"unexpected reply {line!r}")

    def call(self, *args: str) -> Reply:
        self.sock.sendall(encode(*args))
        return self._reply()

    def close(self) -> None:
        self.sock.close()


def wire(reply: Reply) -> str:
    """A reply as one line of text: ``+OK``, ``-ERR ...``, ``:1``, a bulk string's payload ('' for
    nil), an array's items joined by spaces."""
    if isinstance(reply, Status):
        return f"+{reply}"
    if isinstance(reply, RuntimeError):
        return f"-{reply}"
    if isinstance(reply, int):
        return f":{reply}"
    if reply is None:
        return ""
    if isinstance(reply, list):
        return " ".join(wire(r) for r in reply)
    return reply


def command(port: int, *args: str, password: str | None = None, timeout: float = 2.0) -> str:
    """Send one command (after AUTH when ``password`` is given) and return :func:`wire` of the reply
    (of the AUTH reply when authentication fails)."""
    with Client(port, timeout=timeout) as c:
        if password is not None:
            r = c.call("AUTH", password)
            if r != "OK":
                return wire(r)
        return wire(c.call(*args))


def answers(port: int, timeout: float = 0.5) -> bool:
    """Whether a server is up on ``port``: PING gets PONG, or NOAUTH (up, and wants a password)."""
    try:
        with Client(port, timeout=timeout) as c:
            r = c.call("PING")
    except (OSError, ValueError):
        return False
    return r == "PONG" or (isinstance(r, RuntimeError) and str(r).startswith("NOAUTH"))
