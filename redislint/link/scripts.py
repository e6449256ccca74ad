"""Link stage: what the repository's shell scripts and Makefiles do with Redis.

From the simple commands of :mod:`redislint.parsers.script` (nothing is run): the ``redis-cli``
calls (direct, ``docker exec NAME redis-cli``, ``docker compose exec SERVICE redis-cli``, inside
``sh -c`` and ``$(...)``) with the passwords they pass and the command they send; how a backup waits
for its ``BGSAVE`` before copying the data directory; and each ``docker run`` of a Redis or Valkey
image as a service of platform ``docker-run`` (``-p`` publishes, ``-v`` mounts, ``-m`` limits memory,
``--cpus``, ``--restart``, ``--network host``, ``-e``, ``-u``, the command after the image), so that
the service rules apply to it."""

from __future__ import annotations

import os
import posixpath
import re

from redislint.link.clients import CLI_BINARIES, SHELLS
from redislint.model.compose import EnvVar, Mount, Port, Service, Stack
from redislint.model.scripts import BackupFacts, BackupWait, CliCall, ScriptFacts
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.model.workload import Workload
from redislint.parsers.compose_services import short_port, short_volume
from redislint.parsers.interpolate import UNKNOWN
from redislint.parsers.script import Script, ScriptCommand, ScriptWord, parse_script
from redislint.parsers.shell import command_string_index
from redislint.units import parse_docker_memory

SCRIPT_MAX = 500_000
"""Larger scripts are not read."""

_CLI_VALUE = {
    "-h", "-p", "-s", "-a", "--user", "--pass", "-u", "-n", "-r", "-i", "-d", "-D", "-t", "-e",
    "--cacert", "--cacertdir", "--cert", "--key", "--sni", "--tls-ciphers", "--tls-ciphersuites",
    "--askpass-value", "--resp", "--rdb", "--functions-rdb", "--pattern", "--count", "--memkeys-samples",
    "--cluster", "--eval", "--cluster-replicas", "--cluster-from", "--cluster-to", "--cluster-slots",
}
_CLI_PASSWORD = ("-a", "--pass", "--askpass-value")
_URL_PW = re.compile(r"^(?:rediss?|valkeys?)://[^:@/]*:([^@/]+)@")
_PREFIX = {"sudo", "exec", "env", "time", "nohup", "command", "eval", "while", "until", "if", "elif", "then", "do", "else", "!"}
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_SERVERS = {"redis-server", "valkey-server", "redis-sentinel", "valkey-sentinel", "keydb-server", "redis-stack-server"}

# docker run options that take a value (the others are flags: -d, -i, -t, --rm, --privileged...)
_RUN_VALUE = {
    "-a", "--attach", "-e", "--env", "--env-file", "-p", "--publish", "-v", "--volume", "--mount", "-m", "--memory",
    "--memory-swap", "--memory-reservation", "--kernel-memory", "--cpus", "--cpu-shares", "-c", "--cpuset-cpus",
    "--cpuset-mems", "--cpu-period", "--cpu-quota", "--restart", "--network", "--net", "--name", "-u", "--user", "-w",
    "--workdir", "--entrypoint", "-h", "--hostname", "--ulimit", "--sysctl", "--security-opt", "--cap-add", "--cap-drop",
    "--log-driver", "--log-opt", "--label", "-l", "--label-file", "--add-host", "--dns", "--dns-search", "--dns-option",
    "--health-cmd", "--health-interval", "--health-timeout", "--health-retries", "--health-start-period",
    "--volumes-from", "--link", "--ip", "--ip6", "--platform", "--pull", "--stop-signal", "--stop-timeout", "--tmpfs",
    "--device", "--shm-size", "--pid", "--ipc", "--uts", "--userns", "--cgroupns", "--runtime", "--gpus",
    "--network-alias", "--mac-address", "--cidfile", "--expose", "--group-add", "--oom-score-adj", "--pids-limit",
    "--blkio-weight", "--isolation", "--storage-opt", "--volume-driver", "--cgroup-parent", "--detach-keys",
}
_EXEC_VALUE = {"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys", "--index"}
_COMPOSE_GLOBAL_VALUE = {"-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile", "--ansi", "--parallel", "--progress"}
_DATA_WORD = re.compile(r"(?:^|[:=])/data(?:/|$)|(?:^|/)(?:dump\.rdb|appendonly\.aof|appendonlydir)$")
_COPIERS = {"tar", "cp", "rsync", "gzip", "zip", "scp", "rclone"}


def read_script(path: str, text: str) -> tuple[Script, ScriptFacts] | None:
    """The script's commands and what they do with Redis; None when it does not call Redis."""
    if not re.search(r"redis|valkey|keydb", text, re.IGNORECASE):
        return None
    name = os.path.basename(path).lower()
    makefile = name in ("makefile", "gnumakefile") or name.endswith(".mk")
    script = parse_script(path, text, makefile=makefile)
    facts = ScriptFacts(path=path, makefile=makefile)
    assigned = _assignments(script)
    for cmd in script.commands:
        call = _cli_call(cmd)
        if call is not None:
            if call.container is not None and "$" in call.container:
                call = call.model_copy(update={"container": _expand(call.container, assigned)})
            facts.calls.append(call)
    facts.backup = _backup(script, facts)
    return script, facts


# ---------------------------------------------------------------------------- commands


def _assignments(script: Script) -> dict[str, str]:
    """``NAME=value`` lines of the script whose value is a literal, each variable assigned once."""
    seen: dict[str, str | None] = {}
    for cmd in script.commands:
        if cmd.substitution or len(cmd.words) != 1:
            continue
        w = cmd.words[0]
        m = _ASSIGN.match(w.text)
        if m is None:
            continue
        name = w.text[: m.end() - 1]
        seen[name] = None if w.dynamic or name in seen else w.text[m.end():]
    return {k: v for k, v in seen.items() if v is not None}


def _expand(text: str, assigned: dict[str, str]) -> str:
    """``${NAME}`` / ``$NAME`` replaced by what the script assigns (left as written otherwise)."""
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: assigned.get(m.group(1) or m.group(2), m.group(0)), text)


def _strip(words: list[ScriptWord]) -> list[ScriptWord]:
    """The words of the command proper: without leading assignments and wrappers (sudo, exec...)."""
    i = 0
    while i < len(words) and (words[i].text in _PREFIX or (_ASSIGN.match(words[i].text) and i + 1 < len(words))):
        i += 1
    return words[i:]


def _skip_options(words: list[ScriptWord], start: int, with_value: set[str]) -> int:
    """The index of the first operand at or after ``start``."""
    i = start
    while i < len(words):
        t = words[i].text
        if t == "--":
            return i + 1
        if not t.startswith("-") or t == "-":
            return i
        if "=" in t or t not in with_value:
            i += 1
            continue
        i += 2
    return i


def inner_command(words: list[ScriptWord]) -> tuple[str, list[ScriptWord], str | None]:
    """What a command runs: ``("run", words after docker run, None)``, ``("exec", the command run
    in the container, container)``, ``("plain", words, None)``."""
    ws = _strip(words)
    if not ws:
        return "plain", ws, None
    first = posixpath.basename(ws[0].text)
    if first == "docker" and len(ws) > 1:
        sub = ws[1].text
        if sub == "container" and len(ws) > 2:
            ws, sub = ws[1:], ws[2].text
        if sub in ("run", "create"):
            return "run", ws[2:], None
        if sub == "exec":
            at = _skip_options(ws, 2, _EXEC_VALUE)
            if at < len(ws):
                return "exec", ws[at + 1 :], ws[at].text
            return "plain", [], None
        if sub == "compose":
            return _compose(ws, 2)
        return "plain", ws, None
    if first == "docker-compose":
        return _compose(ws, 1)
    return "plain", ws, None


def _compose(ws: list[ScriptWord], start: int) -> tuple[str, list[ScriptWord], str | None]:
    at = _skip_options(ws, start, _COMPOSE_GLOBAL_VALUE)
    if at < len(ws) and ws[at].text in ("exec", "run"):
        j = _skip_options(ws, at + 1, _EXEC_VALUE | {"--name", "-p", "--publish", "-v", "--volume", "--entrypoint", "-l", "--label"})
        if j < len(ws):
            return "exec", ws[j + 1 :], ws[j].text
    return "plain", [], None


def _value(w: ScriptWord) -> Value:
    variables = tuple(sorted(set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", w.text))))
    if w.dynamic:
        origin = Origin.SHELL if "$(" in w.text or "`" in w.text else Origin.REQUIRED
        return Value(text=None, span=w.span, raw=w.text, origin=origin, variables=variables)
    return Value(text=w.text, span=w.span, raw=w.text)


def _cli_call(cmd: ScriptCommand) -> CliCall | None:
    how, ws, container = inner_command(cmd.words)
    if how == "run":
        return None  # a client in a throw-away container: its options are read with the run
    ws = _strip(ws)
    if ws and posixpath.basename(ws[0].text) in SHELLS:
        at = command_string_index([w.text for w in ws], 0)
        if at is None:
            return None
        body = ws[at]
        sub = parse_script(body.span.file, body.text)
        for inner in sub.commands:
            found = _cli_words([ScriptWord(text=w.text, span=body.span, dynamic=w.dynamic) for w in _strip(inner.words)], cmd, container)
            if found is not None:
                return found
        return None
    return _cli_words(ws, cmd, container)


def _cli_words(ws: list[ScriptWord], cmd: ScriptCommand, container: str | None) -> CliCall | None:
    if not ws or posixpath.basename(ws[0].text) not in CLI_BINARIES:
        return None
    passwords: list[tuple[str, Value]] = []
    command: list[str] = []
    i = 1
    while i < len(ws):
        t = ws[i].text
        if t in _CLI_VALUE and i + 1 < len(ws):
            if t in _CLI_PASSWORD or (t == "-u" and _URL_PW.match(ws[i + 1].text)):
                passwords.append((t, _value(ws[i + 1])))
            i += 2
            continue
        if not t.startswith("-") and not command:
            command = [w.text.upper() if not w.dynamic else "" for w in ws[i : i + 2]]
        i += 1
    return CliCall(
        span=ws[0].span,
        binary=posixpath.basename(ws[0].text),
        passwords=tuple(passwords),
        command=tuple(command),
        container=container,
        substitution=cmd.substitution,
        group=cmd.group,
    )


# ---------------------------------------------------------------------------- backups


def _backup(script: Script, facts: ScriptFacts) -> BackupFacts | None:
    """A BGSAVE followed by a copy of the data directory, and how the script waits in between."""
    call_at = {c.span: c for c in facts.calls}
    calls: list[tuple[int, CliCall]] = []
    for i, cmd in enumerate(script.commands):
        for w in cmd.words:
            c = call_at.get(w.span)
            if c is not None:
                calls.append((i, c))
                break
    bgsave = next(((i, c) for i, c in calls if c.command[:1] == ("BGSAVE",)), None)
    if bgsave is None:
        return None
    start = bgsave[0]
    copy = next((i for i in range(start + 1, len(script.commands)) if _copies_data(script.commands[i])), None)
    if copy is None:
        return None
    between = [(i, c) for i, c in calls if start < i < copy]
    wait: BackupWait = "none"
    wait_span: Span | None = None
    before = [c for i, c in calls if i < start and c.command[:1] == ("LASTSAVE",)]
    checks = any(
        c.command[:1] == ("INFO",) or any("bgsave_in_progress" in w.text or "rdb_last_bgsave" in w.text for w in script.commands[i].words)
        for i, c in between
    ) or any(
        "bgsave_in_progress" in w.text for cmd in script.commands[start + 1 : copy] for w in cmd.words
    )
    lastsaves = [c for _, c in between if c.command[:1] == ("LASTSAVE",)]
    groups = {c.group for c in lastsaves}
    if before or checks:
        wait = "ok"
    elif lastsaves and any(sum(1 for c in lastsaves if c.group == g) >= 2 for g in groups):
        wait = "same-moment"
        wait_span = next(c.span for c in lastsaves if sum(1 for o in lastsaves if o.group == c.group) >= 2)
    elif lastsaves:
        wait = "ok"  # compared with something else the script keeps: cannot tell it is wrong
    elif any(_first(script.commands[i]) == "sleep" for i in range(start + 1, copy)):
        wait = "sleep"
        wait_span = next(script.commands[i].words[0].span for i in range(start + 1, copy) if _first(script.commands[i]) == "sleep")
    return BackupFacts(bgsave=bgsave[1].span, copy=script.commands[copy].words[0].span, wait=wait, wait_span=wait_span)


def _first(cmd: ScriptCommand) -> str:
    ws = _strip(cmd.words)
    return posixpath.basename(ws[0].text) if ws else ""


def _copies_data(cmd: ScriptCommand) -> bool:
    """The command copies the server's data directory or files (``tar -C /data``, ``cp
    /data/dump.rdb``, ``docker cp NAME:/data/dump.rdb``, a ``docker run --volumes-from`` archiver)."""
    how, ws, _ = inner_command(cmd.words)
    if how == "run":
        at = _skip_options(ws, 0, _RUN_VALUE)
        opts, rest = ws[:at], ws[at + 1 :]
        mounts_data = any(w.text == "--volumes-from" for w in opts) or any(_DATA_WORD.search(w.text.split(":", 2)[1] if w.text.count(":") >= 1 else "") for w in opts)
        rest = _strip(rest)
        if rest and posixpath.basename(rest[0].text) in SHELLS:
            return mounts_data and any(_DATA_WORD.search(t) or "/data" in t for t in (w.text for w in rest))
        return mounts_data and bool(rest) and posixpath.basename(rest[0].text) in _COPIERS and any(_DATA_WORD.search(w.text) for w in rest[1:])
    ws = _strip(ws)
    if not ws:
        return False
    first = posixpath.basename(ws[0].text)
    if first == "docker" and len(ws) > 2 and ws[1].text == "cp":
        return any(_DATA_WORD.search(w.text) for w in ws[2:])
    return first in _COPIERS and any(_DATA_WORD.search(w.text) for w in ws[1:])


# ---------------------------------------------------------------------------- docker run


def _known(w: ScriptWord, folder: str) -> str:
    """A word's text with ``$(pwd)``/``$PWD`` as the script's folder (scripts are run from there)
    and any other expansion unknown."""
    t = re.sub(r"\$\(\s*pwd\s*\)|\$\{PWD\}|\$PWD\b|`pwd`", lambda _m: folder, w.text)
    return re.sub(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*", UNKNOWN, t)


def docker_run_service(cmd: ScriptCommand, folder: str, assigned: dict[str, str] | None = None) -> Service | None:
    """The service a ``docker run`` command line starts, when it runs an image; None otherwise. A
    run in the foreground or with ``--rm`` is a throw-away container (a check, a one-off task): the
    rules about how a long-running server is run (restart policy, limits, hardening) skip it."""
    how, ws, _ = inner_command(cmd.words)
    if how != "run":
        return None
    at = _skip_options(ws, 0, _RUN_VALUE)
    if at >= len(ws):
        return None
    image_word, rest = ws[at], ws[at + 1 :]
    opts = ws[:at]
    head = cmd.words[0].span
    svc = Service(
        name=f"docker run:{cmd.line}",
        span=Span.join(head, image_word.span),
        file=head.file,
        project_dir=folder,
        image=_value(image_word),
        platform="docker-run",
    )
    wl = Workload()
    detached = removed = False
    i = 0
    while i < len(opts):
        w = opts[i]
        if re.fullmatch(r"-[a-zA-Z]*d[a-zA-Z]*|--detach(=true)?", w.text) and not w.text.startswith("--detach-"):
            detached = True
        removed = removed or w.text == "--rm"
        name, eq, glued = w.text.partition("=")
        if not name.startswith("--") and len(name) > 2 and name[:2] in ("-p", "-v", "-e", "-m", "-u") and not eq:
            name, glued, eq = name[:2], name[2:], "="  # -p6379:6379
        if name in _RUN_VALUE and not eq:
            if i + 1 >= len(opts):
                break
            arg = opts[i + 1]
            i += 2
        elif name in _RUN_VALUE:
            arg = ScriptWord(text=glued, span=w.span, dynamic=w.dynamic)
            i += 1
        else:
            if name == "--privileged":
                wl.privileged, wl.privileged_span = True, w.span
            i += 1
            continue
        if name == "--name" and arg.dynamic and assigned:
            arg = ScriptWord(text=_expand(arg.text, assigned), span=arg.span, dynamic="$" in _expand(arg.text, assigned))
        _option(svc, wl, name, arg, folder)
    wl.run_settings_known = detached and not removed
    svc.workload = wl
    if rest:
        svc.command = tuple(_value(w) for w in rest)
        svc.command_span = Span.join(rest[0].span, rest[-1].span) if rest[0].span.start_line == rest[-1].span.start_line else rest[0].span
    return svc


def _option(svc: Service, wl: Workload, name: str, arg: ScriptWord, folder: str) -> None:
    text = _known(arg, folder)
    if name == "--name" and not arg.dynamic:
        svc.name = arg.text
        svc.container_name = _value(arg)
    elif name in ("-p", "--publish"):
        port = short_port(text, arg.span)
        if UNKNOWN in port.container_port or UNKNOWN in (port.host_ip or ""):
            port = Port(span=arg.span, known=False)
        svc.ports.append(port)
    elif name in ("-v", "--volume"):
        if UNKNOWN in text.split(":", 1)[-1]:
            return
        m = short_volume(text, arg.span, folder)
        if m.source is not None and UNKNOWN in m.source:
            m = Mount(span=arg.span, type="bind" if "/" in m.source else "volume", source=None, target=m.target, read_only=m.read_only)
        svc.volumes.append(m)
    elif name in ("-e", "--env"):
        key, eq, val = arg.text.partition("=")
        if not key or "$" in key:
            return
        value = Value(text=None if arg.dynamic else val, span=arg.span, raw=val, origin=Origin.REQUIRED if arg.dynamic else Origin.LITERAL) if eq else None
        svc.environment[key] = EnvVar(name=key, value=value, span=arg.span)
    elif name in ("-m", "--memory"):
        wl.memory_limit_written = True
        limit = parse_docker_memory(text) if UNKNOWN not in text else None
        if limit is not None:
            svc.memory_limit, svc.memory_limit_span = limit, arg.span
    elif name in ("--cpus", "--cpu-quota", "--cpuset-cpus", "-c", "--cpu-shares"):
        wl.cpu_limit_written = wl.cpu_limit_written or name in ("--cpus", "--cpu-quota", "--cpuset-cpus")
    elif name == "--restart":
        wl.restart_written = True
        svc.restart = _value(arg)
    elif name in ("--network", "--net"):
        if text in ("host", "none") or text.startswith(("container:", "service:")):
            svc.network_mode = _value(arg)
            if text == "host":
                svc.discarded_ports, svc.ports = svc.ports, []
        else:
            svc.networks.setdefault(text, [])
    elif name in ("-u", "--user"):
        svc.user = _value(arg)
    elif name == "--security-opt" and text.startswith("no-new-privileges") and not text.endswith("false"):
        wl.no_new_privileges = True
    elif name == "--cap-drop":
        wl.cap_drop_written = True


def script_stack(script: Script, root: str) -> Stack | None:
    """The ``docker run`` commands of a script as one stack of platform ``docker-run``."""
    folder = os.path.dirname(script.path)
    rel = os.path.relpath(script.path, root) if root else os.path.basename(script.path)
    stack = Stack(name=rel.replace(os.sep, "/"), dir=folder, files=[script.path], platform="docker-run")
    assigned = _assignments(script)
    for cmd in script.commands:
        if cmd.substitution:
            continue
        svc = docker_run_service(cmd, folder, assigned)
        if svc is None:
            continue
        if svc.container_name is None:
            name, n = svc.name, 2
            while name in stack.services:
                name, n = f"{svc.name}#{n}", n + 1
            svc.name = name
        else:
            stack.services.pop(svc.name, None)  # a later `docker run --name X` replaces container X
        svc.stack = stack
        stack.services[svc.name] = svc
    return stack if stack.services else None


def server_command(svc: Service) -> list[Value] | None:
    """The argv of the server a ``docker run`` service starts, when its command names one (a
    redis.conf path or options alone start the image's default server); None when it runs
    something else (``redis-cli``, a shell, a backup tool) or no command."""
    vals = list(svc.command or ())
    if not vals:
        return None
    first = vals[0].text
    if first is None:
        return None
    if first.startswith("-") or first.endswith(".conf"):
        return [Value(text="redis-server", span=vals[0].span, raw=""), *vals]
    return vals if posixpath.basename(first) in _SERVERS else None
