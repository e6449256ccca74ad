"""Every module of the package says what it is for (a module docstring, and for a rule module one
that names its rule) and stays readable: no module of the package, the tests, benchmarks or tools is
over 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import redislint
from redislint.engine.registry import load_rules

PACKAGE = Path(redislint.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_module_has_a_docstring(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc is not None and len(doc.split()) >= 5, f"{path.relative_to(PACKAGE)}: say what the module is for"


MAX_LINES = 500
REPO = PACKAGE.parent
EVERY_MODULE = sorted(
    p for top in ("redislint", "tests", "benchmarks", "tools") for p in (REPO / top).rglob("*.py") if "__pycache__" not in p.parts
)


@pytest.mark.parametrize("path", EVERY_MODULE, ids=[str(p.relative_to(REPO)) for p in EVERY_MODULE])
def test_module_is_at_most_500_lines(path: Path) -> None:
    """The package's modules, the tests, benchmarks and tools alike."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines: split it by subject (ARCHITECTURE.md)"


def test_rule_modules_name_their_rule() -> None:
    modules = {c.fn.__module__: r.id for r in load_rules() for c in r.checks}
    modules.update({r.module: r.id for r in load_rules()})
    for module, rid in sorted(modules.items()):
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert doc.startswith(rid), f"{module}: the docstring starts with {rid}"
