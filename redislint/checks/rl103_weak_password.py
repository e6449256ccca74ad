"""RL103 (weak-password): A Redis or Sentinel password is short or low-entropy.

Examples, fixes and the reasoning: ``rules/RL103.md``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from redislint.checks._helpers import DOLLAR_VAR, is_default_password
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile

MIN_LENGTH = 16
MIN_BITS = 48.0


def weakness(pw: str) -> str | None:
    """Why a password is weak (never containing the password), or None."""
    n = len(pw)
    if n < MIN_LENGTH:
        return f"is only {n} characters long (use at least {MIN_LENGTH})"
    counts = Counter(pw)
    bits = -sum(c / n * math.log2(c / n) for c in counts.values()) * n
    if len(counts) < 6 or bits < MIN_BITS:
        return f"has low entropy ({n} characters, only {len(counts)} distinct)"
    for size in range(1, n // 2 + 1):
        if n % size == 0 and pw[:size] * (n // size) == pw:
            return f"is one short sequence repeated ({n} characters)"
    return None


@rule(
    id="RL103",
    name="weak-password",
    severity=Severity.MEDIUM,
    tags=("security",),
    scope=Scope.FILE,
    summary="A Redis or Sentinel password is short or low-entropy",
    cause="literal-password",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    """The passwords of every server and Sentinel (config files, includes, command line, ACL users and
    ACL files), each reported once in the file that holds it."""
    for what, v in ctx.project.written_passwords.get(file.path, ()):
        t = v.text
        if t is None or t == "" or DOLLAR_VAR.search(t) or is_default_password(t):
            continue  # unknown, none (RL101), ${VAR} (RL006) or a known default (RL102)
        why = weakness(t)
        if why is not None:
            yield ctx.finding(
                v.span,
                f"the password of {what} {why}",
                fix="Use a random password of 32+ characters (openssl rand -base64 32) from a Docker secret",
                evidence=what,
            )
