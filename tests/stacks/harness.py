"""Boot a reference stack without Docker: every Redis, Sentinel and cluster service of the stack
becomes a real ``redis-server`` / ``redis-sentinel`` process on 127.0.0.1.

The stack is read through redislint's own model (:func:`redislint.api.load_project`): each node's
effective configuration (config file, its includes, then command-line options, in Redis's order)
is written out as one flat config file, with what only makes sense inside Docker mapped to this
host:

* ports: every node gets a free port on 127.0.0.1 (cluster nodes: a free bus port, port + 10000);
* service names and container IPs (``replicaof``, ``sentinel monitor``, ``*-announce-ip``,
  ``redis-cli --cluster create``) become 127.0.0.1 and the node's port;
* container paths (``dir``, ``include``d secrets, TLS files) become files and folders of a
  temporary directory (``dir`` a fresh data folder per node);
* directives the local server (Debian's 7.0) does not know but the stack's version does are
  dropped, and :attr:`StackRun.dropped` says which.

The secret files are made the way ``redislint init`` makes them: the stack is written with
:func:`redislint.init.write_stack` first, so the boot test also proves that what ``init`` writes
starts. The TLS stack's certificates come from its own ``gen-certs.sh``.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from redislint.api import load_project
from redislint.init import write_stack
from redislint.model.compose import Service
from redislint.model.conf import Directive
from redislint.model.project import Project, RedisNode
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, wait_started

LOCAL_VERSION_COLUMN = "redis-7.0.15"
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def known_locally() -> dict[str, bool]:
    """Directive -> whether the local server (7.0) knows it, from redislint's version table."""
    out: dict[str, bool] = {}
    with resources.files("redislint").joinpath("data/redis-directives-by-version.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["directive"]] = bool((row.get(LOCAL_VERSION_COLUMN) or "").strip())
    return out


def quote(arg: str) -> str:
    """One argument for a redis.conf line (double quotes, as sdssplitargs reads them)."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


@dataclass
class Proc:
    service: str
    kind: str
    """``redis`` or ``sentinel``."""
    port: int
    conf: Path
    workdir: Path
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None


@dataclass
class CliResult:
    rc: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return (self.out + self.err).strip()


@dataclass
class StackRun:
    """One reference stack written by ``init`` into ``base``, read through the model, and booted."""

    topology: str
    base: Path
    binaries: dict[str, str]
    root: Path = field(init=False)
    project: Project = field(init=False)
    runner: Procs = field(init=False)
    """Every process of the run (started in their own session, all stopped by :meth:`stop_all`)."""
    procs: dict[str, Proc] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    """Service -> directives dropped because the local server is older than the stack's."""
    passwords: dict[str, str] = field(default_factory=dict)
    """Secret file name -> its content (the bare password files of the stack)."""

    def __post_init__(self) -> None:
        self.root = self.base / "stack"
        write_stack(self.topology, str(self.root))
        if (self.root / "gen-certs.sh").is_file():
            subprocess.run(
                ["sh", str(self.root / "gen-certs.sh"), str(self.root / "certs")],
                check=True,
                capture_output=True,
                timeout=60,
            )
        self.project, notices = load_project([str(self.root)], root=str(self.root))
        assert not [n for n in notices if "no such file" in n], notices
        self.run_dir = self.base / "run"
        self.run_dir.mkdir()
        self.runner = Procs(self.run_dir)
        for f in (self.root / "secrets").iterdir():
            if not f.name.endswith(".example") and "." not in f.name:
                self.passwords[f.name] = f.read_text(encoding="utf-8").strip()
        self._known = known_locally()
        taken: set[int] = set()
        for node in self.all_nodes:
            self.ports[node.label] = free_port(taken, with_bus=node.cluster)

    # ------------------------------------------------------------------ model
    @property
    def all_nodes(self) -> list[RedisNode]:
        return [n for n in (*self.project.nodes, *self.project.sentinels) if n.service is not None]

    def node(self, service: str) -> RedisNode:
        for n in self.all_nodes:
            if n.label == service:
                return n
        raise KeyError(service)

    def service(self, name: str) -> Service:
        for st in self.project.stacks:
            if name in st.services:
                return st.services[name]
        raise KeyError(name)

    def resolve(self, host: str | None) -> str | None:
        """The service a host name or container IP of the stack stands for."""
        if not host:
            return None
        for n in self.all_nodes:
            svc = n.service
            assert svc is not None
            if host == svc.name or any(host in aliases for aliases in svc.networks.values()):
                return svc.name
            if _IPV4.match(host) and svc.node is not None:
                nets = svc.node.get("networks")
                if nets is not None and nets.kind == "map":
                    for _k, v in nets.pairs:
                        if v.kind == "map":
                            ip = v.get("ipv4_address")
                            if ip is not None and ip.text == host:
                                return svc.name
        return None

    def host_file(self, node: RedisNode, container_path: str) -> str:
        """The file of the written stack that the service sees at ``container_path``."""
        assert node.service is not None
        host = self.project.host_path(node.service, container_path)
        if host is None:
            raise AssertionError(f"{node.label}: {container_path} is not mounted from the stack")
        return str(host)

    # ------------------------------------------------------------------ config
    def render(self, node: RedisNode, workdir: Path) -> list[str]:
        """The node's effective configuration as flat redis.conf lines, mapped to this host."""
        lines: list[str] = []
        dropped: list[str] = []
        port = self.ports[node.label]
        tls = node.value("tls-port") not in (None, "0")
        for d in node.directives:
            name = d.name
            if name == "include":
                continue  # the included directives follow it in node.directives, in place
            if name in self._known and not self._known[name]:
                dropped.append(name)
                continue
            args = self._map_args(node, d, port, tls, workdir)
            if args is None:
                continue
            lines.append(" ".join([name, *(quote(a) for a in args)]))
        # Local-only settings, after the stack's: loopback, foreground, a log file per node.
        lines += [f"bind {LOCAL}", "daemonize no", f"logfile {quote(str(workdir / 'server.log'))}"]
        if dropped:
            self.dropped[node.label] = dropped
        return lines

    def _map_args(self, node: RedisNode, d: Directive, port: int, tls: bool, workdir: Path) -> list[str] | None:
        texts = [a.text for a in d.args]
        if any(t is None for t in texts):
            raise AssertionError(f"{node.label}: {d.name} has a value unknown at lint time")
        args = [t or "" for t in texts]
        name = d.name
        if name == "port":
            return ["0"] if args and args[0] == "0" else [str(port)]
        if name == "tls-port":
            return [str(port)]
        if name == "dir":
            data = workdir / "data"
            data.mkdir(parents=True, exist_ok=True)
            return [str(data)]
        if name in ("replicaof", "slaveof") and len(args) == 2:
            target = self.resolve(args[0])
            assert target is not None, f"{node.label}: replicaof {args[0]} names no service of the stack"
            return [LOCAL, str(self.ports[target])]
        if name in ("replica-announce-ip", "slave-announce-ip", "cluster-announce-ip", "cluster-announce-hostname"):
            return [LOCAL]
        if name in ("replica-announce-port", "cluster-announce-port"):
            return [str(port)]
        if name == "cluster-announce-bus-port":
            return [str(port + 10000)]
        if name == "sentinel" and args:
            sub = args[0].lower()
            if sub == "monitor" and len(args) == 5:
                target = self.resolve(args[2])
                assert target is not None, f"{node.label}: sentinel monitor {args[2]} names no service"
                return [args[0], args[1], LOCAL, str(self.ports[target]), args[4]]
            if sub == "announce-ip":
                return [args[0], LOCAL]
            if sub == "announce-port":
                return [args[0], str(port)]
            return args
        if name.startswith("tls-") and name.endswith(("-file", "-dir")) and args and args[0].startswith("/"):
            return [self.host_file(node, args[0])]
        if name in ("aclfile", "unixsocket", "pidfile", "logfile"):
            return None if name != "aclfile" else [self.host_file(node, args[0])]
        return args

    # ------------------------------------------------------------------ processes
    def start(self, service: str) -> Proc:
        node = self.node(service)
        workdir = self.run_dir / service
        workdir.mkdir(exist_ok=True)
        # Sentinel rewrites its config: it gets a writable folder of its own, like in the stack.
        conf_dir = workdir / "conf"
        conf_dir.mkdir(exist_ok=True)
        conf = conf_dir / ("sentinel.conf" if node.kind == "sentinel" else "redis.conf")
        conf.write_text("\n".join(self.render(node, workdir)) + "\n", encoding="utf-8")
        binary = self.binaries["redis-sentinel" if node.kind == "sentinel" else "redis-server"]
        log = workdir / "stdout.log"
        proc = Proc(service, node.kind, self.ports[service], conf, workdir, log)
        proc.popen = self.runner.start([binary, str(conf)], log, cwd=workdir)
        self.procs[service] = proc
        return proc

    def wait_up(self, service: str, timeout: float = 15.0) -> None:
        """Until the process answers (PONG, or NOAUTH: it is up and wants a password)."""
        popen = self.procs[service].popen
        assert popen is not None

        def up() -> bool:
            r = self.cli(service, "PING", auth=None, timeout=3)
            return "PONG" in r.text or "NOAUTH" in r.text

        wait_started(popen, up, service, lambda: self.logs(service), timeout)

    def start_all(self) -> None:
        """Primaries first, then replicas and cluster nodes, then Sentinels (depends_on order)."""
        data = [n for n in self.project.nodes if n.service is not None]
        data.sort(key=lambda n: n.get("replicaof") is not None)
        for n in data:
            self.start(n.label)
        for n in data:
            self.wait_up(n.label)
        sentinels = [n for n in self.project.sentinels if n.service is not None]
        for n in sentinels:
            self.start(n.label)
        for n in sentinels:
            self.wait_up(n.label)

    def kill(self, service: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[service]
        if proc.popen is not None and proc.popen.poll() is None:
            os.kill(proc.popen.pid, sig)
            proc.popen.wait(timeout=10)

    def stop_all(self) -> None:
        """Stop every process this run started (SIGTERM, then SIGKILL); never raises."""
        self.runner.close(graceful=True)

    def logs(self, service: str) -> str:
        proc = self.procs.get(service)
        if proc is None:
            return ""
        parts = []
        for f in (proc.log, proc.workdir / "server.log"):
            if f.is_file():
                parts.append(f.read_text(encoding="utf-8", errors="replace")[-3000:])
        return "\n".join(parts)

    # ------------------------------------------------------------------ clients
    def tls_args(self, service: str, cert: bool = True) -> list[str]:
        node = self.node(service)
        ca = node.value("tls-ca-cert-file")
        assert ca is not None
        args = ["--tls", "--cacert", self.host_file(node, ca)]
        if cert:
            args += ["--cert", str(self.root / "certs" / "client.crt"), "--key", str(self.root / "certs" / "client.key")]
        return args

    def cli(
        self,
        service: str,
        *command: str,
        auth: str | None = "default",
        user: str | None = None,
        tls: bool | None = None,
        cert: bool = True,
        extra: tuple[str, ...] = (),
        timeout: float = 10,
        port: int | None = None,
    ) -> CliResult:
        """redis-cli against a service. ``auth``: which bare password file to authenticate with
        (``default`` = redis_password, ``sentinel`` = sentinel_password, ``admin`` =
        redis_admin_password, or None); the password goes through REDISCLI_AUTH, never argv."""
        node = self.node(service)
        env = {k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}
        if auth is not None:
            env["REDISCLI_AUTH"] = self.password_for(auth)
        use_tls = (node.value("tls-port") not in (None, "0")) if tls is None else tls
        args = [self.binaries["redis-cli"], "-h", LOCAL, "-p", str(port or self.ports[service])]
        if user:
            args += ["--user", user]
        if use_tls:
            args += self.tls_args(service, cert)
        args += [*extra, *command]
        try:
            r = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return CliResult(124, "", "timeout")
        return CliResult(r.returncode, r.stdout, r.stderr)

    def password_for(self, who: str) -> str:
        files = {"default": "redis_password", "sentinel": "sentinel_password", "admin": "redis_admin_password"}
        name = files.get(who, who)
        if name in self.passwords:
            return self.passwords[name]
        if who == "admin":
            # stacks without a bare admin password file: read it from the ACL secret
            acl = (self.root / "secrets" / "redis_acl.conf").read_text(encoding="utf-8")
            m = re.search(r"^user admin on >(\S+)", acl, re.MULTILINE)
            assert m is not None
            return m.group(1)
        raise KeyError(who)

    def info(self, service: str, section: str, **kw: object) -> dict[str, str]:
        r = self.cli(service, "INFO", section, auth="admin", user="admin", **kw)  # type: ignore[arg-type]
        out: dict[str, str] = {}
        for line in r.out.splitlines():
            if ":" in line and not line.startswith("#"):
                k, _, v = line.strip().partition(":")
                out[k] = v
        return out

    # ------------------------------------------------------------------ cluster
    def cluster_create_command(self) -> list[str]:
        """The ``redis-cli --cluster create`` arguments of the stack's init service, mapped here."""
        for st in self.project.stacks:
            for svc in st.services.values():
                texts = [v.text or "" for v in (svc.command or ())]
                body = " ".join(texts)
                m = re.search(r"redis-cli\b(.*?--cluster\s+create\b.*)$", body, re.MULTILINE)
                if not m:
                    continue
                words = m.group(1).split()
                out: list[str] = []
                i = 0
                while i < len(words):
                    w = words[i]
                    if w in ("--user",) and i + 1 < len(words):
                        out += [w, words[i + 1]]
                        i += 2
                        continue
                    hp = re.match(r"^([^:\s]+):(\d+)$", w)
                    if hp:
                        target = self.resolve(hp.group(1))
                        assert target is not None, f"cluster create names {w}: no service"
                        out.append(f"{LOCAL}:{self.ports[target]}")
                    else:
                        out.append(w)
                    i += 1
                return out
        raise AssertionError("no service runs redis-cli --cluster create")


def cleanup_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
