"""The Kubernetes reference stack (stacks/kubernetes, ``redislint init kubernetes-sentinel``): every
document valid against the Kubernetes schema, the production properties the stack promises, and its
redis.conf / replica.conf / sentinel.conf booted as real redis-server / redis-sentinel processes on
127.0.0.1 (only host names, ports and container paths rewritten for loopback), with replication up
and every Sentinel seeing the primary, both replicas and the two other Sentinels."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pathspec
import pytest
import yaml

from redislint.init import PLACEHOLDER, stack_folder, write_stack
from tests.support.binaries import need_binary, unavailable
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, wait_started, wait_until
from tests.support.resp import Client, answers, wire

STACK = Path(__file__).resolve().parent.parent / "stacks" / stack_folder("kubernetes-sentinel")
# The oldest Kubernetes release still widely run, and the newest the validator knows.
SCHEMA_VERSIONS = ("1.29.0", "latest")
README_SECTIONS = ("## What it is for", "## Start it", "## Rotate the passwords", "## What it does not cover")
NOT_RESOURCES = {"Kustomization"}  # kustomize's own file: not sent to the API server


def _documents(root: Path = STACK) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for f in sorted(root.glob("*.yaml")):
        with open(f, encoding="utf-8") as fh:
            for doc in yaml.safe_load_all(fh):
                if doc is not None:
                    out.append((f.name, doc))
    return out


def _resources(root: Path = STACK) -> list[tuple[str, dict[str, Any]]]:
    return [(f, d) for f, d in _documents(root) if d["kind"] not in NOT_RESOURCES]


def _one(kind: str, name: str, root: Path = STACK) -> dict[str, Any]:
    found = [d for _f, d in _resources(root) if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} documents"
    return found[0]


def _container(sts: dict[str, Any], name: str, init: bool = False) -> dict[str, Any]:
    spec = sts["spec"]["template"]["spec"]
    for c in spec["initContainers" if init else "containers"]:
        if c["name"] == name:
            return c
    raise KeyError(name)


def _mount(container: dict[str, Any], volume: str) -> dict[str, Any]:
    for m in container["volumeMounts"]:
        if m["name"] == volume:
            return m
    raise KeyError(volume)


def _kustomization(root: Path = STACK) -> dict[str, Any]:
    return next(d for f, d in _documents(root) if d["kind"] == "Kustomization")


# ------------------------------------------------------------------------------------- schema


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
def test_every_document_validates_against_the_kubernetes_schema(version: str) -> None:
    try:
        import kubernetes_validate
    except ImportError:
        unavailable("kubernetes-validate is not installed (pip install -e '.[test]')")
    target = kubernetes_validate.latest_version() if version == "latest" else version
    kinds = []
    for fname, doc in _resources():
        try:
            kubernetes_validate.validate(doc, target, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{fname}: {doc['kind']}/{doc['metadata']['name']} is not valid Kubernetes {target}: {exc.message}")
        kinds.append(doc["kind"])
    assert sorted(set(kinds)) == ["ConfigMap", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Service", "StatefulSet"]


def test_the_validator_refuses_a_broken_document() -> None:
    """The schema check is real: a misspelt field and a wrong type are refused."""
    try:
        import kubernetes_validate
    except ImportError:
        unavailable("kubernetes-validate is not installed (pip install -e '.[test]')")
    pdb = _one("PodDisruptionBudget", "redis")
    broken = {**pdb, "spec": {**pdb["spec"], "minAvailabel": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, "1.29.0", strict=True)
    sts = _one("StatefulSet", "redis")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate({**sts, "spec": {**sts["spec"], "replicas": "three"}}, "1.29.0", strict=True)


def test_kustomization_lists_every_manifest() -> None:
    k = _kustomization()
    assert sorted(k["resources"]) == sorted(f.name for f in STACK.glob("*.yaml") if f.name != "kustomization.yaml")


# ------------------------------------------------------------------------------------- production properties


def test_stack_is_complete_and_commits_no_secret() -> None:
    readme = (STACK / "README.md").read_text(encoding="utf-8")
    for section in README_SECTIONS:
        assert section in readme, f"README.md: no '{section}' section"
    assert not [d for _f, d in _resources() if d["kind"] == "Secret"], "a Secret is committed"
    spec = pathspec.GitIgnoreSpec.from_lines((STACK / ".gitignore").read_text(encoding="utf-8").splitlines())
    for gen in _kustomization()["secretGenerator"]:
        for rel in gen["files"]:
            assert spec.match_file(rel), f"{rel} is not git-ignored"
            assert not (STACK / rel).exists(), f"{rel} exists in the repository"
            example = STACK / (rel + ".example")
            assert PLACEHOLDER.search(example.read_text(encoding="utf-8")), f"{example.name}: no placeholder"
    for f in STACK.rglob("*"):
        if f.is_file():
            text = f.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(requirepass|masterauth|sentinel auth-pass \S+)\s+(?!\{\{)\S", text, re.M), f
            assert not re.search(r"\buser \S+ on >(?!\{\{)", text), f
            for rule_id in re.findall(r"redislint: disable=(RL\d{3})", text):
                assert rule_id in readme, f"{rule_id} is suppressed in {f.name} but the README does not say why"


def test_services_stay_inside_the_cluster() -> None:
    services = [d for _f, d in _resources() if d["kind"] == "Service"]
    assert services
    for svc in services:
        assert svc["spec"].get("type", "ClusterIP") == "ClusterIP", svc["metadata"]["name"]
        assert not any("nodePort" in p for p in svc["spec"]["ports"])


def test_data_nodes_and_sentinels_are_spread_budgeted_and_limited() -> None:
    pdbs = [d for _f, d in _resources() if d["kind"] == "PodDisruptionBudget"]
    policies = [d for _f, d in _resources() if d["kind"] == "NetworkPolicy"]
    for name in ("redis", "sentinel"):
        sts = _one("StatefulSet", name)
        labels = sts["spec"]["template"]["metadata"]["labels"]
        spec = sts["spec"]["template"]["spec"]
        assert sts["spec"]["replicas"] == 3
        terms = spec["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        assert any(t["topologyKey"] == "kubernetes.io/hostname" and t["labelSelector"]["matchLabels"].items() <= labels.items() for t in terms)
        assert any(p["spec"]["selector"]["matchLabels"].items() <= labels.items() and p["spec"]["minAvailable"] == 2 for p in pdbs)
        assert any(p["spec"]["podSelector"]["matchLabels"].items() <= labels.items() for p in policies)
        assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] != 0
        for c in spec["containers"] + spec.get("initContainers", []):
            assert re.search(r":v?\d+\.\d+\.\d+$", c["image"]), f"{name}/{c['name']}: {c['image']} is not pinned"
            res = c["resources"]
            assert res["limits"]["memory"], f"{name}/{c['name']}: no memory limit"
            assert c["securityContext"]["allowPrivilegeEscalation"] is False
        main = spec["containers"][0]
        assert main["resources"]["requests"]["memory"] == main["resources"]["limits"]["memory"] or name == "sentinel"
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            cmd = " ".join(main[probe]["exec"]["command"])
            assert "REDISCLI_AUTH=" in cmd and "grep -q" in cmd and "PONG" in cmd and " -a " not in cmd, (
                f"{name}.{probe}: {cmd}"
            )
            # alive while loading (LOADING), ready only when it answers PONG
            assert ("LOADING" in cmd) == (name == "redis" and probe != "readinessProbe"), f"{name}.{probe}: {cmd}"
    data = _one("StatefulSet", "redis")
    assert data["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == _mount(_container(data, "redis"), "data")["name"]
    assert _mount(_container(data, "redis"), "data")["mountPath"] == "/data"


def test_sentinel_config_is_copied_to_a_writable_volume() -> None:
    sts = _one("StatefulSet", "sentinel")
    volumes = {v["name"]: v for v in sts["spec"]["template"]["spec"]["volumes"]}
    main = _container(sts, "sentinel")
    conf = main["command"][-1]
    mount = next(m for m in main["volumeMounts"] if conf.startswith(m["mountPath"].rstrip("/") + "/"))
    assert "emptyDir" in volumes[mount["name"]] and not mount.get("readOnly"), "Sentinel's config folder must be writable"
    init = _container(sts, "copy-config", init=True)
    src = _mount(init, "config")
    assert "configMap" in volumes["config"] and src["readOnly"] is True
    script = init["args"][0]
    assert f"cp {src['mountPath']}/sentinel.conf {conf}" in script
    assert _mount(init, mount["name"])["mountPath"] == mount["mountPath"]


# ------------------------------------------------------------------------------------- boot


def _cli(port: int, *args: str, user: str | None = None, password: str | None = None) -> str:
    with Client(port) as c:
        if password is not None:
            r = c.call("AUTH", *(a for a in (user, password) if a))
            assert wire(r) == "+OK", f"AUTH on {port}: {wire(r)}"
        return wire(c.call(*args))


class Boot:
    """The stack written by ``redislint init kubernetes-sentinel``, its configs rewritten for 127.0.0.1."""

    def __init__(self, base: Path) -> None:
        self.root = base / "stack"
        write_stack("kubernetes-sentinel", str(self.root))
        self.run = base / "run"
        self.run.mkdir()
        self.data = _one("StatefulSet", "redis", self.root)
        self.sentinel = _one("StatefulSet", "sentinel", self.root)
        self.config = _one("ConfigMap", "redis-config", self.root)["data"]
        ns = self.data["metadata"]["namespace"]
        taken: set[int] = set()
        self.ports: dict[str, int] = {}
        self.hosts: dict[str, str] = {}
        for sts in (self.data, self.sentinel):
            for i in range(sts["spec"]["replicas"]):
                pod = f"{sts['metadata']['name']}-{i}"
                self.ports[pod] = free_port(taken)
                self.hosts[f"{pod}.{sts['spec']['serviceName']}.{ns}.svc.cluster.local"] = pod
        secrets = self.root / "secrets"
        self.secret_mount = _mount(_container(self.data, "redis"), "auth")["mountPath"]
        assert _mount(_container(self.sentinel, "sentinel"), "auth")["mountPath"] == self.secret_mount
        self.secret_files = {f"{self.secret_mount}/{f.name}": str(f) for f in secrets.iterdir() if not f.name.endswith(".example")}
        acl = (secrets / "redis_acl.conf").read_text(encoding="utf-8")
        m = re.search(r"^user admin on >(\S+)", acl, re.M)
        assert m is not None
        self.admin = m.group(1)
        self.sentinel_password = (secrets / "sentinel_password").read_text(encoding="utf-8").strip()

    def render(self, text: str, pod: str, includes: dict[str, str]) -> str:
        """A config of the stack with its host names, ports and container paths mapped to this host;
        anything else naming the cluster is an error (it would not be tested)."""
        work = self.run / pod
        lines: list[str] = []
        for line in text.splitlines():
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "port":
                w = ["port", str(self.ports[pod])]
            elif w[0] == "dir":
                (work / "data").mkdir(parents=True, exist_ok=True)
                w = ["dir", str(work / "data")]
            elif w[0] == "include":
                assert w[1] in includes, f"{pod}: include {w[1]} is not provided by a mount"
                w = ["include", includes[w[1]]]
            elif w[0] == "replicaof":
                w = ["replicaof", LOCAL, str(self._port(w[1], w[2]))]
            elif w[:2] == ["sentinel", "monitor"]:
                w = [*w[:3], LOCAL, str(self._port(w[3], w[4])), w[5]]
            elif w[:2] == ["sentinel", "announce-ip"]:
                assert self.hosts.get(w[2]) == pod, f"{pod} announces {w[2]}"
                w = ["sentinel", "announce-ip", LOCAL]
            assert "cluster.local" not in " ".join(w), f"{pod}: unmapped host name in {line!r}"
            lines.append(" ".join(w))
        return "\n".join([*lines, f"bind {LOCAL}", "daemonize no", f"logfile {work / 'server.log'}"]) + "\n"

    def _port(self, host: str, port: str) -> int:
        pod = self.hosts.get(host)
        assert pod is not None and pod.startswith("redis-"), f"{host} is no pod of the redis StatefulSet"
        assert port == "6379"
        return self.ports[pod]

    def data_argv(self, pod: str, binary: str) -> list[str]:
        """What the redis container's script runs for this pod, with its conf files rendered."""
        script = _container(self.data, "redis")["args"][0]
        mount = _mount(_container(self.data, "redis"), "config")["mountPath"]
        conf_dir = self.run / pod / "conf"
        conf_dir.mkdir(parents=True)
        includes = dict(self.secret_files)
        for key in ("redis.conf", "replica.conf"):
            includes[f"{mount}/{key}"] = str(conf_dir / key)
        for key in ("redis.conf", "replica.conf"):
            (conf_dir / key).write_text(self.render(self.config[key], pod, includes), encoding="utf-8")
        first = pod.endswith("-0")
        m = re.search(rf"exec redis-server {mount}/({'redis' if first else 'replica'})\.conf --replica-announce-ip", script)
        assert m, f"the redis container does not start {pod} the way this test does:\n{script}"
        return [binary, str(conf_dir / f"{m.group(1)}.conf"), "--replica-announce-ip", LOCAL]

    def sentinel_argv(self, pod: str, binary: str) -> list[str]:
        """The init container's copy (the ConfigMap's sentinel.conf plus this pod's announce-ip), rendered."""
        script = _container(self.sentinel, "copy-config", init=True)["args"][0]
        m = re.search(r'echo "(sentinel announce-ip \$\{HOSTNAME\}\S+)"', script)
        assert m, script
        text = self.config["sentinel.conf"] + m.group(1).replace("${HOSTNAME}", pod) + "\n"
        conf_dir = self.run / pod / "conf"
        conf_dir.mkdir(parents=True)
        (conf_dir / "sentinel.conf").write_text(self.render(text, pod, dict(self.secret_files)), encoding="utf-8")
        assert _container(self.sentinel, "sentinel")["command"][0] == "redis-sentinel"
        return [binary, str(conf_dir / "sentinel.conf")]

    def probe(
        self, sts: dict[str, Any], pod: str, cli: str, secrets: str | None = None, kind: str = "livenessProbe"
    ) -> int:
        """Run one of the pod's probe commands here: redis-cli and the port mapped, the Secret's
        mount path mapped to the written secret files (or to ``secrets``)."""
        main = _container(sts, sts["spec"]["template"]["spec"]["containers"][0]["name"])
        cmd = list(main[kind]["exec"]["command"])
        folder = secrets or str(self.root / "secrets")
        body = cmd[-1].replace(self.secret_mount + "/", folder + "/")
        body = re.sub(r"redis-cli( -p \d+)?", f"{cli} -h {LOCAL} -p {self.ports[pod]}", body)
        env = {k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}
        return subprocess.run([*cmd[:-1], body], env=env, capture_output=True, timeout=20).returncode


@pytest.mark.redis
@pytest.mark.slow
def test_stack_boots_replicates_and_sentinels_see_the_primary(tmp_path: Path) -> None:
    server, sentinel, cli = (need_binary(b) for b in ("redis-server", "redis-sentinel", "redis-cli"))
    boot = Boot(tmp_path)
    procs = Procs(boot.run)
    data = [f"redis-{i}" for i in range(3)]
    sentinels = [f"sentinel-{i}" for i in range(3)]
    try:
        for pod in data:
            p = procs.start(boot.data_argv(pod, server), f"{pod}.log", cwd=boot.run)
            wait_started(p, lambda pod=pod: answers(boot.ports[pod]), pod, lambda pod=pod: procs.log(f"{pod}.log") + _log(boot, pod))
        for pod in sentinels:
            p = procs.start(boot.sentinel_argv(pod, sentinel), f"{pod}.log", cwd=boot.run)
            wait_started(p, lambda pod=pod: answers(boot.ports[pod]), pod, lambda pod=pod: procs.log(f"{pod}.log") + _log(boot, pod))
        primary = boot.ports["redis-0"]
        # auth is enforced; the application's user cannot run dangerous commands
        assert _cli(primary, "SET", "k8s:probe", "x").startswith("-NOAUTH")
        default = (boot.root / "secrets" / "redis_password").read_text(encoding="utf-8").strip()
        assert _cli(primary, "SET", "k8s:key", "v1", password=default) == "+OK"
        assert _cli(primary, "CONFIG", "GET", "maxmemory", password=default).startswith("-NOPERM")
        assert _cli(primary, "CONFIG", "GET", "maxmemory", user="admin", password=boot.admin) == f"maxmemory {750 * 1024 * 1024}"
        for pod in data[1:]:
            port = boot.ports[pod]
            wait_until(lambda port=port: "master_link_status:up" in _cli(port, "INFO", "replication", user="admin", password=boot.admin), 30, f"{pod} link up")
            wait_until(lambda port=port: _cli(port, "GET", "k8s:key", password=default) == "v1", 10, f"{pod} sees the write")
            assert _cli(port, "SET", "k8s:key", "v2", password=default).startswith("-READONLY")
        for pod in sentinels:
            port = boot.ports[pod]
            assert _cli(port, "SENTINEL", "get-master-addr-by-name", "mymaster").startswith("-NOAUTH")
            assert _cli(port, "SENTINEL", "get-master-addr-by-name", "mymaster", password=boot.sentinel_password) == f"{LOCAL} {primary}"
            wait_until(lambda port=port: _count(port, "replicas", boot.sentinel_password) == 2, 30, f"{pod} sees both replicas")
            wait_until(lambda port=port: _count(port, "sentinels", boot.sentinel_password) == 2, 30, f"{pod} sees the two other Sentinels")
            info = _cli(port, "SENTINEL", "master", "mymaster", password=boot.sentinel_password)
            assert re.search(r"\bquorum 2\b", info) and re.search(r"\bflags master\b", info), info
        # the probes of the manifests pass here, and fail with a wrong password
        wrong = tmp_path / "wrong"
        wrong.mkdir()
        for name in ("redis_password", "sentinel_password"):
            (wrong / name).write_text("not-the-password\n", encoding="utf-8")
        for sts, pod in ((boot.data, "redis-1"), (boot.sentinel, "sentinel-2")):
            assert boot.probe(sts, pod, cli) == 0, f"{pod}: the liveness probe fails on a healthy server"
            assert boot.probe(sts, pod, cli, secrets=str(wrong)) != 0, f"{pod}: the probe passes with a wrong password"
    finally:
        procs.close(graceful=True)
        shutil.rmtree(boot.run / "redis-0" / "data", ignore_errors=True)


def _count(port: int, what: str, password: str) -> int:
    with Client(port) as c:
        assert wire(c.call("AUTH", password)) == "+OK"
        reply = c.call("SENTINEL", what, "mymaster")
    return len(reply) if isinstance(reply, list) else -1


def _log(boot: Boot, pod: str) -> str:
    f = boot.run / pod / "server.log"
    return f.read_text(encoding="utf-8", errors="replace")[-3000:] if f.is_file() else ""


@pytest.mark.redis
@pytest.mark.slow
def test_probes_keep_a_loading_node_alive_but_not_ready(tmp_path: Path) -> None:
    """A data node that loads a large dataset answers LOADING: the stack's liveness (and startup)
    probe passes, the readiness probe fails, and both pass once it is loaded. Test-only options
    slow the load down (``key-load-delay``) and keep the server answering while it loads."""
    server, cli = need_binary("redis-server"), need_binary("redis-cli")
    boot = Boot(tmp_path)
    procs = Procs(boot.run)
    pod = "redis-0"
    argv = boot.data_argv(pod, server)
    port = boot.ports[pod]
    try:
        p = procs.start(argv, "first.log", cwd=boot.run)
        wait_started(p, lambda: answers(port), pod, lambda: procs.log("first.log") + _log(boot, pod))
        keys = "".join(f"SET k8s:load:{i} {i}\r\n" for i in range(30000))
        env = {**{k: v for k, v in os.environ.items() if k != "REDISCLI_AUTH"}, "REDISCLI_AUTH": boot.admin}
        piped = subprocess.run(
            [cli, "-h", LOCAL, "-p", str(port), "--user", "admin", "--pipe"],
            input=keys.encode(), env=env, capture_output=True, timeout=60,
        )  # fmt: skip
        assert piped.returncode == 0, piped.stderr
        # an RDB-preamble AOF, then a clean stop: the next start loads 30000 keys
        started = _cli(port, "BGREWRITEAOF", user="admin", password=boot.admin)
        assert started.startswith("+Background"), started
        wait_until(
            lambda: "aof_rewrite_in_progress:0" in _cli(port, "INFO", "persistence", user="admin", password=boot.admin),
            30, "the AOF rewrite",
        )  # fmt: skip
        with Client(port) as c:
            c.call("AUTH", "admin", boot.admin)
            c.sock.sendall(b"*1\r\n$8\r\nSHUTDOWN\r\n")
        p.wait(timeout=20)
        slow = [*argv, "--key-load-delay", "200", "--loading-process-events-interval-bytes", "1024"]
        p = procs.start(slow, "second.log", cwd=boot.run)
        wait_until(lambda: "LOADING" in _ping(port, boot.admin), 15, "the node to answer LOADING")
        assert boot.probe(boot.data, pod, cli, kind="livenessProbe") == 0, "liveness kills a loading node"
        assert boot.probe(boot.data, pod, cli, kind="startupProbe") == 0, "the startup probe fails a loading node"
        assert boot.probe(boot.data, pod, cli, kind="readinessProbe") != 0, "a loading node is ready"
        assert "LOADING" in _ping(port, boot.admin), "the load ended before the probes ran: slow it down more"
        wait_until(lambda: _ping(port, boot.admin) == "+PONG", 120, "the load to finish")
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            assert boot.probe(boot.data, pod, cli, kind=kind) == 0, kind
        assert _cli(port, "DBSIZE", user="admin", password=boot.admin) == ":30000"
    finally:
        procs.close(graceful=True)


def _ping(port: int, admin: str) -> str:
    """PING as the admin user (AUTH is answered while loading; an unauthenticated PING gets NOAUTH)."""
    try:
        with Client(port, timeout=2) as c:
            if wire(c.call("AUTH", "admin", admin)) != "+OK":
                return ""
            return wire(c.call("PING"))
    except (OSError, ValueError):
        return ""
