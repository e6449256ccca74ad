"""Memory sizes are read exactly as Redis and Docker read them.

A real ``redis-server`` (7.0, /usr/bin/redis-server) is started on 127.0.0.1 with a free port and a
temporary directory; every spelling is given to it (at startup in a config file, and with CONFIG SET)
and ``CONFIG GET maxmemory`` must equal what :func:`redislint.units.parse_redis_memory` computes. The
server is always killed, whatever the test does.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from redislint.units import parse_docker_memory, parse_redis_memory
from tests.conftest import need_binary

SPELLINGS = [
    "1gb",
    "1g",
    "1GB",
    "1G",
    "1Gb",
    "2gb",
    "2g",
    "512mb",
    "512m",
    "512MB",
    "100kb",
    "100k",
    "100KB",
    "4096",
    "3b",
    "0",
    "gb",  # no digits: memtoull reads them as 0
]
REFUSED = ["1.5gb", "2 gb", "1tb", "-1", "1gib", "+5", "0x10"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _resp(*args: str) -> bytes:
    out = f"*{len(args)}\r\n".encode()
    for a in args:
        b = a.encode()
        out += b"$" + str(len(b)).encode() + b"\r\n" + b + b"\r\n"
    return out


class Client:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _bulk(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2 :]
        return data

    def _reply(self) -> object:
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._bulk(n).decode()
        if kind == b"*":
            return [self._reply() for _ in range(int(rest))]
        raise ValueError(f"unexpected reply {line!r}")

    def call(self, *args: str) -> object:
        self.sock.sendall(_resp(*args))
        return self._reply()

    def close(self) -> None:
        self.sock.close()


def _start(binary: str, conf: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([binary, str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=conf.parent)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Client, subprocess.Popen[bytes]]]:
    binary = need_binary("redis-server")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    if "v=7.0." not in version:
        pytest.skip(f"the expected verdicts are for Redis 7.0.x, found: {version.strip()}")
    port = _free_port()
    conf = tmp_path / "redis.conf"
    conf.write_text(
        f'bind 127.0.0.1\nport {port}\ndir {tmp_path}\nsave ""\nappendonly no\nlogfile ""\nmaxmemory 1g\n',
        encoding="utf-8",
    )
    proc = _start(binary, conf, port)
    client: Client | None = None
    try:
        deadline = time.monotonic() + 5
        while client is None:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"redis-server exited at startup:\n{out}")
            try:
                client = Client(port)
                if client.call("PING") != "PONG":
                    client.close()
                    client = None
            except OSError:
                client = None
            if client is None:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not answer PING within 5 s")
                time.sleep(0.05)
        yield client, proc
    finally:
        if client is not None:
            client.close()
        proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _maxmemory(client: Client) -> int:
    reply = client.call("CONFIG", "GET", "maxmemory")
    assert isinstance(reply, list) and reply[0] == "maxmemory", reply
    return int(str(reply[1]))


@pytest.mark.redis
def test_maxmemory_spellings_match_redis(server: tuple[Client, subprocess.Popen[bytes]]) -> None:
    client, _proc = server
    # the config file said `maxmemory 1g`: read at startup by the same parser
    assert _maxmemory(client) == parse_redis_memory("1g") == 10**9
    seen = {}
    for spelling in SPELLINGS:
        expected = parse_redis_memory(spelling)
        assert expected is not None, spelling
        assert client.call("CONFIG", "SET", "maxmemory", spelling) == "OK", spelling
        seen[spelling] = _maxmemory(client)
        assert seen[spelling] == expected, f"{spelling}: redis {seen[spelling]}, redislint {expected}"
    assert seen["1gb"] == 1024**3 and seen["1g"] == 1000**3
    assert seen["512mb"] == 512 * 1024**2 and seen["512m"] == 512 * 1000**2
    assert seen["100kb"] == 102400 and seen["100k"] == 100000
    assert len(SPELLINGS) >= 8


@pytest.mark.redis
def test_refused_spellings_match_redis(server: tuple[Client, subprocess.Popen[bytes]]) -> None:
    client, _proc = server
    for spelling in REFUSED:
        reply = client.call("CONFIG", "SET", "maxmemory", spelling)
        assert isinstance(reply, RuntimeError), f"redis accepted {spelling!r}"
        assert parse_redis_memory(spelling) is None, spelling
    assert _maxmemory(client) == 10**9  # unchanged by the refused values


@pytest.mark.redis
def test_startup_argument_is_parsed_alike(tmp_path: Path) -> None:
    binary = need_binary("redis-server")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path), "--save", "", "--maxmemory", "1gb"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                client = Client(port)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        try:
            assert _maxmemory(client) == parse_redis_memory("1gb") == 1024**3
        finally:
            client.close()
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_docker_sizes() -> None:
    """Compose/Docker sizes are binary whatever the suffix case (RAMInBytes)."""
    assert parse_docker_memory("512m") == 512 * 1024**2
    assert parse_docker_memory("2G") == 2 * 1024**3
    assert parse_docker_memory("1.5g") == int(1.5 * 1024**3)
    assert parse_docker_memory("1gb") == 1024**3
    assert parse_docker_memory("1073741824") == 1024**3
    # the same text means different sizes to Redis and to Docker
    assert parse_redis_memory("2g") != parse_docker_memory("2g")
    assert parse_redis_memory("2gb") == parse_docker_memory("2g")
