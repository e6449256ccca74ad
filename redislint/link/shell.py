"""Link stage: what a service's shell words say that rules need: the redis-cli passwords of its
healthcheck, and whether ``bash -c`` ends by becoming the server itself."""

from __future__ import annotations

from redislint.model.compose import Service
from redislint.model.image import parse_image
from redislint.model.values import Origin, Value
from redislint.parsers.shell import command_string_index, split_words

CLI_PASSWORD_FLAGS = ("-a", "--pass", "--askpass-value")
_SERVERS = ("redis-server", "redis-sentinel", "valkey-server", "valkey-sentinel", "keydb-server", "redis-stack-server")


def _shell_words(v: Value) -> list[tuple[str, Value]]:
    out: list[tuple[str, Value]] = []
    if v.text is None:
        return out
    for w in split_words(v.text, shell=True):
        if w.operator:
            continue
        out.append((w.text, Value(text=None if w.dynamic else w.text, span=v.span, raw=w.text, origin=Origin.SHELL if w.dynamic else v.origin, variables=v.variables)))
    return out


def _healthcheck_passwords(svc: Service) -> list[tuple[str, Value]]:
    """(flag, value) pairs of redis-cli passwords in the service's healthcheck."""
    hc = svc.healthcheck
    if hc is None or hc.disabled:
        return []
    if hc.form == "CMD":
        pairs = [(v.text or "", v) for v in hc.test]
    else:
        pairs = [p for v in hc.test for p in _shell_words(v)]
    out: list[tuple[str, Value]] = []
    for i, (t, _v) in enumerate(pairs[:-1]):
        if t in CLI_PASSWORD_FLAGS:
            out.append((t, pairs[i + 1][1]))
    return out


def _old_bash(svc: Service) -> bool:
    """The official image's tag names a release older than 5.0, whose images were built on Debian
    stretch or older (bash 4.4 or older, which does not exec the last command of a list)."""
    if svc.image is None or not svc.image.text:
        return False
    info = parse_image(svc.image.text)
    return info.flavour == "official" and info.product == "redis" and info.version is not None and info.version[0] < 5


def _bash_tail_exec(svc: Service) -> bool:
    """bash (5.1 and newer) replaces itself with the last command of a ``-c`` string: checked with
    bash 5.2 (``bash -c 'true && sleep 7'`` leaves ``sleep`` as the process). dash (Debian's /bin/sh)
    does not, nor does the bash of the images of Redis before 5.0. So ``bash -c '... ; redis-server
    ...'`` is fine when redis-server is the last command and not sent to the background."""
    if _old_bash(svc):
        return False
    argv = [v.text or "" for vals in (svc.entrypoint or (), svc.command or ()) for v in vals]
    for i, t in enumerate(argv[:-1]):
        at = command_string_index(list(argv), i) if t.rsplit("/", 1)[-1] == "bash" else None
        if at is not None:
            body = argv[at]
            words = split_words(body, shell=True)
            while words and words[-1].operator and words[-1].text in (";", "\n", "\n\n"):
                words.pop()
            if not words or words[-1].operator:
                return False
            # the last simple command
            start = max((k for k, w in enumerate(words) if w.operator), default=-1) + 1
            last = words[start:]
            if start > 0 and words[start - 1].text in ("|", "&"):
                return False
            names = [w.text.rsplit("/", 1)[-1] for w in last if not w.operator]
            return bool(names) and names[0] in _SERVERS
    return False


def link_shell(svc: Service) -> None:
    """Give ``svc`` its healthcheck passwords and whether bash execs into the server."""
    svc.healthcheck_passwords = _healthcheck_passwords(svc)
    svc.bash_tail_exec = _bash_tail_exec(svc)
