"""How a container starts Redis: find the ``redis-server`` / ``redis-sentinel`` invocation in a
compose ``command:``/``entrypoint:`` (also inside ``sh -c``), and turn its arguments into directives
exactly as Redis's ``main()`` does (config file first, then ``--name value`` options appended)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import Literal

from redislint.model.base import Struct
from redislint.model.conf import Directive
from redislint.model.container import container_path
from redislint.model.image import ImageInfo
from redislint.model.project import Invocation
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers.compose_values import Piece
from redislint.parsers.shell import command_string_index, simple_commands, split_words

SERVER_BINARIES = {"redis-server", "valkey-server", "keydb-server", "redis-stack-server"}
SENTINEL_BINARIES = {"redis-sentinel", "valkey-sentinel"}
SHELLS = {"sh", "bash", "ash", "dash", "zsh", "busybox"}
_ENTRYPOINT_SCRIPTS = {"docker-entrypoint.sh", "/usr/local/bin/docker-entrypoint.sh", "tini", "/sbin/tini", "dumb-init", "gosu"}
_SIMPLE_VAR = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")


class Found(Struct):
    status: str
    """``found``, ``none`` (the container runs something else) or ``unknown`` (cannot tell)."""
    invocation: Invocation | None = None


def _word_text(v: Value) -> str:
    """The text of a word, or as written when its value is only known at run time."""
    return v.text if v.text is not None else v.raw


def _base(text: str | None) -> str:
    return posixpath.basename(text or "")


def _shell_values(body: Piece, env: Mapping[str, str | None]) -> list[list[tuple[Value, Piece]]]:
    words = split_words(body.text, shell=True)
    commands: list[list[tuple[Value, Piece]]] = []
    for cmd in simple_commands(words):
        vals: list[tuple[Value, Piece]] = []
        for w in cmd:
            sub = body.sub(w.pos, expansions=w.expansions, quoted=w.quoted) if w.pos else body.sub([], quoted=w.quoted)
            if not w.pos:
                # An empty quoted word ("" or ''): keep it, anchored at the word's first character.
                sub = body.sub([min(w.start, len(body.text) - 1)]) if body.text else sub
                sub = Piece("", sub.raw, sub.kinds, sub.node, quoted=True)
            if w.dynamic:
                # $VAR of the container's environment is known when the service sets it; anything
                # else ($(cat ...), `...`, unknown variables) is only known at run time.
                m = _SIMPLE_VAR.match(w.text)
                known = env.get(m.group(1) or m.group(2)) if m else None
                if known is not None:
                    vals.append((sub.to_value(text=known, origin=Origin.VARIABLE), sub))
                else:
                    vals.append((sub.to_value(origin=Origin.SHELL, secret_path=w.secret_path(), unknown=True), sub))
            else:
                vals.append((sub.to_value(), sub))
        commands.append(vals)
    return commands


def find_invocation(
    entrypoint: list[Piece] | None,
    command: list[Piece] | None,
    image: ImageInfo | None,
    env: Mapping[str, str | None],
    service_span: Span,
    command_span: Span | None,
) -> Found:
    official = image is not None and image.flavour in ("official", "stack") and image.product in ("redis", "valkey")
    default_bin = "valkey-server" if image is not None and image.product == "valkey" else "redis-server"
    implicit = False
    if entrypoint is not None:
        argv = [(p.to_value(), p) for p in entrypoint] + [(p.to_value(), p) for p in (command or [])]
    elif command is not None:
        argv = [(p.to_value(), p) for p in command]
        if official and argv and argv[0][0].text is not None:
            first = argv[0][0].text
            if first.startswith("-") or first.endswith(".conf"):
                argv = [(Value(text=default_bin, span=argv[0][0].span, raw=""), argv[0][1]), *argv]
    else:
        if official:
            span = service_span
            return Found(
                "found",
                Invocation(binary=default_bin, span=span, implicit=True, sentinel=image is not None and image.variant == "sentinel"),
            )
        return Found("unknown")
    if not argv:
        return Found("none")
    span = command_span or service_span
    return _scan(argv, env, span, implicit, depth=0)


def _scan(argv: list[tuple[Value, Piece]], env: Mapping[str, str | None], span: Span, implicit: bool, depth: int) -> Found:
    i = 0
    while i < len(argv) and (argv[i][0].text or "") in _ENTRYPOINT_SCRIPTS | {"exec", "env", "export", "--"}:
        i += 1
    # environment assignments before the command (sh bodies)
    while i < len(argv) and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", _word_text(argv[i][0])):
        i += 1
    if i >= len(argv):
        return Found("none")
    first = argv[i][0].text
    b = _base(first)
    if b in SERVER_BINARIES or b in SENTINEL_BINARIES:
        return Found("found", build_invocation([v for v, _ in argv[i:]], b, span, implicit))
    if b in SHELLS and depth < 3:
        body_at = command_string_index([p.text for _, p in argv], i)
        if body_at is not None:
            body_piece = argv[body_at][1]
            found_unknown = False
            commands = _shell_values(body_piece, env)
            for k, cmd in enumerate(commands):
                uses_exec = bool(cmd) and cmd[0][0].text == "exec"
                res = _scan(cmd, env, span, implicit, depth + 1)
                if res.status == "found" and res.invocation is not None:
                    update: dict[str, object] = {"in_shell": True, "uses_exec": uses_exec}
                    cpath = res.invocation.conf_path
                    if cpath is not None and not res.invocation.generated:
                        files, fallbacks = _assigned_files(commands[:k])
                        written = written_by_echo(commands[:k], cpath, files, sentinel=res.invocation.sentinel)
                        if written is not None:
                            update["generated"], update["generated_complete"] = written
                            update["fallbacks"] = tuple(sorted(fallbacks.items()))
                    inv = res.invocation.model_copy(update=update)
                    return Found("found", inv)
                if res.status == "unknown":
                    found_unknown = True
            return Found("unknown" if found_unknown else "none")
        return Found("unknown")
    if first is None:
        return Found("unknown")
    if b.endswith(".sh") or b in ("python", "python3", "node", "/bin/true"):
        return Found("unknown")
    return Found("none")


def build_invocation(argv: list[Value], binary: str, span: Span, implicit: bool) -> Invocation:
    """Turn ``redis-server [conf] --name value ...`` (argv[0] is the binary) into an invocation whose
    options are directives, exactly as Redis's ``main()`` appends them after the config file."""
    args = argv[1:]
    sentinel = binary in SENTINEL_BINARIES
    conf: Value | None = None
    j = 0
    if args and (args[0].text is None or not args[0].text.startswith("-")):
        conf = args[0]
        j = 1
    options: list[Directive] = []
    handled_last = True
    cur_name: Value | None = None
    cur_opt = ""
    cur_vals: list[Value] = []

    def flush() -> None:
        nonlocal cur_name, cur_vals, cur_opt
        if cur_name is not None:
            last = cur_vals[-1].span if cur_vals else cur_name.span
            if cur_opt.lower() == "sentinel" and not cur_vals:
                pass
            else:
                options.append(
                    Directive(
                        name=cur_opt.lower(),
                        args=tuple(cur_vals),
                        span=Span.join(cur_name.span, last),
                        name_span=cur_name.span,
                        origin="command",
                    )
                )
        cur_name, cur_vals, cur_opt = None, [], ""

    k = j
    while k < len(args):
        a = args[k]
        t = a.text
        if handled_last and t is not None and t.startswith("--"):
            flush()
            body = t[2:]
            parts = body.split()
            cur_name = a
            cur_opt = parts[0] if parts else ""
            if cur_opt.lower() == "sentinel":
                sentinel = True
            if len(parts) > 1:
                cur_vals = [Value(text=p, span=a.span, raw=a.raw, origin=a.origin, variables=a.variables) for p in parts[1:]]
                handled_last = True
            else:
                handled_last = False
                is_last = k == len(args) - 1
                nxt = args[k + 1].text if not is_last else None
                if cur_opt.lower() == "save" and (is_last or (nxt is not None and nxt.startswith("--"))):
                    cur_vals = [Value(text="", span=a.span, raw="", origin=Origin.LITERAL, quoted=True)]
                    handled_last = True
        else:
            if cur_name is None:
                cur_name = a
                cur_opt = t or ""
            else:
                cur_vals.append(a)
            handled_last = True
        k += 1
    flush()
    conf_path = None
    if conf is not None and conf.text is not None:
        conf_path = container_path(conf.text)
    return Invocation(
        binary=binary,
        sentinel=sentinel,
        conf=conf,
        conf_path=conf_path,
        options=tuple(options),
        span=span,
        implicit=implicit,
        argv=tuple(argv),
    )


_ECHO = frozenset({"echo", "/bin/echo", "/usr/bin/echo"})
_REDIRECT = re.compile(r"^(?:1)?(>>?)(.*)$")


def _join(pieces: list[Piece]) -> Piece:
    """Echo's arguments as the one line it prints: the words joined by one space (each space placed
    at the end of the word before it)."""
    if len(pieces) == 1:
        return pieces[0]
    text: list[str] = []
    raw: list[int] = []
    kinds: list[int] = []
    exps: list[str] = []
    for i, p in enumerate(pieces):
        if i:
            text.append(" ")
            raw.append(raw[-1] if raw else 0)
            kinds.append(kinds[-1] if kinds else 0)
        text.append(p.text)
        raw.extend(p.raw)
        kinds.extend(p.kinds)
        exps.extend(p.expansions)
    return Piece("".join(text), raw, kinds, pieces[0].node, expansions=exps)


_READ_FILE = re.compile(r"^\$\(\s*(?:cat\s+|<\s*)([^\s)|;&]+)(?:\s+2>\s*/dev/null)?\s*(?:\|\|[^)]*)?\)$")
"""``$(cat FILE)``, ``$(< FILE)``, also ``$(cat FILE 2>/dev/null || echo fallback)``: the file read."""


_FALLBACK = re.compile(r"""\|\|\s*echo\s+(?:'([^']*)'|"([^"$`\\]*)"|([^\s'"$`\\)]+))\s*\)$""")
"""``... || echo 'literal')``: the literal a command substitution falls back to."""


def _assigned_files(commands: list[list[tuple[Value, Piece]]]) -> tuple[dict[str, str], dict[str, Value]]:
    """Shell variables a body sets from a file before it starts the server (``PW=$(cat
    /run/secrets/pw)``, also with ``export``): variable -> the container path read; and the literal
    each falls back to when the file cannot be read (``$(cat F 2>/dev/null || echo 'pw')``), with its
    span."""
    files: dict[str, str] = {}
    fallbacks: dict[str, Value] = {}
    for cmd in commands:
        words = [p for _, p in cmd]
        if words and words[0].text == "export":
            words = words[1:]
        for w in words:
            name, eq, rest = w.text.partition("=")
            if not eq or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                break
            fallbacks.pop(name, None)
            m = _READ_FILE.match(rest)
            if m is None:
                files.pop(name, None)
                continue
            files[name] = m.group(1)
            fb = _FALLBACK.search(rest)
            if fb is not None:
                k = 1 if fb.group(1) is not None else 2 if fb.group(2) is not None else 3
                lit = fb.group(k)
                start = len(name) + 1 + fb.start(k)
                if lit and start + len(lit) <= len(w.text):
                    fallbacks[name] = w.sub(list(range(start, start + len(lit)))).to_value()
    return files, fallbacks


def written_by_echo(
    commands: list[list[tuple[Value, Piece]]], cpath: str, assigned: Mapping[str, str] | None = None, *, sentinel: bool = False
) -> tuple[tuple[Directive, ...], bool] | None:
    """The config a shell body writes at ``cpath`` with ``echo LINE > FILE`` / ``echo LINE >> FILE``
    before it starts the server, parsed as that file with every span on the echoed text in the
    compose file; and whether that is the whole file. None when nothing echoes into it.

    Not the whole file: the first write appends (``>>``) to a file that was there before, an ``echo``
    takes options or backslashes (``-e``, ``\\n``: dash and bash print them differently), or another
    command of the body names the file (``sed -i``, ``cat >>``, ``tee``)."""
    lines: list[Piece] = []
    written = False
    complete = True
    for cmd in commands:
        words = [p for _, p in cmd]
        texts = [p.text for p in words]
        target: str | None = None
        mode = ""
        content: list[Piece] = []
        j = 0
        while j < len(words):
            m = _REDIRECT.match(texts[j]) if not words[j].quoted else None
            if m is not None and (m.group(2) or j + 1 < len(words)):
                mode = m.group(1)
                target = m.group(2) or texts[j + 1]
                j += 1 if m.group(2) else 2
                continue
            content.append(words[j])
            j += 1
        if target is None or container_path(target) != cpath:
            if any(cpath == container_path(t) or (t.endswith(posixpath.basename(cpath)) and cpath.endswith(t)) for t in texts[1:] if t):
                complete = False  # another command reads or changes the file
            continue
        if not content or content[0].text not in _ECHO:
            complete = False  # printf, cat, tee...: not read
            written = True
            continue
        args = content[1:]
        if args and args[0].text.startswith("-") and not args[0].quoted:
            complete = False
            args = args[1:]
        if any("\\" in a.text for a in args):
            complete = False
        if mode == ">":
            lines = []
        elif not written:
            complete = False  # appended to what the file held before
        written = True
        lines.append(_join(args) if args else Piece("", [], [], content[0].node))
    if not written:
        return None
    return tuple(_directives(lines, cpath, assigned or {}, sentinel)), complete


def _directives(lines: list[Piece], cpath: str, assigned: Mapping[str, str], sentinel: bool) -> list[Directive]:
    """Parse echoed lines as the config file the server loads, mapping every span back onto the
    compose file; a token holding a shell expansion is unknown (known only at run time)."""
    from redislint.parsers.redis_conf import parse_conf

    out: list[Directive] = []
    kind: Literal["sentinel"] | None = "sentinel" if sentinel else None
    for piece in lines:
        if not piece.text.strip():
            continue
        conf = parse_conf(cpath, piece.text.split("\n", 1)[0], kind)
        ranges: list[tuple[int, int]] = []
        at = 0
        for e in piece.expansions:
            k = piece.text.find(e, at)
            if k >= 0:
                ranges.append((k, k + len(e)))
                at = k + len(e)

        def sub(sp: Span, piece: Piece = piece) -> tuple[Piece, int, int]:
            a = max(0, min(sp.start_col - 1, len(piece.text) - 1))
            b = max(a + 1, min(sp.end_col - 1, len(piece.text)))
            return piece.sub(list(range(a, b))), a, b

        for d in conf.directives:
            name_piece, _, _ = sub(d.name_span)
            args = []
            for v in d.args:
                p, a, b = sub(v.span)
                dynamic = any(s < b and a < e for s, e in ranges)
                if dynamic:
                    m = _SIMPLE_VAR.match(v.text or "")
                    path = assigned.get(m.group(1) or m.group(2)) if m else None
                    args.append(p.to_value(origin=Origin.SHELL, unknown=True, secret_path=path))
                else:
                    args.append(v.model_copy(update={"span": p.span}))
            whole, _, _ = sub(d.span)
            out.append(Directive(name=d.name, args=tuple(args), span=whole.span, name_span=name_piece.span, origin="file"))
    return out
