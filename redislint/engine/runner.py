"""Run the selected rules over the model, isolate crashes, apply suppressions."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from typing import Any

from redislint.engine.context import Context, Settings
from redislint.engine.finding import Finding
from redislint.engine.fold import fold_same_place
from redislint.engine.registry import load_rules, matches
from redislint.engine.rule import Check, Rule, Scope, Severity
from redislint.engine.suppress import Pragma, parse_pragmas
from redislint.model.compose import Service
from redislint.model.project import Project, RedisNode
from redislint.model.span import Span


def crash_where(exc: BaseException, *, ours: bool = False) -> str:
    """`` at span.py:27``: the innermost frame that raised ``exc`` (with ``ours``, the innermost of
    redislint's own modules when there is one), or "". Walks the traceback objects only: no source
    line is read, nothing is opened."""
    innermost = own = None
    tb = exc.__traceback__
    while tb is not None:
        innermost = tb
        if f"{os.sep}redislint{os.sep}" in tb.tb_frame.f_code.co_filename:
            own = tb
        tb = tb.tb_next
    at = (own if ours else None) or innermost
    return f" at {os.path.basename(at.tb_frame.f_code.co_filename)}:{at.tb_lineno}" if at is not None else ""

def selected_rules(settings: Settings) -> list[Rule]:
    out = []
    for r in load_rules():
        if r.scope == Scope.META:
            out.append(r)
            continue
        if settings.profile == "dev" and r.profile == "prod":
            continue
        if settings.select and not any(matches(r, s) for s in settings.select):
            continue
        if any(matches(r, s) for s in settings.ignore):
            continue
        out.append(r)
    return out


def scope_objects(scope: Scope, project: Project) -> Iterable[Any]:
    if scope == Scope.FILE:
        return list(project.files.values())
    if scope == Scope.NODE:
        return list(project.nodes)
    if scope == Scope.SENTINEL:
        return list(project.sentinels)
    if scope == Scope.SERVER:
        return [*project.nodes, *project.sentinels]
    if scope == Scope.SERVICE:
        return project.services
    if scope == Scope.STACK:
        return list(project.stacks)
    if scope == Scope.REPLICATION:
        return list(project.replication)
    if scope == Scope.SENTINEL_GROUP:
        return list(project.sentinel_groups)
    if scope == Scope.CLUSTER:
        return list(project.clusters)
    return []


def _runs_on(platforms: tuple[str, ...], platform: str | None) -> bool:
    """A rule limited to ``platforms`` runs on an object of ``platform`` (None: a file, a node
    without service, a live server: the rule decides). A Kubernetes-only rule never runs on a
    compose object, and a rule that does not name Kubernetes never on a Kubernetes one."""
    if platform is None:
        return True
    if platform == "compose" and "compose" not in platforms:
        return "live" in platforms and "kubernetes" not in platforms
    return platform in platforms


def _platform(obj: Any) -> str | None:
    """The platform of a service, stack or node that is not described by a compose file (a lone
    Dockerfile's image, a ``docker run`` command line); None for anything else."""
    service = getattr(obj, "service", None)
    platform = getattr(service if service is not None else obj, "platform", None)
    if platform is None:
        platform = getattr(getattr(obj, "stack", None), "platform", None)  # a group: its stack's
    return platform if platform in ("compose", "image", "docker-run", "kubernetes") else None


def _anchor(obj: Any) -> Span:
    for attr in ("anchor", "span"):
        sp = getattr(obj, attr, None)
        if isinstance(sp, Span):
            return sp
    path = getattr(obj, "path", None) or getattr(obj, "main_file", None)
    if isinstance(path, str):
        return Span.file_anchor(path)
    for attr in ("primary", "nodes", "sentinels"):
        v = getattr(obj, attr, None)
        if isinstance(v, list) and v:
            return _anchor(v[0])
        if v is not None and not isinstance(v, list):
            return _anchor(v)
    return Span.file_anchor(os.getcwd())


def run_rules(project: Project, settings: Settings, rules: list[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    internal = next((r for r in load_rules() if r.id == "RL900"), None)
    for rule in rules:
        if rule.scope == Scope.META:
            continue
        for check in rule.checks:
            _run_check(rule, check, project, settings, internal, findings)
    return fold_same_place(_dedupe(findings))


def _subject(obj: Any) -> str | None:
    """The name a finding on ``obj`` gives it: a server's or Sentinel's label, a service's name."""
    if isinstance(obj, RedisNode):
        return obj.label
    if isinstance(obj, Service):
        return obj.name
    return None


def _run_check(
    rule: Rule, check: Check, project: Project, settings: Settings, internal: Rule | None, findings: list[Finding]
) -> None:
    """One check function over every object of its scope, with the rule's ``once_per`` applied; each
    finding gets the subject it was found on (:func:`_subject`, :attr:`Finding.subject`)."""
    files_done: set[str] = set()
    ctx = Context(rule, project, settings)  # holds nothing of one object: one per check
    once_per_place = check.once_per in ("line", "position")
    for obj in scope_objects(check.scope, project):
        if rule.platforms and not _runs_on(rule.platforms, _platform(obj)):
            continue  # a Compose-only rule on an image, a `docker run` or a Kubernetes service
        if check.once_per == "conf-file":
            conf_file = getattr(obj, "conf_file", None)
            if isinstance(conf_file, str):
                if conf_file in files_done:
                    continue  # an earlier object runs this file: its findings are reported
                files_done.add(conf_file)
        subject: str | None = None
        named = False
        places: set[tuple[str, int, int]] = set()
        try:
            for f in check.fn(obj, ctx):
                if once_per_place:
                    place = (f.span.file, f.span.start_line, f.span.start_col if check.once_per == "position" else 0)
                    if place in places:
                        continue
                    places.add(place)
                if not named:  # the subject only when there is a finding to name it in
                    subject, named = _subject(obj), True
                if subject is not None:
                    f.subject = subject
                findings.append(f)
        except Exception as exc:  # a crashing rule must never be silent, never a traceback
            if internal is None:
                raise
            where = crash_where(exc)
            findings.append(
                Finding(
                    rule_id=internal.id,
                    rule_name=internal.name,
                    severity=internal.severity,
                    message=f"rule {rule.id} ({rule.name}) crashed: {type(exc).__name__}{where}",
                    span=_anchor(obj),
                    evidence=f"{rule.id}:{type(exc).__name__}",
                )
            )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in findings:
        key = (f.rule_id, f.span, f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _rule_matches(rule_id: str, rule_name: str, selector: str) -> bool:
    s = selector.lower()
    return s in (rule_id.lower(), rule_name, "all")


def apply_suppressions(project: Project, findings: list[Finding], settings: Settings) -> list[Finding]:
    """Mark suppressed findings; add RL901/RL902 for pragmas that are unused or have no reason."""
    pragmas: dict[str, list[Pragma]] = {}
    for path, entry in project.files.items():
        if entry.text is None or "redislint:" not in entry.text:
            continue
        yaml_like = entry.kind in ("compose", "other") or path.endswith((".yml", ".yaml"))
        pragmas[path] = parse_pragmas(path, entry.text, yaml_like)
    root = project.root
    for f in findings:
        for p in pragmas.get(f.span.file, []):
            if f.rule_id in ("RL901", "RL902"):
                continue
            if any(_rule_matches(f.rule_id, f.rule_name, r) for r in p.rules) and p.covers(f.span.start_line):
                f.suppressed = True
                f.suppression_kind = "inSource"
                f.suppression_reason = p.reason or None
                p.used.add(f.rule_id)
                break
        if not f.suppressed and settings.per_file_ignores:
            rel = os.path.relpath(f.span.file, settings.config_base or root).replace(os.sep, "/")
            for pattern, rules in settings.per_file_ignores.items():
                if fnmatch.fnmatch(rel, pattern) and any(_rule_matches(f.rule_id, f.rule_name, r) for r in rules):
                    f.suppressed = True
                    f.suppression_kind = "external"
                    f.suppression_reason = f"per-file-ignores: {pattern}"
    extra: list[Finding] = []
    by_id = {r.id: r for r in load_rules()}
    ran = selected_rules(settings)
    active_ids = {r.id for r in ran}
    for _path, plist in pragmas.items():
        for p in plist:
            r902 = by_id.get("RL902")
            if not p.reason and r902 is not None and "RL902" in active_ids:
                extra.append(
                    Finding(
                        rule_id=r902.id,
                        rule_name=r902.name,
                        severity=r902.severity,
                        message=f"suppression of {', '.join(p.rules)} gives no reason",
                        span=p.span,
                        fix="Add ' -- <why this is acceptable>' after the rule list",
                        evidence=",".join(p.rules),
                    )
                )
            r901 = by_id.get("RL901")
            if r901 is None or "RL901" not in active_ids:
                continue
            # Only pragmas for rules that ran can be judged unused.
            judged = [r for r in p.rules if any(_rule_matches(x.id, x.name, r) for x in ran)]
            unused = [r for r in judged if not any(_rule_matches(u, by_id[u].name if u in by_id else "", r) for u in p.used)]
            if unused:
                extra.append(
                    Finding(
                        rule_id=r901.id,
                        rule_name=r901.name,
                        severity=r901.severity,
                        message=f"suppression of {', '.join(unused)} suppresses nothing",
                        span=p.span,
                        fix="Remove the pragma, or the rule ids it no longer needs",
                        evidence=",".join(unused),
                    )
                )
    return findings + extra


def apply_severity_overrides(findings: list[Finding], settings: Settings) -> None:
    for f in findings:
        sev = settings.severity.get(f.rule_id)
        if sev is not None:
            f.severity = sev


def exit_code(findings: list[Finding], fail_on: Severity) -> int:
    if any(f.rule_id == "RL900" and not f.suppressed for f in findings):
        return 2
    if any(not f.suppressed and f.severity >= fail_on for f in findings):
        return 1
    return 0
