"""A seeded generator of redis.conf and sentinel.conf texts for the differential oracle tests.

Each case starts from the template lines of one server version (``tests/data/oracle/NAME.*.lines``:
the active lines and the commented-out examples of the upstream ``redis.conf`` / ``sentinel.conf`` of
that release, see :func:`extract_template`) and mutates them the ways people get a config wrong:
case, quoting, escapes, trailing comments, CR / tab / NBSP, numbers at the 32- and 64-bit edges,
units, enum values, argument counts, ACL ``user`` lines, ``sentinel`` statements, a byte-order mark,
a NUL byte. Paths are kept inside the case's folder (or made to name nothing), so a server started on
a case never writes outside it. The same seed gives the same cases.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from tests.support.oracles import Kind

DATA = Path(__file__).resolve().parent.parent / "data" / "oracle"

_EXAMPLE = re.compile(r"^#\s?([a-zA-Z][a-zA-Z0-9-]*(?:\.[a-z-]+)?)\s+(\S.*)$")
_WORD = re.compile(r"[a-z][a-z0-9-]+")


def extract_template(text: str) -> list[str]:
    """The lines of an upstream config template worth mutating: ``A<TAB>line`` for an active line,
    ``E<TAB>line`` for a commented-out example (``# maxmemory-policy noeviction``) of a directive the
    file itself names in an active line or an example."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if not line.startswith("#"):
            out.append(f"A\t{line}")
            continue
        m = _EXAMPLE.match(line)
        if not m:
            continue
        name, rest = m.group(1), m.group(2)
        if name.lower() != name and not name.isupper():
            continue  # prose ("# Note that ...")
        if len(rest) > 120 or rest.endswith((".", ":", ",")) or "  " in rest.strip():
            continue
        if name.lower() in _PROSE or name.lower() not in _known_names():
            continue
        out.append(f"E\t{name} {rest}")
    return out


_PROSE = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "if", "in", "is", "it", "its", "not", "of", "on", "or", "so", "that", "the", "this", "to", "when", "with", "you", "your", "will", "we", "use", "using", "see", "also", "only", "all", "any", "each", "note", "example", "examples", "by", "default", "so", "here", "there", "then", "these", "those", "which", "while", "would", "should", "could", "may", "might", "must", "just", "more", "most"]
)


def _known_names() -> frozenset[str]:
    """Directive names (any version) and the statement words of a config: the examples kept are
    examples of a directive, not prose that happens to start a comment line."""
    from redislint.redis.directives import all_names

    return all_names() | {"sentinel", "user", "include", "loadmodule", "rename-command"}


def template_lines(oracle_name: str, kind: Kind) -> tuple[list[str], list[str]]:
    """(active lines, example lines) of the template of ``oracle_name`` for ``kind``."""
    path = DATA / f"{oracle_name}.{'sentinel' if kind == 'sentinel' else 'redis'}.lines"
    active: list[str] = []
    examples: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        tag, _, body = line.partition("\t")
        (active if tag == "A" else examples).append(body)
    return active, examples


# --- values at the edges ---------------------------------------------------------------------------

NUMBERS = [
    "0", "1", "-1", "2", "00", "01", "+1", " 1", "1 ", "1e3", "0x10", "", "a",
    "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649",
    "4294967295", "4294967296", "4294967297", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "100", "1000", "10000", "100000", "512", "1024",
]  # fmt: skip
UNITS = ["", "b", "k", "kb", "K", "KB", "m", "mb", "M", "Mb", "g", "gb", "G", "GB", "t", "tb", "%", "gib", "kB"]
WORDS = [
    "yes", "no", "YES", "No", "on", "off", "true", "1", "0", "none", "all", "default", "auto",
    "local", "everysec", "always", "disabled", "swapdb", "on-empty-db", "nothing", "notice",
    "allkeys-lru", "volatile-lru", "noeviction", "allkeys-lrm", "save", "nosave", "now", "force",
    "relaxed", "absolute", "systemd", "upstart", "mymaster", "\u00a0", "x", "ipv4", "ipv6",
]  # fmt: skip
ACL_RULES = [
    "on", "off", "nopass", "resetpass", "reset", "allkeys", "resetkeys", "allchannels", "resetchannels",
    "allcommands", "nocommands", "skip-sanitize-payload", "sanitize-payload", "clearselectors",
    "~*", "~key:*", "~", "%R~*", "%W~k*", "%RW~*", "%X~*", "%~*", "%R~", "&*", "&chan", "&",
    ">pw", ">", "<pw", "<nosuch", "#" + "a" * 64, "#" + "A" * 64, "#abc", "!" + "b" * 64, "!abc",
    "+@all", "-@all", "+@read", "-@dangerous", "+@nosuch", "+@search", "+get", "-get", "+nosuchcmd",
    "+config|get", "-config|set", "+select|0", "-select|0", "+client|nosuch", "+acl|whoami|x",
    "(~* +get)", "(~x", "+get)", "(%R~* +@read)", "()", "(", ")", "+", "-", "@all", "ON", "OFF",
    "AllKeys", "~*", "&*", "~a ~b", "+debug", "+module|list", "+sentinel", "+get|x",
]  # fmt: skip
USER_NAMES = ["alice", "default", "bob", "a b", "", "x\u00a0y", "user1", "ALICE", "al|ce", "@x"]
HOSTS = ["127.0.0.1", "localhost", "::1", "10.0.0.5", "redis-primary", "256.1.1.1", "", "127.0.0.1:6379", "2001:db8::1"]
SENTINEL_TEMPLATES = [
    "sentinel monitor {m} {h} {p} {q}",
    "sentinel down-after-milliseconds {m} {n}",
    "sentinel failover-timeout {m} {n}",
    "sentinel parallel-syncs {m} {n}",
    "sentinel auth-pass {m} secret",
    "sentinel auth-user {m} {w}",
    "sentinel notification-script {m} {s}",
    "sentinel client-reconfig-script {m} {s}",
    "sentinel known-replica {m} {h} {p}",
    "sentinel known-slave {m} {h} {p}",
    "sentinel known-sentinel {m} {h} {p} {id}",
    "sentinel known-sentinel {m} {h} {p}",
    "sentinel config-epoch {m} {n}",
    "sentinel leader-epoch {m} {n}",
    "sentinel current-epoch {n}",
    "sentinel myid {id}",
    "sentinel rename-command {m} {c} {c2}",
    "sentinel announce-ip {h}",
    "sentinel announce-port {p}",
    "sentinel announce-hostnames {w}",
    "sentinel resolve-hostnames {w}",
    "sentinel deny-scripts-reconfig {w}",
    "sentinel sentinel-user {w}",
    "sentinel sentinel-pass secret",
    "sentinel master-reboot-down-after-period {m} {n}",
    "sentinel primary-reboot-down-after-period {m} {n}",
    "sentinel known-primary {m} {h} {p}",
    "rename-command {c} {c2}",
    "sentinel {w} {m}",
]
COMMANDS = ["config", "CONFIG", "flushall", "debug", "ping", "info", "sentinel", "nosuch", "get", "", "shutdown", "failover"]


@dataclass(frozen=True)
class Case:
    """One generated file: its kind and bytes (a BOM or NUL byte is possible)."""

    kind: Kind
    data: bytes
    why: str
    """Which mutations made it (for a report)."""


_PATH_DIRECTIVES = frozenset(
    {
        "logfile", "pidfile", "unixsocket", "include", "aclfile", "loadmodule", "dir",
        "tls-cert-file", "tls-key-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-dh-params-file",
        "tls-client-cert-file", "tls-client-key-file", "syslog-ident",
    }
)  # fmt: skip


def _contain_paths(line: str) -> str:
    """A line whose absolute paths point inside the case folder, or at nothing that exists."""
    parts = line.split(None, 1)
    if not parts or parts[0].lower() not in _PATH_DIRECTIVES or len(parts) < 2:
        return line
    value = parts[1]
    if parts[0].lower() == "dir":
        return f"{parts[0]} ./"
    if "/" in value:
        tail = value.strip('"').rsplit("/", 1)[-1] or "x"
        if parts[0].lower() in ("logfile", "pidfile", "unixsocket"):
            return f"{parts[0]} {tail}"
        return f"{parts[0]} /nonexistent-redislint-oracle/{tail}"
    return line


class Generator:
    """Cases for one server version, from a seed."""

    def __init__(self, oracle_name: str, seed: int) -> None:
        self.rng = random.Random(f"{oracle_name}:{seed}")
        self.lines = {k: template_lines(oracle_name, k) for k in ("redis", "sentinel")}

    def case(self, kind: Kind) -> Case:
        rng = self.rng
        active, examples = self.lines[kind]
        why: list[str] = []
        out: list[str] = []
        n = rng.choice((1, 1, 1, 2, 3))
        for _ in range(n):
            pick = rng.random()
            if kind == "sentinel" and pick < 0.45:
                line = self._sentinel_line()
                why.append("sentinel")
            elif pick < 0.12:
                line = self._user_line()
                why.append("acl")
            else:
                line = rng.choice(examples if examples and rng.random() < 0.5 else active)
                line = _contain_paths(line)
            if rng.random() < 0.8:
                line, what = self._mutate(line)
                why.append(what)
            out.append(line)
        if kind == "sentinel" and rng.random() < 0.6:
            out.insert(0, "sentinel monitor mymaster 127.0.0.1 6379 2")
        text = "\n".join(out) + "\n"
        data = text.encode("utf-8")
        r = rng.random()
        if r < 0.01:
            data = b"\xef\xbb\xbf" + data
            why.append("bom")
        elif r < 0.02:
            cut = rng.randrange(len(data))
            data = data[:cut] + b"\x00" + data[cut:]
            why.append("nul")
        elif r < 0.04:
            data = data.replace(b"\n", b"\r\n")
            why.append("crlf")
        return Case(kind, data, ",".join(why))

    # --- line mutations ----------------------------------------------------------------------------

    def _mutate(self, line: str) -> tuple[str, str]:
        rng = self.rng
        toks = line.split(" ")
        op = rng.choice(
            ("case", "quote", "escape", "comment", "blank", "number", "number", "number", "unit",
             "unit", "word", "argc", "argc", "drop-value", "empty")
        )  # fmt: skip
        if op == "case":
            i = rng.randrange(len(toks))
            toks[i] = rng.choice((toks[i].upper(), toks[i].title(), toks[i].lower()))
        elif op == "quote" and len(toks) > 1:
            i = rng.randrange(1, len(toks))
            q = rng.choice(('"', "'"))
            style = rng.random()
            if style < 0.5:
                toks[i] = f"{q}{toks[i]}{q}"
            elif style < 0.7:
                toks[i] = f"{q}{toks[i]}"
            elif style < 0.85:
                toks = [*toks[:i], f"{q}{' '.join(toks[i:])}{q}"]
            else:
                toks[i] = f"{q}{toks[i]}{q}x"
        elif op == "escape" and len(toks) > 1:
            i = rng.randrange(1, len(toks))
            toks[i] = '"' + toks[i] + rng.choice(("\\x41", "\\n", "\\t", "\\\\", '\\"', "\\xZZ", "\\")) + '"'
        elif op == "comment":
            return line + rng.choice((" # note", "#x", "\t# c")), op
        elif op == "blank":
            sep = rng.choice(("\t", "\r", "\u00a0", "  ", "\v", "\f"))
            if len(toks) > 1 and rng.random() < 0.7:
                return sep.join(toks), op
            return rng.choice((sep + line, line + sep)), op
        elif op == "number" and len(toks) > 1:
            idx = [i for i, t in enumerate(toks) if i and re.fullmatch(r"-?\d+[a-zA-Z%]*", t)]
            i = rng.choice(idx) if idx else rng.randrange(1, len(toks))
            toks[i] = rng.choice(NUMBERS)
            if toks[i] == "" or " " in toks[i]:
                toks[i] = f'"{toks[i]}"'
        elif op == "unit" and len(toks) > 1:
            i = rng.randrange(1, len(toks))
            toks[i] = rng.choice(NUMBERS[:20]).strip() + rng.choice(UNITS)
        elif op == "word" and len(toks) > 1:
            i = rng.randrange(1, len(toks))
            toks[i] = rng.choice(WORDS)
        elif op == "argc":
            if len(toks) > 1 and rng.random() < 0.5:
                del toks[rng.randrange(1, len(toks))]
            else:
                toks.insert(rng.randrange(1, len(toks) + 1), rng.choice(toks[1:] or ["x"]))
        elif op == "drop-value":
            toks = toks[:1]
        elif op == "empty" and len(toks) > 1:
            toks[rng.randrange(1, len(toks))] = '""'
        return " ".join(toks), op

    def _user_line(self) -> str:
        rng = self.rng
        name = rng.choice(USER_NAMES)
        if " " in name or not name:
            name = f'"{name}"'
        rules = [rng.choice(ACL_RULES) for _ in range(rng.randint(0, 5))]
        return " ".join(["user", name, *rules])

    def _sentinel_line(self) -> str:
        rng = self.rng
        tpl = rng.choice(SENTINEL_TEMPLATES)
        fill = {
            "m": rng.choice(("mymaster", "mymaster", "other", "MyMaster", "m-1", "a b", "")),
            "h": rng.choice(HOSTS),
            "p": rng.choice(("6379", "6380", "0", "65535", "65536", "-1", "abc", "26379", "4294967297")),
            "q": rng.choice(("2", "1", "0", "-1", "x", "100")),
            "n": rng.choice(NUMBERS),
            "w": rng.choice(("yes", "no", "YES", "maybe", "alice", "")),
            "s": rng.choice(('""', "/bin/true", "/nonexistent-redislint-oracle/n.sh", "script.sh")),
            "id": rng.choice(("a" * 40, "b" * 39, "0123456789abcdef0123456789abcdef01234567", "x")),
            "c": rng.choice(COMMANDS),
            "c2": rng.choice([*COMMANDS, "renamed1"]),
        }
        for k in ("m", "h", "w", "c", "c2", "n"):
            if fill[k] == "" or " " in fill[k]:
                fill[k] = f'"{fill[k]}"'
        return tpl.format(**fill)
