"""``redislint audit`` against real servers (Debian's redis-server 7.0 by default), each on
127.0.0.1 on a free port with its files in a temporary folder, always stopped at the end. Findings are
asserted exactly: rule, location (the server's address or the repository file), the line there (for a
live server: the snapshot line, e.g. ``#@info master_link_status:down``) and severity."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from redislint.audit.client import AUDIT_ACL, READ_COMMANDS
from redislint.audit.run import NEEDS_CONFIG, AuditOptions, audit
from redislint.engine.context import Settings
from redislint.output import render
from tests.support.audit import ADMIN, PASSWORD, ROOT, conf_lines, found, run, server
from tests.support.binaries import need_binary
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, listens, wait_started, wait_until
from tests.support.resp import Client, command

pytestmark = pytest.mark.redis


def test_standalone_without_password(procs: Procs, tmp_path: Path) -> None:
    port = free_port()
    server(procs, tmp_path, "plain", conf_lines(tmp_path, port, []), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc])
    assert found(report) == {
        ("RL301", loc, 'save ""', "medium"),
        ("RL401", loc, "maxmemory 0", "medium"),
        ("RL201", loc, "user default on nopass ~* &* +@all", "medium"),
    }, report.notices
    assert report.exit_code == 1
    text = render(report, "text", color=False).splitlines()
    head = next(i for i, t in enumerate(text) if t.startswith("server "))
    assert text[head].split() == ["server", "critical", "high", "medium", "low"]
    assert text[head + 1].split() == [loc, "0", "0", "4", "0"]  # RL206 too


def test_standalone_with_password_from_redis_cli_auth(procs: Procs, tmp_path: Path) -> None:
    """The password comes from REDISCLI_AUTH; it is never printed in any format."""
    port = free_port()
    server(procs, tmp_path, "auth", conf_lines(tmp_path, port, [f"requirepass {PASSWORD}", "maxmemory 100mb"]), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], environ={"REDISCLI_AUTH": PASSWORD})
    assert found(report) == {
        ("RL301", loc, 'save ""', "medium"),
        ("RL201", loc, "user default on #" + __import__("hashlib").sha256(PASSWORD.encode()).hexdigest() + " ~* &* +@all", "medium"),
    }, report.notices
    for fmt in ("text", "json", "sarif", "github"):
        out = render(report, fmt, **({"color": False} if fmt == "text" else {}))
        assert PASSWORD not in out and __import__("hashlib").sha256(PASSWORD.encode()).hexdigest() not in out, fmt
    # without the password: one notice, exit 2, nothing else
    denied = run([loc])
    assert found(denied) == set() and denied.exit_code == 2
    assert any("authentication" in n or "NOAUTH" in n for n in denied.notices), denied.notices


def test_replica_of_a_stopped_primary(procs: Procs, tmp_path: Path) -> None:
    """A failed replication link shows up as RL850 on the replica."""
    dead = free_port()  # nothing listens there: the primary is stopped
    port = free_port()
    server(procs, tmp_path, "replica", conf_lines(tmp_path, port, [f"replicaof {LOCAL} {dead}", "maxmemory 100mb"]), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc])
    assert found(report) == {
        ("RL850", loc, "#@info master_link_status:down", "high"),
        ("RL301", loc, 'save ""', "medium"),
        ("RL201", loc, "user default on nopass ~* &* +@all", "medium"),
    }, report.notices


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder a non-root server user can read (tmp_path's parents are private to root)."""
    d = Path(tempfile.mkdtemp(prefix="redislint-audit-"))
    d.chmod(0o755)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def test_failed_background_save(procs: Procs, tmp_path: Path, open_dir: Path) -> None:
    """A ``dir`` the (non-root) server user cannot write: BGSAVE fails and RL851 reports it. As root
    the server runs as nobody (root writes anywhere); otherwise as the test's own user."""
    user = (65534, 65534) if os.geteuid() == 0 else None
    data = open_dir / "data"
    data.mkdir()
    data.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)  # read-only: 555
    port = free_port()
    lines = [f"port {port}", f"bind {LOCAL}", f"dir {data}", "save 3600 1", "appendonly no", "maxmemory 100mb"]
    server(procs, open_dir, "bgsave", lines, port, user=user, cwd=open_dir)
    assert command(port, "BGSAVE") in ("+Background saving started", "Background saving started")
    wait_until(lambda: "rdb_bgsave_in_progress:0" in command(port, "INFO", "persistence") and "rdb_last_bgsave_status:err" in command(port, "INFO", "persistence"), 10, "the failed save")
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc])
    assert found(report) == {
        ("RL851", loc, "#@info rdb_last_bgsave_status:err", "high"),
        ("RL201", loc, "user default on nopass ~* &* +@all", "medium"),
    }, report.notices


def test_config_set_maxmemory_after_start_is_drift(procs: Procs, tmp_path: Path) -> None:
    """``CONFIG SET maxmemory`` after start: the running value differs from the repository's line."""
    repo = tmp_path / "repo"
    repo.mkdir()
    port = free_port()
    conf = server(procs, repo, "redis", conf_lines(tmp_path, port, ["maxmemory 100mb", "maxmemory-policy noeviction"]), port)
    assert command(port, "CONFIG", "SET", "maxmemory", "200mb") in ("+OK", "OK")
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], against=str(repo))
    rel = report.relpath(str(conf))
    assert found(report) == {
        ("RL860", rel, "maxmemory 100mb", "high"),
        ("RL301", loc, 'save ""', "medium"),
        ("RL201", loc, "user default on nopass ~* &* +@all", "medium"),
    }, report.notices
    drift = next(f for f in report.active if f.rule_id == "RL860")
    assert drift.span.start_line == 6 and "'maxmemory 209715200'" in drift.message
    sarif = __import__("json").loads(render(report, "sarif"))
    # SARIF (code scanning) holds the drift at its repository line; the live findings are in JSON
    from tests.sarif_check import problems

    assert problems(sarif) == []
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [("RL860", conf.resolve().as_uri())]
    assert "relatedLocations" not in results[0]  # the running value is in the message, its place in JSON
    notes = [n["message"]["text"] for n in sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert notes == ["3 findings on running servers (redislint audit) are not in this SARIF log, which holds repository locations only: see --format json"]
    json_files = {f["file"] for f in __import__("json").loads(render(report, "json"))["findings"]}
    assert json_files == {loc, rel}


def _reference_stack(tmp_path: Path, port: int, data: Path) -> tuple[Path, Path]:
    """stacks/standalone copied to a repository of the test, its redis.conf listening on ``port``
    with ``dir`` ``data`` (the two lines a host run must change), and the ACL secret file created;
    and the file the host server loads: the same, its include pointing at the secret on the host."""
    repo = tmp_path / "standalone"
    shutil.copytree(ROOT / "stacks" / "standalone", repo)
    conf = repo / "redis" / "redis.conf"
    text = conf.read_text().replace("\nport 6379\n", f"\nport {port}\n").replace("\ndir /data\n", f"\ndir {data}\n")
    conf.write_text(text)
    acl = repo / "secrets" / "redis_acl.conf"
    acl.write_text((repo / "secrets" / "redis_acl.conf.example").read_text().replace("{{default-password}}", PASSWORD).replace("{{admin-password}}", ADMIN))
    (repo / "secrets" / "redis_password").write_text(PASSWORD + "\n")
    host = tmp_path / "host.conf"
    host.write_text(text.replace("include /run/secrets/redis_acl.conf", f"include {acl}") + f"\nbind {LOCAL}\n")
    return repo, host


def test_drift_against_the_reference_stack(procs: Procs, tmp_path: Path) -> None:
    """The reference stack's redis.conf run by a real server, then CONFIG SET appendonly no: the audit
    against the stack reports exactly that directive, at its line."""
    port = free_port()
    data = tmp_path / "data"
    data.mkdir()
    repo, host = _reference_stack(tmp_path, port, data)
    p = procs.start([need_binary("redis-server"), str(host)], "ref.log")
    wait_started(p, lambda: listens(port), "reference server", lambda: procs.log("ref.log"))
    assert command(port, "CONFIG", "SET", "appendonly", "no", password=None) != "+OK"  # the default user may not
    with Client(port) as c:
        assert str(c.call("AUTH", "admin", ADMIN)) == "OK"
        assert str(c.call("CONFIG", "SET", "appendonly", "no")) == "OK"
    loc = f"redis://{LOCAL}:{port}"
    report = run([f"redis://admin@{LOCAL}:{port}"], password=ADMIN, against=str(repo), select=("RL860",))
    conf = repo / "redis" / "redis.conf"
    line = next(i for i, t in enumerate(conf.read_text().splitlines(), 1) if t == "appendonly yes")
    drift = [(f.rule_id, f.span.file, f.span.start_line, f.severity.name.lower()) for f in report.active]
    assert drift == [("RL860", str(conf.resolve()), line, "high")], (drift, report.notices)
    assert found(report, eol=False) == {("RL860", report.relpath(str(conf.resolve())), "appendonly yes", "high")}
    assert ADMIN not in render(report, "json") and loc


def test_audit_acl_user_is_enough_and_nothing_else_is_sent(procs: Procs, tmp_path: Path) -> None:
    """The documented minimal user: the audit runs with it (ACL LOG stays empty, nothing refused),
    and every command the server saw (MONITOR) and the client sent is a read command of the list."""
    port = free_port()
    audit_user = AUDIT_ACL.replace(">PASSWORD", f">{PASSWORD}")
    lines = conf_lines(tmp_path, port, ["maxmemory 100mb", audit_user, f"user admin on >{ADMIN} ~* &* +@all", "user default off"])
    server(procs, tmp_path, "acl", lines, port)
    monitor = Client(port, timeout=10)
    try:
        assert str(monitor.call("AUTH", "admin", ADMIN)) == "OK"
        assert str(monitor.call("MONITOR")) == "OK"
        sent: list[tuple[str, ...]] = []
        opts = AuditOptions(user="audit", password=PASSWORD, environ={})
        report = audit([f"redis://{LOCAL}:{port}"], Settings(), opts, root=str(ROOT), sent=sent)
        # the commands the server received, as MONITOR shows them (it hides AUTH, CONFIG and ACL)
        with Client(port) as c:
            assert str(c.call("AUTH", "admin", ADMIN)) == "OK"
            log = c.call("ACL", "LOG")
            c.call("PING")  # a marker the monitor sees after the audit
        seen: list[list[str]] = []
        monitor.sock.settimeout(5)
        while True:
            line = monitor._line().decode()
            words = [w.strip('"') for w in line.split("] ", 1)[1].split(" ")] if "] " in line else []
            if words and words[0].upper() == "PING":
                break
            if words and words[0].upper() != "AUTH":
                seen.append(words)
    finally:
        monitor.close()
    assert log == [], log  # no command was refused: the user is enough
    assert report.notices == [] and report.exit_code == 1
    assert {tuple(a.upper() for a in s[:2]) for s in sent} <= READ_COMMANDS | {(s[0].upper(),) for s in sent if (s[0].upper(),) in READ_COMMANDS}
    assert all((w[0].upper(),) in READ_COMMANDS or tuple(x.upper() for x in w[:2]) in READ_COMMANDS for w in seen), seen
    assert [s[0].upper() for s in sent] == ["INFO", "ROLE", "CONFIG", "ACL", "COMMAND"]
    assert [w[0].upper() for w in seen] == ["INFO", "ROLE", "COMMAND"]


def test_config_refused_degrades_with_a_notice(procs: Procs, tmp_path: Path) -> None:
    """A managed-service-like server (CONFIG renamed away): the rules run on what INFO tells, and a
    notice names what could not run; nothing absent is reported."""
    port = free_port()
    server(procs, tmp_path, "managed", conf_lines(tmp_path, port, ['rename-command CONFIG ""']), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc])
    # RL201 cannot run: with the configuration unseen, renamed commands are unknown
    assert found(report) == {("RL401", loc, "maxmemory 0", "medium")}, report.notices
    assert report.notices == [
        f"{loc}: CONFIG GET refused (unknown command, a managed service or a renamed command): the rules ran on what "
        "INFO tells (port, maxmemory, maxmemory-policy, persistence) and ACL LIST",
        f"{loc}: without CONFIG GET these rules could not run: " + ", ".join(sorted(NEEDS_CONFIG)),
    ]
    # only some rules selected: the notice names those of them that could not run
    some = run([loc], select=("RL301", "RL401", "RL702", "RL206"))
    assert some.notices[1] == f"{loc}: without CONFIG GET these rules could not run: RL301, RL702"
    assert found(some) == {("RL401", loc, "maxmemory 0", "medium")}


def test_config_refused_by_acl_names_the_rules_that_could_not_run(procs: Procs, tmp_path: Path) -> None:
    """CONFIG|GET refused by the audit user's ACL (NOPERM), not renamed: the same fallback, and the
    notice names the rules that could not run."""
    port = free_port()
    user = AUDIT_ACL.replace(">PASSWORD", f">{PASSWORD}").replace(" +config|get", "")
    server(procs, tmp_path, "noconfig", conf_lines(tmp_path, port, [user, "maxmemory 100mb"]), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc], user="audit", password=PASSWORD, select=("RL401", "RL301", "RL106", "RL206"))
    assert found(report) == set(), report.notices  # maxmemory is set (INFO tells it); the rest is unknown
    assert len(report.notices) == 2 and report.notices[0].startswith(f"{loc}: CONFIG GET refused (NOPERM")
    assert report.notices[1] == f"{loc}: without CONFIG GET these rules could not run: RL106, RL301"
    assert report.exit_code == 1  # RL206 (7.0 is past its end of life): a finding; the notices do not make it exit 2


def _certs(tmp: Path) -> tuple[Path, Path, Path]:
    openssl = need_binary("openssl")
    ca_key, ca, key, csr, crt = (tmp / n for n in ("ca.key", "ca.crt", "redis.key", "redis.csr", "redis.crt"))
    ext = tmp / "san.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    run_ = lambda *a: subprocess.run([openssl, *a], check=True, capture_output=True, timeout=60)  # noqa: E731
    run_("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca), "-days", "1", "-subj", "/CN=redislint-test-ca")
    run_("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run_("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-out", str(crt), "-days", "1", "-extfile", str(ext))
    return crt, key, ca


def test_tls_server(procs: Procs, tmp_path: Path) -> None:
    """A TLS-only server with certificates made by the test: rediss:// with --cacert (verified)."""
    crt, key, ca = _certs(tmp_path)
    port = free_port()
    lines = ["port 0", f"tls-port {port}", f"bind {LOCAL}", f"dir {tmp_path}", 'save ""', "appendonly no", "maxmemory 100mb",
             f"tls-cert-file {crt}", f"tls-key-file {key}", f"tls-ca-cert-file {ca}", "tls-auth-clients no", f"requirepass {PASSWORD}"]  # fmt: skip
    server(procs, tmp_path, "tls", lines, port)
    from redislint.audit.client import TlsOptions

    loc = f"rediss://{LOCAL}:{port}"
    report = run([loc], environ={"REDISCLI_AUTH": PASSWORD}, tls=TlsOptions(cacert=str(ca)))
    assert report.notices == []
    assert found(report) == {
        ("RL301", loc, 'save ""', "medium"),
        ("RL201", loc, "user default on #" + __import__("hashlib").sha256(PASSWORD.encode()).hexdigest() + " ~* &* +@all", "medium"),
        ("RL706", loc, "tls-auth-clients no", "low"),
    }
    # without the CA the certificate is not trusted: refused, unless --insecure is asked for
    untrusted = run([loc], environ={"REDISCLI_AUTH": PASSWORD}, tls=TlsOptions())
    assert untrusted.exit_code == 2 and found(untrusted) == set()
    insecure = run([loc], environ={"REDISCLI_AUTH": PASSWORD}, tls=TlsOptions(insecure=True))
    assert found(insecure) == found(report)


@pytest.mark.slow
def test_cli_audit_outputs_and_exit_codes(procs: Procs, tmp_path: Path) -> None:
    port = free_port()
    server(procs, tmp_path, "cli", conf_lines(tmp_path, port, [f"requirepass {PASSWORD}"]), port)
    pwfile = tmp_path / "pw"
    pwfile.write_text(PASSWORD + "\n")
    env = {k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}
    cmd = [sys.executable, "-m", "redislint", "audit", f"redis://{LOCAL}:{port}", "--password-file", str(pwfile)]
    for fmt in ("text", "json", "sarif", "github"):
        p = subprocess.run([*cmd, "-f", fmt], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
        assert p.returncode == 1, p.stderr
        assert PASSWORD not in p.stdout + p.stderr
        if fmt == "json":
            from redislint.output.schema import JsonReport

            JsonReport.model_validate_json(p.stdout)  # the documented schema of check's JSON
            assert "RL401" in p.stdout
        elif fmt == "sarif":
            assert '"results":[]' in p.stdout and "not in this SARIF log" in p.stdout  # live findings: JSON
        else:
            assert "RL401" in p.stdout
    gone = subprocess.run([sys.executable, "-m", "redislint", "audit", f"redis://user:{PASSWORD}@{LOCAL}:{free_port()}"], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert gone.returncode == 2 and PASSWORD not in gone.stdout + gone.stderr
    assert "cannot connect" in gone.stdout + gone.stderr
    assert gone.stdout.splitlines()[-1] == "Nothing was checked: no server was audited."


def test_version_and_check_import_no_redis_client() -> None:
    """``--version`` (and ``check``) never load redis-py: only ``audit`` does."""
    for args in (["--version"], ["check", str(ROOT / "fixtures" / "RL401" / "good" / "set-redis.conf")]):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "redislint", *args], capture_output=True, text=True, timeout=60)
        modules = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
        assert not {m for m in modules if m == "redis" or m.startswith(("redis.", "redislint.audit"))}, args


def test_unix_socket_and_targets_file_with_progress(procs: Procs, tmp_path: Path) -> None:
    """unix:// and a targets file of two servers (a password in one URL): a progress line per server."""
    port = free_port()
    sock = tmp_path / "redis.sock"
    server(procs, tmp_path, "sock", conf_lines(tmp_path, port, [f"unixsocket {sock}", "maxmemory 100mb"]), port)
    other = free_port()
    server(procs, tmp_path, "other", conf_lines(tmp_path, other, [f"requirepass {PASSWORD}", "maxmemory 100mb", "appendonly yes"]), other)
    targets = tmp_path / "servers.txt"
    targets.write_text(f"# two servers\nunix://{sock}\nredis://:{PASSWORD}@{LOCAL}:{other}\n")
    env = {k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}
    p = subprocess.run([sys.executable, "-m", "redislint", "audit", "--targets", str(targets), "-f", "json"], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert PASSWORD not in p.stdout + p.stderr
    assert f"auditing unix://{sock} (1/2)" in p.stderr and f"auditing redis://{LOCAL}:{other} (2/2)" in p.stderr
    data = __import__("json").loads(p.stdout)
    got = {(f["rule"], f["file"], f["severity"]) for f in data["findings"]}
    assert got == {
        ("RL301", f"unix://{sock}", "medium"),
        ("RL201", f"unix://{sock}", "medium"),
        ("RL201", f"redis://{LOCAL}:{other}", "medium"),
        ("RL206", f"unix://{sock}", "medium"),
        ("RL206", f"redis://{LOCAL}:{other}", "medium"),
    }


def test_a_server_that_never_answers_times_out() -> None:
    """Something on 127.0.0.1 that accepts the connection and never replies: the audit gives up after
    the reply timeout with a notice and exit 2 (no hang)."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind((LOCAL, 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    try:
        start = time.monotonic()
        report = run([f"redis://{LOCAL}:{port}"], timeout=1.0)
        assert time.monotonic() - start < 5
        assert report.exit_code == 2 and found(report) == set()
        assert report.notices == [f"redis://{LOCAL}:{port}: INFO failed (TimeoutError)"]
    finally:
        for c in held:
            c.close()
        listener.close()


def test_commands_renamed_away_are_not_reported(procs: Procs, tmp_path: Path) -> None:
    """CONFIG GET does not show rename-command: COMMAND INFO does (a command it does not know is
    renamed or removed), so RL201 names only what the default user can still run."""
    port = free_port()
    renamed = ['rename-command FLUSHALL ""', 'rename-command FLUSHDB ""', "rename-command KEYS KEYS_8c1f", "maxmemory 100mb"]
    server(procs, tmp_path, "renamed", conf_lines(tmp_path, port, renamed), port)
    loc = f"redis://{LOCAL}:{port}"
    report = run([loc])
    assert found(report) == {
        ("RL301", loc, 'save ""', "medium"),
        ("RL201", loc, "user default on nopass ~* &* +@all", "medium"),
    }
    rl201 = next(f for f in report.active if f.rule_id == "RL201")
    assert rl201.message == "the default user can run CONFIG, SHUTDOWN, REPLICAOF"
    assert [t for t in report.texts[loc].splitlines() if t.startswith("rename-command")] == [
        'rename-command flushall ""', 'rename-command flushdb ""', 'rename-command keys ""',
    ]
