"""The ACL rules of a ``user`` line, as ``acl.c`` decides whether the server starts: keywords,
key/channel patterns, passwords and hashes, selectors, ``+@category`` (categories per version) and
``+command`` (exactly Redis 7.0: against its command table). A message never shows a rule: rules hold
passwords."""

from __future__ import annotations

import re

from redislint.model.conf import Directive
from redislint.redis.commands import commands_70
from redislint.redis.problems import Problem, bad, show
from redislint.redis.versions import Version

__all__ = ["check_acl_rules"]

_ACL_KEYWORDS = frozenset(
    {
        "on",
        "off",
        "nopass",
        "resetpass",
        "reset",
        "allkeys",
        "resetkeys",
        "allchannels",
        "resetchannels",
        "allcommands",
        "nocommands",
        "skip-sanitize-payload",
        "sanitize-payload",
        "clearselectors",
    }
)


_ACL_CATEGORIES_70 = frozenset(
    [
        "keyspace",
        "read",
        "write",
        "set",
        "sortedset",
        "list",
        "hash",
        "string",
        "bitmap",
        "hyperloglog",
        "geo",
        "stream",
        "pubsub",
        "admin",
        "fast",
        "slow",
        "blocking",
        "dangerous",
        "connection",
        "transaction",
        "scripting",
    ]
)


_ACL_CATEGORIES_80 = _ACL_CATEGORIES_70 | frozenset(
    ["search", "json", "timeseries", "bloom", "cuckoo", "cms", "topk", "tdigest"]
)


_HASH_RE = re.compile(r"[0-9a-f]{64}")



def check_acl_rules(d: Directive, version: Version) -> list[Problem]:
    """A light check of the ACL rules of a ``user`` line (never shows a rule: they hold passwords)."""
    user = d.args[0].text
    who = f"user {show(user)}" if user is not None else "the user"
    rules = d.args[1:]
    i = 0
    exact_70 = version.product == "redis" and version.release == (7, 0)
    cats = _ACL_CATEGORIES_80 if version.product == "redis" and version.at_least(8, 0) else _ACL_CATEGORIES_70
    check_cats = (version.product == "redis" and not version.at_least(8, 2)) or (
        version.product == "valkey" and version.release == (7, 2)
    )
    while i < len(rules):
        r = rules[i]
        i += 1
        text = r.text
        if text is None:
            continue
        if text.startswith("("):
            # A selector: its rules run up to the argument that ends with ')'.
            end = i - 1
            while end < len(rules) and not (rules[end].text or "").endswith(")"):
                end += 1
            if end >= len(rules):
                return [bad(r, f"'user' line of {who}: a selector '(' is never closed")]
            i = end + 1
            continue
        low = text.lower()
        if low in _ACL_KEYWORDS:
            continue
        first = text[:1]
        if first in "><~%&":
            continue
        if first in "#!":
            if first == "#" and not _HASH_RE.fullmatch(text[1:]):
                return [bad(r, f"'user' line of {who}: a '#' password hash must be 64 lowercase hex digits")]
            continue
        if first in "+-":
            body = low[1:]
            if body.startswith("@"):
                if check_cats and body[1:] not in cats and body[1:] != "all":
                    return [bad(r, f"'user' line of {who}: unknown ACL category in rule {i}")]
            elif exact_70 and body.split("|", 1)[0] not in commands_70():
                return [bad(r, f"'user' line of {who}: unknown command in rule {i}")]
            continue
        return [bad(r, f"'user' line of {who}: rule {i} is not an ACL rule (syntax error)")]
    return []

