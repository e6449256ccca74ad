"""What rules read of the repository's shell scripts and Makefiles: the passwords their
``redis-cli`` calls pass (computed by the link stage, :mod:`redislint.model.scripts`)."""

from __future__ import annotations

from typing import NamedTuple

from redislint.model.project import InputFile, Project, RedisNode
from redislint.model.scripts import CliCall
from redislint.model.span import Span
from redislint.model.values import Value


class ScriptPassword(NamedTuple):
    call: CliCall
    flag: str
    value: Value
    node: RedisNode | None
    """The server the call reaches, when known."""
    others: list[Span]
    """The later calls of the script that pass the same value (one cause: reported once)."""


def script_passwords(project: Project, file: InputFile) -> list[ScriptPassword]:
    """The passwords a script's redis-cli calls pass on their command line, each value (a literal,
    or the same expression such as ``$REDIS_PASSWORD``) once, at its first call; empty for any other
    file."""
    facts = project.scripts.get(file.path) if file.kind == "script" else None
    if facts is None:
        return []
    out: dict[str, ScriptPassword] = {}
    for i, call in enumerate(facts.calls):
        for flag, v in call.passwords:
            if v.text == "" and not v.variables:
                continue  # an empty literal: no password
            key = v.text if v.text is not None else "\0" + v.raw
            if key in out:
                out[key].others.append(v.span)
            else:
                out[key] = ScriptPassword(call, flag, v, facts.nodes.get(i), [])
    return list(out.values())


def also_at(p: ScriptPassword) -> list[tuple[Span, str]]:
    """The other calls that pass the same password, as related locations (the first ten)."""
    return [(sp, "passed again here") for sp in p.others[:10]]


def call_label(call: CliCall) -> str:
    """``redis-cli -a`` / ``redis-cli -a (in container 'x')`` for messages."""
    return f" in container '{call.container}'" if call.container else ""


def call_evidence(call: CliCall, flag: str) -> str:
    return f"script:{call.container or ''}:{call.binary}:{flag}:{' '.join(call.command)}"
