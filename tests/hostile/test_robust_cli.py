"""Issue 11, crashes of the command line: a path it cannot write, and anything unexpected, is one
line on standard error and exit status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ._robust import run_cli, write

COMPOSE = "services:\n  redis:\n    image: redis:7.4.2\n    command: [redis-server, --maxmemory, 1gb]\n"


@pytest.mark.parametrize(
    "args,message",
    [
        (("check", ".", "-o", "/nonexistent/x"), "redislint: cannot write the report to /nonexistent/x: No such file or directory\n"),
        (("check", ".", "--format", "json", "--output", "/nonexistent/x"), "redislint: cannot write the report to /nonexistent/x: No such file or directory\n"),
        (("check", ".", "--sarif", "/nonexistent/x"), "redislint: cannot write the SARIF report to /nonexistent/x: No such file or directory\n"),
        (("init", "standalone", "/proc/x"), "redislint: cannot write the standalone stack to /proc/x: No such file or directory\n"),
        (("init", "standalone", "/dev/null/x"), "redislint: cannot write the standalone stack to /dev/null/x: Not a directory\n"),
    ],
)
def test_an_unwritable_destination_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    write(tmp_path, {"compose.yaml": COMPOSE})
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.stderr == message
    assert proc.returncode == 2


def test_init_refusing_to_overwrite_is_exit_2(tmp_path: Path) -> None:
    assert run_cli("init", "standalone", "stack", cwd=tmp_path).returncode == 0
    proc = run_cli("init", "standalone", "stack", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("redislint: refusing to overwrite existing files in stack: ")
    assert proc.stderr.count("\n") == 1


def test_an_unexpected_exception_is_one_line_without_its_text(tmp_path: Path) -> None:
    """The last line of defence in the console entry point. No input is known to reach it (that is
    the point), so the run replaces lint() with one that raises, carrying a planted secret."""
    write(tmp_path, {"compose.yaml": COMPOSE})
    code = (
        "import redislint.api as api\n"
        "def lint(*a, **k):\n"
        "    raise RuntimeError('planted-secret-Zq9x content of /etc/shadow')\n"
        "api.lint = lint\n"
        "from redislint.cli import entry\n"
        "entry()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "check", "."], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("redislint: internal error, the check did not run to the end: RuntimeError at ")
    assert proc.stderr.endswith(" (please report it)\n")
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr and "planted-secret" not in proc.stderr and "shadow" not in proc.stderr


def test_a_configuration_file_that_is_not_utf8(tmp_path: Path) -> None:
    """A pull request can carry any pyproject.toml: not UTF-8 raised UnicodeDecodeError."""
    write(tmp_path, {"compose.yaml": COMPOSE})
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.redislint]\nselect = ['\xff']\n")
    found = run_cli("check", ".", "--select", "RL401", cwd=tmp_path)
    assert (found.returncode, found.stderr) == (0, "")  # not a configuration of redislint: ignored
    given = run_cli("check", ".", "--config", "pyproject.toml", cwd=tmp_path)
    assert given.returncode == 2
    assert given.stderr == "redislint: pyproject.toml: invalid TOML: not UTF-8 text\n"
    assert "Traceback" not in given.stderr


def test_an_invalid_configuration_is_one_error_line(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": COMPOSE, "pyproject.toml": "[tool.redislint]\nselect = 5\n"})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == f"redislint: {tmp_path / 'pyproject.toml'}: 'select' must be a list of rule ids, names or tags\n"
