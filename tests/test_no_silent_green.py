"""No silent green (issue 12, item 5): a folder without Redis files, or a run of only files redislint
cannot recognise, is exit status 2 with the reason (unless --allow-empty, for the pre-commit hook);
`check -` lints standard input as the file --stdin-filename names, within the size cap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.fs import MAX_FILE_BYTES

INCOMPLETE = "redislint: the check is incomplete (exit status 2): "
COMPOSE = "services:\n  cache:\n    image: redis:7.4.2\n    command: [redis-server, /etc/redis/redis.conf]\n    volumes:\n      - ./redis.conf:/etc/redis/redis.conf:ro\n"


def cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "redislint", *args], cwd=cwd, input=stdin if stdin is not None else b"", capture_output=True, env=env, timeout=120, check=False
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def test_an_empty_folder_exits_2_with_the_message(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = cli("check", "empty", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == INCOMPLETE + "no compose, redis.conf or sentinel.conf found under empty\n"
    assert proc.stdout == "notice: no compose, redis.conf or sentinel.conf found under empty\n\nNothing was checked: no file was linted.\n"


def test_a_folder_with_nothing_redis_related_exits_2(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# app\n", encoding="utf-8")
    (tmp_path / "nginx.conf").write_text("events {}\n", encoding="utf-8")
    (tmp_path / "app.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n", encoding="utf-8")
    proc = cli("check", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, INCOMPLETE + "no compose, redis.conf or sentinel.conf found under .\n")
    json_out = cli("check", "--format", "json", cwd=tmp_path)
    assert json_out.returncode == 2 and json.loads(json_out.stdout)["notices"] == ["no compose, redis.conf or sentinel.conf found under ."]
    assert cli("check", "--allow-empty", cwd=tmp_path).returncode == 0


def test_a_folder_with_a_stack_beside_an_empty_one_still_says_so(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    proc = cli("check", "deploy", "docs", "--select", "RL002", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, INCOMPLETE + "no compose, redis.conf or sentinel.conf found under docs\n")
    assert cli("check", "deploy", "--select", "RL002", cwd=tmp_path).returncode == 0


def test_a_named_file_that_is_not_recognised(tmp_path: Path) -> None:
    """/etc/passwd (outside the repository) and an nginx.conf no stack uses are not checked, and
    said so; alone they are the whole run: exit 2. Beside a file that is linted, the notice stays and
    the findings decide the exit status."""
    (tmp_path / "nginx.conf").write_text("events {}\nhttp { server { listen 80; } }\n", encoding="utf-8")
    (tmp_path / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    passwd = cli("check", "/etc/passwd", cwd=tmp_path)
    assert passwd.returncode == 2 and passwd.stderr.startswith(INCOMPLETE) and "RL002" not in passwd.stdout
    nginx = cli("check", "nginx.conf", cwd=tmp_path)
    message = "nginx.conf: not a compose file, redis.conf or sentinel.conf, nor used by one: not checked"
    assert (nginx.returncode, nginx.stderr) == (2, INCOMPLETE + message + "\n")
    assert nginx.stdout.startswith(f"notice: {message}\n")
    both = cli("check", "nginx.conf", "redis.conf", "--select", "RL002", cwd=tmp_path)
    assert (both.returncode, both.stderr) == (0, "")
    assert both.stdout == f"notice: {message}\n\nNo problems found in 1 file (0 stacks).\n"
    assert cli("check", "nginx.conf", "--allow-empty", cwd=tmp_path).returncode == 0


def test_a_named_yaml_file_that_is_not_a_compose_file(tmp_path: Path) -> None:
    """A CI workflow or a Kubernetes manifest named on the command line is not linted as a compose
    file (it was: 'No problems found'); a YAML file with top-level services is, whatever its name,
    and a YAML file a stack mounts lints the stack."""
    (tmp_path / "ci.yml").write_text("name: ci\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n", encoding="utf-8")
    (tmp_path / "app.yml").write_text("services:\n  r:\n    image: redis:7.4.2\n    command: redis-server --maxmemroy 1gb\n", encoding="utf-8")
    ci = cli("check", "ci.yml", cwd=tmp_path)
    notice = "ci.yml: not a compose file (no top-level 'services:'), nor used by one: not checked"
    assert (ci.returncode, ci.stderr) == (2, INCOMPLETE + notice + "\n")
    assert ci.stdout == f"notice: {notice}\n\nNothing was checked: no file was linted.\n"
    app = cli("check", "app.yml", "--select", "RL002", "-f", "concise", "-q", cwd=tmp_path)
    assert (app.returncode, app.stdout) == (1, "app.yml:4:27: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)\n")
    (tmp_path / "monitoring").mkdir()
    (tmp_path / "monitoring" / "compose.yaml").write_text(
        "services:\n  prom:\n    image: prom/prometheus:v2.53.0\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n"
        "  r:\n    image: redis:7.4.2\n    command: redis-server --maxmemroy 1gb\n",
        encoding="utf-8",
    )
    (tmp_path / "monitoring" / "prometheus.yml").write_text("scrape_configs: []\n", encoding="utf-8")
    prom = cli("check", "monitoring/prometheus.yml", "--select", "RL002", "-f", "concise", "-q", cwd=tmp_path)
    assert (prom.returncode, prom.stdout) == (1, "monitoring/compose.yaml:8:27: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)\n")


def test_an_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    proc = cli("check", "-o", "/nonexistent/x", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", "redislint: cannot write the report to /nonexistent/x: No such file or directory\n")


# --- standard input --------------------------------------------------------------------------------


def test_stdin_is_linted_as_the_named_file(tmp_path: Path) -> None:
    proc = cli("check", "-", "--stdin-filename", "deploy/redis.conf", "--select", "RL002", "-f", "concise", cwd=tmp_path, stdin=b"port 6379\nmaxmemroy 1gb\n")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (
        "deploy/redis.conf:2:1: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)\n"
        "\nFound 1 problem in 1 file (0 stacks): 1 critical.\n"
    )


def test_stdin_stands_for_the_file_on_disk_and_its_stack(tmp_path: Path) -> None:
    """An editor's unsaved buffer: the text of standard input replaces the file's, and the file is
    linted with its stack (the compose file that mounts it is read from the disk)."""
    (tmp_path / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (tmp_path / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    proc = cli("check", "-", "--stdin-filename", "redis.conf", "--select", "RL002", "-f", "json", cwd=tmp_path, stdin=b"maxmemroy 1gb\n")
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [(f["rule"], f["file"], f["line"], f["severity"]) for f in data["findings"]] == [("RL002", "redis.conf", 1, "critical")]
    assert data["summary"]["stacks"] == 1
    assert (tmp_path / "redis.conf").read_text(encoding="utf-8") == "port 6379\n"  # nothing written


def test_stdin_kind_comes_from_the_name(tmp_path: Path) -> None:
    compose = b"services:\n  r:\n    image: redis:7.4.2\n    command: redis-server --maxmemroy 1gb\n"
    proc = cli("check", "-", "--stdin-filename", "compose.yaml", "--select", "RL002", "-f", "concise", "-q", cwd=tmp_path, stdin=compose)
    assert (proc.returncode, proc.stdout) == (1, "compose.yaml:4:27: RL002 [critical] unknown directive 'maxmemroy', did you mean 'maxmemory'? (unknown-directive)\n")
    other = cli("check", "-", "--stdin-filename", "notes.txt", cwd=tmp_path, stdin=b"maxmemroy 1gb\n")
    assert other.returncode == 2 and "notes.txt: not a compose file, redis.conf or sentinel.conf" in other.stderr


@pytest.mark.parametrize(
    ("args", "data", "message"),
    [
        (("-",), b"port 1\n", "'-' needs --stdin-filename NAME: the name decides what the text is (compose.yaml, redis.conf, sentinel.conf...)"),
        (("-", "other.conf", "--stdin-filename", "redis.conf"), b"", "'-' (standard input) must be the only path"),
        (("redis.conf", "--stdin-filename", "redis.conf"), b"", "--stdin-filename goes with the path '-'"),
        (("-", "--stdin-filename", "redis.conf", "--fix"), b"", "standard input cannot be fixed: name the file"),
    ],
)
def test_stdin_usage_errors(tmp_path: Path, args: tuple[str, ...], data: bytes, message: str) -> None:
    proc = cli("check", *args, cwd=tmp_path, stdin=data)
    assert proc.returncode == 2 and proc.stderr.endswith(f"Error: {message}\n")


def test_stdin_goes_through_the_size_cap_and_refuses_binary(tmp_path: Path) -> None:
    big = cli("check", "-", "--stdin-filename", "redis.conf", cwd=tmp_path, stdin=b"#" * (MAX_FILE_BYTES + 1))
    assert (big.returncode, big.stdout, big.stderr) == (2, "", f"redislint: standard input is too large (over {MAX_FILE_BYTES} bytes): not checked\n")
    binary = cli("check", "-", "--stdin-filename", "redis.conf", cwd=tmp_path, stdin=b"port 1\n\x00\x01")
    assert (binary.returncode, binary.stderr) == (2, "redislint: standard input is binary (it contains NUL bytes): not checked\n")
    at_cap = cli("check", "-", "--stdin-filename", "redis.conf", "--select", "RL002", cwd=tmp_path, stdin=b"#" * MAX_FILE_BYTES)
    assert at_cap.returncode == 0, at_cap.stderr


def test_a_folder_whose_only_server_is_a_dockerfile_is_not_empty(tmp_path: Path) -> None:
    """A lone Dockerfile that builds a Redis image is linted as that image: the folder is not "empty",
    while a folder whose only Dockerfile builds something else still is."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "Dockerfile").write_text("FROM redis/redis-stack-server:latest\n", encoding="utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "Dockerfile").write_text("FROM nginx:1.27\n", encoding="utf-8")
    cache = cli("check", "cache", "--select", "RL801", "-f", "concise", "-q", cwd=tmp_path)
    assert (cache.returncode, cache.stdout, cache.stderr) == (
        1,
        "cache/Dockerfile:1:1: RL801 [medium] image 'redis/redis-stack-server:latest' of service 'cache/Dockerfile' uses tag latest, which moves to each new release (including new major versions) on the next pull (image-tag-floating)\n",
        "",
    )
    web = cli("check", "web", cwd=tmp_path)
    assert (web.returncode, web.stderr) == (2, INCOMPLETE + "no compose, redis.conf or sentinel.conf found under web\n")
