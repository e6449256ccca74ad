"""The suite-wide audit hook (tests/fs_audit.py) really catches file access outside redislint/fs/."""

from __future__ import annotations

import os
from pathlib import Path

from redislint.fs import FileStore
from tests import fs_audit


def _run_as_package_module(source: str, module: str) -> list[str]:
    """Run ``source`` as if it were code of ``redislint/<module>`` and return the violations it caused."""
    code = compile(source, os.path.join(fs_audit.PACKAGE, module), "exec")
    start = len(fs_audit.violations)
    exec(code, {"os": os})
    caught = fs_audit.violations[start:]
    del fs_audit.violations[start:]
    return caught


def test_open_from_another_module_is_caught(tmp_path: Path) -> None:
    p = tmp_path / "x.conf"
    p.write_text("maxmemory 1mb\n", encoding="utf-8")
    assert _run_as_package_module(f"open({str(p)!r}).close()", "link.py") == [f"open {str(p)!r} from redislint/link.py:1 (<module>)"]


def test_listing_through_the_standard_library_is_caught(tmp_path: Path) -> None:
    caught = _run_as_package_module(f"list(os.walk({str(tmp_path)!r}))", "discovery.py")
    assert caught == [f"os.scandir {str(tmp_path)!r} from redislint/discovery.py:1 (<module>)"]


def test_the_file_layer_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "redis.conf").write_text("maxmemory 1mb\n", encoding="utf-8")
    start = len(fs_audit.violations)
    store = FileStore(str(tmp_path))
    assert store.read(str(tmp_path / "redis.conf")) == "maxmemory 1mb\n"
    assert store.listdir(str(tmp_path)) == ["redis.conf"]
    assert fs_audit.violations[start:] == []
