"""The rule catalog: rule modules are imported only when a command needs them."""

from __future__ import annotations

import importlib
import marshal
import os
import sys
import types

from redislint.datafiles import list_package_dir, read_package_bytes
from redislint.engine.rule import _REGISTRY, Rule

_loaded = False


def _cached_code(source: str) -> types.CodeType | None:
    """The compiled code of ``source`` from its up-to-date ``__pycache__`` file, or None.

    There are close to a hundred rule modules. Going through the import system costs about 0.3 ms
    each (finders, specs, loaders), more than executing them; reading the compiled file that pip
    wrote at install time costs a tenth of that. Anything unexpected (no cache, a stale or
    hash-based one, another Python) returns None and the module is imported the normal way."""
    from importlib.util import MAGIC_NUMBER, cache_from_source

    try:
        cached = cache_from_source(source)
        st = os.stat(source)
        data = read_package_bytes(cached)
    except (OSError, NotImplementedError, ValueError):
        return None
    if len(data) < 16 or data[:4] != MAGIC_NUMBER or data[4:8] != b"\0\0\0\0":
        return None
    mtime = int.from_bytes(data[8:12], "little")
    size = int.from_bytes(data[12:16], "little")
    if mtime != int(st.st_mtime) & 0xFFFFFFFF or size != st.st_size & 0xFFFFFFFF:
        return None
    try:
        code = marshal.loads(memoryview(data)[16:])
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _import_rule_module(package: str, folder: str, name: str) -> None:
    full = f"{package}.{name}"
    if full in sys.modules:
        return
    source = os.path.join(folder, name + ".py")
    code = _cached_code(source)
    if code is None:
        importlib.import_module(full)
        return
    module = types.ModuleType(full)
    module.__file__ = source
    module.__package__ = package
    sys.modules[full] = module
    try:
        exec(code, module.__dict__)
    except BaseException:
        del sys.modules[full]
        raise


def load_rules() -> list[Rule]:
    """Import every ``redislint.checks.rlNNN_*`` module once and return the catalog in id order."""
    global _loaded
    if not _loaded:
        import redislint.checks as pkg

        for folder in pkg.__path__:
            names = sorted(
                n[:-3] for n in list_package_dir(folder) if n.startswith("rl") and n.endswith(".py") and n[2:5].isdigit()
            )
            for name in names:
                _import_rule_module(pkg.__name__, folder, name)
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
