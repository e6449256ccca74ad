"""``redislint audit``: read the servers, build the one model, run the rules whose premise a running
server can show, compare with the repository (``--against``), and make the same report as ``check``."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from redislint.audit.client import AuditError, Refused, Server, Target, TlsOptions, parse_target
from redislint.audit.coverage import LIVE_RULES
from redislint.audit.read import Reading, read_server
from redislint.engine.context import Settings
from redislint.engine.finding import Finding
from redislint.engine.report import Report
from redislint.engine.runner import run_rules, selected_rules
from redislint.model.live import LIVE_LOAD_EVIDENCE, NO_SERVER_AUDITED
from redislint.model.project import Project, RedisNode

NEEDS_CONFIG = frozenset(
    {
        "RL101", "RL102", "RL103", "RL106", "RL109", "RL201", "RL204", "RL301", "RL306", "RL307",
        "RL502", "RL702", "RL703", "RL704", "RL706", "RL707",
    }
)  # fmt: skip
"""The live rules whose premise is a directive ``INFO`` does not tell (where ``CONFIG GET`` is renamed
or refused they cannot run, and a notice names them); the others read the version, ``maxmemory``,
``maxmemory-policy``, the persistence fields of ``INFO`` or ``ACL LIST``."""
DRIFT_RULE = "RL860"
LOAD_RULE = "RL009"
"""With ``--against``: RL009's live check (the server loaded another config file than the mounted
one); its file checks are ``check``'s."""


class AuditOptions:
    """How to reach the servers (credentials are never printed)."""

    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        tls: TlsOptions | None = None,
        use_tls: bool = False,
        environ: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        sentinel: str | None = None,
        master: str | None = None,
        cluster: bool = False,
    ) -> None:
        self.user = user
        self.password = password
        self.tls = tls
        self.use_tls = use_tls
        self.environ = os.environ if environ is None else environ
        self.timeout = timeout
        self.sentinel = sentinel
        self.master = master
        self.cluster = cluster

    def target(self, url: str) -> Target:
        return parse_target(url, self.environ, self.user, self.password, self.use_tls)


def _live_rules(settings: Settings, against: bool) -> list:
    out = []
    for r in selected_rules(settings):
        if r.id in (DRIFT_RULE, LOAD_RULE):
            continue
        if r.id in LIVE_RULES or r.platforms == ("live",):
            out.append(r)
    return out


def _not_run(project: Project, rules: list) -> list[str]:
    """For each server whose ``CONFIG GET`` was refused: which of the selected rules could not run."""
    cannot = sorted(r.id for r in rules if r.id in NEEDS_CONFIG)
    out = []
    for node in project.nodes:
        if node.live is not None and not node.live.config_readable and cannot:
            out.append(f"{node.name}: without CONFIG GET these rules could not run: {', '.join(cannot)}")
    return out


def _read(target: Target, opts: AuditOptions, sent: list[tuple[str, ...]]) -> Reading:
    server = Server(target, opts.tls, opts.timeout)
    try:
        return read_server(server)
    finally:
        sent.extend(server.sent)
        server.close()


def _cluster_peers(reading: Reading, first: Target) -> list[Target]:
    out = []
    for line in reading.extra.get("cluster_nodes", []):
        parts = line.split()
        if len(parts) < 3 or "myself" in parts[2].split(","):
            continue
        addr = parts[1].split("@", 1)[0].split(",", 1)[0]
        host, _, port = addr.rpartition(":")
        if not port.isdigit() or not host:
            continue
        out.append(first.model_copy(update={"host": host, "port": int(port)}))
    return out


def _sentinel_members(reading: Reading, first: Target, master: str | None) -> list[Target]:
    """The primary and replicas a Sentinel knows for ``master`` (all masters when None)."""
    out = []
    masters: dict[str, dict[str, str]] = reading.extra.get("masters", {})
    for name, fields in masters.items():
        if master is not None and name != master:
            continue
        addrs = [(fields.get("ip"), fields.get("port"))]
        addrs += [(r.get("ip"), r.get("port")) for r in reading.extra.get("replicas", {}).get(name, [])]
        for host, port in addrs:
            if host and port and port.isdigit():
                out.append(first.model_copy(update={"host": host, "port": int(port)}))
    return out


def audit(
    urls: list[str],
    settings: Settings,
    opts: AuditOptions,
    *,
    against: str | None = None,
    service: str | None = None,
    root: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    sent: list[tuple[str, ...]] | None = None,
) -> Report:
    """Audit the servers at ``urls`` (and those ``--sentinel``/``--cluster`` lead to)."""
    from redislint.api import make_report
    from redislint.link.live import build_live_project

    root = root or os.getcwd()
    sent = sent if sent is not None else []
    notices: list[str] = []
    failed: bool | str = False
    queue: list[Target] = []
    sentinel_targets: list[Target] = []
    for u in urls:
        queue.append(opts.target(u))
    if opts.sentinel:
        sentinel_targets.append(opts.target(opts.sentinel))
    readings: list[Reading] = []
    done: set[str] = set()
    count = 0

    def step(where: Target, later: list[Target]) -> None:
        """Report progress: servers begun so far, of those known (more appear as Sentinels and
        cluster nodes lead to them)."""
        nonlocal count
        count += 1
        if progress is not None:
            waiting = {t.location for t in later if t.location not in done and t.location != where.location}
            progress(count, count + len(waiting), where.location)

    for si, st in enumerate(sentinel_targets):
        step(st, [*sentinel_targets[si + 1 :], *queue])
        try:
            r = _read(st, opts, sent)
        except (AuditError, Refused) as exc:
            notices.append(str(exc))
            failed = True
            continue
        done.add(st.location)
        readings.append(r)
        notices.extend(r.notices)
        if opts.master is not None and opts.master not in r.extra.get("masters", {}):
            notices.append(f"{st.location}: the Sentinel monitors no master named {opts.master!r}")
            failed = True
        members = _sentinel_members(r, st, opts.master)
        queue.extend(m.model_copy(update={"tls": st.tls and m.tls}) for m in members)
        for name in r.extra.get("masters", {}):
            if opts.master is not None and name != opts.master:
                continue
            for s in r.extra.get("sentinels", {}).get(name, []):
                if s.get("ip") and (s.get("port") or "").isdigit():
                    other = st.model_copy(update={"host": s["ip"], "port": int(s["port"])})
                    if other.location not in done and all(o.location != other.location for o in sentinel_targets):
                        sentinel_targets.append(other)
    i = 0
    while i < len(queue):
        t = queue[i]
        i += 1
        if t.location in done:
            continue
        done.add(t.location)
        step(t, queue[i:])
        try:
            r = _read(t, opts, sent)
        except (AuditError, Refused) as exc:
            notices.append(str(exc))
            failed = True
            continue
        readings.append(r)
        notices.extend(r.notices)
        if opts.cluster:
            queue.extend(p for p in _cluster_peers(r, t) if p.location not in done)
    project = build_live_project([(r.location, r.snapshot) for r in readings], root)
    rules = _live_rules(settings, against is not None)
    notices.extend(_not_run(project, rules))
    findings: list[Finding] = run_rules(project, settings, rules)
    if against is not None:
        repo_findings, repo_rules, repo_notices, ok = _drift(project, against, service, settings, root)
        findings.extend(repo_findings)
        rules.extend(repo_rules)
        notices.extend(repo_notices)
        failed = failed or not ok
    if not readings:
        failed = NO_SERVER_AUDITED
    return make_report(project, findings, rules, notices, settings, root, failed=failed)


def _pick(repo: Project, live: RedisNode, service: str | None) -> tuple[RedisNode | None, str | None]:
    """The repository node a live server runs: ``--service``, else the only server, else the one whose
    port is the live server's."""
    nodes = repo.nodes
    if service is not None:
        found = [n for n in nodes if n.service is not None and n.service.name == service]
        if not found:
            return None, f"--service {service}: no such Redis service in the repository"
        return found[0], None
    if len(nodes) == 1:
        return nodes[0], None
    port = live.port
    same = [n for n in nodes if n.port == port]
    if len(same) == 1:
        return same[0], None
    return None, f"{live.name}: {len(nodes)} servers in the repository; say which one it runs with --service"


def _drift(live: Project, against: str, service: str | None, settings: Settings, root: str) -> tuple[list[Finding], list, list[str], bool]:
    from redislint.api import load
    from redislint.fs import repository_root
    from redislint.link.live import link_drift

    notices: list[str] = []
    repo, repo_notices, _found = load([against], root, settings.redis_version, None, settings.exclude, repository_root([against]))
    notices.extend(repo_notices)
    if any("no such file or folder" in n for n in repo_notices):
        return [], [], notices, False
    rules = [r for r in selected_rules(settings) if r.id in (DRIFT_RULE, LOAD_RULE)]
    ok = True
    for node in live.nodes:
        mine, why = _pick(repo, node, service)
        if mine is None:
            notices.append(why or "")
            ok = False
            continue
        link_drift(mine, node)
    findings = [
        f for f in run_rules(repo, settings, rules) if f.rule_id != LOAD_RULE or (f.evidence or "").startswith(LIVE_LOAD_EVIDENCE)
    ]
    # one report: the repository's files, texts and secrets join the live project's
    for path, f in repo.files.items():
        live.files.setdefault(path, f)
    live.secrets |= repo.secrets
    live.secret_spans.update(repo.secret_spans)
    live.environ_values.update(repo.environ_values)
    live.read_texts.update(repo.read_texts)
    return findings, rules, notices, ok


SNAPSHOT_SUFFIX = ".redis-live"
"""A saved snapshot of a running server (the fixtures of the live-only rules, ``audit --snapshot``)."""


def audit_snapshots(
    paths: list[str], settings: Settings, root: str, repository: str | None = None, against: str | None = None, service: str | None = None
) -> Report:
    """Audit saved snapshots (read through the file store, within ``repository``) as if they were the
    servers: each snapshot's path stands for its server's address; ``against``: and their drift from
    that repository path."""
    from redislint.api import make_report
    from redislint.fs import FileStore
    from redislint.link.live import build_live_project

    store = FileStore(repository or root)
    notices: list[str] = []
    snaps: list[tuple[str, str]] = []
    for p in paths:
        real = os.path.realpath(p)
        text = store.read(real) if store.contains(real) and store.is_file(real) else None
        if text is None:
            notices.append(f"{p}: cannot read the snapshot")
            continue
        snaps.append((real, text))
    project = build_live_project(snaps, root)
    rules = _live_rules(settings, False)
    notices.extend(_not_run(project, rules))
    findings = run_rules(project, settings, rules)
    ok = len(snaps) == len(paths)
    if against is not None:
        more, more_rules, more_notices, drift_ok = _drift(project, against, service, settings, root)
        findings.extend(more)
        rules.extend(more_rules)
        notices.extend(more_notices)
        ok = ok and drift_ok
    return make_report(project, findings, rules, notices, settings, root, failed=not ok)
