"""Oracle test: redislint's verdict on a config must be the real redis-server's verdict.

Every snippet is written to a file and given to (a) ``redislint check --redis-version 7.0`` (through
:func:`tests.support.oracles.lint_verdict`, the CLI's path: the file is read as the server reads it)
and (b) a real
``redis-server`` 7.0.x started on 127.0.0.1 with a free port. The server accepts the file when it keeps
running and answers PING; it rejects it when it exits (``FATAL CONFIG FILE ERROR`` or another startup
failure). Both verdicts must agree, and both must match the verdict written next to the snippet, so a
drift on either side is caught.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from redislint.parsers.redis_conf import parse_conf
from redislint.redis.commands import commands_70
from redislint.redis.directives import canonical, closest, column_for, status, versions_knowing
from redislint.redis.numbers import parse_redis_memory
from redislint.redis.validate import validate_directive, validate_file_level
from redislint.redis.versions import NEWEST, parse_version
from tests.support.binaries import need_redis_70
from tests.support.oracles import lint_verdict
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs
from tests.support.resp import Client, answers

R70 = parse_version("redis", "7.0")
STARTUP_TIMEOUT = 3.0


# --- the real server -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_server() -> str:
    return need_redis_70()


@pytest.fixture
def start(redis_server: str, procs: Procs, tmp_path: Path) -> Iterator[object]:
    def _start(conf: Path | None, *extra: str) -> tuple[bool, str, int]:
        """Start the server; return (accepted, output, port). The process is killed at teardown."""
        port = free_port()
        log = f"out-{port}.log"
        argv = [redis_server]
        if conf is not None:
            argv.append(str(conf))
        argv += ["--port", str(port), "--bind", LOCAL, "--save", "", "--daemonize", "no"]
        argv += ["--dir", str(tmp_path), *extra]
        proc = procs.start(argv, log)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False, procs.log(log), port
            if answers(port):
                return True, procs.log(log), port
            time.sleep(0.05)
        return proc.poll() is None, procs.log(log), port

    yield _start


# --- the snippets --------------------------------------------------------------------------------

# (id, config text, does Redis 7.0 start with it?)
SNIPPETS: list[tuple[str, str, bool]] = [
    ("plain", "maxmemory 100mb\nappendonly no\n", True),
    ("port-in-file-cli-wins", "port 6390\n", True),
    ("quoted-password-with-space", 'requirepass "a b"\n', True),
    ("double-quote-escapes", 'requirepass "a\\x41\\nb\\t\\"q\\""\n', True),
    ("single-quote-escape", "requirepass 'it\\'s'\n", True),
    ("quote-opening-mid-token", 'requirepass pa"ss wo"\n', True),
    ("empty-string-password", 'requirepass ""\n', True),
    ("text-after-closing-quote", 'requirepass "abc"def\n', False),
    ("unterminated-double-quote", 'requirepass "abc\n', False),
    ("unterminated-single-quote", "requirepass 'abc\n", False),
    ("quote-closed-mid-token", 'requirepass pa"ss wo"rd\n', False),
    ("trailing-comment", "requirepass abc # comment\n", False),
    ("trailing-comment-on-bool", "appendonly no # off\n", False),
    ("comments-and-blank-lines", "# c\n   # indented\n\n\t\nappendonly no\n", True),
    ("crlf", "appendonly no\r\nmaxmemory 100mb\r\n", True),
    ("tab-separated", "maxmemory\t100mb\n", True),
    ("leading-and-trailing-blanks", "  \t maxmemory 10mb  \t\n", True),
    ("mixed-case-name-and-bool", "AppendOnly NO\nREQUIREPASS x\n", True),
    ("mixed-case-enum", "Maxmemory-Policy ALLKEYS-LRU\nloglevel WARNING\n", True),
    ("bad-bool", "appendonly maybe\n", False),
    ("bad-enum", "appendfsync sometimes\n", False),
    ("unknown-directive", "foobar yes\n", False),
    ("misspelled-directive", "maxmemmory 1gb\n", False),
    ("gopher-removed-in-7", "gopher-enabled no\n", False),
    ("locale-collate-is-7.2", "locale-collate C\n", False),
    ("loglevel-nothing-is-7.2", "loglevel nothing\n", False),
    ("allkeys-lrm-is-8.6", "maxmemory-policy allkeys-lrm\n", False),
    ("size-2gb", "maxmemory 2gb\n", True),
    ("size-quoted-with-space", 'maxmemory "2 gb"\n', False),
    ("size-two-tokens", "maxmemory 2 gb\n", False),
    ("size-decimal", "maxmemory 1.5gb\n", False),
    ("size-negative", "maxmemory -1\n", False),
    ("size-1k", "maxmemory 1k\n", True),
    ("size-1KB", "maxmemory 1KB\n", True),
    ("size-empty-string-is-zero", 'maxmemory ""\n', True),
    ("port-two-args", "port 1 2\n", False),
    ("port-out-of-range", "port 70000\n", False),
    ("port-leading-zero", "port 06379\n", False),
    ("databases-zero", "databases 0\n", False),
    ("save-empty", 'save ""\n', True),
    ("save-odd", "save 900\n", False),
    ("save-pairs", "save 900 1 300 10\n", True),
    ("save-one-quoted-arg", 'save "900 1"\n', True),
    ("rename-twice", "rename-command FLUSHALL xflushall\nrename-command FLUSHALL other\n", False),
    ("rename-twice-after-disable", 'rename-command FLUSHALL ""\nrename-command FLUSHALL x\n', False),
    ("rename-onto-existing", "rename-command CONFIG GET\n", False),
    ("rename-ok", "rename-command CONFIG b840fc02d524045429941cc15f59e41cb7be6c52\n", True),
    ("rename-wrong-argc", "rename-command CONFIG\n", False),
    ("ignored-list-max-ziplist-entries", "list-max-ziplist-entries 512\n", True),
    ("alias-slave-read-only", "slave-read-only yes\n", True),
    ("alias-hash-max-ziplist-entries", "hash-max-ziplist-entries 128\n", True),
    ("alias-bad-value", "slave-read-only maybe\n", False),
    ("sentinel-in-redis-conf", "sentinel monitor mymaster 127.0.0.1 6379 2\n", False),
    ("duplicate-user", "user alice on >pw ~* +@all\nuser alice off\n", False),
    ("user-bad-category", "user alice on +@nosuchcategory\n", False),
    ("cobl-ok", "client-output-buffer-limit pubsub 32mb 8mb 60\n", True),
    ("cobl-master-class", "client-output-buffer-limit master 0 0 0\n", False),
    ("tls-protocols-unquoted", "tls-protocols TLSv1.2 TLSv1.3\n", False),
    ("shutdown-save-and-nosave", "shutdown-on-sigterm save nosave\n", False),
    ("enable-debug-command-local", "enable-debug-command local\n", True),
    ("replicaof-bad-port", "replicaof 127.0.0.1 70000\n", False),
    ("replicaof-no-one", "replicaof no one\n", True),
    ("module-config-without-module", "foo.bar 1\n", False),
    ("notify-bad-class", "notify-keyspace-events KEq\n", False),
    ("dbfilename-path", "dbfilename dir/dump.rdb\n", False),
    ("proto-max-bulk-len-too-small", "proto-max-bulk-len 1000\n", False),
    ("io-threads-max", "io-threads 129\n", False),
]


@pytest.mark.redis
@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in SNIPPETS], ids=[i for i, _, _ in SNIPPETS]
)
def test_oracle(start: object, tmp_path: Path, text: str, expected: bool) -> None:
    assert callable(start)
    conf = tmp_path / "redis.conf"
    conf.write_text(text, encoding="utf-8", newline="")
    server_ok, output, _ = start(conf)
    mine = not lint_verdict(tmp_path, "7.0").refuses  # the path `redislint check` runs
    if not server_ok:
        assert output, "the server exited without saying why"
    assert server_ok == expected, f"redis-server verdict changed (expected {expected}):\n{output[-800:]}"
    assert mine == expected, f"redislint verdict {mine}, redis-server {server_ok}:\n{output[-800:]}"


def test_snippet_list_is_big_enough() -> None:
    assert len(SNIPPETS) >= 40
    assert len({i for i, _, _ in SNIPPETS}) == len(SNIPPETS)


# --- memory sizes: parse_redis_memory against CONFIG GET maxmemory --------------------------------

MEMORY_SPELLINGS = ["1gb", "1g", "1GB", "1Gb", "100mb", "100m", "1k", "1kb", "12345", "0", "7b", "1M"]


def _config_get_maxmemory(port: int) -> int:
    with Client(port) as c:
        reply = c.call("CONFIG", "GET", "maxmemory")
    assert isinstance(reply, list) and reply[0] == "maxmemory", reply
    return int(str(reply[1]))


@pytest.mark.redis
@pytest.mark.parametrize("spelling", MEMORY_SPELLINGS)
def test_memory_units_match_server(start: object, spelling: str) -> None:
    assert callable(start)
    ok, output, port = start(None, "--maxmemory", spelling)
    assert ok, output[-500:]
    assert parse_redis_memory(spelling) == _config_get_maxmemory(port)


@pytest.mark.redis
@pytest.mark.parametrize("spelling", ["1.5gb", "2 gb", "-1", "1tb", "+5"])
def test_memory_refused_by_both(start: object, spelling: str) -> None:
    assert callable(start)
    ok, output, _ = start(None, "--maxmemory", spelling)
    assert not ok
    assert "FATAL CONFIG FILE ERROR" in output
    assert parse_redis_memory(spelling) is None


@pytest.mark.redis
def test_command_table_is_the_servers(start: object) -> None:
    """The shipped table of Redis 7.0 commands (rename-command, ACL +command) is ``COMMAND LIST``."""
    assert callable(start)
    ok, output, port = start(None)
    assert ok, output[-500:]
    with Client(port) as c:
        reply = c.call("COMMAND", "LIST")
    assert isinstance(reply, list), reply
    names = [str(n).lower() for n in reply]
    assert {n for n in names if "|" not in n} == commands_70()


def test_parse_redis_memory_values() -> None:
    assert parse_redis_memory("2gb") == 2 * 1024**3
    assert parse_redis_memory("2g") == 2 * 1000**3
    assert parse_redis_memory("1KB") == 1024
    assert parse_redis_memory("") == 0
    assert parse_redis_memory("gb") == 0
    assert parse_redis_memory("18446744073709551615") == 2**64 - 1
    assert parse_redis_memory("18446744073709551615k") is None
    assert parse_redis_memory("1\u0661") is None  # non-ASCII digits are not digits for Redis
    assert parse_redis_memory("٣gb") is None


# --- directive table -------------------------------------------------------------------------------


def test_directive_status_and_labels() -> None:
    assert status("port", R70) == "ok"
    assert status("SLAVE-READ-ONLY", R70) == "alias"
    assert canonical("slave-read-only", R70) == "replica-read-only"
    assert canonical("hash-max-ziplist-entries", R70) == "hash-max-listpack-entries"
    assert canonical("masterauth", parse_version("valkey", "8.0")) == "primaryauth"
    assert canonical("masterauth", R70) == "masterauth"
    assert status("list-max-ziplist-entries", R70) == "ignored"
    assert status("locale-collate", R70) == "unknown-here"
    assert status("nosuchthing", R70) == "unknown"
    assert versions_knowing("gopher-enabled") == ["Redis 6.0–6.2"]
    assert versions_knowing("locale-collate") == ["Redis 7.2+", "Valkey 7.2+"]
    assert versions_knowing("availability-zone") == ["Valkey 8.0+"]
    assert versions_knowing("lookahead") == ["Redis 8.4+"]
    assert closest("maxmemmory") == "maxmemory"
    assert closest("zzzzzz") is None


def test_supplement_and_columns() -> None:
    assert status("tls-auth-clients-user", parse_version("redis", "8.4")) == "unknown-here"
    assert status("tls-auth-clients-user", parse_version("redis", "8.6")) == "ok"
    assert status("hash-rdb-load-min-template-entries", NEWEST) == "ok"
    assert column_for(parse_version("redis", "5.0")) == "redis-6.0.20"
    assert column_for(parse_version("redis", "7.3")) == "redis-7.2.6"
    assert column_for(parse_version("redis", "8.6")).startswith("redis-8.0")
    assert column_for(parse_version("valkey", "9")) == "valkey-8.0.1"
    with pytest.raises(ValueError):
        parse_version("redis", "latest")


# --- messages and spans ----------------------------------------------------------------------------


def _problems(text: str, version: object = R70, kind: str = "redis") -> list[tuple[str, int, str]]:
    conf = parse_conf("/r/redis.conf", text)
    out = []
    for d in conf.directives:
        out += validate_directive(d, version, kind)  # type: ignore[arg-type]
    out += validate_file_level(conf.directives, version, kind)  # type: ignore[arg-type]
    return [(p.kind, p.span.start_col, p.message) for p in out]


def test_messages_and_spans() -> None:
    assert _problems("maxmemmory 1gb\n") == [
        ("unknown", 1, "unknown directive 'maxmemmory', did you mean 'maxmemory'?")
    ]
    ((kind, col, msg),) = _problems("port 70000\n")
    assert (kind, col) == ("invalid-argument", 6) and "'port'" in msg and not msg.endswith(".")
    ((kind, col, _),) = _problems("port 1 2\n")
    assert (kind, col) == ("invalid-argument", 8)
    ((kind, col, msg),) = _problems("locale-collate C\n")
    assert kind == "version-gated" and "Redis 7.2+" in msg
    assert [k for k, _, _ in _problems("slave-read-only yes\n")] == ["deprecated"]
    assert [k for k, _, _ in _problems("list-max-ziplist-entries 512\n")] == ["ignored"]
    ((kind, col, msg),) = _problems("maxmemory-policy allkeys-lrm\n")
    assert kind == "version-gated" and "8.6" in msg
    assert _problems("maxmemory-policy allkeys-lrm\n", parse_version("redis", "8.6")) == []
    assert _problems("primaryauth x\n", parse_version("valkey", "8.0")) == []
    assert [k for k, _, _ in _problems("masterauth x\n", parse_version("valkey", "8.0"))] == ["deprecated"]


def test_secrets_never_in_messages() -> None:
    for text in (
        "requirepass s3cr3t-value # c\n",
        "masterauth s3cr3t-value extra\n",
        "tls-key-file-pass s3cr3t-value x\n",
        "user alice on >s3cr3t-value bogus-s3cr3t-value\n",
        "user alice on #s3cr3t-value\n",
    ):
        probs = _problems(text)
        assert probs, text
        assert all("s3cr3t" not in m for _, _, m in probs), probs
    conf = parse_conf(
        "/s/sentinel.conf", "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pass m s3cr3t-value x\n"
    )
    msgs = [p.message for d in conf.directives for p in validate_directive(d, R70, "sentinel")]
    assert msgs and all("s3cr3t" not in m for m in msgs)


def test_sentinel_statements() -> None:
    s = "sentinel"
    assert (
        _problems("sentinel monitor m 10.0.0.1 6379 2\nsentinel down-after-milliseconds m 5000\n", R70, s)
        == []
    )
    ((kind, _, msg),) = _problems("sentinel monitor m 10.0.0.1 6379 0\n", R70, s)
    assert kind == "invalid-argument"
    assert "quorum must be 1 or greater" in msg
    ((_kind2, _, msg),) = _problems("sentinel monitr m 10.0.0.1 6379 2\n", R70, s)
    assert "did you mean 'monitor'?" in msg
    ((_kind, _, msg),) = _problems(
        "sentinel monitor m 10.0.0.1 6379 2\nsentinel failover-timeout x 1000\n", R70, s
    )
    assert "no 'sentinel monitor' line" in msg
    assert _problems("sentinel\n") == []


def test_unknown_values_are_not_judged() -> None:
    from redislint.model.values import Origin

    conf = parse_conf("/r/redis.conf", "maxmemory 2gb\n")
    d = conf.directives[0]
    unknown = d.args[0].model_copy(update={"text": None, "origin": Origin.REQUIRED})
    d2 = d.model_copy(update={"args": (unknown,)})
    assert validate_directive(d2, R70) == []
