"""RL104, one of its checks: a script's redis-cli call passes a password written in the script."""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl104_hardcoded_password  # noqa: F401  (declares RL104)
from redislint.checks._scripts import also_at, call_evidence, call_label, script_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.project import InputFile
from redislint.model.values import Origin


@extend(id="RL104", scope=Scope.FILE)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    for p in script_passwords(ctx.project, file):
        call, flag, v = p.call, p.flag, p.value
        if v.text is None or v.origin != Origin.LITERAL:
            continue  # a variable: set where the script runs
        yield ctx.finding(
            v.span,
            f"{call.binary} {flag}{call_label(call)} passes a password written in the script: whoever reads the repository has it",
            fix="Read it at run time (REDISCLI_AUTH from a secret file or the environment)",
            related=also_at(p),
            evidence=call_evidence(call, flag),
        )
