"""What the ``redislint audit`` tests share: a redis-server (7.0, whose findings they expect) on
127.0.0.1 from a config of lines, the audit run in-process, its findings as (rule, location, line,
severity), and redis-cli."""

from __future__ import annotations

import subprocess
from pathlib import Path

from redislint.audit.run import AuditOptions, audit
from redislint.engine.context import Settings
from redislint.engine.report import Report
from tests.support.binaries import need_binary, need_redis_70
from tests.support.ports import LOCAL
from tests.support.procs import Procs, listens, wait_started

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Fz8qLr2Wm5Xc9Vb1Nt4Hy7Kp"
ADMIN = "Qm3vTz8LwR1cX6yN0pB5gHd2"


def conf_lines(tmp: Path, port: int, extra: list[str]) -> list[str]:
    return [f"port {port}", f"bind {LOCAL}", f"dir {tmp}", 'save ""', "appendonly no", *extra]


def server(procs: Procs, tmp: Path, name: str, lines: list[str], port: int, user: tuple[int, int] | None = None, cwd: Path | None = None) -> Path:
    """A redis-server loading ``name``.conf (``lines``) from ``tmp``; returns the config's path."""
    binary = need_redis_70()  # the expected findings are 7.0's (RL206: its line is past end of life)
    conf = tmp / f"{name}.conf"
    conf.write_text("\n".join(lines) + "\n")
    p = procs.start([binary, str(conf)], f"{name}.log", user=user, cwd=cwd)
    wait_started(p, lambda: listens(port), f"redis-server {name}", lambda: procs.log(f"{name}.log"))
    return conf


def run(urls: list[str], *, environ: dict[str, str] | None = None, select: tuple[str, ...] = (), **kw: object) -> Report:
    against = kw.pop("against", None)
    service = kw.pop("service", None)
    opts = AuditOptions(environ=environ or {}, **kw)  # type: ignore[arg-type]
    return audit(urls, Settings(select=select), opts, against=against, service=service, root=str(ROOT))  # type: ignore[arg-type]


def found(report: Report, eol: bool = True) -> set[tuple[str, str, str, str]]:
    """(rule, location, the text of the finding's line, severity) of every active finding, but RL206:
    the servers are Redis 7.0 (past its end of life), so (unless ``eol`` is False: RL206 was not
    selected) each server audited has its one RL206 finding at the version it reports, checked here
    and left out of the answer."""
    out = set()
    for f in report.active:
        text = report.texts.get(f.span.file, "").split("\n")
        line = text[f.span.start_line - 1] if f.span.start_line <= len(text) else ""
        out.add((f.rule_id, report.relpath(f.span.file), line.strip(), f.severity.name.lower()))
    if eol:
        live = {p for p, t in report.texts.items() if p.startswith(("redis://", "rediss://", "unix://")) and "(redis)\n" in t.split("\n", 1)[0] + "\n"}
        got = {r for r in out if r[0] == "RL206"}
        assert got == {("RL206", p, "#@info redis_version:7.0.15", "medium") for p in live}, got
        out -= got
    return out


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([need_binary("redis-cli"), *args], capture_output=True, text=True, timeout=20)


