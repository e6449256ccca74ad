"""Where the secrets are: every value in a secret position, with the place it is written.

Collected once, while linking, from what the parsers produced (never by searching rendered text):

- redis.conf / sentinel.conf (and ACL files): the arguments of ``requirepass``, ``masterauth``,
  ``primaryauth``, ``tls-key-file-pass``, ``tls-client-key-file-pass``, ``sentinel auth-pass``,
  ``sentinel sentinel-pass``, the ``>pw`` / ``<pw`` / ``#hash`` / ``!hash`` clauses of ``user`` lines;
  also the forms Redis would refuse but a person meant as a password: a password directive with the
  wrong number of arguments (all its arguments), a misspelt one (a name within two edits of a
  password directive: all its arguments), ``requirepass=PW``;
- command lines (compose ``command:``, ``entrypoint:``, healthcheck tests, ``sh -c`` bodies,
  Dockerfile ``CMD``/``ENTRYPOINT``): the word after ``--requirepass`` and the other password options
  (or their misspellings), ``--requirepass=PW``, ``redis-cli -a PW`` / ``--pass PW``, the exporter's
  ``--redis.password PW``, ``NAME=PW`` assignments of secret-looking names, the password of a URL with
  user information (``redis://:PW@host``).

Whole files (``.env``, ``env_file``, Dockerfile ``ENV``/``ARG``, compose secret files, config lines
Redis refuses) are read by :mod:`redislint.secrets.files`. The result, a :class:`Secrets`, is a set of
values (matched in redislint's own text) and, per file, spans (masked in code frames by
:mod:`redislint.secrets.mask`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from redislint.model.base import Struct
from redislint.model.conf import Directive
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.parsers.compose_values import Piece, var_ref_end
from redislint.parsers.interpolate import DEF, LIT, UNKNOWN
from redislint.parsers.shell import split_words
from redislint.secrets.mask import SpanTuple
from redislint.secrets.names import (
    CLI_PASSWORD_FLAGS,
    SENTINEL_PASSWORDS,
    is_password_option,
    is_secret_name,
    near_name,
)

_VAR_REF = re.compile(r"\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)")
_VAR_NAME = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_FLAG_VALUES = frozenset({"yes", "no", "true", "false", "on", "off", "0", "1", ""})


def only_references(raw: str) -> bool:
    """``${VAR}``, ``$VAR``, ``${VAR:?message}`` (possibly several): shows no secret."""
    return bool(raw) and _VAR_REF.sub("", raw) == ""


_RUNTIME = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`")


def runtime_only(word: str) -> bool:
    """A word only known when the container runs (``$(cat /run/secrets/pw)``, `` `cat f` ``,
    ``$PW``): it holds no secret itself."""
    return only_references(word) or bool(_RUNTIME.fullmatch(word))


class Secrets(Struct):
    """What was collected: values, spans per file, and the variables used in secret positions."""

    values: set[str]
    spans: dict[str, set[SpanTuple]]
    variables: set[str]

    def __init__(self) -> None:
        d = self.__dict__
        d["values"] = set()
        d["spans"] = {}
        d["variables"] = set()

    def add_text(self, text: str | None) -> None:
        if text and text.strip().lower() not in _FLAG_VALUES:
            self.values.add(text)

    def add_span(self, span: Span) -> None:
        self.spans.setdefault(span.file, set()).add((span.start_line, span.start_col, span.end_line, span.end_col))

    def add_lines(self, path: str, first: int, last: int) -> None:
        """Lines ``first`` to ``last`` of ``path``, whole."""
        if last >= first:
            self.spans.setdefault(path, set()).add((first, 1, last, 1_000_000_000))

    def add_value(self, v: Value) -> None:
        """A whole value: its text, its source form, its span (unless it only names variables)."""
        self.add_text(v.text)
        raw = v.raw
        self.variables.update(_VAR_NAME.findall(raw))
        bare = raw.replace("$$", "$").strip("\"'")
        if v.text is None and runtime_only(bare):
            return  # $(cat /run/secrets/pw): read when the container runs, nothing secret here
        if raw and not only_references(raw):
            self.add_text(raw)
            if v.quoted and len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
                self.add_text(raw[1:-1])
            self.add_span(v.span)

    def add_value_part(self, v: Value, start: int, text: str) -> None:
        """The characters of ``v.text`` from ``start`` on (``text``): precisely when the value is written
        as is on one line, else the whole value."""
        self.add_text(text)
        sp = v.span
        if v.raw == v.text and sp.start_line == sp.end_line and sp.end_col - sp.start_col == len(v.raw):
            self.add_span(Span.point(sp.file, sp.start_line, sp.start_col + start, len(text)))
            self.add_text(v.raw[start:])
        else:
            self.add_span(sp)
            self.add_text(v.raw)

    def add_piece(self, piece: Piece, start: int, end: int) -> None:
        """Characters ``start:end`` of an interpolated compose scalar."""
        if end <= start:
            return
        text = piece.text[start:end]
        self.add_text(text)
        raw_positions = piece.raw[start:end]
        node = piece.node
        raw = node.text[min(raw_positions) : max(raw_positions) + 1] if raw_positions else ""
        if text.endswith(UNKNOWN) and raw_positions:
            # a variable with no value at lint time stands as one character for its whole ${...}
            raw = node.text[min(raw_positions) : var_ref_end(node.text, max(raw_positions))]
        self.variables.update(_VAR_NAME.findall(raw))
        if raw and only_references(raw):
            return  # only names variables: nothing secret is written here
        if raw:
            self.add_text(raw)
        self.add_span(_piece_span(piece, start, end))


def _piece_span(piece: Piece, start: int, end: int) -> Span:
    """Where characters ``start:end`` of the piece are written: precisely when that can be checked
    (a scalar written as is, or a block scalar where the characters stand as they are in the source),
    else the whole scalar, so that no character escapes."""
    node = piece.node
    src = node.source
    if src is None or node.kind != "scalar":
        return node.span
    sp = node.span
    a = src.offset(sp.start_line - 1, sp.start_col - 1)
    b = src.offset(sp.end_line - 1, sp.end_col - 1)
    region = src.text[a:b]
    value = node.text
    sub = piece.sub(list(range(start, end))).span
    if region == value or (len(region) == len(value) + 2 and region[1:-1] == value and region[0] in "'\""):
        return sub
    # folded / literal blocks, quoted scalars with escapes: keep the precise span only when the
    # source there holds exactly the value's characters (line folding aside)
    x = src.offset(sub.start_line - 1, sub.start_col - 1)
    y = src.offset(sub.end_line - 1, sub.end_col - 1)
    if x < y and _squash(src.text[x:y].replace("$$", "$")) == _squash(piece.text[start:end]) and all(
        k in (LIT, DEF) for k in piece.kinds[start:end]
    ):
        return sub
    return node.span


def _squash(text: str) -> str:
    return "".join(text.split())


# --- config directives ---------------------------------------------------------------------------


def directive_secrets(d: Directive) -> list[Value]:
    """The arguments of a config directive (or command-line option) that hold a secret."""
    name = d.name
    args = list(d.args)
    if name == "sentinel":
        sub = (d.text(0) or "").lower()
        if sub == "auth-pass":
            return args[2:] if len(args) == 3 else args[1:]
        if sub == "sentinel-pass" or near_name(sub, SENTINEL_PASSWORDS):
            return args[1:]
        return []
    if name in ("user", "acl", "setuser") or name.endswith(" setuser"):
        return [a for a in args[1:] if a.text and a.text[:1] in "><#!" and len(a.text) > 1]
    if is_password_option(name):
        return args
    return []


_GLUED = re.compile(r"[\s=:\x00-\x1f\x7f]+")
"""What can glue a password to its option in one token: ``=``, ``:``, or a separator Redis does not
split at (vertical tab, form feed, NBSP, U+2028, \\x1c...)."""


def glued_option(token: str) -> int | None:
    """``requirepass=PW``, ``--masterauth\\vPW``: where the password starts, when it is one."""
    m = _GLUED.search(token)
    if m is None or m.start() == 0 or m.end() >= len(token):
        return None
    head = token[: m.start()]
    if is_password_option(head) or head.lower() in CLI_PASSWORD_FLAGS or (is_secret_name(head.lstrip("-")) and m.group() == "="):
        return m.end()
    return None


def collect_directives(secrets: Secrets, directives: Iterable[Directive]) -> None:
    previous: Directive | None = None
    for d in directives:
        if (
            previous is not None
            and not previous.args
            and previous.file == d.file
            and previous.line + 1 == d.line
            and previous.origin == d.origin == "file"
            and is_password_option(previous.name)
        ):
            # `requirepass` alone, the password on the line below: the whole line is the password
            secrets.add_text(d.name)
            secrets.add_span(d.span)
            for v in d.args:
                secrets.add_value(v)
        previous = d
        acl = d.name in ("user", "acl", "setuser")
        for v in directive_secrets(d):
            if acl and v.text and not v.quoted:
                secrets.add_value_part(v, 1, v.text[1:])  # >password: the password after the sign
            else:
                secrets.add_value(v)
                if acl and v.text:
                    secrets.add_text(v.text[1:])
        at = glued_option(d.name)
        if at is not None:
            secrets.add_text(d.name[at:])
            secrets.add_span(d.name_span)
            for v in d.args:
                secrets.add_value(v)


# --- command lines ---------------------------------------------------------------------------


def url_passwords(text: str) -> Iterator[tuple[int, int]]:
    """The passwords of ``scheme://user:password@host`` URLs (or the user of ``redis://secret@host``),
    as ranges of ``text``; found by plain string search (linear)."""
    at_scheme = text.find("://")
    while at_scheme >= 0:
        start = at_scheme + 3
        end = start
        n = len(text)
        while end < n and text[end] not in "/?#@ \t\"'":
            end += 1
        if end < n and text[end] == "@" and end > start:
            colon = text.find(":", start, end)
            if colon >= 0:
                if end > colon + 1:
                    yield colon + 1, end
            elif text[max(0, at_scheme - 16) : at_scheme].lower().endswith(("redis", "rediss", "valkey", "valkeys", "+sentinel")):
                yield start, end
        at_scheme = text.find("://", start)


class _Word:
    """A word of a command line, and how to record characters ``start:end`` of it as secret."""

    __slots__ = ("add", "text")

    def __init__(self, text: str, add: Callable[[int, int], None]) -> None:
        self.text = text
        self.add = add


def scan_words(secrets: Secrets, words: Sequence[_Word], depth: int = 0) -> None:
    """Record the secrets of an argv (or a shell command's words)."""
    take_next = 0
    acl = False
    auth_pass: list[_Word] | None = None
    """The words after ``auth-pass``: ``<master> <password>``, or only ``<password>``: the last is masked."""

    def flush(collected: list[_Word]) -> None:
        if collected and not runtime_only(collected[-1].text):
            collected[-1].add(0, len(collected[-1].text))

    for w in words:
        t = w.text
        if auth_pass is not None:
            if len(auth_pass) < 2 and not t.startswith("-") and t not in ("&&", "||", ";", "|", "&"):
                auth_pass.append(w)
                if len(auth_pass) < 2:
                    continue
            flush(auth_pass)
            done = len(auth_pass) == 2 and auth_pass[-1] is w
            auth_pass = None
            if done:
                continue
        if take_next:
            take_next -= 1
            if not runtime_only(t):
                w.add(0, len(t))
            continue
        lower = t.lower()
        if lower in ("user", "setuser", "--user"):
            acl = True  # ACL rules follow: >password, <password, #hash, !hash
        if acl and t[:1] in "<>#!":
            if len(t) > 1:
                w.add(1, len(t))
            elif t in "<>":
                take_next = 1  # a shell split `>pw` into a redirection and its target
            continue
        if lower in CLI_PASSWORD_FLAGS or is_password_option(t):
            take_next = 1
        elif lower in ("auth-pass",):
            auth_pass = []
            continue
        else:
            at = glued_option(t)
            if at is not None:
                w.add(at, len(t))
        for pw in url_passwords(t):
            w.add(*pw)
        if depth < 3 and any(c in t for c in " \t\n;&|") and len(t) < 1_000_000:
            # a shell body (sh -c "...", CMD-SHELL) or several options in one word: its own words
            scan_words(secrets, _sub_words(w, t), depth + 1)
    if auth_pass is not None:
        flush(auth_pass)


def _sub_words(w: _Word, text: str) -> list[_Word]:
    out: list[_Word] = []
    for sw in split_words(text, shell=True):
        if not sw.pos:
            continue
        pos = sw.pos

        def add(start: int, end: int, pos: list[int] = pos, parent: _Word = w) -> None:
            if end > start:
                parent.add(min(pos[start:end]), max(pos[start:end]) + 1)

        out.append(_Word(sw.text, add))
    return out


def piece_words(secrets: Secrets, pieces: Iterable[Piece]) -> list[_Word]:
    out: list[_Word] = []
    for p in pieces:

        def add(start: int, end: int, p: Piece = p) -> None:
            secrets.add_piece(p, start, end)

        out.append(_Word(p.text, add))
    return out


def line_words(secrets: Secrets, path: str, line: int, text: str, offset: int = 0) -> list[_Word]:
    """The words of a line of a file (``text`` starts at 0-based column ``offset``)."""
    out: list[_Word] = []
    for sw in split_words(text, shell=True):
        if not sw.pos:
            continue

        def add(start: int, end: int, pos: list[int] = sw.pos, sw_text: str = sw.text) -> None:
            if end > start:
                a, b = min(pos[start:end]), max(pos[start:end]) + 1
                secrets.add_text(sw_text[start:end])
                secrets.add_text(text[a:b])
                secrets.add_span(Span.point(path, line, offset + a + 1, b - a))

        out.append(_Word(sw.text, add))
    return out
