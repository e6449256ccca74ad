"""RL304 (undeclared-named-volume): A named volume or network is used by a service but not declared at
top level.

Examples, fixes and the reasoning: ``rules/RL304.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model import paths
from redislint.model.compose import Stack
from redislint.model.project import Project


def _sibling_declarations(stack: Stack, project: Project) -> tuple[set[str], set[str]]:
    """Volumes and networks declared by other compose files of the same folder: files meant to be
    combined with ``docker compose -f a.yml -f b.yml`` declare them in one place."""
    vols: set[str] = set()
    nets: set[str] = set()
    folder = paths.dirname(stack.main_file)
    for path, f in project.files.items():
        if f.kind != "compose" or path in stack.files or paths.dirname(path) != folder or not f.text:
            continue
        try:
            data = yaml.safe_load(f.text)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        for key, out in (("volumes", vols), ("networks", nets)):
            section = data.get(key)
            if isinstance(section, dict):
                out.update(str(k) for k in section)
    return vols, nets


@rule(
    id="RL304",
    name="undeclared-named-volume",
    severity=Severity.HIGH,
    tags=("correctness",),
    scope=Scope.STACK,
    summary="A named volume or network is used by a service but not declared at top level",
    once_per="position",  # the same line reached through a YAML anchor
    platforms=("compose",),
)
def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    other_vols, other_nets = _sibling_declarations(stack, ctx.project)
    for svc in stack.services.values():
        for m in svc.volumes:
            if m.type != "volume" or not m.source or "$" in m.source:
                continue
            if m.source in stack.volumes or m.source in other_vols:
                continue
            yield ctx.finding(
                m.span,
                f"service '{svc.name}' mounts named volume '{m.source}', which is not declared under top-level volumes: "
                "docker compose refuses to start",
                fix=f"Declare it under the top-level volumes: key ({m.source}:)",
                evidence=f"volume:{svc.name}:{m.source}",
            )
        if svc.network_mode is not None:
            continue
        for net, span in svc.network_spans.items():
            if net == "default" or net in stack.networks or net in other_nets or "$" in net:
                continue
            yield ctx.finding(
                span,
                f"service '{svc.name}' joins network '{net}', which is not declared under top-level networks: "
                "docker compose refuses to start",
                fix=f"Declare it under the top-level networks: key ({net}:)",
                evidence=f"network:{svc.name}:{net}",
            )
