"""RL708 (private-key-in-repo): A private key is committed next to the deployment.

Examples, fixes and the reasoning: ``rules/RL708.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import PRIVATE_KEY, InputFile
from redislint.model.span import Span

_BEGIN = re.compile(r"^-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----\s*$", re.MULTILINE)


@rule(
    id="RL708",
    name="private-key-in-repo",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.FILE,
    summary="A private key is committed next to the deployment",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    if file.kind != "other" or not file.text or PRIVATE_KEY not in file.text:
        return
    if file.ignored:
        return  # generated at deploy time and kept out of git
    m = _BEGIN.search(file.text)
    if m is None:
        return
    line = file.text.count("\n", 0, m.start()) + 1
    kind = m.group(1)
    yield ctx.finding(
        Span.point(file.path, line, 1, len(m.group(0).rstrip())),
        f"this file holds a {kind} block: anyone with the repository can impersonate the server"
        + (" (encrypted, but the passphrase is often next to it)" if kind.startswith("ENCRYPTED") else ""),
        fix="Remove the key from the repository (and its history), rotate it, and mount it from a secret at deploy time",
        evidence=kind,
    )
