"""Which compose files make one project: the override files beside a main file
(:func:`find_overrides`), the sets the repository's own tooling joins (``COMPOSE_FILE`` in ``.env``,
``docker compose -f a.yml -f b.yml`` in its scripts, Makefile or README: :func:`compose_sets`), and
the overlays that cannot run alone (:func:`overlays_of`). Files are only looked into
(:func:`peek_yaml`), never linted here; :mod:`~redislint.parsers.compose_load` loads the sets."""

from __future__ import annotations

import os
import re

from redislint.fs import FileStore
from redislint.parsers import interpolate as ip
from redislint.parsers.yaml_tree import YNode, load_mapping

COMPOSE_NAMES = re.compile(r"^(docker-)?compose([.-][^/]*)?\.ya?ml$", re.IGNORECASE)
OVERRIDE_NAMES = (
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)



def find_overrides(main: str, store: FileStore) -> list[str]:
    d = os.path.dirname(main)
    base = os.path.basename(main).lower()
    if "override" in base:
        return []
    out = []
    for name in OVERRIDE_NAMES:
        p = os.path.join(d, name)
        if store.is_file(p) and name.startswith("docker-") == base.startswith("docker-"):
            out.append(p)
    return out


_COMPOSE_CALL = re.compile(r"docker[ -]compose((?:[ \t]+(?:-f|--file)[ \t=]+[^\s;&|)]+)+)")
_FILE_FLAG = re.compile(r"(?:-f|--file)[ \t=]+([^\s;&|)]+)")


def compose_sets(folder: str, store: FileStore) -> list[list[str]]:
    """The compose files the repository's own tooling joins into one project, in order: the
    ``COMPOSE_FILE`` of the folder's ``.env`` (``a.yml:b.yml``), and ``docker compose -f a.yml -f
    b.yml`` in its scripts, Makefile or README. Only sets of two or more files of this folder that
    exist; nothing is run."""
    sets: list[list[str]] = []
    dotenv = os.path.join(folder, ".env")
    if store.is_file(dotenv):
        text = store.read(dotenv)
        value = ip.parse_dotenv(text).get("COMPOSE_FILE") if text else None
        if value:
            sep = (ip.parse_dotenv(text or "").get("COMPOSE_PATH_SEPARATOR") or ":")
            sets.append([v.strip() for v in value.split(sep) if v.strip()])
    for name in sorted(store.listdir(folder)):
        low = name.lower()
        if not (low.endswith(".sh") or low in ("makefile", "gnumakefile") or low.startswith("readme")):
            continue
        path = os.path.join(folder, name)
        if not store.is_file(path) or (store.size(path) or 0) > 256_000:
            continue
        text = store.read(path)
        if not text or "compose" not in text:
            continue
        for m in _COMPOSE_CALL.finditer(text):
            sets.append([f.strip("'\"") for f in _FILE_FLAG.findall(m.group(1))])
    out: list[list[str]] = []
    for names in sets:
        paths = [os.path.normpath(os.path.join(folder, n)) for n in names if "$" not in n]
        ok = len(paths) == len(names) and len(paths) >= 2 and all(os.path.dirname(p) == os.path.normpath(folder) and store.is_file(p) for p in paths)
        if ok and paths not in out:
            out.append(paths)
    return out


def overlays_of(main: str, store: FileStore) -> list[str]:
    """The overlays of the compose file ``main``: files beside it named ``<stem>.<name>.yml`` (the
    stem of ``main``, so ``docker-compose.prod.yml`` for ``docker-compose.yml``, ``redis.port.yml``
    for ``redis.yml``) that cannot run alone, because a service of theirs has no ``image``, no
    ``build`` and no ``extends`` (Compose refuses it: "has neither an image nor a build context
    specified"). They are used as ``-f docker-compose.yml -f docker-compose.prod.yml``."""
    d = os.path.dirname(main)
    stem, ext = os.path.splitext(os.path.basename(main))
    if ext.lower() not in (".yml", ".yaml") or "override" in stem.lower():
        return []
    out: list[str] = []
    for name in sorted(store.listdir(d)):
        s_, e_ = os.path.splitext(name)
        if e_.lower() not in (".yml", ".yaml") or not s_.startswith(stem + ".") or "override" in name.lower():
            continue
        if not re.fullmatch(r"[A-Za-z0-9_-]+", s_[len(stem) + 1 :]):
            continue
        path = os.path.join(d, name)
        if _is_overlay(path, store):
            out.append(path)
    return out


def peek_yaml(path: str, store: FileStore) -> YNode | None:
    """A YAML file of the repository looked into, not linted (an overlay candidate, a sibling file's
    declarations): its root mapping, or None when it is too large, unreadable, not valid YAML or not
    a mapping. Problems in it are not reported here."""
    if not store.is_file(path) or (store.size(path) or 0) > 1_000_000:
        return None
    text = store.read(path)
    if text is None:
        return None
    return load_mapping(path, text)


def _is_overlay(path: str, store: FileStore) -> bool:
    root = peek_yaml(path, store)
    services = root.get("services") if root is not None else None
    if services is None or services.kind != "map" or not services.pairs:
        return False
    return any(v.kind == "map" and v.get("image") is None and v.get("build") is None and v.get("extends") is None for _k, v in services.pairs)

