"""RL009, one of its checks: proven live (``redislint audit --against``): the running server loaded
another config file than the one the repository mounts and passes it, or none at all.

Examples, fixes and the reasoning: ``rules/RL009.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

import redislint.checks.rl009_config_not_loaded  # noqa: F401  (declares RL009)
from redislint.checks._helpers import node_label
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, extend
from redislint.model.live import LIVE_LOAD_EVIDENCE
from redislint.model.project import RedisNode


@extend(id="RL009", scope=Scope.SERVER)
def check(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    load = node.live_load
    if load is None:
        return
    what = "redis-sentinel" if node.kind == "sentinel" else "redis-server"
    if load.live:
        msg = (
            f"the running server of {node_label(node)} loaded '{load.live}', not '{load.expected}' that the "
            f"repository mounts and passes to {what}: the settings of this file are not the ones it runs"
        )
    else:
        msg = (
            f"the running server of {node_label(node)} was started without a config file, not with "
            f"'{load.expected}' that the repository mounts: the settings of this file do not apply"
        )
    yield ctx.finding(
        load.span,
        msg,
        fix=f"Start the server with the mounted file ({what} {load.expected}) and restart it, or make the repository say what runs",
        related=[(load.live_span, "config_file as the running server reports it")] if load.live_span is not None else (),
        evidence=f"{LIVE_LOAD_EVIDENCE}{load.expected}",
    )
