"""TLS facts of a node: is TLS on, is plaintext off, and (filled by the link stage) whether the
certificate files it loads at start are provided. Facts: research/redis-facts.md section 3.5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

FileState = Literal["present", "missing", "ignored", "unknown"]
"""Whether a file is provided: ``unknown`` when it may come from somewhere redislint cannot see,
``ignored`` when the repository path is covered by .gitignore (created at deploy time)."""

TLS_FILES = ("tls-cert-file", "tls-key-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-dh-params-file")
"""The directives naming a file (or, ``*-dir``, a folder) the server loads when it uses TLS."""


def _port(node: RedisNode, directive: str, default: int) -> int | None:
    """The port a directive sets (``default`` when absent from a complete config), None when unknown."""
    d = node.get(directive)
    if d is None:
        return default if node.complete else None
    t = d.text(0)
    if t is None:
        return None
    try:
        return int(t)
    except ValueError:
        return None


def tls_port(node: RedisNode) -> int | None:
    """The TLS port, 0 when TLS is off, None when unknown."""
    return _port(node, "tls-port", 0)


def tls_on(node: RedisNode) -> bool | None:
    p = tls_port(node)
    return None if p is None else p != 0


def plaintext_port(node: RedisNode) -> int | None:
    """The plaintext port (0 = off), None when unknown."""
    return _port(node, "port", 26379 if node.kind == "sentinel" else 6379)


def uses_tls(node: RedisNode) -> bool:
    """TLS is on for clients, replication or the cluster bus: the server loads its certificates."""
    return bool(tls_on(node)) or node.flag("tls-replication", False) is True or node.flag("tls-cluster", False) is True
