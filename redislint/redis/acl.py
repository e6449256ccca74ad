"""The ACL rules of ``user`` lines, as ``acl.c`` applies them when the server starts (``ACLSetUser``
and ``ACLSetSelector`` of Redis 6.2.16, 7.0-7.4 and Valkey 8.0, checked against those servers by the
oracle tests): every rule is applied in order to a user being built, so a rule that is refused in
that state refuses the file: an unknown keyword, command (the version's own command table, with its
subcommands) or category, a key or channel pattern with a blank, a pattern after ``~*`` / ``allkeys``
or ``&*`` / ``allchannels``, a bad ``#`` / ``!`` hash, removing a password the user does not have, a
selector ``(...)`` that is never closed or holds a refused rule (7.0+; 6.2 knows no selectors), a
blank in a user name. A message never shows a rule: rules hold passwords."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from redislint.model.conf import Directive
from redislint.model.values import Value
from redislint.redis.arguments import split_words
from redislint.redis.commands import acl_categories, commands, exact_table, table_for
from redislint.redis.problems import Problem, bad, show
from redislint.redis.versions import Version

__all__ = ["check_acl_rules", "check_aclfile", "check_user_lines", "pubsub_default"]

_HASH_RE = re.compile(r"[0-9a-f]{64}")
_C_SPACE = frozenset(" \t\n\r\v\f\0")


def pubsub_default(version: Version) -> bool:
    """Whether ``acl-pubsub-default`` is ``allchannels`` unless set (Redis 6.2; 7.0+ and Valkey reset)."""
    return version.product == "redis" and not version.at_least(7, 0)


class _Selector:
    __slots__ = ("allchannels", "allkeys")

    def __init__(self, allchannels: bool) -> None:
        self.allkeys = False
        self.allchannels = allchannels


class _Refused(Exception):
    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Rules:
    """One version's ACL grammar."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.modern = version.product == "valkey" or version.at_least(7, 0)
        name = table_for(version.product, version.release)
        self.commands = commands(name)
        self.categories = acl_categories(name)
        self.exact = exact_table(version.product, version.release)
        """Unknown commands and categories are judged only with the version's own tables."""

    def lookup(self, name: str) -> bool:
        parts = name.lower().split("|")
        if not self.modern:
            return len(parts) == 1 and parts[0] in self.commands
        if len(parts) > 2:
            return False
        if len(parts) == 2 and not any(c.startswith(parts[0] + "|") for c in self.commands):
            return False  # a command without subcommands: no 'cmd|x' to look up
        return name.lower() in self.commands

    def unknown(self, what: str) -> None:
        if self.exact:
            raise _Refused(f"unknown {what}")

    def selector(self, s: _Selector, op: str) -> None:
        low = op.lower()
        if low in ("allkeys", "~*"):
            s.allkeys = True
        elif low == "resetkeys":
            s.allkeys = False
        elif low in ("allchannels", "&*"):
            s.allchannels = True
        elif low == "resetchannels":
            s.allchannels = False
        elif low in ("allcommands", "+@all", "nocommands", "-@all"):
            pass
        elif op[:1] == "~" or (op[:1] == "%" and self.modern):
            if s.allkeys:
                raise _Refused("a key pattern after '~*' or 'allkeys' (use 'resetkeys' first)")
            offset = 1
            if op[0] == "%":
                flags = ""
                while offset < len(op):
                    c = op[offset].upper()
                    if c in "RW" and c not in flags:
                        flags += c
                    elif op[offset] == "~" and flags:
                        offset += 1
                        break
                    else:
                        raise _Refused("a '%' key pattern must be %R~, %W~ or %RW~ followed by the pattern")
                    offset += 1
            if set(op[offset:]) & _C_SPACE:
                raise _Refused("a key pattern holds a blank")
        elif op[:1] == "&":
            if s.allchannels:
                raise _Refused(
                    "a channel pattern after '&*' or 'allchannels' (the default when acl-pubsub-default "
                    "is allchannels; use 'resetchannels' first)"
                )
            if set(op[1:]) & _C_SPACE:
                raise _Refused("a channel pattern holds a blank")
        elif op[:1] == "+" and op[1:2] != "@":
            self._allow(op[1:])
        elif op[:1] == "-" and op[1:2] != "@":
            if not self.lookup(op[1:]):
                self.unknown("command")
        elif op[:1] in "+-" and op[1:2] == "@":
            if op[2:].lower() not in self.categories:
                self.unknown("ACL category")
        else:
            raise _Refused("not an ACL rule (syntax error)")

    def _allow(self, body: str) -> None:
        if "|" not in body:
            if not self.lookup(body):
                self.unknown("command")
            return
        if not self.modern:
            cmd, _, sub = body.partition("|")
            if not self.lookup(cmd):
                self.unknown("command")
            elif not sub:
                raise _Refused("'+command|' needs a first argument after '|'")
            return
        cmd, _, sub = body.rpartition("|")
        if not self.lookup(cmd):
            self.unknown("command")
            return
        if "|" in cmd:
            raise _Refused("allowing a first argument of a subcommand is not supported")
        if not sub:
            raise _Refused("'+command|' needs a subcommand or first argument after '|'")
        if any(c.startswith(cmd.lower() + "|") for c in self.commands) and not self.lookup(body):
            self.unknown("subcommand")


def _merge_selectors(rules: Sequence[Value], restart: bool = False) -> list[tuple[str, Value]] | Value:
    """Rules with each ``(...)`` selector split over several arguments joined into one (7.0+), as
    ``ACLMergeSelectorArguments`` does; the opening argument when one is never closed. ``restart``:
    Redis 7.0 starts the selector again at every unclosed '(' (what came before is dropped)."""
    out: list[tuple[str, Value]] = []
    opened: tuple[list[str], Value] | None = None
    for r in rules:
        op = r.text or ""
        if (opened is None or restart) and op[:1] == "(" and op[-1:] != ")":
            opened = ([op], r)
            continue
        if opened is not None:
            opened[0].append(op)
            if op[-1:] == ")":
                out.append((" ".join(opened[0]), opened[1]))
                opened = None
            continue
        out.append((op, r))
    if opened is not None:
        return opened[1]
    return out


def _apply(g: _Rules, rules: list[tuple[str, Value]], allchannels: bool) -> tuple[Value, str] | None:
    """Apply the rules to a new user; the first refused rule and why, or None."""
    root = _Selector(allchannels)
    passwords: set[str] = set()
    for op, r in rules:
        try:
            if not op:
                continue  # an empty rule changes nothing
            low = op.lower()
            if low in ("on", "off", "skip-sanitize-payload", "sanitize-payload"):
                continue
            if low in ("nopass", "resetpass"):
                passwords.clear()
            elif op[0] in ">#":
                if op[0] == "#" and not _HASH_RE.fullmatch(op[1:]):
                    raise _Refused("a '#' password hash must be 64 lowercase hex digits")
                passwords.add(op[1:] if op[0] == "#" else _sha(op[1:]))
            elif op[0] in "<!":
                if op[0] == "!" and not _HASH_RE.fullmatch(op[1:]):
                    raise _Refused("a '!' password hash must be 64 lowercase hex digits")
                h = op[1:] if op[0] == "!" else _sha(op[1:])
                if h not in passwords:
                    raise _Refused("it removes a password the user does not have")
                passwords.discard(h)
            elif g.modern and op[0] == "(" and op[-1] == ")":
                sel = _Selector(allchannels)
                for word in split_words(op[1:-1]) or []:
                    g.selector(sel, word)
            elif g.modern and low == "clearselectors":
                continue
            elif low == "reset":
                passwords.clear()
                root = _Selector(allchannels)
            else:
                g.selector(root, op)
        except _Refused as exc:
            return r, exc.why
    return None


def _sha(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8", "surrogateescape")).hexdigest()


def check_acl_rules(d: Directive, version: Version, allchannels: bool | None = None) -> list[Problem]:
    """The rules of one ``user`` line applied to a new user (``allchannels``: the value of
    ``acl-pubsub-default`` then, by default the version's)."""
    user = d.args[0].text
    who = f"user {show(user)}" if user is not None else "the user"
    if any(a.text is None for a in d.args[1:]):
        return []  # a rule not known before deployment: the rest cannot be judged in order
    g = _Rules(version)
    restart = version.product == "redis" and version.release == (7, 0)
    rules = _merge_selectors(d.args[1:], restart) if g.modern else [(a.text or "", a) for a in d.args[1:]]
    if isinstance(rules, Value):
        return [bad(rules, f"'user' line of {who}: a selector '(' is never closed with ')'")]
    chans = pubsub_default(version) if allchannels is None else allchannels
    refused = _apply(g, rules, chans)
    if refused is not None:
        r, why = refused
        n = next(i for i, a in enumerate(d.args[1:], 1) if a is r)
        return [bad(r, f"'user' line of {who}: rule {n} is refused: {why}")]
    if user is not None and set(user) & _C_SPACE:
        return [bad(d.args[0], f"user name {show(user)} holds a blank: the server refuses it (spaces not allowed in ACL user names)")]
    return []


def check_user_lines(directives: Sequence[Directive], version: Version) -> list[Problem]:
    """Every ``user`` line, checked with ``acl-pubsub-default`` as set above it and as set at the end
    of the file: the server applies the rules while it reads the line, and again once the whole
    file is read."""
    default = pubsub_default(version)
    sets = [d for d in directives if d.name == "acl-pubsub-default" and len(d.args) == 1 and d.args[0].text]
    final = (sets[-1].args[0].text or "").lower() == "allchannels" if sets else default
    out: list[Problem] = []
    current = default
    for d in directives:
        if d.name == "acl-pubsub-default" and d in sets:
            current = (d.args[0].text or "").lower() == "allchannels"
        if d.name != "user" or len(d.args) < 1:
            continue
        for value in dict.fromkeys((current, final)):
            found = check_acl_rules(d, version, value)
            if found:
                out.extend(found)
                break
    return out


def check_aclfile(path: str, text: str, version: Version) -> list[Problem]:
    """An ACL file as ``ACLLoadFromFile`` reads it when the server starts: each line trimmed and cut
    at single spaces (no quoting, no comments: a '#' line is an error), ``user`` (lower case) and a
    name first, each user once, every rule valid. Any error and the server does not start."""
    from redislint.model.span import Span

    out: list[Problem] = []
    seen: dict[str, int] = {}
    g = _Rules(version)
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.strip(" \t\r\n")
        if not line:
            continue
        col = raw.find(line) + 1
        span = Span(file=path, start_line=n, start_col=col, end_line=n, end_col=col + len(line))
        words = line.split(" ")
        if words[0] != "user" or len(words) < 2:
            what = "a comment" if line.startswith("#") else "not a 'user <name> ...' line"
            out.append(Problem("invalid-argument", span, f"line {n} of the ACL file is {what}: the server refuses the file (an ACL file holds only user lines)", "keep only 'user' lines in the ACL file"))
            continue
        name = words[1]
        if set(name) & _C_SPACE:
            out.append(Problem("invalid-argument", span, f"line {n} of the ACL file: user name {show(name)} holds a blank"))
            continue
        if name in seen and g.modern:  # (Redis 6.2 takes the later line)
            out.append(Problem("invalid-argument", span, f"user {show(name)} is defined twice in the ACL file (lines {seen[name]} and {n}): the server refuses the file", "merge the two lines"))
            continue
        seen[name] = n
        rules = _merge_text_selectors(words[2:]) if g.modern else words[2:]
        if rules is None:
            out.append(Problem("invalid-argument", span, f"line {n} of the ACL file: a selector '(' is never closed with ')'"))
            continue
        fake = [(r.strip("\t\r\n"), None) for r in rules]
        refused = _apply_text(g, fake, pubsub_default(version))
        if refused is not None:
            out.append(Problem("invalid-argument", span, f"line {n} of the ACL file (user {show(name)}): a rule is refused: {refused}"))
    return out


def _merge_text_selectors(words: list[str]) -> list[str] | None:
    out: list[str] = []
    opened: list[str] | None = None
    for op in words:
        if opened is None and op[:1] == "(" and op[-1:] != ")":
            opened = [op]
            continue
        if opened is not None:
            opened.append(op)
            if op[-1:] == ")":
                out.append(" ".join(opened))
                opened = None
            continue
        out.append(op)
    return None if opened is not None else out


def _apply_text(g: _Rules, rules: list[tuple[str, None]], allchannels: bool) -> str | None:
    from redislint.model.span import Span

    dummy = Value(text="", span=Span.file_anchor("<acl>"), raw="")
    found = _apply(g, [(op, dummy) for op, _ in rules], allchannels)
    return None if found is None else found[1]
