"""Link stage: the clients of Redis each service runs: ``redis-cli`` / ``valkey-cli`` invocations in a
compose healthcheck (whom they probe, with which credentials and TLS flags, and whether the answer is
checked) and the addresses a redis_exporter scrapes.

Fact [8, EXP 7.0.15]: ``redis-cli ping`` exits 0 on ``NOAUTH``/``WRONGPASS``; it exits non-zero only
when it cannot connect. A probe is only meaningful when its output is compared with ``PONG``.
"""

from __future__ import annotations

import posixpath
import re

from redislint.fs import FileStore
from redislint.model.clients import ExporterTarget, Probe
from redislint.model.compose import Healthcheck, Service
from redislint.model.hosts import is_loopback
from redislint.model.project import Project, RedisNode
from redislint.model.roles import MONITORING_IMAGES
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.parsers.shell import command_string_index, simple_commands, split_words

CLI_BINARIES = {"redis-cli", "valkey-cli", "keydb-cli"}
AUTH_ENV = ("REDISCLI_AUTH", "VALKEYCLI_AUTH")
SHELLS = {"sh", "bash", "ash", "dash", "zsh"}
# redis-cli options that take a value (so that the value is not read as the command).
_WITH_VALUE = {
    "-h", "-p", "-s", "-a", "--user", "--pass", "-u", "-n", "-r", "-i", "-d", "-D", "-t", "-e",
    "--cacert", "--cacertdir", "--cert", "--key", "--sni", "--tls-ciphers", "--tls-ciphersuites",
    "--askpass-value", "--resp", "-3",
}


def _service_env_auth(svc: Service) -> tuple[bool, str | None, str | None]:
    for name in AUTH_ENV:
        var = svc.environment.get(name)
        if var is not None:
            text = var.value.text if var.value is not None else None
            if text == "":
                continue
            return True, name, text
    return False, None, None


def _words_of(hc: Healthcheck) -> tuple[list[list[tuple[str | None, Value | None]]], str]:
    """The simple commands of the test (each word: text or None when dynamic) and the whole text."""
    if hc.form == "CMD":
        argv: list[tuple[str | None, Value | None]] = [(v.text, v) for v in hc.test]
        texts = [t or "" for t, _ in argv]
        at = command_string_index([t for t, _ in argv], 0) if argv and posixpath.basename(texts[0]) in SHELLS else None
        if at is not None:
            body = argv[at][1]
            return _shell(body), (body.text or "") if body is not None else ""
        return [argv], " ".join(texts)
    if hc.form == "CMD-SHELL" and hc.test:
        v = hc.test[0]
        return _shell(v), v.text or ""
    return [], ""


def _shell(v: Value | None) -> list[list[tuple[str | None, Value | None]]]:
    if v is None or v.text is None:
        return []
    words = split_words(v.text, shell=True)
    out: list[list[tuple[str | None, Value | None]]] = []
    for cmd in simple_commands(words):
        row: list[tuple[str | None, Value | None]] = []
        for w in cmd:
            row.append((None if w.dynamic else w.text, v))
            if w.dynamic:
                # keep the expansion text for inspection of $(cat ...) / ${VAR}
                row[-1] = ("\0" + w.text, v)
        out.append(row)
        # A redis-cli inside $(...) (e.g. [ "$(redis-cli ping)" = PONG ]): parse the inner command too.
        for w in cmd:
            for exp in w.expansions:
                if exp.startswith("$(") and any(b in exp for b in CLI_BINARIES):
                    inner = Value(text=exp[2:-1], span=v.span, raw="", origin=v.origin)
                    out.extend(_shell(inner))
    return out


def probes(svc: Service) -> list[Probe]:
    hc = svc.healthcheck
    if hc is None or hc.disabled:
        return []
    commands, whole = _words_of(hc)
    checks = "PONG" in whole.upper() and "PONG" in whole
    env_auth, env_name, env_text = _service_env_auth(svc)
    shell_env_auth = bool(re.search(r"(?:^|[\s;&|])(?:export\s+)?(?:REDISCLI_AUTH|VALKEYCLI_AUTH)=\S", whole))
    out: list[Probe] = []
    for cmd in commands:
        texts = [t for t, _ in cmd]
        i = 0
        inline_auth = False
        while i < len(texts) and texts[i] is not None and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", texts[i] or ""):
            if (texts[i] or "").split("=", 1)[0] in AUTH_ENV and (texts[i] or "").split("=", 1)[1] != "":
                inline_auth = True
            i += 1
        if i < len(texts) and texts[i] in ("exec", "env", "timeout"):
            i += 1
            if i < len(texts) and texts[i - 1] == "timeout":
                i += 1
        if i >= len(texts) or texts[i] is None:
            continue
        binary = posixpath.basename(texts[i] or "")
        if binary not in CLI_BINARIES:
            continue
        p = Probe(span=hc.span, binary=binary, checks_answer=checks)
        args = texts[i + 1 :]
        vals = [v for _, v in cmd[i + 1 :]]
        j = 0
        while j < len(args):
            a = args[j]
            nxt = args[j + 1] if j + 1 < len(args) else None
            val = vals[j + 1] if j + 1 < len(vals) else None
            if a in ("-a", "--pass", "--askpass-value"):
                if nxt is None or nxt.startswith("\0") or nxt != "":
                    p.has_auth = True
                    p.password = val
                    p.password_text = None if nxt is None or nxt.startswith("\0") else nxt
                j += 2
                continue
            if a == "--askpass":
                p.has_auth = True
            elif a == "--user":
                p.user = nxt if nxt is not None and not nxt.startswith("\0") else "?"
                j += 2
                continue
            elif a == "-h":
                p.host = nxt
                j += 2
                continue
            elif a == "-p":
                p.port_text = nxt
                if nxt is not None and nxt.isdigit():
                    p.port = int(nxt)
                j += 2
                continue
            elif a == "-u":
                uri = nxt or ""
                m = re.match(r"^(\w+)://(?:([^:@/]*)(?::([^@/]*))?@)?([^:/]*)(?::(\d+))?", uri)
                if m:
                    if m.group(1).lower() in ("rediss", "valkeys"):
                        p.tls = True
                    if m.group(3):
                        p.has_auth = True
                        p.password_text = m.group(3)
                    if m.group(4):
                        p.host = m.group(4)
                    if m.group(5):
                        p.port = int(m.group(5))
                elif nxt is None or nxt.startswith("\0"):
                    p.has_auth = True  # cannot tell
                j += 2
                continue
            elif a == "--tls":
                p.tls = True
            elif a in ("--cert",):
                p.cert = True
                j += 2
                continue
            elif a in _WITH_VALUE:
                j += 2
                continue
            elif a is not None and not a.startswith("-"):
                p.command = [x or "" for x in args[j:]]
                break
            j += 1
        if not p.has_auth and (inline_auth or shell_env_auth):
            p.has_auth = True
        if not p.has_auth and env_auth:
            p.has_auth = True
            p.password = env_name
            p.password_text = env_text
        out.append(p)
    return out


_ADDR = re.compile(r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?:[^@/]*@)?(?P<host>\[[^\]]*\]|[^:/?#]*)(?::(?P<port>[^/?#]*))?")


def parse_redis_addr(text: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of ``redis://user:pw@host:port/0``, ``host:port`` or ``host``; None for unix."""
    t = text.strip()
    if not t or t.startswith(("unix://", "/")):
        return None
    m = _ADDR.match(t)
    if not m:
        return None
    scheme = (m.group("scheme") or "redis").lower()
    if scheme == "unix":
        return None
    host = m.group("host").strip("[]")
    port_text = m.group("port")
    port: int | None
    if port_text:
        try:
            port = int(port_text)
        except ValueError:
            return None
    else:
        port = 6379
    return scheme, host, port


def exporter_targets(svc: Service) -> list[ExporterTarget]:
    """The Redis addresses a redis_exporter service scrapes (REDIS_ADDR or -redis.addr)."""
    out: list[ExporterTarget] = []
    var = svc.environment.get("REDIS_ADDR")
    texts: list[tuple[str, Span, str]] = []
    if var is not None and var.value is not None and var.value.text:
        texts.append((var.value.text, var.value.span, "REDIS_ADDR"))
    vals = [*(svc.entrypoint or ()), *(svc.command or ())]
    for i, v in enumerate(vals):
        t = v.text or ""
        for flag in ("--redis.addr", "-redis.addr"):
            if t == flag and i + 1 < len(vals) and vals[i + 1].text:
                texts = [x for x in texts if x[2] != "REDIS_ADDR"]
                texts.append((vals[i + 1].text or "", vals[i + 1].span, flag))
            elif t.startswith(flag + "="):
                texts = [x for x in texts if x[2] != "REDIS_ADDR"]
                texts.append((t.split("=", 1)[1], v.span, flag))
    for text, span, source in texts:
        for part in text.split(","):
            if "$" in part:
                continue
            parsed = parse_redis_addr(part)
            if parsed is None:
                continue
            _scheme, host, port = parsed
            out.append(ExporterTarget(host=host, port=port, span=span, source=source))
    return out


def link_clients(svc: Service) -> None:
    """Give ``svc`` its healthcheck probes and exporter targets."""
    svc.probes = probes(svc)
    svc.exporter_targets = exporter_targets(svc)


_EXPORTER_ADDR = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?:(?P<user>[^:@/]*)(?::(?P<pw>[^@/]*))?@)?(?P<host>[^:/,]+)(?::(?P<port>\d+))?")


def _scraped(svc: Service, project: Project) -> tuple[RedisNode | None, bool]:
    """The Redis the exporter scrapes, and whether its address carries a password."""
    addr = svc.env("REDIS_ADDR")
    if addr is None:
        for v in svc.command or ():
            t = v.text or ""
            if t.startswith("--redis.addr="):
                addr = t.split("=", 1)[1]
    if not addr:
        return None, False
    m = _EXPORTER_ADDR.match(addr.strip())
    if m is None:
        return None, False
    stack = project.stack_of(svc)
    host = m.group("host")
    nm = svc.network_mode.text if svc.network_mode is not None else None
    if is_loopback(host) and nm is not None and nm.startswith("service:"):
        host = nm.split(":", 1)[1]  # the exporter shares that service's network namespace
    node = project.hosts(stack).resolve(host) if stack is not None else None
    return node, bool(m.group("pw"))


def link_exporters(project: Project) -> None:
    """Each exporter's scraped node, through the stack's hostname resolver (after the groups); and
    the monitoring tools of a stack that runs an exporter (role ``monitoring``)."""
    for svc in project.services:
        if svc.role == "exporter":
            svc.scrapes, svc.scrape_url_password = _scraped(svc, project)
    for stack in project.stacks:
        if not any(s.role == "exporter" for s in stack.services.values()):
            continue
        for svc in stack.services.values():
            repo = svc.image.text if svc.image is not None and svc.image.text else ""
            name = repo.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0].lower()
            if svc.role == "other" and name in MONITORING_IMAGES:
                svc.role = "monitoring"


def _password_given(svc: Service) -> bool | None:
    """True when the exporter has a password, None when a REDIS_PASSWORD_FILE cannot be read."""
    var = svc.environment.get("REDIS_PASSWORD")
    if var is not None and (var.value is None or var.value.text != ""):
        return True
    for v in svc.command or ():
        if (v.text or "").startswith(("--redis.password=", "--redis.password-file=")) or v.text == "--redis.password":
            return True
    return None if svc.environment.get("REDIS_PASSWORD_FILE") is not None else False


def link_exporter_passwords(project: Project, store: FileStore) -> None:
    """How each exporter authenticates, and the text of its REDIS_PASSWORD_FILE when that file is all
    it has to authenticate to a server that needs a password (after the nodes' authentication)."""
    for svc in project.services:
        if svc.role != "exporter":
            continue
        svc.exporter_password = given = _password_given(svc)
        node = svc.scrapes
        if node is None or svc.scrape_url_password or node.auth is None or node.auth.state != "set":
            continue
        pwfile = svc.environment.get("REDIS_PASSWORD_FILE")
        if given is None and pwfile is not None and pwfile.value is not None and pwfile.value.text:
            host = project.host_path(svc, pwfile.value.text)
            svc.exporter_password_file = store.read(host) if host is not None else None
