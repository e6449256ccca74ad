"""Issue 11 §5: include fan-out is linear (each file once per config), include depth and total bytes
are capped with a finding (RL013), and a FIFO beside a conf does not block ``check redis.conf``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.hostile.fs_layout import found, run, write


def test_include_fan_out_reads_each_file_once(tmp_path: Path) -> None:
    levels, width = 8, 6
    for d in range(levels + 1):
        for i in range(width):
            body = "".join(f"include l{d + 1}-{j}.conf\n" for j in range(width)) if d < levels else f"maxmemory {i + 1}mb\n"
            write(tmp_path, f"l{d}-{i}.conf", body)
    write(tmp_path, "redis.conf", "".join(f"include l1-{j}.conf\n" for j in range(width)))
    for i in range(width):
        os.remove(tmp_path / f"l0-{i}.conf")
    report = run(tmp_path, [tmp_path / "redis.conf"])
    assert len(report.files) == 1 + (levels - 1) * width + width
    assert found(report, tmp_path, "RL013") == set()


def test_include_cycle_is_followed_once(tmp_path: Path) -> None:
    write(tmp_path, "redis.conf", "include a.conf\n")
    write(tmp_path, "a.conf", "include b.conf\nmaxmemory 10mb\n")
    write(tmp_path, "b.conf", "include a.conf\ninclude redis.conf\n")
    report = run(tmp_path)
    assert report.files == sorted(str(tmp_path / n) for n in ("a.conf", "b.conf", "redis.conf"))
    assert found(report, tmp_path, "RL013") == set()


def test_include_depth_cap(tmp_path: Path) -> None:
    write(tmp_path, "redis.conf", "include l1.conf\n")
    for i in range(1, 10):
        write(tmp_path, f"l{i}.conf", f"include l{i + 1}.conf\n")
    write(tmp_path, "l10.conf", "maxmemory 10mb\n")
    report = run(tmp_path)
    assert found(report, tmp_path, "RL013") == {
        ("RL013", "medium", "l8.conf", 1, 9, "include 'l9.conf' is nested more than 8 levels deep: it and what it includes are not checked (Redis itself sets no limit)")
    }
    assert str(tmp_path / "l9.conf") not in report.files


def test_include_total_bytes_cap(tmp_path: Path) -> None:
    write(tmp_path, "redis.conf", "include a.conf\ninclude b.conf\ninclude c.conf\n")
    filler = "# " + "x" * 1000 + "\n"
    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.conf", filler * 1500)  # 1.5 MB each
    report = run(tmp_path)
    assert found(report, tmp_path, "RL013") == {
        ("RL013", "medium", "redis.conf", 3, 9, "include 'c.conf' takes the included files over 4194304 bytes in total: it is not checked (Redis itself sets no limit)")
    }


def test_cli_fifo_beside_conf_does_not_block(tmp_path: Path) -> None:
    write(tmp_path, "redis.conf", "maxmemory 100mb\n")
    os.mkfifo(tmp_path / "compose.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "redislint", "check", "redis.conf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode <= 1, proc.stderr
    assert "Traceback" not in proc.stderr
