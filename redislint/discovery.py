"""Find what to lint under the paths given, and expand a single file to its whole stack."""

from __future__ import annotations

import os
import re

from redislint.model.base import Struct, field

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
COMPOSE_RE = re.compile(r"compose[^/]*\.ya?ml$", re.IGNORECASE)
CONF_RE = re.compile(r"(redis|sentinel|valkey)[^/]*\.conf$", re.IGNORECASE)
DOCKERFILE_RE = re.compile(r"^(Dockerfile|Containerfile)([.-].*)?$|\.dockerfile$|__Dockerfile$", re.IGNORECASE)
KEY_RE = re.compile(r"\.(pem|key|p8|crt)$", re.IGNORECASE)
MAX_FILES = 20_000


class Discovered(Struct):
    compose: list[str] = field(default_factory=list)
    confs: list[str] = field(default_factory=list)
    dockerfiles: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    explicit: list[str] = field(default_factory=list)
    """Files named on the command line (linted whatever their name)."""
    notices: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def is_compose_name(name: str) -> bool:
    return bool(COMPOSE_RE.search(name)) and "override" not in name.lower()


def _classify(path: str, out: Discovered) -> None:
    name = os.path.basename(path)
    if COMPOSE_RE.search(name):
        if "override" not in name.lower():
            out.compose.append(path)
    elif CONF_RE.search(name):
        out.confs.append(path)
    elif DOCKERFILE_RE.search(name):
        out.dockerfiles.append(path)
    elif KEY_RE.search(name):
        out.keys.append(path)


def excluded(path: str, root: str, patterns: tuple[str, ...]) -> bool:
    """True when ``path`` (or one of its folders) matches an ``exclude`` glob, relative to ``root``."""
    if not patterns:
        return False
    import fnmatch

    rel = os.path.relpath(path, root).replace(os.sep, "/")
    parts = rel.split("/")
    candidates = [rel] + ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    return any(fnmatch.fnmatch(c, p.rstrip("/")) for p in patterns for c in candidates)


def _walk(top: str, out: Discovered, visited: set[str], root: str = "", exclude: tuple[str, ...] = ()) -> None:
    count = 0
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in visited:
            dirnames[:] = []
            out.notices.append(f"skipped {dirpath}: symbolic link loop or folder already visited")
            continue
        visited.add(real)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for fn in sorted(filenames):
            count += 1
            if count > MAX_FILES:
                out.notices.append(f"stopped walking {top} after {MAX_FILES} files")
                return
            full = os.path.join(dirpath, fn)
            if os.path.islink(full) and not os.path.exists(full):
                continue
            if exclude and excluded(os.path.abspath(full), root, exclude):
                continue
            _classify(os.path.abspath(full), out)


def _stack_for_conf(conf: str, root: str) -> list[str]:
    """Compose files in the conf file's folder or its parents (up to ``root``) that mention it."""
    found: list[str] = []
    d = os.path.dirname(conf)
    base = os.path.basename(conf)
    root = os.path.abspath(root)
    for _ in range(6):
        try:
            names = sorted(os.listdir(d))
        except OSError:
            break
        for n in names:
            if COMPOSE_RE.search(n) and "override" not in n.lower():
                p = os.path.join(d, n)
                try:
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        if base in fh.read(1_000_000):
                            found.append(p)
                except OSError:
                    continue
        if found or os.path.abspath(d) == root or os.path.dirname(d) == d:
            break
        if not os.path.abspath(d).startswith(root):
            break
        d = os.path.dirname(d)
    return found


def discover(paths: list[str], root: str, exclude: tuple[str, ...] = ()) -> Discovered:
    out = Discovered()
    visited: set[str] = set()
    for p in paths:
        ap = os.path.abspath(p)
        if not os.path.exists(ap):
            out.missing.append(p)
            continue
        if os.path.isdir(ap):
            _walk(ap, out, visited, root, exclude)
            continue
        real = os.path.realpath(ap)
        out.explicit.append(real)
        name = os.path.basename(real)
        if COMPOSE_RE.search(name) or name.endswith((".yml", ".yaml")):
            if "override" in name.lower():
                mains = [os.path.join(os.path.dirname(real), n) for n in sorted(os.listdir(os.path.dirname(real))) if is_compose_name(n)]
                out.compose.extend(mains or [real])
            else:
                out.compose.append(real)
        elif DOCKERFILE_RE.search(name):
            out.dockerfiles.append(real)
        elif KEY_RE.search(name):
            out.keys.append(real)
        elif name == ".env":
            mains = [os.path.join(os.path.dirname(real), n) for n in sorted(os.listdir(os.path.dirname(real))) if is_compose_name(n)]
            out.compose.extend(mains)
        else:
            stacks = _stack_for_conf(real, root)
            out.compose.extend(stacks)
            out.confs.append(real)
    # de-duplicate, keep order
    for attr in ("compose", "confs", "dockerfiles", "keys"):
        seen: set[str] = set()
        vals = []
        for v in getattr(out, attr):
            r = os.path.realpath(v)
            if r not in seen:
                seen.add(r)
                vals.append(r)
        setattr(out, attr, vals)
    return out
