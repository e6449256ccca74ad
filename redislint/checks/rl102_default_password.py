from __future__ import annotations

import os
from collections.abc import Iterator

from redislint.checks._helpers import (
    command_passwords,
    conf_passwords,
    env_passwords,
    healthcheck_passwords,
    is_default_password,
)
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile
from redislint.model.values import Origin, Value

FIX = "Generate a long random password (e.g. openssl rand -base64 32) and load it from a Docker secret"


@rule(
    id="RL102",
    name="default-password",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.FILE,
    summary="A password is a well-known default or sample value",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    if file.conf is not None:
        for what, v in conf_passwords(file.conf.directives):
            if is_default_password(v.text):
                yield ctx.finding(v.span, f"{what} is a well-known default password", fix=FIX, evidence=what)
        return
    if file.kind != "compose":
        return
    for stack in ctx.project.stacks:
        if file.path not in stack.files:
            continue
        for svc in stack.services.values():
            pairs: list[tuple[str, Value]] = []
            pairs += [(f"--{o}", v) for o, v in command_passwords(ctx.project, svc)]
            pairs += [(f"healthcheck {f}", v) for f, v in healthcheck_passwords(svc)]
            pairs += [(f"environment {n}", v) for n, v in env_passwords(svc)]
            for what, v in pairs:
                if v.span.file != file.path or not is_default_password(v.text):
                    continue
                how = "falls back to" if v.origin == Origin.DEFAULT else "is"
                yield ctx.finding(
                    v.span,
                    f"{what} of service '{svc.name}' {how} a well-known default password",
                    fix=FIX,
                    evidence=f"{svc.name}:{what}",
                )
        for top in stack.secrets.values():
            if top.file is None or top.file_span is None or top.file_span.file != file.path:
                continue
            if not os.path.isfile(top.file):
                continue
            text = ctx.project.extra["linker"].store.read(top.file) if "linker" in ctx.project.extra else None
            if text is not None and is_default_password(text.strip()):
                yield ctx.finding(top.file_span, f"secret '{top.name}' holds a well-known default password", fix=FIX, evidence=f"secret:{top.name}")
