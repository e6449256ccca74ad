"""The snapshot of a running server (see :mod:`redislint.model.live`): writing it from what the server
answered, and reading it back into a config (``CONFIG GET *`` values as redis.conf lines) and the
live facts (``#@info field:value``, ``#@role``, ``#@aclfile``, ``#@sentinel``, ``#@ckquorum``, ``#@cluster``,
``#@node`` lines), every value with its span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from redislint.model.conf import ConfFile
from redislint.model.live import LiveFacts
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.parsers.redis_conf import parse_conf
from redislint.redis.directive_types import MULTI_ARG
from redislint.redis.directives import directive_key

SKIPPED = frozenset({"aclfile", "include"})
"""``CONFIG GET`` keys not written as directives: ``aclfile`` names a file on the server's host, which
an audit never reads (its users come from ``ACL LIST``)."""
MARK = "#@"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""A directive name as servers spell them; anything else a server sends is left out of the snapshot."""


def _word(text: str) -> str:
    """A name inside a ``#@`` line (a master name): one word, whatever the server sent."""
    return "".join(c if c.isprintable() and not c.isspace() and c != ":" else "_" for c in text) or "_"


def quote(value: str) -> str:
    """One redis.conf argument that reads back (sdssplitargs) as ``value``."""
    if value and all(c.isprintable() and c not in " \t\"'\\" for c in value):
        return value
    out = []
    for c in value:
        if c in "\\\"":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif not c.isprintable() or ord(c) < 32:
            out.append("".join(f"\\x{b:02x}" for b in c.encode("utf-8")))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def write_snapshot(
    location: str,
    config: Mapping[str, str] | None,
    info: Mapping[str, str],
    acl: Iterable[str] = (),
    role: str | None = None,
    *,
    kind: str = "redis",
    sentinel_masters: Mapping[str, Mapping[str, str]] | None = None,
    ckquorum: Mapping[str, str] | None = None,
    cluster_info: Mapping[str, str] | None = None,
    cluster_nodes: Iterable[str] = (),
    notes: Iterable[str] = (),
    config_readable: bool = True,
    absent_commands: Iterable[str] = (),
) -> str:
    """The snapshot text. ``config_readable`` False: ``CONFIG GET`` was refused and ``config`` holds
    only what ``INFO`` tells (the snapshot says so)."""
    lines = [f"# redislint audit snapshot of {location} ({kind})"]
    lines.extend(f"# {_one_line(n)}" for n in notes)
    if not config_readable:
        lines.append(f"{MARK}config unavailable")
    if config:
        for name in sorted(config):
            if name == "aclfile" and config[name].strip():
                # a file on the server's host, never read: a fact (RL109 live), not a directive
                lines.append(f"{MARK}aclfile {_one_line(config[name])}")
            if name in SKIPPED or not _NAME.match(name):
                continue
            value = config[name]
            if name in ("replicaof", "slaveof") and not value.strip():
                continue  # a primary: no replicaof line
            if name in MULTI_ARG or directive_key(name) in MULTI_ARG:  # slaveof as replicaof
                parts = value.split()
                lines.append(f"{name} {' '.join(quote(p) for p in parts)}" if parts else f'{name} ""')
            else:
                lines.append(f"{name} {quote(value)}")
    for name in absent_commands:
        # COMMAND INFO knows no command of that name: renamed or removed (rename-command), as a
        # config file says it
        if _NAME.match(name):
            lines.append(f"# {name}: not known to COMMAND INFO (renamed or removed)")
            lines.append(f'rename-command {name} ""')
    for entry in acl:
        if entry.startswith("user "):  # what ACL LIST answers; nothing else becomes a directive
            lines.append(_one_line(entry))
    if sentinel_masters:
        for master, fields in sentinel_masters.items():
            if kind == "sentinel" and "ip" in fields and "port" in fields:
                lines.append(f"sentinel monitor {quote(master)} {quote(fields['ip'])} {quote(fields['port'])} {quote(fields.get('quorum', '2'))}")
            for k, v in fields.items():
                lines.append(f"{MARK}sentinel {_word(master)} {_word(k)}:{_one_line(v)}")
    for master, answer in (ckquorum or {}).items():
        lines.append(f"{MARK}ckquorum {_word(master)}:{_one_line(answer)}")
    if role is not None:
        lines.append(f"{MARK}role {_one_line(role)}")
    for k, v in (cluster_info or {}).items():
        lines.append(f"{MARK}cluster {_word(k)}:{_one_line(v)}")
    for n in cluster_nodes:
        lines.append(f"{MARK}node {_one_line(n)}")
    for k, v in info.items():
        lines.append(f"{MARK}info {_word(k)}:{_one_line(v)}")
    return "\n".join(lines) + "\n"


def _value(path: str, lineno: int, col: int, text: str) -> Value:
    return Value(text=text, span=Span(file=path, start_line=lineno, start_col=col, end_line=lineno, end_col=col + max(len(text), 1)), raw=text)


def read_snapshot(path: str, text: str) -> tuple[ConfFile, LiveFacts]:
    """The config and the live facts of a snapshot text (``path``: the server's location). Never raises."""
    kind_line = text.split("\n", 1)[0]
    kind = "sentinel" if kind_line.rstrip().endswith("(sentinel)") else "redis"
    conf = parse_conf(path, text, kind)  # type: ignore[arg-type]
    facts = LiveFacts(location=path)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.startswith(MARK):
            continue
        word, _, rest = line[len(MARK):].partition(" ")
        base = len(MARK) + len(word) + 2  # 1-based column of rest
        if word == "config" and rest.strip() == "unavailable":
            facts.config_readable = False
        elif word == "aclfile":
            facts.aclfile = _value(path, lineno, base, rest)
        elif word == "role":
            facts.role = _value(path, lineno, base, rest.strip())
        elif word == "node":
            facts.cluster_nodes.append(_value(path, lineno, base, rest))
        elif word in ("info", "cluster", "ckquorum"):
            key, sep, val = rest.partition(":")
            if not sep:
                continue
            v = _value(path, lineno, base + len(key) + 1, val)
            {"info": facts.info, "cluster": facts.cluster, "ckquorum": facts.ckquorum}[word][key] = v
        elif word == "sentinel":
            master, _, kv = rest.partition(" ")
            key, sep, val = kv.partition(":")
            if sep:
                col = base + len(master) + 1 + len(key) + 1
                facts.sentinel_masters.setdefault(master, {})[key] = _value(path, lineno, col, val)
    return conf, facts
