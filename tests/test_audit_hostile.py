"""A server that answers with too much, or too slowly, is not audited, and the audit neither fills
memory nor hangs: one reply may take :data:`MAX_REPLY_BYTES` and the reply timeout in all.

The peers are small socket servers on 127.0.0.1 that speak just enough RESP to be hostile (no real
Redis sends such replies)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from redislint.audit.client import MAX_REPLY_BYTES, AuditError, Server, parse_target


def _serve(answer: Callable[[socket.socket], None]) -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def run() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    conn.recv(65536)  # the command
                    answer(conn)
                except OSError:
                    pass

    t = threading.Thread(target=run, daemon=True)
    t.start()
    yield port
    stop.set()
    t.join(2)
    listener.close()


@pytest.fixture
def flood() -> Iterator[int]:
    """Announces a bulk string larger than the cap and streams it as fast as it can."""

    def answer(conn: socket.socket) -> None:
        conn.sendall(f"${MAX_REPLY_BYTES * 4}\r\n".encode())
        chunk = b"x" * 65536
        for _ in range(MAX_REPLY_BYTES * 4 // len(chunk)):
            conn.sendall(chunk)

    yield from _serve(answer)


@pytest.fixture
def drip() -> Iterator[int]:
    """Sends a line one byte every 0.1 s, never its end: each read is quick, the reply never is."""

    def answer(conn: socket.socket) -> None:
        conn.sendall(b"+")
        for _ in range(200):
            conn.sendall(b"a")
            time.sleep(0.1)

    yield from _serve(answer)


def test_a_reply_over_the_cap_is_refused(flood: int) -> None:
    server = Server(parse_target(f"redis://127.0.0.1:{flood}", {}), timeout=10.0)
    with pytest.raises(AuditError) as err:
        server.call("INFO")
    assert str(err.value) == f"redis://127.0.0.1:{flood}: INFO: not audited: a reply of more than 32 MiB"
    server.close()


def test_a_reply_that_never_ends_stops_at_the_timeout(drip: int) -> None:
    server = Server(parse_target(f"redis://127.0.0.1:{drip}", {}), timeout=1.0)
    start = time.monotonic()
    with pytest.raises(AuditError) as err:
        server.call("INFO")
    assert str(err.value) == f"redis://127.0.0.1:{drip}: INFO: not audited: no whole reply within 1 s"
    assert time.monotonic() - start < 5
    server.close()
