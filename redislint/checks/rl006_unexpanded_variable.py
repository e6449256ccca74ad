"""RL006 (unexpanded-variable): A ${VAR} reaches Redis unexpanded (in redis.conf, sentinel.conf or an
exec-form command).

Examples, fixes and the reasoning: ``rules/RL006.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.conf import Directive
from redislint.model.project import InputFile
from redislint.model.values import Origin

# ${NAME...} anywhere; $NAME only where a variable reference starts (the start of the value, or after
# a path or assignment separator): a '$' in the middle of a generated password is part of it.
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|(?:^|(?<=[/:=]))\$([A-Za-z_][A-Za-z0-9_]*)")
# A password is reported only when it is a variable reference and nothing else: any other text around
# a '$' is at least as likely a literal password, and naming the "variable" would print part of it.
WHOLE_VAR = re.compile(r"^(?:\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*))$")
SECRET_DIRECTIVES = {"requirepass", "masterauth", "primaryauth", "masteruser", "primaryuser", "tls-key-file-pass", "tls-client-key-file-pass", "user"}


@rule(
    id="RL006",
    name="unexpanded-variable",
    severity=Severity.CRITICAL,
    tags=("correctness", "security"),
    scope=Scope.FILE,
    summary="A ${VAR} reaches Redis unexpanded (in redis.conf, sentinel.conf or an exec-form command)",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    if file.conf is not None:
        for d in file.conf.directives:
            yield from _directive(d, ctx, in_command=False)
    elif file.kind == "compose":
        # `$$VAR` in a command that no shell runs: compose passes the literal `$VAR` and redis-server
        # takes it as the value, exactly like a ${VAR} in redis.conf.
        for node in ctx.project.index.command_servers_by_file.get(file.path, ()):
            inv = node.invocation
            if inv is None or inv.in_shell:
                continue
            for d in inv.options:
                if d.span.file == file.path:
                    yield from _directive(d, ctx, in_command=True)


def _directive(d: Directive, ctx: Context, *, in_command: bool) -> Iterator[Finding]:
    for a in d.args:
        if a.text is None or "$" not in a.text or (in_command and a.origin != Origin.LITERAL):
            continue
        what = d.name
        if d.name == "sentinel" and d.args:
            what = f"sentinel {d.args[0].text or ''}".strip()
        secret = d.name in SECRET_DIRECTIVES or what in ("sentinel auth-pass", "sentinel sentinel-pass")
        if secret:
            # ACL rules of a 'user' line carry the password after '>' (or '<' to remove it)
            m = WHOLE_VAR.match(a.text[1:] if d.name == "user" and a.text[:1] in "<>" else a.text)
        else:
            m = VAR.search(a.text)
        if not m:
            continue
        var = m.group(1) or m.group(2)
        tail = "the password is that literal text" if secret else "the value is that literal text"
        if in_command:
            yield ctx.finding(
                a.span,
                f"'--{what}' passes variable {var} unexpanded: no shell runs the command, so redis-server "
                f"never expands it and {tail}",
                fix="Write ${VAR} (one $) to let compose substitute it, or run the command under sh -c",
                evidence=f"command:{d.name}:{var}",
            )
            continue
        yield ctx.finding(
            a.span,
            f"'{what}' refers to variable {var}, which Redis never expands: {tail}",
            fix="Write the value itself, or generate the file at deploy time (an include from a Docker secret)",
            evidence=f"{d.name}:{var}",
        )
