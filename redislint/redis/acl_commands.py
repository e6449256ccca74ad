"""Which commands an ACL user may run: the commands rules ask about (:data:`CHECKED_COMMANDS`), their
ACL categories (``COMMAND INFO`` on 7.0; only the categories that matter for a ``+@cat`` / ``-@cat``
rule), the ``dangerous`` category (``ACL CAT dangerous`` on 7.0.15, package data), and how a user's
command rules decide (:func:`can_run`), with which the link stage fills
:attr:`redislint.model.acl.AclUser.runs` (:func:`redislint.link.acl.user_runs`)."""

from __future__ import annotations

import functools

from redislint.datafiles import read_data

CHECKED_COMMANDS = ("flushall", "flushdb", "config", "debug", "shutdown", "keys", "module", "replicaof", "slaveof")
"""Commands rules ask about (RL110, RL201, the audit's COMMAND INFO)."""
_CATEGORIES: dict[str, frozenset[str]] = {
    "flushall": frozenset({"keyspace", "write", "slow", "dangerous"}),
    "flushdb": frozenset({"keyspace", "write", "slow", "dangerous"}),
    "config": frozenset({"admin", "slow", "dangerous"}),
    "debug": frozenset({"admin", "slow", "dangerous"}),
    "shutdown": frozenset({"admin", "slow", "dangerous"}),
    "keys": frozenset({"keyspace", "read", "slow", "dangerous"}),
    "module": frozenset({"admin", "slow", "dangerous"}),
    "replicaof": frozenset({"admin", "slow", "dangerous"}),
    "slaveof": frozenset({"admin", "slow", "dangerous"}),
}
"""Their ACL categories (``COMMAND INFO`` on 7.0; only those that matter for ``+@cat`` / ``-@cat``)."""
KNOWN_CATEGORIES = frozenset(
    {
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
        "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
        "transaction", "scripting", "all",
    }
)


@functools.lru_cache(maxsize=1)
def dangerous_commands() -> frozenset[str]:
    """``ACL CAT dangerous`` on 7.0.15 (``cmd`` or ``cmd|sub``), shipped as package data."""
    text = read_data("acl-dangerous-redis-7.0.15.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def in_category(command: str, category: str) -> bool | None:
    command, category = command.lower(), category.lower()
    if category == "all":
        return True
    if category == "dangerous":
        return command in dangerous_commands() or any(c.startswith(command + "|") for c in dangerous_commands())
    cats = _CATEGORIES.get(command)
    if cats is not None:
        return category in cats
    return None


def can_run(rules: list[str], unknown: bool, command: str) -> bool | None:
    """Whether command rules (in order, lower-cased: ``+@all``, ``-flushall``, ``nocommands``...) let a
    user run the whole command (a subcommand grant does not count); None when a clause of the user
    cannot be read (``unknown``) and the rules would allow it."""
    command = command.lower()
    allowed: bool | None = False
    for r in rules:
        if r in ("allcommands", "+@all"):
            allowed = True
        elif r in ("nocommands", "-@all", "reset"):
            allowed = False
        elif r.startswith(("+@", "-@")):
            member = in_category(command, r[2:])
            if member:
                allowed = r[0] == "+"
        elif r.startswith(("+", "-")):
            target = r[1:]
            if target == command:
                allowed = r[0] == "+"
    if unknown and allowed:
        return None
    return allowed
