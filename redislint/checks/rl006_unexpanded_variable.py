from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile

VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)")
SECRET_DIRECTIVES = {"requirepass", "masterauth", "primaryauth", "masteruser", "primaryuser", "tls-key-file-pass", "tls-client-key-file-pass", "user"}


@rule(
    id="RL006",
    name="unexpanded-variable",
    severity=Severity.CRITICAL,
    tags=("correctness", "security"),
    scope=Scope.FILE,
    summary="A ${VAR} in redis.conf or sentinel.conf is taken literally: Redis never expands variables",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    if file.conf is None:
        return
    for d in file.conf.directives:
        for a in d.args:
            if a.text is None or "$" not in a.text:
                continue
            m = VAR.search(a.text)
            if not m:
                continue
            var = m.group(1) or m.group(2)
            what = d.name
            if d.name == "sentinel" and d.args:
                what = f"sentinel {d.args[0].text or ''}".strip()
            secret = d.name in SECRET_DIRECTIVES or what in ("sentinel auth-pass", "sentinel sentinel-pass")
            tail = "the password is that literal text" if secret else "the value is that literal text"
            yield ctx.finding(
                a.span,
                f"'{what}' refers to variable {var}, which Redis never expands: {tail}",
                fix="Write the value itself, or generate the file at deploy time (an include from a Docker secret)",
                evidence=f"{d.name}:{var}",
            )
