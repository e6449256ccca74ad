"""No input crashes redislint: each hostile input gives a finding or a message, exit 2 at worst."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "redislint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def findings(path: Path) -> list[tuple[str, int]]:
    report = lint([str(path)], Settings(), root=str(path if path.is_dir() else path.parent), environ={})
    return [(f.rule_id, f.span.start_line) for f in report.findings]


@pytest.mark.parametrize(
    "name,content",
    [
        ("compose.yaml", "services:\n  redis:\n    image: [redis\n"),
        ("compose.yaml", "services: {redis: {image: redis:7.4.2, command: \"unterminated}}\n"),
        ("compose.yaml", "\t\tservices:\n"),
        ("compose.yaml", "- just\n- a list\n"),
        ("compose.yaml", ""),
        ("compose.yaml", "services:\n  redis: 42\n"),
        ("compose.yaml", "services:\n  redis:\n    image: redis:7.4.2\n    command: 42\n    ports: 6379\n    volumes: {a: b}\n"),
        ("compose.yaml", "services:\n  redis:\n    image: !!python/object/apply:os.system ['echo pwned']\n"),
        ("redis.conf", 'requirepass "unbalanced\n'),
        ("redis.conf", "\x00\x01\x02binary"),
        ("redis.conf", "port 6379\r\nmaxmemory 1gb\r\n"),
        ("redis.conf", "\ufeffport 6379\n"),
    ],
)
def test_bad_inputs_never_crash(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8", errors="surrogateescape")
    proc = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2)
    assert "RL900" not in proc.stdout
    assert not (tmp_path / "pwned").exists()


def test_yaml_never_executes_tags(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    (tmp_path / "compose.yaml").write_text(
        f"services:\n  redis:\n    image: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    got = findings(tmp_path)
    assert ("RL001", 3) in got
    assert not marker.exists()


def test_latin1_file(tmp_path: Path) -> None:
    (tmp_path / "redis.conf").write_bytes("# caf\xe9\nport 6379\n".encode("latin-1"))
    proc = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr


def test_yaml_bomb(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 10)}]")
    lines.append("services:\n  redis:\n    image: redis:7.4.2\n    labels: *a11")
    (tmp_path / "compose.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = findings(tmp_path)
    assert any(rule == "RL001" for rule, _ in got)


def test_recursive_alias(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("x: &x\n  - *x\nservices: {}\n", encoding="utf-8")
    proc = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr


def test_deep_nesting(tmp_path: Path) -> None:
    depth = 5000
    (tmp_path / "compose.yaml").write_text("services: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    proc = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (1, 2)


def test_huge_file(tmp_path: Path) -> None:
    with open(tmp_path / "redis.conf", "w", encoding="utf-8") as fh:
        fh.write("# " + "x" * (5 * 1024 * 1024) + "\n")
    proc = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert "too large" in proc.stdout + proc.stderr


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    os.symlink(tmp_path / "nowhere", tmp_path / "a" / "dangling.conf")
    (tmp_path / "a" / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    proc = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)


def test_missing_path_exits_2(tmp_path: Path) -> None:
    proc = run_cli("check", "does-not-exist", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no such file" in proc.stdout + proc.stderr
