"""Helpers of the live-only rules (platform ``live``): what a running server reported."""

from __future__ import annotations

from redislint.model.live import LiveFacts
from redislint.model.project import RedisNode


def live(node: RedisNode) -> LiveFacts | None:
    """The node's live facts (None for a repository node: live-only rules do not apply)."""
    return node.live


def int_field(facts: LiveFacts, name: str) -> int | None:
    t = facts.text(name)
    if t is None:
        return None
    try:
        return int(t.strip())
    except ValueError:
        return None


def kv_list(text: str) -> dict[str, str]:
    """``ip=10.0.0.2,port=6379,state=online,lag=0`` as a dict."""
    out: dict[str, str] = {}
    for part in text.split(","):
        k, sep, v = part.partition("=")
        if sep:
            out[k.strip()] = v.strip()
    return out
