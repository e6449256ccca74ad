"""RL105, one of its checks: a script's redis-cli call passes the password on its command line."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl105_password_in_process_args  # noqa: F401  (declares RL105)
from redislint.checks._scripts import also_at, call_evidence, call_label, script_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, extend
from redislint.model.project import InputFile


@extend(id="RL105", scope=Scope.FILE)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for p in script_passwords(ctx.project, file):
        call, flag, v = p.call, p.flag, p.value
        yield ctx.finding(
            v.span,
            f"{call.binary} {flag}{call_label(call)} puts the password in the process arguments: ps and /proc show it "
            "to every user of the host (or container) while the call runs",
            fix="Export REDISCLI_AUTH (from a secret file) for the call instead of passing -a",
            related=also_at(p),
            evidence=call_evidence(call, flag),
            severity=Severity.LOW,
        )
