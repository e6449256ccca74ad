"""The entry points of the server's grammar, as its config loader applies it (Redis 7.0's
``config.c``, ``sentinel.c`` and ``acl.c`` where they decide whether the server starts; every behaviour
the oracle test exercises was checked against a real redis-server 7.0.15): what the loader says about
one line (or command-line option), and whether a whole config text would start a server. Where the
behaviour is not known for sure, the value is accepted: no false alarms."""

from __future__ import annotations

from collections.abc import Callable

from redislint.model.conf import Directive
from redislint.redis import directives as _dirs
from redislint.redis.arguments import check_enum, check_flags, check_int, check_memory, check_octal
from redislint.redis.directive_types import MULTI_ARG, type_of
from redislint.redis.file_checks import validate_file_level
from redislint.redis.problems import DIRECTIVE_LIKE, ConfKind, Problem, argc_problem, bad, show, val
from redislint.redis.sentinel import validate_sentinel
from redislint.redis.special import check_special
from redislint.redis.versions import Version

__all__ = ["Problem", "validate_directive", "validate_file_level"]


def validate_directive(d: Directive, version: Version, kind: ConfKind = "redis") -> list[Problem]:
    """What the server's loader would say about this one line (or command-line option)."""
    name = d.name
    if name == "sentinel":
        return validate_sentinel(d, version, kind)
    if "." in name:
        # Module configuration (7.0+): queued for a module loaded with loadmodule.
        if version.product == "redis" and not version.at_least(7, 0):
            return [
                Problem(
                    "version-gated",
                    d.name_span,
                    f"'{show(name)[1:-1]}' looks like a module configuration, which needs Redis 7.0+; {version.label} refuses it",
                )
            ]
        if not d.args:
            return [bad(d, f"module configuration '{show(name)[1:-1]}' has no value")]
        return []
    st = _dirs.status(name, version)
    problems: list[Problem] = []
    if st == "unknown" and name.startswith("\ufeff"):
        return [
            Problem(
                "unknown",
                d.name_span,
                "the file starts with a UTF-8 byte-order mark, which the server reads as part of the first "
                f"directive's name ({show(name[1:])}) and refuses",
                "save the file as UTF-8 without a byte-order mark",
            )
        ]
    if st == "unknown":
        near = _dirs.closest(name)
        # The name only when it looks like one: a line that is a password, or a file's content read
        # as a config, is not repeated (and is masked anyway).
        msg = f"unknown directive {show(name)}" if DIRECTIVE_LIKE.fullmatch(name) else "unknown directive (this line is not a directive name followed by arguments)"
        if near:
            msg += f", did you mean '{near}'?"
        return [Problem("unknown", d.name_span, msg, f"rename it to '{near}'" if near else "remove the line")]
    if st == "unknown-here":
        known = ", ".join(_dirs.versions_knowing(name)) or "other versions"
        alt = _dirs.equivalent_here(name, version)
        fix = f"use '{alt}' instead" if alt else "remove the line, or target a version that knows it"
        return [
            Problem(
                "version-gated",
                d.name_span,
                f"'{name}' is not supported by {version.label} (known to {known})",
                fix,
            )
        ]
    if st == "ignored":
        if len(d.args) != 1:
            return [argc_problem(d, "exactly 1 argument")]
        return [
            Problem(
                "ignored",
                d.name_span,
                f"'{name}' is accepted but ignored by {version.label}",
                "remove the line",
            )
        ]
    canon = name
    if st == "alias":
        canon = _dirs.canonical(name, version)
        problems.append(
            Problem(
                "deprecated",
                d.name_span,
                f"'{name}' is a deprecated alias of '{canon}'",
                f"rename it to '{canon}'",
                canon,
            )
        )
    problems.extend(_check_args(d, canon, version))
    return problems


def _check_args(d: Directive, canon: str, version: Version) -> list[Problem]:
    t = type_of(canon, version)
    if t.kind == "special":
        return check_special(d, canon, version)
    if t.kind == "flags":
        return check_flags(d, t, version)
    if canon in MULTI_ARG:
        return []
    if len(d.args) != 1:
        return [argc_problem(d, "exactly 1 argument")]
    a = d.args[0]
    if a.text is None:
        return []
    name = d.name
    if a.text == "" and canon in _NOT_EMPTY_ON_VALKEY and version.product == "valkey" and version.at_least(8, 0):
        return [bad(a, f"'{name}' cannot be empty on {version.label}")]
    if t.kind == "bool":
        if not a.text.isascii() or a.text.lower() not in ("yes", "no"):
            return [bad(a, f"'{name}' must be yes or no, got {val(name, a.text)}")]
    elif t.kind == "enum":
        return check_enum(name, t, a, version)
    elif t.kind == "int":
        return check_int(name, t, a)
    elif t.kind in ("memory", "memory-percent"):
        return check_memory(name, t, a, version)
    elif t.kind == "octal":
        return check_octal(name, t, a, version)
    elif t.kind == "filename" and a.text == "" and canon != "dbfilename" and (version.product == "valkey" or version.at_least(7, 0)):
        # (Redis 6.2 checks only that the name is not a path)
        return [bad(a, f"'{name}' cannot be empty")]
    elif t.kind == "filename" and canon == "dbfilename" and a.text in (".", ".."):
        return [bad(a, f"'{name}' names a directory, not a file")]
    elif t.kind in _VALIDATORS:
        why = _VALIDATORS[t.kind](a.text, version)
        if why:
            return [bad(a, f"'{name}' {why}, got {val(name, a.text)}")]
    elif t.kind == "filename" and ("/" in a.text or "\\" in a.text):
        what = "a directory name" if canon == "appenddirname" else "a file name"
        return [
            bad(
                a, f"'{name}' must be {what}, not a path", "put the directory in 'dir' and only the name here"
            )
        ]
    return []


_NOT_EMPTY_ON_VALKEY = frozenset({"dir", "cluster-config-file"})
"""Valkey 8.0 refuses these empty (``dir can't be empty``, ``isValidClusterConfigFile``)."""


def _ipv4(text: str, version: Version) -> str | None:
    import ipaddress

    if not text:
        return None
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return "must be an IPv4 address"
    return None


def _ipv6(text: str, version: Version) -> str | None:
    import ipaddress

    if not text:
        return None
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return "must be an IPv6 address"
    return None if "%" not in text else "must be an IPv6 address"


def _hostname(text: str, version: Version) -> str | None:
    if len(text.encode("utf-8", "surrogateescape")) >= 256:
        return "must be shorter than 256 characters"
    if any(not (c.isascii() and (c.isalnum() or c in "-.")) for c in text):
        return "may hold only letters, digits, hyphens and dots"
    return None


def _nodename(text: str, version: Version) -> str | None:
    """``isValidAuxString``: Valkey allows ':', Redis does not."""
    forbidden = "!#$%&()*+;<>?@[]^{|}~" if version.product == "valkey" else "!#$%&()*+:;<>?@[]^{|}~"
    if any(c in forbidden for c in text):
        return f"may not hold any of {forbidden}"
    return None


_TITLE_VARS = frozenset({"title", "listen-addr", "server-mode", "config-file", "port", "tls-port", "unixsocket"})


def _proc_title(text: str, version: Version) -> str | None:
    """``validateProcTitleTemplate``: the template expanded with an empty title, the port and no
    unix socket must be well formed, name only known variables, and not come out empty."""
    out: list[str] = []
    i = 0
    while i < len(text):
        j = text.find("{", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if j + 1 >= len(text):
            return "is not a valid template (a '{' at the end)"
        if text[j + 1] == "{":
            out.append("{")
            i = j + 2
            continue
        k = text.find("}", j + 1)
        if k < 0:
            return "is not a valid template (a '{' is never closed)"
        var = text[j + 1 : k]
        if var not in _TITLE_VARS:
            return f"names an unknown variable {{{show(var)[1:-1]}}}"
        out.append("x" if var in ("listen-addr", "config-file", "port", "tls-port") else "")
        i = k + 1
    if not "".join(out).strip(" "):
        return "comes out empty (with no title the template must still print something)"
    return None


_VALIDATORS: dict[str, Callable[[str, Version], str | None]] = {"ipv4": _ipv4, "ipv6": _ipv6, "hostname": _hostname, "nodename": _nodename, "proc-title": _proc_title}
