"""The rule catalog: rule modules are imported only when a command needs them."""

from __future__ import annotations

import importlib
import pkgutil

from redislint.engine.rule import _REGISTRY, Rule

_loaded = False


def load_rules() -> list[Rule]:
    """Import every ``redislint.checks.rlNNN_*`` module once and return the catalog in id order."""
    global _loaded
    if not _loaded:
        import redislint.checks as pkg

        for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            if mod.name.startswith("rl"):
                importlib.import_module(f"{pkg.__name__}.{mod.name}")
        _loaded = True
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def find_rule(key: str) -> Rule | None:
    """A rule by id (``RL402``, case-insensitive) or name (``maxmemory-exceeds-container-limit``)."""
    k = key.strip()
    for r in load_rules():
        if r.id.lower() == k.lower() or r.name == k.lower():
            return r
    return None


def matches(rule: Rule, selector: str) -> bool:
    s = selector.strip().lower()
    if not s:
        return False
    if s in (rule.id.lower(), rule.name) or s in rule.tags:
        return True
    # prefixes such as RL1 or RL40 select a family
    return s.startswith("rl") and rule.id.lower().startswith(s)
