"""The audit hook (tests/fs_audit.py) sees every open and directory listing, but Python raises no audit
event for stat(): this scan of the package's source forbids the stat-like calls outside the file-access
layer, so that nothing outside the repository is even looked at (`os.path.isfile` on `/etc/passwd`
tells an attacker nothing, but it is still a look outside, and a FIFO's stat is how a hang starts)."""

from __future__ import annotations

import ast
from pathlib import Path

import redislint

PACKAGE = Path(redislint.__file__).parent
FORBIDDEN = {
    ("os.path", "isfile"), ("os.path", "isdir"), ("os.path", "exists"), ("os.path", "lexists"),
    ("os.path", "islink"), ("os.path", "getsize"), ("os.path", "getmtime"), ("os.path", "samefile"),
    ("os", "stat"), ("os", "lstat"), ("os", "access"), ("os", "readlink"), ("os", "open"),
    ("os", "listdir"), ("os", "scandir"), ("os", "walk"),
}
# module -> why it may: none of these look at the linted repository's files
ALLOWED = {
    "fs/__init__.py": "the file-access layer itself",
    "fs/store.py": "the file-access layer itself: reading",
    "fs/writes.py": "the file-access layer itself: the files the user names or asks for",
    "fs/cache.py": "the file-access layer itself: the run cache's checks and folder",
    "datafiles.py": "redislint's own package data",
    "engine/registry.py": "stats the package's own rule modules",
    "engine/report.py": "realpath of the root and of finding paths, already inside the repository",
    "init.py": "the folder 'init' is told to create, not linted input",
}


def _calls(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id == "open":
            out.append((node.lineno, "open"))
        elif isinstance(f, ast.Attribute):
            v = f.value
            owner = ast.unparse(v) if isinstance(v, ast.Name | ast.Attribute) else ""
            if (owner, f.attr) in FORBIDDEN:
                out.append((node.lineno, f"{owner}.{f.attr}"))
    return out


def test_only_the_file_access_layer_looks_at_files() -> None:
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ALLOWED:
            continue
        for line, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            bad.append(f"redislint/{rel}:{line}: {call}")
    assert bad == []


def test_the_scan_sees_a_stat() -> None:
    tree = ast.parse("import os\nif os.path.isfile(p):\n    os.stat(p)\nwith open(p) as f: pass\n")
    assert sorted(_calls(tree)) == [(2, "os.path.isfile"), (3, "os.stat"), (4, "open")]
