"""Memory sizes are read exactly as Redis and Docker read them.

A real ``redis-server`` (7.0, /usr/bin/redis-server) is started on 127.0.0.1 with a free port and a
temporary directory; every spelling is given to it (at startup in a config file, and with CONFIG SET)
and ``CONFIG GET maxmemory`` must equal what :func:`redislint.redis.numbers.parse_redis_memory` computes. The
server is always killed, whatever the test does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redislint.redis.numbers import parse_redis_memory
from redislint.units import parse_docker_memory
from tests.support.binaries import need_redis_70
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, wait_started
from tests.support.resp import Client, answers

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


@pytest.fixture
def server(procs: Procs, tmp_path: Path) -> Iterator[Client]:
    """A client of a redis-server 7.0 started with ``maxmemory 1g`` in its config file."""
    binary = need_redis_70()
    port = free_port()
    conf = tmp_path / "redis.conf"
    conf.write_text(
        f'bind {LOCAL}\nport {port}\ndir {tmp_path}\nsave ""\nappendonly no\nlogfile ""\nmaxmemory 1g\n',
        encoding="utf-8",
    )
    p = procs.start([binary, str(conf)], "redis.log")
    wait_started(p, lambda: answers(port), "redis-server", lambda: procs.log("redis.log"), timeout=5)
    with Client(port) as client:
        yield client


def _maxmemory(client: Client) -> int:
    reply = client.call("CONFIG", "GET", "maxmemory")
    assert isinstance(reply, list) and reply[0] == "maxmemory", reply
    return int(str(reply[1]))


@pytest.mark.redis
def test_maxmemory_spellings_match_redis(server: Client) -> None:
    client = server
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
def test_refused_spellings_match_redis(server: Client) -> None:
    client = server
    for spelling in REFUSED:
        reply = client.call("CONFIG", "SET", "maxmemory", spelling)
        assert isinstance(reply, RuntimeError), f"redis accepted {spelling!r}"
        assert parse_redis_memory(spelling) is None, spelling
    assert _maxmemory(client) == 10**9  # unchanged by the refused values


@pytest.mark.redis
def test_startup_argument_is_parsed_alike(procs: Procs, tmp_path: Path) -> None:
    binary = need_redis_70()
    port = free_port()
    argv = [binary, "--bind", LOCAL, "--port", str(port), "--dir", str(tmp_path), "--save", "", "--maxmemory", "1gb"]
    p = procs.start(argv, "redis.log")
    wait_started(p, lambda: answers(port), "redis-server", lambda: procs.log("redis.log"), timeout=5)
    with Client(port) as client:
        assert _maxmemory(client) == parse_redis_memory("1gb") == 1024**3


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
