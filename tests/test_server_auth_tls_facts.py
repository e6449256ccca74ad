"""Facts RL109, RL710 and RL705 stand on, shown with a real redis-server (7.0 on Debian).

Every server listens on 127.0.0.1 only, on a free port, with its files in tmp_path, and is always
killed at the end of the test."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.binaries import need_binary
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, listens, wait_started

pytestmark = pytest.mark.redis

PASSWORD = "Fz8qLr2Wm5Xc9Vb1Nt4Hy7Kp"


def start(procs: Procs, tmp_path: Path, name: str, lines: list[str]) -> subprocess.Popen[bytes]:
    """A redis-server on 127.0.0.1 with ``lines`` after the test defaults; output in ``name``.log."""
    binary = need_binary("redis-server")
    conf = tmp_path / f"{name}.conf"
    conf.write_text("\n".join([f"bind {LOCAL}", f"dir {tmp_path}", 'save ""', "appendonly no", *lines]) + "\n")
    return procs.start([binary, str(conf)], f"{name}.log")


def started(procs: Procs, tmp_path: Path, name: str, lines: list[str], port: int) -> None:
    """Start the server and wait until it accepts connections on ``port``."""
    p = start(procs, tmp_path, name, lines)
    wait_started(p, lambda: listens(port), f"redis-server {name}", lambda: procs.log(f"{name}.log"))


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    binary = need_binary("redis-cli")
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=10, env=env)


def test_aclfile_makes_redis_ignore_requirepass(procs: Procs, tmp_path: Path) -> None:
    """RL109 / RL101: with aclfile and requirepass, the server answers without a password."""
    port = free_port()
    acl = tmp_path / "users.acl"
    acl.write_text(f"user app on >{PASSWORD} ~* +@all\n")
    started(procs, tmp_path, "aclfile", [f"port {port}", f"aclfile {acl}", f"requirepass {PASSWORD}"], port)
    out = cli("-h", LOCAL, "-p", str(port), "ping")
    assert out.stdout.strip() == "PONG"
    out = cli("-h", LOCAL, "-p", str(port), "set", "k", "v")
    assert out.stdout.strip() == "OK"


def test_user_default_line_wins_over_requirepass(procs: Procs, tmp_path: Path) -> None:
    """The ACL model: a 'user default' line resets the default user after requirepass, whatever the order."""
    port = free_port()
    started(procs, tmp_path, "userdefault", [f"port {port}", f"requirepass {PASSWORD}", "user default on nopass ~* +@all"], port)
    assert cli("-h", LOCAL, "-p", str(port), "ping").stdout.strip() == "PONG"


def test_redis_cli_ping_exits_0_on_noauth(procs: Procs, tmp_path: Path) -> None:
    """RL710: a healthcheck 'redis-cli ping' without credentials is green against an auth-required server."""
    port = free_port()
    started(procs, tmp_path, "auth", [f"port {port}", f"requirepass {PASSWORD}"], port)
    out = cli("-h", LOCAL, "-p", str(port), "ping")
    assert "NOAUTH" in out.stdout + out.stderr
    assert out.returncode == 0
    piped = subprocess.run(
        f"{need_binary('redis-cli')} -h {LOCAL} -p {port} ping | grep -q PONG", shell=True, timeout=10
    )
    assert piped.returncode != 0  # checking the answer makes the probe fail, as it should
    ok = cli("-h", LOCAL, "-p", str(port), "ping", env={"REDISCLI_AUTH": PASSWORD, "PATH": "/usr/bin:/bin"})
    assert ok.stdout.strip() == "PONG"


def _certs(tmp_path: Path) -> tuple[Path, Path, Path]:
    openssl = need_binary("openssl")
    ca_key, ca, key, csr, crt = (tmp_path / n for n in ("ca.key", "ca.crt", "redis.key", "redis.csr", "redis.crt"))
    run = lambda *a: subprocess.run([openssl, *a], check=True, capture_output=True, timeout=60)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca), "-days", "1", "-subj", "/CN=redislint-test-ca")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-out", str(crt), "-days", "1")
    return crt, key, ca


def test_tls_only_server_refuses_plaintext(procs: Procs, tmp_path: Path) -> None:
    """RL703 / RL710: with port 0 only TLS clients get an answer; a plaintext probe fails."""
    crt, key, ca = _certs(tmp_path)
    port = free_port()
    lines = ["port 0", f"tls-port {port}", f"tls-cert-file {crt}", f"tls-key-file {key}", f"tls-ca-cert-file {ca}", "tls-auth-clients no"]
    started(procs, tmp_path, "tls", lines, port)
    plain = cli("-h", LOCAL, "-p", str(port), "ping")
    assert plain.stdout.strip() != "PONG"
    tls = cli("--tls", "--cacert", str(ca), "-h", LOCAL, "-p", str(port), "ping")
    assert tls.stdout.strip() == "PONG", tls.stderr


def test_tls_without_ca_does_not_start(procs: Procs, tmp_path: Path) -> None:
    """RL705: a certificate but no CA while clients must authenticate (the default): exit 1."""
    crt, key, _ca = _certs(tmp_path)
    port = free_port()
    p = start(procs, tmp_path, "noca", ["port 0", f"tls-port {port}", f"tls-cert-file {crt}", f"tls-key-file {key}"])
    assert p.wait(timeout=15) == 1
    assert "tls-ca-cert-file" in procs.log("noca.log")
