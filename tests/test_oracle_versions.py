"""Oracle tests on every supported release line: redislint's ``check`` must say "the server refuses
this file" (RL001, RL002, RL003, RL011, RL505 critical) exactly when the real server of that version
refuses to start with it.

Each case is written to a folder as ``redis.conf`` or ``sentinel.conf``, linted through
:func:`redislint.api.lint` at that version (the path ``redislint check`` runs: discovery, the file
read as the server reads it, link, rules) and started by the real server (tests/support/oracles.py).
Environmental refusals (a file this machine lacks, an address) are not verdicts on the grammar:
the curated cases avoid them and the fuzz counts them apart.

- curated cases: the tricky files of every cause of issue 14, and the 7.0 snippets of
  tests/test_oracle.py, on all five servers; where a case pins a verdict, the server must still give
  it (a change of server behaviour is caught too);
- a seeded differential fuzz (tests/support/conf_fuzz.py): ``REDISLINT_ORACLE_FUZZ`` cases per
  server and kind (default 500 under CI=true, 60 elsewhere); benchmarks/oracle_fuzz.py runs any
  number;
- the upstream templates (their active lines) lint without a refusing finding at their own version,
  and a server of each older line refuses exactly the lines redislint reports as RL011 for it;
- the tables: ``CONFIG GET *`` of each server against the directive table, the command tables and
  ACL categories shipped in redislint/data against the server's own ``COMMAND`` / ``ACL CAT``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from redislint.redis.commands import acl_categories, commands, sentinel_commands
from redislint.redis.versions import parse_version
from tests.support.conf_fuzz import Generator, template_lines
from tests.support.oracles import (
    ORACLE_NAMES,
    Kind,
    Oracle,
    lint_verdict,
    need_oracle,
    server_verdict,
)
from tests.test_oracle import SNIPPETS

V62, V70, V72, V74, VK8 = ORACLE_NAMES
M = "sentinel monitor mymaster 127.0.0.1 6379 2\n"
HASH = "a" * 64

# (id, kind, file bytes, expected verdict: True = starts, False = refused; a dict per server name
# where versions differ, None where only agreement is asserted)
CASES: list[tuple[str, Kind, bytes, bool | dict[str, bool | None] | None]] = [
    # 1. what only the CLI path sees
    ("nul-joins-next-line", "redis", b"appendonly no\x00x\nport 1\n", False),
    ("nul-in-comment-swallows-line", "redis", b"# c\x00omment\nnosuchdirective 1\n", True),
    ("nul-at-end-of-file", "redis", b"appendonly no\x00 junk", True),
    ("utf8-bom", "redis", b"\xef\xbb\xbfport 6379\n", False),
    ("utf8-bom-before-comment", "redis", b"\xef\xbb\xbf# comment\n", False),
    ("sentinel-line-in-redis-conf", "redis", b"sentinel monitor m 127.0.0.1 6379 2\n", False),
    ("utf8-bom-sentinel", "sentinel", b"\xef\xbb\xbf" + M.encode(), False),
    # 2. ACL rules
    ("acl-space-in-user-name", "redis", b'user "a b" on nopass\n', False),
    ("acl-remove-missing-password", "redis", b"user alice on <pw\n", False),
    ("acl-remove-own-password", "redis", b"user alice on >pw <pw\n", True),
    ("acl-hash-then-remove", "redis", f"user alice on #{HASH} !{HASH}\n".encode(), True),
    ("acl-bad-hash", "redis", b"user alice on #ABC\n", False),
    ("acl-bad-remove-hash", "redis", b"user alice on !abc\n", False),
    ("acl-pattern-after-allkeys", "redis", b"user alice on ~* ~cache:*\n", False),
    ("acl-channel-after-allchannels", "redis", b"user alice on &* &news\n", False),
    ("acl-channel-pattern", "redis", b"user alice on &news\n", {V62: False}),
    ("acl-channel-after-resetchannels", "redis", b"user alice on resetchannels &news\n", True),
    ("acl-pubsub-default-reset", "redis", b"acl-pubsub-default resetchannels\nuser alice on &news\n", True),
    ("acl-pubsub-default-all", "redis", b"acl-pubsub-default allchannels\nuser alice on &news\n", False),
    ("acl-read-selector", "redis", b"user alice on %R~cache:* +get\n", {V62: False}),
    ("acl-bad-percent", "redis", b"user alice on %X~*\n", False),
    ("acl-percent-twice", "redis", b"user alice on %RR~*\n", False),
    ("acl-selector", "redis", b"user alice on (~cache:* +get)\n", {V62: False}),
    ("acl-selector-unclosed", "redis", b"user alice on (~cache:* +get\n", False),
    ("acl-selector-opened-twice", "redis", b"user alice on (~* (~* +get)\n", {V70: True, V62: False, V72: False, V74: False, VK8: False}),
    ("acl-selector-bad-rule", "redis", b"user alice on (~x +nosuchcommand)\n", False),
    ("acl-minus-first-arg", "redis", b"user alice on -select|0\n", False),
    ("acl-plus-first-arg", "redis", b"user alice on +select|0\n", True),
    ("acl-unknown-subcommand", "redis", b"user alice on +config|nosuch\n", {V62: True}),
    ("acl-subcommand-first-arg", "redis", b"user alice on +acl|whoami|x\n", {V62: True}),
    ("acl-empty-rule", "redis", b'user alice on ""\n', True),
    ("acl-unknown-command", "redis", b"user alice on +nosuchcommand\n", False),
    ("acl-unknown-category", "redis", b"user alice on +@nosuchcategory\n", False),
    ("acl-default-twice", "redis", b"user default on nopass\nuser default on nopass\n", {V62: True}),
    ("acl-user-twice", "redis", b"user alice on nopass\nuser alice off\n", {V62: True}),
    # 3. Sentinel
    ("sentinel-known-replica-hostname", "sentinel", (M + "sentinel known-replica mymaster redis-2 6379\n").encode(), False),
    (
        "sentinel-known-replica-hostname-resolve",
        "sentinel",
        (M + "sentinel resolve-hostnames yes\nsentinel known-replica mymaster redis-2 6379\n").encode(),
        True,
    ),
    ("sentinel-known-replica-port", "sentinel", (M + "sentinel known-replica mymaster 10.0.0.2 65536\n").encode(), False),
    ("sentinel-known-replica-port-wraps", "sentinel", (M + "sentinel known-replica mymaster 10.0.0.2 4294967297\n").encode(), True),
    ("sentinel-known-replica-twice", "sentinel", (M + "sentinel known-replica mymaster 10.0.0.2 6379\n" * 2).encode(), False),
    ("sentinel-known-sentinel-no-runid", "sentinel", b"sentinel known-sentinel nosuch 999.1.1.1 70000\n", True),
    ("sentinel-known-sentinel-port", "sentinel", (M + f"sentinel known-sentinel mymaster 10.0.0.3 70000 {'b' * 40}\n").encode(), False),
    ("sentinel-known-sentinel-hostname", "sentinel", (M + f"sentinel known-sentinel mymaster s-3 26379 {'b' * 40}\n").encode(), False),
    ("sentinel-timing-32-bit", "sentinel", (M + "sentinel down-after-milliseconds mymaster 2147483648\n").encode(), False),
    ("sentinel-timing-wraps-positive", "sentinel", (M + "sentinel failover-timeout mymaster 4294967297\n").encode(), True),
    ("sentinel-reboot-negative", "sentinel", (M + "sentinel master-reboot-down-after-period mymaster -1\n").encode(), False),
    ("sentinel-quorum-huge", "sentinel", b"sentinel monitor m 127.0.0.1 6379 18446744073709551615\n", False),
    ("sentinel-notification-script-empty", "sentinel", (M + 'sentinel notification-script mymaster ""\n').encode(), False),
    ("sentinel-rename-command-plain-known", "sentinel", (M + "rename-command ping myping\n").encode(), True),
    ("sentinel-rename-command-plain-redis-only", "sentinel", (M + "rename-command flushall x\n").encode(), False),
    (
        "sentinel-rename-twice-one-master",
        "sentinel",
        (M + "sentinel rename-command mymaster CONFIG a\nsentinel rename-command mymaster config b\n").encode(),
        False,
    ),
    ("sentinel-known-primary", "sentinel", (M + "sentinel known-primary mymaster 10.0.0.2 6379\n").encode(), False),
    ("sentinel-monitor-empty-host", "sentinel", b'sentinel monitor m "" 6379 2\n', False),
    ("sentinel-statement-before-monitor", "sentinel", ("sentinel down-after-milliseconds mymaster 5000\n" + M).encode(), True),
    # 4. 32-bit fields
    ("replicaof-port-wraps", "redis", b"replicaof 127.0.0.1 4294967297\n", True),
    ("replicaof-port-negative-wraps", "redis", b"replicaof 127.0.0.1 -2147483649\n", False),
    ("replicaof-port-text", "redis", b"replicaof 127.0.0.1 abc\n", False),
    ("cobl-seconds-32-bit", "redis", b"client-output-buffer-limit pubsub 32mb 8mb 2147483648\n", False),
    ("cobl-seconds-wraps-positive", "redis", b"client-output-buffer-limit pubsub 32mb 8mb -2147483649\n", True),
    ("cobl-bad-limit", "redis", b"client-output-buffer-limit pubsub 32xb 8mb 60\n", {V62: True}),
    # 5. memory sizes
    ("memory-wraps", "redis", b"maxmemory 18446744073709551615k\n", {V62: False}),
    ("memory-saturates", "redis", b"maxmemory 99999999999999999999999\n", True),
    ("memory-negative", "redis", b"maxmemory -1\n", None),
    ("memory-signed-wraps", "redis", b"client-query-buffer-limit 9223372036854775807gb\n", None),
    # 6. not validated before
    ("announce-hostname-underscore", "redis", b"cluster-announce-hostname my_host\n", False),
    ("announce-hostname-ok", "redis", b"cluster-announce-hostname node-1.example\n", {V62: False}),
    ("announce-hostname-too-long", "redis", ("cluster-announce-hostname " + "a" * 256 + "\n").encode(), False),
    ("human-nodename-bad", "redis", b"cluster-announce-human-nodename a:b\n", {VK8: True}),
    ("human-nodename-bad-everywhere", "redis", b"cluster-announce-human-nodename a@b\n", False),
    ("proc-title-unknown-variable", "redis", b'proc-title-template "{title} {nosuch}"\n', False),
    ("proc-title-empty-result", "redis", b'proc-title-template "{title}"\n', False),
    ("proc-title-unclosed", "redis", b'proc-title-template "{title"\n', False),
    ("proc-title-ok", "redis", b'proc-title-template "{title} {port}"\n', True),
    ("dbfilename-backslash", "redis", b"dbfilename dump\\x.rdb\n", False),
    ("appendfilename-backslash", "redis", b'appendfilename "a\\\\b.aof"\n', False),
    ("replicaof-in-cluster", "redis", b"cluster-enabled yes\nreplicaof 127.0.0.1 6379\n", False),
    ("replicaof-no-one-in-cluster", "redis", b"cluster-enabled yes\nreplicaof no one\n", True),
    ("percentile-underflow", "redis", b"latency-tracking-info-percentiles 50 1e-400\n", False),
    ("percentile-denormal", "redis", b"latency-tracking-info-percentiles 50 1e-320\n", {V62: False}),
    ("include-glob-no-match", "redis", b"include ./nothing-here/*.conf\nport 6379\n", {V62: None, V70: True, V72: True, V74: True, VK8: True}),
    ("client-ipv4-bad", "redis", b"cluster-announce-client-ipv4 1e3KB\n", False),
    ("client-ipv4-ok", "redis", b"cluster-announce-client-ipv4 10.0.0.1\n", {VK8: True}),
    ("new-int-bounds", "redis", b"max-new-connections-per-cycle 1001\n", False),
    ("unixsocketperm-trailing-text", "redis", b"unixsocketperm 1M\n", {V62: True}),
    ("unixsocketperm-too-big", "redis", b"unixsocketperm 1000\n", False),
    ("listpack-value-is-an-integer", "redis", b"set-max-listpack-value 1kb\n", False),
    ("maxmemory-samples-65", "redis", b"maxmemory-samples 65\n", {V74: False, VK8: False}),
    ("appendfilename-empty", "redis", b'appendfilename ""\n', {V62: True}),
    ("dir-empty", "redis", b'dir ""\n', None),
    ("cluster-config-file-empty", "redis", b'cluster-config-file ""\n', {VK8: False}),
    ("debug-build-only-config", "redis", b"client-default-resp 2\n", False),
]


def _expect(expected: bool | dict[str, bool | None] | None, name: str, default: bool | None) -> bool | None:
    if isinstance(expected, dict):
        return expected.get(name, default)
    return expected


def _case_default(expected: bool | dict[str, bool | None] | None) -> bool | None:
    """The verdict of a dict case on the servers it does not name: the opposite of a single override
    (``{V62: False}``: the others accept), else None."""
    if isinstance(expected, dict):
        values = set(expected.values())
        return (not values.pop()) if len(values) == 1 else None
    return expected


def _run(oracle: Oracle, kind: Kind, data: bytes) -> tuple[str, bool, tuple[tuple[str, int, str, str], ...], str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        conf = folder / ("sentinel.conf" if kind == "sentinel" else "redis.conf")
        conf.write_bytes(data)
        mine = lint_verdict(folder, oracle.target)
        theirs = server_verdict(oracle, conf, kind)
    return theirs.status, mine.refuses, mine.findings, theirs.log[-600:]


@pytest.fixture(scope="module", params=ORACLE_NAMES)
def oracle(request: pytest.FixtureRequest) -> Oracle:
    return need_oracle(request.param)


@pytest.mark.redis
@pytest.mark.slow
def test_curated_cases(oracle: Oracle) -> None:
    """Every curated case on this server: the verdicts agree, and match the pinned one."""
    failures: list[str] = []
    for cid, kind, data, expected in CASES:
        want = _expect(expected, oracle.name, _case_default(expected))
        status, refuses, findings, log = _run(oracle, kind, data)
        if status == "environmental" and want is None:
            continue  # (an include glob before 7.0: a file name this machine lacks)
        assert status != "environmental", f"{cid}: environmental on {oracle.name}:\n{log}"
        started = status == "accepted"
        if want is not None and started != want:
            failures.append(f"{cid}: {oracle.name} {'started' if started else 'refused'}, expected otherwise\n{log}")
        if refuses == started:
            failures.append(f"{cid}: redislint {'refuses' if refuses else 'accepts'}, {oracle.name} {status}: {findings}\n{log}")
    assert not failures, "\n".join(failures)


@pytest.mark.redis
@pytest.mark.slow
def test_snippets_through_check(oracle: Oracle) -> None:
    """The 7.0 snippets of tests/test_oracle.py, through the check path, on every server."""
    failures: list[str] = []
    for sid, text, expected in SNIPPETS:
        status, refuses, findings, log = _run(oracle, "redis", text.encode())
        if status == "environmental":
            continue
        started = status == "accepted"
        if oracle.name == V70 and started != expected:
            failures.append(f"{sid}: 7.0 {status}, pinned {expected}")
        if refuses == started:
            failures.append(f"{sid}: redislint {'refuses' if refuses else 'accepts'}, {oracle.name} {status}: {findings}\n{log}")
    assert not failures, "\n".join(failures)


ACLFILE_CASES: list[tuple[str, str, bool | dict[str, bool | None]]] = [
    ("aclfile-ok", "user alice on >pw ~* +@all\nuser default on nopass ~* &* +@all\n", True),
    ("aclfile-comment", "# users\nuser alice on >pw ~* +@all\n", False),
    ("aclfile-duplicate", "user alice on >pw\nuser alice off\n", {V62: True}),
    ("aclfile-bad-rule", "user alice on <nopw\n", False),
    ("aclfile-not-a-user-line", "USER alice on\n", False),
]


@pytest.mark.redis
@pytest.mark.slow
def test_aclfile_contents(oracle: Oracle) -> None:
    """An ACL file of the repository, as the server loads it at start (any error: it does not start)."""
    wrong: list[str] = []
    for cid, acl, expected in ACLFILE_CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "users.acl").write_text(acl)
            conf = folder / "redis.conf"
            conf.write_text("aclfile users.acl\n")
            mine = lint_verdict(folder, oracle.target)
            started = server_verdict(oracle, conf, "redis").status == "accepted"
        if started != _expect(expected, oracle.name, _case_default(expected)) or mine.refuses == started:
            wrong.append(f"{cid}: {oracle.name} {'started' if started else 'refused'}, redislint {mine.findings}")
    assert not wrong, "\n".join(wrong)


def _fuzz_cases() -> int:
    given = os.environ.get("REDISLINT_ORACLE_FUZZ")
    if given:
        return int(given)
    return 500 if os.environ.get("CI") == "true" else 60


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["redis", "sentinel"])
def test_differential_fuzz(oracle: Oracle, kind: Kind) -> None:
    gen = Generator(oracle.name, seed=14)
    disagreements: list[str] = []
    environmental = 0
    for i in range(_fuzz_cases()):
        case = gen.case(kind)
        status, refuses, findings, log = _run(oracle, kind, case.data)
        if status == "environmental":
            environmental += 1
            continue
        if refuses == (status == "accepted"):
            disagreements.append(f"case {i} ({case.why}) {case.data!r}: server {status}, redislint {findings}\n{log[-300:]}")
    assert not disagreements, f"{len(disagreements)} disagreements ({environmental} environmental):\n" + "\n".join(disagreements[:10])


# --- the upstream templates ---------------------------------------------------------------------


def _template_text(name: str, kind: Kind) -> str:
    active, _ = template_lines(name, kind)
    return "\n".join(_local(line) for line in active) + "\n"


def _local(line: str) -> str:
    """A template line with the paths of this machine made local (the file's grammar is unchanged)."""
    from tests.support.conf_fuzz import _contain_paths

    return _contain_paths(line)


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["redis", "sentinel"])
def test_template_lints_clean_at_its_version(oracle: Oracle, kind: Kind) -> None:
    text = _template_text(oracle.name, kind)
    status, refuses, findings, log = _run(oracle, kind, text.encode())
    assert status == "accepted", log
    assert not refuses, findings


def _rl011_lines(findings: tuple[tuple[str, int, str, str], ...]) -> set[int]:
    return {line for rule, line, _, _ in findings if rule == "RL011"}


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize(("newer", "older"), [(ORACLE_NAMES[i], ORACLE_NAMES[j]) for i in range(5) for j in range(i)])
def test_older_server_refuses_exactly_rl011_lines(newer: str, older: str) -> None:
    """The template of ``newer`` at the version of ``older``: each line redislint reports as RL011 is
    refused by the older server on its own, and the file without those lines starts."""
    old = need_oracle(older)
    lines = [_local(line) for line in template_lines(newer, "redis")[0]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "redis.conf").write_text("\n".join(lines) + "\n")
        findings = lint_verdict(folder, old.target).findings
    reported = _rl011_lines(findings)
    others = {rule for rule, _, sev, _ in findings if rule != "RL011" and sev == "critical"}
    assert not others, findings
    wrong: list[str] = []
    for n in sorted(reported):
        status, _, _, log = _run(old, "redis", (lines[n - 1] + "\n").encode())
        if status != "refused":
            wrong.append(f"line {n} {lines[n - 1]!r}: RL011 at {older}, but {older} {status}")
    rest = "\n".join(line for n, line in enumerate(lines, 1) if n not in reported) + "\n"
    status, refuses, rest_findings, log = _run(old, "redis", rest.encode())
    if status != "accepted" or refuses:
        wrong.append(f"without the RL011 lines: {older} {status}, redislint {rest_findings}\n{log}")
    assert not wrong, "\n".join(wrong)


# --- the tables -----------------------------------------------------------------------------------


def _data(name: str) -> Path:
    return Path(__file__).parent / "data" / "oracle" / name


def _config_get_names(name: str) -> set[str]:
    return {
        line.split("\t", 1)[0]
        for line in _data(f"{name}.config-get.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }


def _version(name: str) -> object:
    product, _, release = name.partition("-")
    return parse_version(product, release)


# A value for each directive that CONFIG GET * does not list (statements of the file, hidden
# configs) or that the table and CONFIG GET disagree on; file-only statements that need something
# of this machine (include, loadmodule) or of Sentinel mode are left out.
_LINE_FOR = {
    "cluster-config-file": "cluster-config-file nodes-x.conf",
    "list-max-ziplist-entries": "list-max-ziplist-entries 512",
    "list-max-ziplist-value": "list-max-ziplist-value 64",
    "rename-command": "rename-command debug mydebug",
    "replicaof": "replicaof no one",
    "user": "user alice off",
    "key-load-delay": "key-load-delay 0",
    "loading-process-events-interval-bytes": "loading-process-events-interval-bytes 2097152",
    "rdb-key-save-delay": "rdb-key-save-delay 0",
    "use-exit-on-panic": "use-exit-on-panic no",
    "watchdog-period": "watchdog-period 0",
    "aof-disable-auto-gc": "aof-disable-auto-gc no",
    "client-default-resp": "client-default-resp 2",
    "cluster-ping-interval": "cluster-ping-interval 0",
    "req-res-logfile": 'req-res-logfile ""',
    "debug-context": 'debug-context ""',
    "enable-debug-assert": "enable-debug-assert no",
}
_NOT_ALONE = frozenset({"include", "loadmodule", "sentinel"})


@pytest.mark.parametrize("name", ORACLE_NAMES)
def test_directive_table_against_config_get(name: str) -> None:
    """The directive table's column for the version and the real server's ``CONFIG GET *``
    (tools/oracle_tables.py) name the same directives, but for the ones the server checks in
    :func:`test_table_differences_are_the_servers` (hidden configs, statements of the file)."""
    from redislint.redis.directives import _table, column_for

    version = _version(name)
    got = _config_get_names(name)
    col = column_for(version)  # type: ignore[arg-type]
    ok = {n for n, c in _table().cells.items() if c.get(col) in ("Y", "alias")}
    assert (ok ^ got) - _NOT_ALONE <= set(_LINE_FOR), sorted((ok ^ got) - _NOT_ALONE - set(_LINE_FOR))


@pytest.mark.parametrize("name", ORACLE_NAMES)
def test_aliases_are_the_servers(name: str) -> None:
    """Each name the table calls an alias at this version (RL004) has, in the server's own
    ``CONFIG GET *``, the value of the directive it is an alias of (the server shows both names of one
    setting)."""
    from redislint.redis.directives import _table, column_for

    values = {
        k: v
        for k, _, v in (
            line.partition("\t")
            for line in _data(f"{name}.config-get.txt").read_text().splitlines()
            if line and not line.startswith("#")
        )
    }
    t = _table()
    col = column_for(_version(name))  # type: ignore[arg-type]
    aliases = {n: t.alias_of[n] for n, c in t.cells.items() if c.get(col) == "alias"}
    assert aliases
    wrong = {n: (values.get(n), target, values.get(target)) for n, target in aliases.items() if values.get(n) != values.get(target) or n not in values}
    assert not wrong, wrong


@pytest.mark.redis
@pytest.mark.slow
def test_table_differences_are_the_servers(oracle: Oracle) -> None:
    """Each directive the table and CONFIG GET disagree on, alone in a file: the server starts with it
    exactly when the table says the version knows it, and redislint says so."""
    from redislint.redis.directives import _table, column_for

    version = _version(oracle.name)
    col = column_for(version)  # type: ignore[arg-type]
    ok = {n for n, c in _table().cells.items() if c.get(col) in ("Y", "alias")}
    wrong: list[str] = []
    for n in sorted(((ok ^ _config_get_names(oracle.name)) - _NOT_ALONE) & set(_LINE_FOR)):
        status, refuses, findings, _ = _run(oracle, "redis", (_LINE_FOR[n] + "\n").encode())
        if (status == "accepted") != (n in ok) or refuses == (status == "accepted"):
            wrong.append(f"{n}: table {'knows' if n in ok else 'does not know'} it, server {status}, redislint {findings}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.redis
def test_shipped_tables_are_the_servers(oracle: Oracle) -> None:
    """The command tables and ACL categories in redislint/data are the real server's."""
    from tests.support.procs import Procs
    from tests.support.resp import Client

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        procs = Procs(folder)
        try:
            from tools.oracle_tables import _names, _start

            port = _start(procs, [oracle.server, "--save", ""], folder)
            with Client(port) as c:
                assert _names(c.call("COMMAND")) == sorted(commands(oracle.name))
                cats = c.call("ACL", "CAT")
                assert isinstance(cats, list)
                assert {str(x).lower() for x in cats} == acl_categories(oracle.name)
            (folder / "sentinel.conf").write_text("")
            sport = _start(procs, [oracle.sentinel, str(folder / "sentinel.conf")], folder)
            with Client(sport) as c:
                assert _names(c.call("COMMAND")) == sorted(sentinel_commands(oracle.name))
        finally:
            procs.close()
