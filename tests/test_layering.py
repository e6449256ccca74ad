"""The import directions of ARCHITECTURE.md, enforced: every module under ``redislint/`` is parsed
(``ast``, imports inside functions included) and each ``redislint`` import must go to a component its
own component may use. Rules read only the model: a module under ``redislint/checks/`` imports no
linker, parser, file access, ``os`` or ``pathlib``, calls no ``open()``, and no check reads a
service's raw YAML (``Service.node``, directly or through ``Service.get``/``key_span``).

Where today's code still breaks a direction, the edge is listed below in KNOWN_* with the issue-10
item whose work removes it. The lists are exact: a new violation fails, and so does a listed one that
is gone (delete it from the list when you fix it)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redislint"

# Component -> the components it may import (besides itself). A component is a subpackage
# (model, parsers, engine, checks, output) or a top-level module (link, fs, api...). ARCHITECTURE.md
# explains each line.
KNOWLEDGE = {"redis", "units"}
"""What Redis and Valkey accept: version tables, number and unit parsing, directive validation."""
ALLOWED: dict[str, set[str]] = {
    "redislint": set(),  # the package's __init__: the version string only
    "fs": set(),
    "datafiles": set(),
    "gitignore": {"fs"},
    "model": set(),
    "units": set(),
    "redis": {"datafiles", "model"},
    "parsers": {"model", "fs", "datafiles", *KNOWLEDGE},
    "discovery": {"model", "fs", "gitignore"},
    "secrets": {"model", "parsers", *KNOWLEDGE},
    "link": {"model", "parsers", "fs", "gitignore", "datafiles", "discovery", "secrets", *KNOWLEDGE},
    "engine": {"model", "datafiles", "secrets"},
    "checks": {"engine", "model", "datafiles", *KNOWLEDGE},
    "output": {"engine", "model", "secrets"},
    "docs": {"engine"},
    "config_schema": set(),
    "suggest": {"engine"},
    "config": {"fs", "config_schema", "suggest"},
    "init": {"fs", "datafiles"},
    "jobs": {"model", "fs", "discovery", "link", "engine"},
    "cache": {"redislint", "datafiles", "fs"},
    "api": {"redislint", "model", "fs", "discovery", "link", "engine", "output", "secrets", "jobs", *KNOWLEDGE},
    "fix": {"api", "engine", "model", "fs"},
    "baseline": {"engine", "model", "fs"},
    "audit": {"api", "engine", "model", "fs", "link", "parsers", *KNOWLEDGE},
    "cli": {"redislint", "api", "audit", "baseline", "cache", "config", "docs", "engine", "fix", "fs", "init", "link", "output", "suggest", *KNOWLEDGE},
    "__main__": {"redislint", "cli"},  # --version answered from __version__ before the CLI loads
}

ALLOWED_EDGES = {
    # The registry imports the rule package to load the catalog (the one way from engine to checks).
    ("redislint.engine.registry", "redislint.checks"),
}

# (importing module, imported module) pairs that break a direction today.
KNOWN_LAYER_VIOLATIONS: set[tuple[str, str]] = set()  # all removed (issue 10 items 1 and 3)

# Rules read only the model (item 2). Imports of the linker, a parser, the file layer from checks/.
KNOWN_CHECKS_IMPORTS: set[tuple[str, str]] = set()  # all removed by the link stage (issue 10 items 1-2)
CHECKS_FORBIDDEN_STDLIB = {"os", "pathlib"}
KNOWN_CHECKS_STDLIB: set[tuple[str, str]] = set()  # all removed by the link stage (issue 10 items 1-2)
KNOWN_CHECKS_OPEN: set[str] = set()
"""Modules of checks/ that call open() (none: file access is fs/'s alone)."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def component(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``module`` imports (``from a import b`` gives ``a.b`` when that is a module)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub if sub in MODULES else target), node.lineno


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _line in _imports(m, p)} for m, p in MODULES.items()}


GRAPH = _graph()


def test_every_module_has_a_component() -> None:
    unknown = sorted({component(m) for m in MODULES} - set(ALLOWED))
    assert unknown == [], "add the new component to ALLOWED and to ARCHITECTURE.md"


def test_imports_follow_the_documented_directions() -> None:
    bad = set()
    for module, targets in GRAPH.items():
        src = component(module)
        for target in targets:
            if target not in MODULES:
                continue
            dst = component(target)
            if dst == src or dst in ALLOWED[src] or (module, target) in ALLOWED_EDGES:
                continue
            if src == "checks":
                continue  # judged (more strictly) by the rules-read-only-the-model test below
            bad.add((module, target))
    assert sorted(bad - KNOWN_LAYER_VIOLATIONS) == [], "a new import against ARCHITECTURE.md"
    assert sorted(KNOWN_LAYER_VIOLATIONS - bad) == [], "fixed: delete these from KNOWN_LAYER_VIOLATIONS"


def test_rules_import_only_the_model_and_the_engine() -> None:
    bad = set()
    for module, targets in GRAPH.items():
        if component(module) != "checks":
            continue
        for target in targets:
            if target.startswith("redislint") and target in MODULES:
                dst = component(target)
                if dst != "checks" and dst not in ALLOWED["checks"]:
                    bad.add((module, target))
    assert sorted(bad - KNOWN_CHECKS_IMPORTS) == [], "rules read only the model: no linker, parser or file access"
    assert sorted(KNOWN_CHECKS_IMPORTS - bad) == [], "fixed: delete these from KNOWN_CHECKS_IMPORTS"


def test_rules_use_no_os_pathlib_or_open() -> None:
    stdlib = set()
    opens = set()
    for module, path in MODULES.items():
        if component(module) != "checks":
            continue
        for target, _line in _imports(module, path):
            top = target.split(".")[0]
            if top in CHECKS_FORBIDDEN_STDLIB:
                stdlib.add((module, top))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
                opens.add(module)
    assert sorted(stdlib - KNOWN_CHECKS_STDLIB) == []
    assert sorted(KNOWN_CHECKS_STDLIB - stdlib) == [], "fixed: delete these from KNOWN_CHECKS_STDLIB"
    assert sorted(opens - KNOWN_CHECKS_OPEN) == []
    assert sorted(KNOWN_CHECKS_OPEN - opens) == []


# --- raw YAML --------------------------------------------------------------------------------------

KNOWN_RAW_YAML: set[str] = set()  # all removed by the link stage (issue 10 items 1-2)
SERVICE_NAMES = {"svc", "service"}
"""How rules name a compose service (a receiver named so, or ``x.service``)."""


def _is_service(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id in SERVICE_NAMES) or (
        isinstance(node, ast.Attribute) and node.attr == "service"
    )


def _static_raw_yaml_readers() -> set[str]:
    """Modules of checks/ that call ``Service.key_span`` (only a service has it), or read ``.node`` or
    call ``.get(...)`` on something named like a service."""
    found = set()
    for module, path in MODULES.items():
        if component(module) != "checks":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute):
                continue
            if node.attr == "key_span" or (node.attr in ("node", "get") and _is_service(node.value)):
                found.add(module)
    return found


@pytest.fixture
def raw_yaml_readers(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Record which module of checks/ reads ``Service.node`` at run time (directly, or through the
    model's ``Service.get`` / ``Service.key_span``, which walk it)."""
    from redislint.model.compose import Service

    readers: set[str] = set()

    def getter(self: Service) -> object:
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith("redislint.model."):
            frame = frame.f_back  # Service.get / key_span: the caller is who asked
        readers.add(frame.f_globals.get("__name__", "") if frame is not None else "")
        return self.__dict__.get("node")

    def setter(self: Service, value: object) -> None:
        self.__dict__["node"] = value

    monkeypatch.setattr(Service, "node", property(getter, setter), raising=False)
    yield readers


def test_rules_read_no_raw_yaml(raw_yaml_readers: set[str]) -> None:
    """Statically (the calls written) and at run time (every fixture, stack and reference stack linted
    with every rule): the rule modules that read a service's raw YAML."""
    from redislint.api import lint
    from redislint.engine.context import Settings

    root = PACKAGE.parent
    for folder in ("fixtures", "stacks", "redislint/_stacks"):
        lint([str(root / folder)], Settings(profile="prod"), root=str(root / folder), environ={})
    assert raw_yaml_readers, "the probe saw no read at all (not even the linker's): it measures nothing"
    readers = {m for m in raw_yaml_readers if m.startswith("redislint.checks.")} | _static_raw_yaml_readers()
    assert sorted(readers - KNOWN_RAW_YAML) == [], "rules read only the model: no Service.node"
    assert sorted(KNOWN_RAW_YAML - readers) == [], "fixed: delete these from KNOWN_RAW_YAML"


def test_architecture_md_documents_these_directions() -> None:
    """The table in ARCHITECTURE.md says what ALLOWED says (one row per component; "knowledge" is
    redis and units), and CONTRIBUTING.md points to it."""
    import re

    root = PACKAGE.parent
    text = (root / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "ARCHITECTURE.md" in (root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented: dict[str, set[str]] = {}
    for row in re.findall(r"^\| `([a-z_]+)(?:/|\.py)` \| [^|]+ \| ([^|]+) \|$", text, re.MULTILINE):
        name, may = row
        may = may.split(";")[0]
        names = set(re.findall(r"`([a-z_]+)`", may))
        if "knowledge" in may:
            names |= KNOWLEDGE
        documented[name] = names
    documented_core = {k: v for k, v in documented.items() if k in ALLOWED}
    assert set(documented_core) >= {"model", "fs", "parsers", "link", "engine", "checks", "output", "api"}
    assert {k: sorted(v) for k, v in documented_core.items()} == {
        k: sorted(ALLOWED[k] - {"redislint"}) for k in documented_core
    }


# --- the platform seam -----------------------------------------------------------------------------

COMPOSE_SYNTAX = {"depends_on", "container_name", "external_links", "extra_hosts", "env_files", "discarded_ports"}
"""Fields of :class:`redislint.model.compose.Service` that only a compose file writes (the rest of
the record is the neutral workload every adapter fills: image, argv, env, mounts, limits, probes,
exposure, replicas, security, restart; see ARCHITECTURE.md, "A new platform")."""
KNOWN_COMPOSE_SYNTAX_READS = {
    # RL008 (a referenced file is missing): env_file is one of the references it checks; another
    # platform's adapter leaves env_files empty and the rest of the rule holds as it is.
    "redislint.checks.rl008_missing_referenced_file",
    # The names a queue consumer may use for a Redis service: container_name is one of them where it
    # is written (networks aliases are the neutral part).
    "redislint.checks._containers",
}


def _declares_compose_only(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.keyword) and node.arg == "platforms" and isinstance(node.value, ast.Tuple)
        and [getattr(e, "value", None) for e in node.value.elts] == ["compose"]
        for node in ast.walk(tree)
    )


def test_rules_for_every_platform_read_no_compose_syntax() -> None:
    """A rule that reads what only a compose file writes declares ``platforms=("compose",)``; the
    others read the neutral workload record, which a Kubernetes, Helm or live adapter can fill."""
    readers = set()
    for module, path in MODULES.items():
        if component(module) != "checks":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _declares_compose_only(tree):
            continue
        if any(isinstance(n, ast.Attribute) and n.attr in COMPOSE_SYNTAX for n in ast.walk(tree)):
            readers.add(module)
    assert sorted(readers - KNOWN_COMPOSE_SYNTAX_READS) == [], 'declare platforms=("compose",) or read the neutral fields'
    assert sorted(KNOWN_COMPOSE_SYNTAX_READS - readers) == [], "fixed: delete these from KNOWN_COMPOSE_SYNTAX_READS"


def test_no_identity_keyed_maps() -> None:
    """Nothing is keyed by ``id(obj)`` (issue 10): records hash by identity, so a map or set holds the
    record itself, and an id can never outlive its object and name another."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert calls == []
