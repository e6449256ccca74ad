"""Link stage for running servers (``redislint audit``): each live server becomes a node of the one
model, its effective configuration read from the snapshot of what it answered (see
:mod:`redislint.model.live`, :mod:`redislint.parsers.live`), so the catalog's rules run on it
unchanged; and the drift between a running server and the repository's effective config."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from typing import Literal

from redislint.fs import FileStore
from redislint.link import link_nodes
from redislint.link.roles import Linker
from redislint.link.versions import NEWEST, effective_version
from redislint.model.image import ImageInfo
from redislint.model.live import Drift, LiveLoad
from redislint.model.project import InputFile, Project, RedisNode, ReplicationGroup, SentinelGroup
from redislint.model.span import Span
from redislint.parsers.live import read_snapshot
from redislint.redis.directive_types import MULTI_ARG, type_of
from redislint.redis.directives import directive_aliases, directive_key
from redislint.redis.numbers import parse_redis_memory
from redislint.redis.passwords import PASSWORD_DIRECTIVES

NOT_COMPARED = frozenset({"user", "include", "aclfile", "rename-command", "sentinel", "loadmodule"})
"""Directives whose running value ``CONFIG GET`` does not give back as written."""


def _version(text: str | None) -> tuple[int, ...] | None:
    m = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?", text or "")
    return tuple(int(g) for g in m.groups() if g is not None) if m else None


def build_live_project(snapshots: list[tuple[str, str]], root: str | None = None) -> Project:
    """One :class:`Project` whose nodes are the servers of ``snapshots`` ((location, snapshot text)).
    Nothing is read from a disk: a snapshot holds all a live node knows."""
    root = root or os.getcwd()
    project = Project(root=root)
    store = FileStore(root)
    linker = Linker(project, store, ("redis", NEWEST["redis"]))
    for location, text in snapshots:
        conf, facts = read_snapshot(location, text)
        linker._conf_cache[location] = conf
        project.files[location] = InputFile(
            path=location, kind="sentinel-conf" if conf.kind == "sentinel" else "redis-conf", conf=conf, text=text, used=True
        )
        product: Literal["redis", "valkey"] = "valkey" if facts.text("server_name") == "valkey" or facts.text("valkey_version") else "redis"
        raw_version = _version(facts.text("valkey_version") if product == "valkey" else facts.text("redis_version"))
        node = RedisNode(
            directive_keys=directive_aliases(),
            name=location,
            kind="sentinel" if conf.kind == "sentinel" else "redis",
            product=product,
            version=effective_version(product, raw_version),
            version_from_image=raw_version is not None,
            directives=list(conf.directives),
            conf_files=[location],
            complete=facts.config_readable,
            anchor=Span.file_anchor(location),
        )
        node.live = facts
        vfield = facts.field("valkey_version" if product == "valkey" else "redis_version")
        if raw_version is not None and vfield is not None:
            # what the server says it runs: the version rules (RL205, RL206) read it as a pinned image
            node.image = ImageInfo(
                ref=f"{product}:{vfield.text}", repository=product, tag=vfield.text, product=product,
                version=raw_version, floating=False, span=vfield.span,
            )  # fmt: skip
        if node.kind == "sentinel":
            project.sentinels.append(node)
        else:
            node.cluster = (node.value("cluster-enabled") or "").lower() == "yes"
            project.nodes.append(node)
    linker.groups()
    _live_groups(project)
    link_nodes(project, linker, store)
    for sg in project.sentinel_groups:
        sg.known_sentinels = _known_sentinels(sg)
    for node in (*project.nodes, *project.sentinels):
        for d in node.all("user"):
            for a in d.args[1:]:
                # ACL LIST shows each password as its SHA-256: masked like a password
                if a.text is not None and a.text.startswith("#") and len(a.text) == 65:
                    project.secrets.add(a.text[1:])
    return project


# ------------------------------------------------------------------ groups
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def _addr(host: str | None, port: str | int | None) -> tuple[str, int] | None:
    h = (host or "").strip().lower().strip("[]")
    p = str(port or "").strip()
    if not h or not p.isdigit():
        return None
    return ("127.0.0.1" if h in _LOOPBACK or h == "::1" else h, int(p))


def _addresses(node: RedisNode) -> list[tuple[str, int]]:
    """Where a live server answers: its location's host with the port it was reached on, its
    ``port`` and its ``tls-port``."""
    m = re.match(r"^rediss?://(\[[^\]]*\]|[^:/]*):(\d+)$", node.name)
    if m is None:
        return []
    out = [_addr(m.group(1), m.group(2))]
    for key in ("port", "tls-port"):
        value = node.value(key)
        if value and value != "0":
            out.append(_addr(m.group(1), value))
    return [a for a in out if a is not None]


def _live_groups(project: Project) -> None:
    """The groups the audited servers make, by address (the link stage's groups resolve repository
    host names; a live server names its primary by address): each replica's ``replicaof`` and each
    Sentinel's monitored master become the audited server at that address, when it was audited.
    Replicas of one primary make one group; a Sentinel group gets the primary's replicas."""
    at: dict[tuple[str, int], RedisNode] = {}
    for n in project.nodes:
        for a in _addresses(n):
            at.setdefault(a, n)
    merged: dict[RedisNode, ReplicationGroup] = {}
    kept: list[ReplicationGroup] = []
    for g in project.replication:
        if g.primary is None and g.links:
            d = g.links[0][1]
            g.primary = at.get(_addr(d.text(0), d.text(1)) or ("", 0))
        if g.primary is None:
            kept.append(g)
            continue
        same = merged.get(g.primary)
        if same is None:
            merged[g.primary] = g
            kept.append(g)
        else:
            same.replicas.extend(g.replicas)
            same.links.extend(g.links)
    project.replication[:] = kept
    for sg in project.sentinel_groups:
        if sg.primary is None and sg.monitors:
            d = sg.monitors[0][1]
            sg.primary = at.get(_addr(d.text(2), d.text(3)) or ("", 0))
        if sg.primary is not None:
            rg = merged.get(sg.primary)
            sg.replicas = list(rg.replicas) if rg is not None else []


def _known_sentinels(sg: SentinelGroup) -> int | None:
    """How many Sentinels monitor the master, as the live Sentinels of the group report it
    (``num-other-sentinels`` + 1), or those audited when more; None for a repository group."""
    counts = []
    for s in sg.sentinels:
        if s.live is None:
            return None
        v = s.live.sentinel_masters.get(sg.master_name, {}).get("num-other-sentinels")
        if v is not None and v.text is not None and v.text.isdigit():
            counts.append(int(v.text) + 1)
    return max([len(sg.sentinels), *counts]) if sg.sentinels else None


# ------------------------------------------------------------------ drift
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _normal(name: str, words: list[str]) -> str:
    """A directive's arguments as the server holds them: sizes in bytes, yes/no in lower case,
    words joined by one space."""
    kind = type_of(name).kind
    if len(words) == 1 and kind in ("memory", "memory-percent"):
        n = parse_redis_memory(words[0])
        if n is not None:
            return str(n)
    if kind in ("bool", "enum", "flags"):
        words = [w.lower() for w in words]
    if name in MULTI_ARG:
        words = [w.lower() for w in words]
    return " ".join(words)


def implicit_defaults(repo: RedisNode) -> dict[str, str]:
    """What a server runs with for the directives that decide durability, access and memory when its
    configuration does not set them: the built-in defaults of every release since 6.2 (config.c of
    6.2.16, 7.2.6, 7.4.1, Valkey 8.0.1; 7.0.15 observed), and the official images' patched
    ``protected-mode no`` (research/redis-facts.md). Empty when part of the configuration cannot be
    seen, or for a release before 6.2 or an image whose build is unknown."""
    if not repo.complete or repo.kind != "redis" or tuple(repo.version) < (6, 2) or repo.product not in ("redis", "valkey"):
        return {}
    out = {
        "appendonly": "no",
        "appendfsync": "everysec",
        "maxmemory": "0",
        "maxmemory-policy": "noeviction",
        "requirepass": "",
        "save": "3600 1 300 100 60 10000",
    }
    if repo.service is None:
        out["protected-mode"] = "yes"
    elif repo.image is not None and repo.image.flavour == "official" and repo.image.product in ("redis", "valkey"):
        out["protected-mode"] = "no"
    if repo.acl is not None and repo.get("user") is not None:
        del out["requirepass"]  # the default user's password comes from its ACL line
    if repo.get("aclfile") is not None:
        out.pop("requirepass", None)
    return out


def compute_drift(repo: RedisNode, live: RedisNode) -> list[Drift]:
    """Each directive the repository sets whose running value differs (in the server's terms), and
    each of :func:`implicit_defaults` the repository never sets whose running value is not the
    default (reported at the node's anchor). Passwords compare by digest and are never kept in
    clear. Other directives the repository does not set are not compared (their default depends on
    the release and the build)."""
    out: list[Drift] = []
    seen: set[str] = set()
    defaults = implicit_defaults(repo)
    for d in live.directives:
        key = directive_key(d.name)
        if key in NOT_COMPARED or key in seen:
            continue
        seen.add(key)
        mine = repo.get(key)
        if mine is None and key in defaults:
            live_text = " ".join(a.text or "" for a in live.all(key)[-1].args)
            if key == "save" and live_text.strip() in ("", '""'):
                live_text = ""
            secret = key in PASSWORD_DIRECTIVES
            if _normal(key, live_text.split()) != _normal(key, defaults[key].split()):
                out.append(
                    Drift(
                        name=key, live="(secret)" if secret else live_text, repository=None, span=repo.anchor,
                        live_span=d.value_span, secret=secret,
                    )
                )  # fmt: skip
            continue
        if mine is None or any(a.text is None for a in mine.args):
            continue
        live_words = [a.text or "" for a in live.all(key)[-1].args]
        repo_words = [a.text or "" for a in mine.args]
        secret = key in PASSWORD_DIRECTIVES
        if secret:
            a, b = _digest(" ".join(live_words)), _digest(" ".join(repo_words))
            if a != b:
                out.append(Drift(name=key, live="(secret)", repository="(secret)", span=mine.value_span, live_span=d.value_span, secret=True))
            continue
        if key == "save" and repo_words in ([""], []):
            repo_words = []
        if key == "save" and live_words == [""]:
            live_words = []
        a, b = _normal(key, live_words), _normal(key, repo_words)
        if a != b:
            out.append(Drift(name=key, live=" ".join(live_words), repository=" ".join(repo_words), span=mine.value_span, live_span=d.value_span))
    return out


def live_load(repo: RedisNode, live: RedisNode) -> LiveLoad | None:
    """RL009 proven live: the repository's command loads a config file (a container path) and the
    running server reports another ``config_file`` in ``INFO server``, or none. Only for a node whose
    command says which path it loads (a bare config file's place on the server's host is unknown)."""
    inv = repo.invocation
    if inv is None or not inv.conf_path or live.live is None or live.kind != repo.kind:
        return None
    field = live.live.field("config_file")
    if field is None or field.text is None:
        return None  # INFO tells nothing (an old server, a managed service that hides it)
    loaded = field.text.strip()
    expected = posixpath.normpath(inv.conf_path)
    if loaded and posixpath.normpath(loaded) == expected:
        return None
    span = inv.conf.span if inv.conf is not None else inv.span
    mount = repo.service.mount_for(expected) if repo.service is not None else None
    if mount is not None and mount.type == "bind":
        span = mount.span
    return LiveLoad(expected=expected, live=loaded, span=span, live_span=field.span)


def link_drift(repo: RedisNode, live: RedisNode) -> None:
    """Set :attr:`RedisNode.drift` and :attr:`RedisNode.live_load` of the repository node."""
    repo.drift = compute_drift(repo, live)
    repo.live_load = live_load(repo, live)
