"""The ACL users redislint advises, written once: the rules' fixes and pages quote them, and
``tests/test_acl_advice.py`` checks each against a real server with ``ACL DRYRUN``.

- The application's user may run every command but the ``@dangerous`` ones, and keeps the few
  ``@dangerous`` ones that clients call on their own: INFO (version and role checks of client
  libraries, queue dashboards), ROLE (Sentinel- and Cluster-aware clients check the node they reach)
  and SORT / SORT_RO (ordinary data commands that ``@dangerous`` happens to hold). FLUSHALL, FLUSHDB,
  CONFIG, DEBUG, SHUTDOWN, KEYS, MODULE, REPLICAOF/SLAVEOF, MONITOR, MIGRATE, RESTORE, SWAPDB, ACL
  and the admin subcommands of CLIENT, CLUSTER, SLOWLOG and LATENCY stay denied.
- Sentinel logs in as a user of its own (``sentinel auth-user``) with exactly what the Sentinel
  documentation lists, and its hello channel only.
- Replicas log in as a user of their own (``masteruser``) with what replication needs.
- Operators keep an admin user with every command.
"""

from __future__ import annotations

__all__ = ["ADMIN_USER", "APP_USER", "REPLICA_USER", "SENTINEL_USER", "acl_fix_text"]

APP_USER = "~* &* +@all -@dangerous +info +role +sort +sort_ro"
SENTINEL_USER = (
    "&__sentinel__:hello +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info "
    "+client|setname +client|kill +script|kill"
)
REPLICA_USER = "+psync +replconf +ping"
ADMIN_USER = "~* &* +@all"


def acl_fix_text(user: str = "default") -> str:
    """The fix line of a finding about the application's user ``user``: the ACL to write."""
    return (
        f"Deny them by ACL and keep what clients need: 'user {user} on >... {APP_USER}'; "
        f"operators get an admin user ('user admin on >... {ADMIN_USER}'), Sentinel and replicas users "
        "of their own (redislint explain RL201)"
    )
