"""RL102 (default-password): A password is a well-known default or sample value.

Examples, fixes and the reasoning: ``rules/RL102.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.checks._acl import acl_model, redis_env_passwords
from redislint.checks._helpers import (
    DOLLAR_VAR,
    command_passwords,
    healthcheck_passwords,
    is_default_password,
)
from redislint.checks._scripts import also_at, call_evidence, call_label, script_passwords
from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile, RedisNode
from redislint.model.values import Origin, Value
from redislint.redis.passwords import password_values

FIX = "Generate a long random password (e.g. openssl rand -base64 32) and load it from a Docker secret"


def reach_severity(nodes: list[RedisNode]) -> Severity | None:
    """Severity follows reach: a known password on a server only the stack's containers reach is
    MEDIUM (as no password at all there, RL101), LOW on loopback only; None (the default, CRITICAL)
    when one of the servers is published or its reach is unknown."""
    reaches = {n.reach[0] if n.reach is not None else "unknown" for n in nodes}
    if any(n.service is not None and any(p.container_ports and not p.loopback_only for p in n.service.ports) for n in nodes):
        # a port published to the wrong container port: once that mistake is fixed the password is
        # the door, so it is judged as published
        reaches.add("public")
    if not reaches or reaches & {"public", "unknown"}:
        return None
    return Severity.MEDIUM if "internal" in reaches else Severity.LOW


def _acl_findings(node: RedisNode, ctx: Context) -> Iterator[Finding]:
    model = acl_model(node)
    for d in model.aclfile_directives:
        for what, v in password_values([d]):
            if is_default_password(v.text):
                yield ctx.finding(
                    v.span,
                    f"{what} in the ACL file has a well-known default password",
                    fix=FIX,
                    evidence=what,
                    severity=reach_severity([node]),
                )


@rule(
    id="RL102",
    name="default-password",
    severity=Severity.CRITICAL,
    tags=("security",),
    scope=Scope.FILE,
    summary="A password is a well-known default or sample value",
    cause="literal-password",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    """FILE scope so that each password is reported once, in the file that holds it (config file,
    include, compose file, secret file, ACL file), whichever nodes use it."""
    if file.conf is not None:
        for what, v in password_values(file.conf.directives):
            if v.text is not None and DOLLAR_VAR.search(v.text):
                continue  # an unexpanded ${VAR}: RL006
            if is_default_password(v.text):
                users = list(ctx.project.index.servers_by_conf_file.get(file.path, ()))
                yield ctx.finding(
                    v.span, f"{what} is a well-known default password", fix=FIX, evidence=what, severity=reach_severity(users)
                )
        for node in ctx.project.index.servers_by_conf_file.get(file.path, ()):
            if node.service is None and node.conf_file == file.path:
                yield from _acl_findings(node, ctx)
        return
    for sp in script_passwords(ctx.project, file):
        call, flag, v, reached = sp.call, sp.flag, sp.value, sp.node
        if is_default_password(v.text):
            yield ctx.finding(
                v.span,
                f"{call.binary} {flag}{call_label(call)} logs in with a well-known default password: the server it talks to has it",
                fix=FIX,
                related=also_at(sp),
                evidence=call_evidence(call, flag),
                severity=reach_severity([reached]) if reached is not None else Severity.HIGH,
            )
    if file.kind not in ("compose", "script"):
        return
    seen: set[object] = set()
    template_seen: set[str] = set()
    for stack in ctx.project.index.stacks_by_file.get(file.path, ()):
        for svc in stack.services.values():
            pairs: list[tuple[str, Value]] = []
            pairs += [(f"--{o}", v) for o, v in command_passwords(ctx.project, svc)]
            pairs += [(f"healthcheck {f}", v) for f, v in healthcheck_passwords(svc)]
            pairs += [(f"environment {n}", v) for n, v in redis_env_passwords(ctx.project, svc)]
            svc_node = ctx.project.node_for(svc)
            public = svc_node is not None and svc_node.reach is not None and svc_node.reach[0] == "public"
            severity = reach_severity([svc_node]) if svc_node is not None else None
            for what, v in pairs:
                if v.span.file != file.path or v.span in seen:
                    continue
                weak = next((n for n in v.variables if n in stack.template_default_passwords), None) if v.text is None else None
                if weak is not None:
                    seen.add(v.span)
                    if weak in template_seen:
                        continue  # one cause: reported at the variable's first use in the file
                    template_seen.add(weak)
                    yield ctx.finding(
                        v.span,
                        f"{what} of service '{svc.name}' comes from ${{{weak}}}, which the repository's env template sets to a "
                        "well-known default password: most deployments keep the template's value",
                        fix="Leave the value empty in the template and require it: ${VAR:?VAR must be set}",
                        related=[(stack.template_default_passwords[weak], f"{weak} is set here")],
                        evidence=f"{svc.name}:{what}:template:{weak}",
                        severity=severity,
                    )
                    continue
                if not is_default_password(v.text):
                    if public and v.origin == Origin.DEFAULT and v.text and what.startswith("--"):
                        # ${PW:-fallback}: the repository itself publishes the fallback, and the port is
                        # published: whoever reads the repository can log in wherever PW is not set
                        seen.add(v.span)
                        yield ctx.finding(
                            v.span,
                            f"{what} of service '{svc.name}' falls back to a password this repository publishes, "
                            "on a published port: wherever the variable is not set, anyone who reads the repository can log in",
                            fix="Drop the fallback: ${VAR:?VAR must be set}, with the value in an untracked .env or a Docker secret",
                            evidence=f"{svc.name}:{what}:published-fallback",
                        )
                    continue
                seen.add(v.span)  # a value shared by several services (YAML anchors): report it once
                how = "falls back to" if v.origin == Origin.DEFAULT else "is"
                yield ctx.finding(
                    v.span,
                    f"{what} of service '{svc.name}' {how} a well-known default password",
                    fix=FIX,
                    evidence=f"{svc.name}:{what}",
                    severity=severity,
                )
            if svc_node is not None:
                yield from _acl_findings(svc_node, ctx)
        for top in stack.secrets.values():
            if top.file is None or top.file_span is None or top.file_span.file != file.path:
                continue
            if top.file not in ctx.project.secret_files or (top.file in ctx.project.files and ctx.project.files[top.file].conf is not None):
                continue  # a secret that is a config snippet is checked as a config file
            text = ctx.project.secret_files[top.file]
            if text is not None and is_default_password(text.strip()):
                yield ctx.finding(top.file_span, f"secret '{top.name}' holds a well-known default password", fix=FIX, evidence=f"secret:{top.name}")
