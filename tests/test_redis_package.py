"""The server-knowledge package ``redislint/redis``: split by subject, each module documented and under
500 lines, its imports pointing down (standard library, package data, the model's record modules), and
nothing below it importing it back the wrong way (``units`` and ``model`` import knowledge, never the
validators' callers)."""

from __future__ import annotations

import ast
import os

import redislint
from redislint.redis.commands import commands_70, common_commands
from redislint.redis.directive_types import type_of
from redislint.redis.numbers import parse_redis_memory

PACKAGE = os.path.dirname(os.path.abspath(redislint.__file__))
KNOWLEDGE = os.path.join(PACKAGE, "redis")

RECORDS = {"redislint.model.base", "redislint.model.span", "redislint.model.values", "redislint.model.conf", "redislint.model.problems"}
"""The model's record modules: the only part of the model the knowledge package may use."""


def _module_names(folder: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".py"))


def _redislint_imports(path: str) -> set[str]:
    """Every ``redislint...`` module a file imports, at the top or inside a function."""
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("redislint"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                # "from redislint.redis import directives" names a module; "from x.y import f" a name.
                out.add(full if full.replace(".", os.sep) + ".py" in _ALL_FILES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("redislint"))
    return out


_ALL_FILES = {
    os.path.relpath(os.path.join(d, f), os.path.dirname(PACKAGE))
    for d, _, files in os.walk(PACKAGE)
    for f in files
    if f.endswith(".py")
}


def test_every_module_is_documented_and_short() -> None:
    names = _module_names(KNOWLEDGE)
    assert {"numbers.py", "versions.py", "directives.py", "commands.py", "directive_types.py", "acl.py",
            "sentinel.py", "special.py", "arguments.py", "file_checks.py", "validate.py"} <= set(names)
    for name in names:
        path = os.path.join(KNOWLEDGE, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        assert ast.get_docstring(ast.parse(text)), f"redis/{name} has no docstring"
        assert text.count("\n") < 500, f"redis/{name} has {text.count(chr(10))} lines"


def test_knowledge_imports_point_down() -> None:
    for name in _module_names(KNOWLEDGE):
        imports = _redislint_imports(os.path.join(KNOWLEDGE, name))
        allowed = RECORDS | {"redislint.datafiles", "redislint.redis"}
        wrong = {m for m in imports if m not in allowed and not m.startswith("redislint.redis.")}
        assert not wrong, f"redis/{name} imports {sorted(wrong)}"


def test_numbers_and_commands_are_leaves() -> None:
    assert _redislint_imports(os.path.join(KNOWLEDGE, "numbers.py")) == set()
    assert _redislint_imports(os.path.join(KNOWLEDGE, "commands.py")) == {"redislint.datafiles"}


def test_lower_layers_do_not_import_upward() -> None:
    """``units`` takes Redis's number reading from the knowledge package and imports nothing of
    redislint. (What the model may import is tests/test_layering.py's, with its list of the edges
    that remain.)"""
    assert _redislint_imports(os.path.join(PACKAGE, "units.py")) == set()


def test_no_old_modules_left() -> None:
    for old in ("conf_validate.py", "directives.py"):
        assert not os.path.exists(os.path.join(PACKAGE, old))


def test_command_tables_are_package_data() -> None:
    seventy, common = commands_70(), common_commands()
    assert len(seventy) == 240 and len(common) == 72
    assert common <= seventy
    assert {"get", "set", "flushall", "restore-asking", "zunionstore"} <= seventy
    assert "acl|cat" not in seventy  # top-level names only


def test_types_and_numbers_still_agree() -> None:
    # The type table reads its bounds through the number module's C limits.
    assert type_of("maxmemory").kind == "memory"
    assert type_of("maxmemory").hi == 2**64 - 1
    assert type_of("slaveof").kind == type_of("replicaof").kind  # an alias has its primary's type
    assert parse_redis_memory("2gb") == 2 * 1024**3
    assert parse_redis_memory("2g") == 2 * 10**9
