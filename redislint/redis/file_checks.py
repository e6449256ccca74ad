"""Fatal combinations of lines in one config file: a command renamed twice or onto an existing
name, a user defined twice, ``aclfile`` together with ``user`` lines, module configurations without a
module, Sentinel statements about a master that is not monitored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from redislint.model.conf import Directive
from redislint.redis.acl import check_user_lines
from redislint.redis.commands import commands, exact_table, sentinel_commands, table_for
from redislint.redis.problems import ConfKind, Problem, bad, show
from redislint.redis.sentinel import check_sentinel_masters
from redislint.redis.versions import Version

__all__ = ["validate_file_level"]


def validate_file_level(
    directives: Sequence[Directive], version: Version, kind: ConfKind = "redis"
) -> list[Problem]:
    """Fatal combinations of lines: a command renamed twice or onto an existing name, a user defined
    twice, ``aclfile`` together with ``user`` lines, module configurations without a module,
    Sentinel statements about a master that is not monitored."""
    problems: list[Problem] = []
    problems.extend(_check_renames(directives, version, kind))
    problems.extend(check_user_lines(directives, version))
    users: dict[str, Directive] = {}
    user_lines: list[Directive] = []
    aclfile: Directive | None = None
    has_module = False
    dotted: list[Directive] = []
    for d in directives:
        if d.name == "user" and d.args:
            user_lines.append(d)
            uname = d.args[0].text
            if uname is None:
                continue
            if uname in users and (version.product == "valkey" or version.at_least(7, 0)):
                # (Redis 6.2 takes a second line for a user as a reset of it)
                problems.append(
                    bad(
                        d.args[0],
                        f"user {show(uname)} is defined twice (first on line {users[uname].line}): Redis refuses duplicate users",
                        "merge the two 'user' lines into one",
                    )
                )
            else:
                users[uname] = d
        elif d.name == "aclfile" and len(d.args) == 1:
            aclfile = d
        elif d.name == "loadmodule":
            has_module = True
        elif "." in d.name:
            dotted.append(d)
    if aclfile is not None and aclfile.args[0].text and user_lines:
        problems.append(
            bad(
                aclfile,
                f"'aclfile' cannot be combined with 'user' lines in the config (line {user_lines[0].line}): the server refuses to start",
                "define the users in the ACL file only, or drop 'aclfile'",
            )
        )
    if dotted and not has_module and (version.product == "valkey" or version.at_least(7, 0)):
        for d in dotted:
            if d.args:
                problems.append(
                    bad(
                        d,
                        f"module configuration '{show(d.name)[1:-1]}' without any 'loadmodule' line: the server aborts",
                        "load the module with 'loadmodule', or remove the line",
                    )
                )
    problems.extend(_replica_in_cluster(directives))
    if kind == "sentinel":
        problems.extend(check_sentinel_masters(directives))
    return problems


def _replica_in_cluster(directives: Sequence[Directive]) -> list[Problem]:
    """``replicaof`` (the last one, not ``no one``) with ``cluster-enabled yes``: the server refuses
    (a cluster node becomes a replica with CLUSTER REPLICATE, not replicaof)."""
    replica: Directive | None = None
    cluster: Directive | None = None
    for d in directives:
        if d.name in ("replicaof", "slaveof") and d.args:
            texts = [a.text for a in d.args]
            if any(t is None for t in texts):
                replica = None
                continue
            no_one = len(texts) == 2 and (texts[0] or "").lower() == "no" and (texts[1] or "").lower() == "one"
            replica = None if no_one else d
        elif d.name == "cluster-enabled" and len(d.args) == 1:
            cluster = d if (d.args[0].text or "").lower() == "yes" else None
    if replica is None or cluster is None:
        return []
    return [
        bad(
            replica,
            f"'{replica.name}' is not allowed in cluster mode (cluster-enabled yes on line {cluster.line}): the server refuses to start",
            "remove the line: in a cluster, a node becomes a replica with CLUSTER REPLICATE",
        )
    ]


def _check_renames(directives: Iterable[Directive], version: Version, kind: ConfKind) -> list[Problem]:
    """``rename-command`` lines against the version's command table: Redis's, or in a Sentinel's
    configuration Sentinel's own (it replaces the command table before it reads the file)."""
    problems: list[Problem] = []
    name = table_for(version.product, version.release)
    table = sentinel_commands(name) if kind == "sentinel" else commands(name)
    known = frozenset(c for c in table if "|" not in c)
    exact = exact_table(version.product, version.release)
    gone: dict[str, int] = {}
    added: set[str] = set()
    for d in directives:
        if d.name != "rename-command" or len(d.args) != 2:
            continue
        src_v, dst_v = d.args
        if src_v.text is None or dst_v.text is None:
            continue
        src = src_v.text.lower()
        dst = dst_v.text.lower()
        if "|" in src:
            problems.append(
                bad(
                    src_v,
                    f"'rename-command' cannot rename a subcommand ({show(src_v.text)}): the server crashes",
                )
            )
            continue
        present = (src in known and src not in gone) or src in added
        if not present:
            if src in gone:
                problems.append(
                    bad(
                        src_v,
                        f"'rename-command' renames {show(src_v.text)} again (already renamed on line {gone[src]}): no such command any more",
                        "keep a single rename-command line per command",
                    )
                )
                continue
            if exact:
                problems.append(bad(src_v, f"'rename-command' names an unknown command {show(src_v.text)}"))
                continue
        gone[src] = d.line
        added.discard(src)
        if dst:
            if (dst in known and dst not in gone) or dst in added:
                problems.append(
                    bad(
                        dst_v,
                        f"'rename-command' target {show(dst_v.text)} is already a command name",
                        'pick a name that is not an existing command, or "" to disable the command',
                    )
                )
                continue
            added.add(dst)
            gone.pop(dst, None)
    return problems

