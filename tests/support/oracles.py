"""Real servers of every supported release line, and the two verdicts the oracle tests compare.

The servers ("oracles"): Redis 6.2.16, 7.0.15, 7.2.6, 7.4.1 and Valkey 8.0.1. Each is looked up in
``$REDISLINT_ORACLES`` (else ``$REDIS_ORACLE_CACHE``, else ``~/.cache/redis-oracles``) as
``NAME/bin/redis-server`` (``.ci/build-oracles`` builds them there from the upstream source
archives); Redis 7.0.x is also taken from the system's ``redis-server`` (Debian bookworm ships
7.0.15). A test that needs one it cannot find fails under ``CI=true`` and skips elsewhere.

The verdicts:

- :func:`server_verdict`: start the real server (or Sentinel) on the file, on 127.0.0.1 and a free
  port; ``accepted`` when it gets to serving, ``refused`` when it exits first, ``environmental`` when
  it exits for a reason of this machine rather than of the file's grammar (an include or TLS file
  that does not exist here, an address it cannot bind, a module, a log file or folder it cannot
  open): those are counted apart, never as disagreements.
- :func:`lint_verdict`: what ``redislint check`` says about the same folder at that version, through
  :func:`redislint.api.lint` (discovery, link, rules: the path users run). It says "refuses" when
  a finding of a rule that means "the server does not start" is reported (:data:`REFUSING`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tests.support.binaries import unavailable
from tests.support.ports import LOCAL, free_port

ORACLE_NAMES = ("redis-6.2.16", "redis-7.0.15", "redis-7.2.6", "redis-7.4.1", "valkey-8.0.1")
"""One server of each supported release line."""

BUILD_HINT = ".ci/build-oracles NAME (needs build-essential pkg-config libssl-dev and ../shared/oracles)"

REFUSING = frozenset({"RL001", "RL002", "RL003", "RL011", "RL505"})
"""Rules whose critical findings say the server refuses to start with the file."""

Status = Literal["accepted", "refused", "environmental"]
Kind = Literal["redis", "sentinel"]


@dataclass(frozen=True)
class Oracle:
    """A real server build: its name (``redis-7.2.6``), product, release and binaries folder."""

    name: str
    product: str
    release: str
    bindir: Path

    @property
    def server(self) -> str:
        return str(self.bindir / "redis-server")

    @property
    def sentinel(self) -> str:
        return str(self.bindir / "redis-sentinel")

    @property
    def target(self) -> str:
        """The ``--redis-version`` value that names this server's release line (``7.2``, ``valkey-8.0``)."""
        major, minor = self.release.split(".")[:2]
        return f"{major}.{minor}" if self.product == "redis" else f"valkey-{major}.{minor}"

    def binary(self, kind: Kind) -> str:
        return self.sentinel if kind == "sentinel" else self.server


def oracle_cache() -> Path:
    """Where the built servers live."""
    for var in ("REDISLINT_ORACLES", "REDIS_ORACLE_CACHE"):
        value = os.environ.get(var)
        if value:
            return Path(value)
    return Path.home() / ".cache" / "redis-oracles"


def _version_of(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    m = re.search(r"v=(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else ""


def find_oracle(name: str) -> Oracle | None:
    """The server ``name`` (one of :data:`ORACLE_NAMES`) when it can be found here, else None."""
    product, _, release = name.partition("-")
    candidates = [oracle_cache() / name / "bin"]
    if name.startswith("redis-7.0."):
        system = shutil.which("redis-server")
        if system:
            candidates.append(Path(system).resolve().parent)
    want = release.rsplit(".", 1)[0]  # the release line: any patch of it will do
    for bindir in candidates:
        server = bindir / "redis-server"
        if not (server.exists() and (bindir / "redis-sentinel").exists()):
            continue
        found = _version_of(str(server))
        if found.rsplit(".", 1)[0] == want:
            return Oracle(name, product, found, bindir)
    return None


def need_oracle(name: str) -> Oracle:
    """The server ``name``; fails under CI=true, skips elsewhere, when it cannot be found."""
    found = find_oracle(name)
    if found is None:
        unavailable(f"no {name} server in {oracle_cache()} (build it: {BUILD_HINT})")
    return found


# --- the server's verdict --------------------------------------------------------------------------

_READY = re.compile(r"Ready to accept connections|Sentinel ID is|The server is now ready to accept")

_ENVIRONMENTAL = re.compile(
    "|".join(
        [
            r"[Cc]an't open config file",  # an include that does not exist on this machine
            r"Can't chdir to",
            r"Can't open the log file",
            r"Could not create server TCP listening socket",
            r"Failed listening on port",
            r"Opening Unix socket",
            r"Failed opening Unix socket",
            r"Module .* failed to load|Can't load module|Module .* initialization failed",
            r"Failed to configure TLS|Failed to load certificate|Failed to load private key|TLS",
            r"Failed to load CA|tls-.*-file",
            r"Error loading ACLs|Error reading the ACL file|Failed to open the ACL file",
            r"Can't open or create append-only dir|Can't create AOF dir",
            r"Failed opening the temp RDB|Failed opening .rdb",
            r"Can't write the pid file|Failed to write PID file",
            r"Can't set the process title|proc-title",
            r"mmap|Out Of Memory|OOM",
            r"bio: Can't create",
            r"Failed loading the cluster config|Unrecoverable error: can't open|nodes.conf",
            r"Sentinel config file .* is not writable",
            r"No such file or directory|Permission denied|Not a directory",  # a path of this machine
            r"non existing or non executable",  # a Sentinel script that is not on this machine
            r"Failed to configure LOCALE",  # locale-collate: the locales installed on this machine
        ]
    )
)
"""Why a server exits because of this machine, not because of the file's grammar."""

_FATAL = re.compile(r"FATAL CONFIG FILE ERROR|Bad directive|Reading the configuration file")


@dataclass(frozen=True)
class ServerVerdict:
    status: Status
    log: str

    @property
    def reason(self) -> str:
        """For an environmental verdict, what of this machine stopped the server (the pattern matched)."""
        if self.status != "environmental":
            return ""
        text = _fatal_reason(self.log) if _FATAL.search(self.log) else self.log
        m = _ENVIRONMENTAL.search(text)
        return m.group(0) if m else ""


def server_verdict(oracle: Oracle, conf: Path, kind: Kind, *, timeout: float = 6.0) -> ServerVerdict:
    """Start ``oracle`` (server or Sentinel) on ``conf`` in ``conf``'s folder, on 127.0.0.1 and a free
    port, and stop it again. The command line sets only what keeps the run local and short-lived
    (port, bind, no snapshots, the working folder); the file's own values are read first."""
    folder = conf.parent
    port = free_port()
    # (--logfile "": the server reports on its output whatever logfile the file names; the file's
    # value is still read and checked)
    argv = [oracle.binary(kind), str(conf), "--port", str(port), "--bind", LOCAL, "--daemonize", "no", "--logfile", ""]
    if kind == "redis":
        argv += ["--save", ""]
    argv += ["--dir", str(folder)]
    log_path = folder / f"server-{port}.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        status: Status | None = None
        while status is None:
            code = proc.poll()
            log = log_path.read_text(errors="replace")
            if _READY.search(log):
                status = "accepted"
            elif code is not None:
                status = "refused"
            elif time.monotonic() > deadline:
                status = "accepted"  # still running: it did not refuse the file
            else:
                time.sleep(0.004)
    finally:
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    log = log_path.read_text(errors="replace")
    # (an empty path names nothing on any machine: the file's own mistake, not this machine's)
    if (
        status == "refused"
        and _ENVIRONMENTAL.search(_fatal_reason(log) if _FATAL.search(log) else log)
        and not re.search(r"""^>>> '.*(script|include|file)[^']* ""'$""", log, re.M)
    ):
        status = "environmental"
    return ServerVerdict(status, log)


def _fatal_reason(log: str) -> str:
    """The reason line of a ``FATAL CONFIG FILE ERROR`` report (the last non-blank line)."""
    lines = [ln for ln in log.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


# --- redislint's verdict ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LintVerdict:
    refuses: bool
    findings: tuple[tuple[str, int, str, str], ...]
    """(rule, line, severity, message) of every finding of :data:`REFUSING` rules and RL008."""


def lint_verdict(folder: Path, target: str) -> LintVerdict:
    """``redislint check FOLDER --redis-version TARGET --select RL001,...`` as a function."""
    from redislint.api import lint
    from redislint.engine.context import Settings

    settings = Settings(redis_version=target, select=(*sorted(REFUSING), "RL008"))
    report = lint([str(folder)], settings, root=str(folder))
    found = tuple((f.rule_id, f.span.start_line, f.severity.name.lower(), f.message) for f in report.findings)
    refuses = any(r in REFUSING and sev == "critical" for r, _, sev, _ in found)
    return LintVerdict(refuses, found)


def missing_file_reported(verdict: LintVerdict) -> bool:
    """Whether redislint said a file the config names is not there (RL008): the environmental cases."""
    return any(r == "RL008" for r, _, _, _ in verdict.findings)
