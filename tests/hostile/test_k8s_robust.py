"""Kubernetes manifests from a stranger never crash redislint (issue 16, hostile input).

Regression tests for what broke (a number of more than 4300 digits, a memory quantity of
``1e999999999``), the YAML loader's limits on manifests (an alias bomb, an alias to its own anchor,
nesting, many documents, long lines, undecodable bytes), and seeded property tests: manifests of
every kind :mod:`redislint.parsers.k8s` reads, with a value of a wrong type, null or huge in any
position, and real manifests mutated. Each is linted in-process with every rule and rendered in
every format: no exception escapes, no rule crashes (RL900). Time is bounded by the loader's node
and size limits, never asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redislint.output import FORMATS, render
from redislint.units import parse_docker_memory, parse_kube_quantity
from tests.hostile._robust import found, report, run_cli, write
from tests.hostile.test_robust_fuzz import FRAGMENTS, _edit, mutate

ROOT = Path(__file__).resolve().parent.parent.parent
HUGE = "9" * 5000
"""More digits than Python converts to an ``int`` (4300)."""

POD = """  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
      - name: redis
        image: redis:7.4.9
"""


def sts(spec: str = "", pod: str = "", name: str = "redis") -> str:
    return f"apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n{spec}{POD}{pod}"


def lint_ok(root: Path) -> set[str]:
    """The rules that reported on ``root``; fails on an RL900 or a format that cannot render it."""
    rep = report(root)
    assert [f.message for f in rep.findings if f.rule_id == "RL900"] == []
    assert rep.exit_code in (0, 1, 2)
    for fmt in FORMATS:
        assert isinstance(render(rep, fmt), str)
    return {f.rule_id for f in rep.findings}


# --- regressions -------------------------------------------------------------------------------


def test_a_number_of_5000_digits_in_a_manifest(tmp_path: Path) -> None:
    """PyYAML's constructor raised ValueError (Python's int digit limit) out of the sniffer."""
    write(tmp_path, {"redis.yaml": sts(f"  replicas: {HUGE}\n")})
    assert found(tmp_path, "RL101") == {("RL101", "redis.yaml", 12, 15, "medium")}


def test_a_date_that_does_not_exist_in_a_manifest(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": sts("  minReadySeconds: 2026-02-30\n")})
    assert found(tmp_path, "RL101") == {("RL101", "redis.yaml", 12, 15, "medium")}


def test_a_service_target_port_of_5000_digits(tmp_path: Path) -> None:
    """link/k8s.py took any ``isdigit()`` text for a port and ``int()`` raised (5000 digits, "²")."""
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: r}\nspec:\n  type: NodePort\n  selector: {app: redis}\n  ports:\n"
    svc += f"  - targetPort: '{HUGE}'\n  - targetPort: '²'\n  - port: 6379\n"
    write(tmp_path, {"redis.yaml": sts() + "---\n" + svc})
    assert found(tmp_path, "RL101") == {("RL101", "redis.yaml", 11, 15, "critical")}  # the NodePort exposes it


def test_a_compose_like_yaml_with_a_huge_number(tmp_path: Path) -> None:
    write(tmp_path, {"stack.yml": f"services:\n  redis:\n    image: redis:7.4.9\n    x: {HUGE}\n"})
    assert lint_ok(tmp_path) is not None


@pytest.mark.parametrize("text", ["1e999999999", "1e400", "9" * 400, "9" * 400 + "Ki", f"{HUGE}Mi", "0.5e99999"])
def test_memory_quantities_too_large_are_unknown(text: str) -> None:
    """``10 ** 999999999`` was computed (a hang); ``int(inf)`` raised OverflowError."""
    assert parse_kube_quantity(text) is None
    assert parse_docker_memory(text) is None


def test_memory_quantities_still_read() -> None:
    assert [parse_kube_quantity(t) for t in ("512Mi", "1e3", "1G", "1.5e2", "0001e0003")] == [512 * 1024**2, 1000, 10**9, 150, 1000]
    assert parse_docker_memory("2G") == 2 * 1024**3


@pytest.mark.parametrize("limit", ["1e999999999", "9" * 400, "1e400"])
def test_a_huge_memory_limit_in_a_manifest(tmp_path: Path, limit: str) -> None:
    write(tmp_path, {"redis.yaml": sts(pod=f"        resources: {{limits: {{memory: '{limit}'}}, requests: {{memory: '{limit}'}}}}\n")})
    assert "RL101" in lint_ok(tmp_path)


def test_a_huge_mem_limit_in_compose(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": f"services:\n  redis:\n    image: redis:7.4.9\n    mem_limit: {'9' * 400}\n"})
    assert "RL101" in lint_ok(tmp_path)


# --- the YAML loader's limits --------------------------------------------------------------------


def _bomb(target: str) -> str:
    lines = ["apiVersion: apps/v1", "kind: StatefulSet", "metadata: {name: redis}", 'x0: &a0 [{name: r, image: "redis:7.4.9"}, "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"x{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" for i in range(1, 12)]
    return "\n".join(lines) + "\n" + target + "\n"


def test_billion_laughs_in_the_containers(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": _bomb("spec: {template: {spec: {containers: *a11}}}")})
    assert found(tmp_path, "RL001") == {("RL001", "redis.yaml", 4, 10, "critical")}
    assert "more than 200000 nodes" in next(f.message for f in report(tmp_path, "RL001").findings)


def test_billion_laughs_in_a_configmap(tmp_path: Path) -> None:
    cm = _bomb("data: *a11").replace("kind: StatefulSet", "kind: ConfigMap")
    write(tmp_path, {"redis.yaml": sts() + "---\n" + cm})
    assert found(tmp_path, "RL001") == {("RL001", "redis.yaml", 17, 17, "critical")}


def test_an_alias_to_its_own_anchor(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": sts(pod="        env: &e\n        - name: A\n          value: *e\n")})
    assert {r for r, *_ in found(tmp_path, "RL001")} == {"RL001"}


def test_deep_nesting_in_a_manifest(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": sts(pod="        args: " + "[" * 5000 + "]" * 5000 + "\n")})
    assert {r for r, *_ in found(tmp_path, "RL001")} == {"RL001"}


def test_many_documents(tmp_path: Path) -> None:
    docs = "".join(f"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\ndata: {{a: b}}\n" for i in range(12_000))
    write(tmp_path, {"redis.yaml": sts() + docs})
    assert "RL101" in lint_ok(tmp_path)


def test_a_manifest_over_the_size_limit_is_said_so(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": sts(pod="        args: ['" + "x" * 6_000_000 + "']\n")})
    proc = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1, 2)


def test_a_very_long_line(tmp_path: Path) -> None:
    write(tmp_path, {"redis.yaml": sts(pod="        args: ['--maxmemory', '" + "1" * 900_000 + "']\n")})
    assert "RL101" in lint_ok(tmp_path)


def test_undecodable_bytes_and_nul(tmp_path: Path) -> None:
    (tmp_path / "redis.yaml").write_bytes(sts(pod="        args: ['--port', '\xff\xfe']\n").encode("latin-1") + b"\x00\n")
    proc = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in proc.stderr and "RL900" not in proc.stdout
    assert proc.returncode in (0, 1, 2)


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write(tmp_path, {"redis.yaml": sts(pod=f"        args: !!python/object/apply:os.system ['touch {marker}']\n")})
    lint_ok(tmp_path)
    assert not marker.exists()


# --- property tests ------------------------------------------------------------------------------

# values of every type, null, huge and hostile, for any position of any object
_odd = st.one_of(
    st.sampled_from(["null", "~", "[]", "{}", "''", "true", "-1", "0", HUGE, "1e999999999", "99999999999999999999", "0x10",
                     "1_000", ".nan", "2026-02-30", "[1, [2]]", "{a: {b: c}}", "*a", "!!binary AAEC", "!!python/name:os.system",
                     "'$(SECRET_CANARY)'", "'../../etc/passwd'", "/etc", "'\\x00'", "'\u2028'", "'é'"]),
    st.integers(-(2**70), 2**70).map(str),
    st.text(st.characters(exclude_categories=("Cs", "Co", "Cn", "Cc")), max_size=8).map(lambda t: json.dumps(t, ensure_ascii=False)),
)


def v(*good: str) -> st.SearchStrategy[str]:
    """One of the ``good`` values most of the time, an odd one (:data:`_odd`) one time in eight:
    enough for whole manifests to reach the link stage and the rules."""
    return _mostly(st.sampled_from(good))


def _mostly(good: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, 7), good, _odd).map(lambda t: t[2] if t[0] == 7 else t[1])


@st.composite
def _container(draw: st.DrawFn) -> str:
    keys = {
        "name": draw(v("redis", "sentinel", "exporter")),
        "image": draw(v("redis:7.4.9", "valkey/valkey:8.0", "bitnami/redis:7.2", "oliver006/redis_exporter")),
        "command": draw(v("[redis-server]", "[redis-sentinel, /etc/redis/sentinel.conf]", "[sh, -c, 'cp /ro/r.conf /data/ && exec redis-server /data/r.conf']")),
        "args": draw(v("['--requirepass', '$(PW)']", "[/etc/redis/redis.conf]", "'--port $(P) --maxmemory 1gb'", "['$(PW)$(PW)', '$$(PW)']")),
        "env": draw(v("[{name: PW, valueFrom: {secretKeyRef: {name: s, key: password}}}]", "[{name: P, value: '6379'}, {name: PW, value: '$(P)'}]",
                                     "[{name: A, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]", "[x, {name: [1]}, {valueFrom: 3}]")),
        "envFrom": draw(v("[{secretRef: {name: s}}, {configMapRef: {name: c}}]", "[1, {secretRef: 2}]")),
        "volumeMounts": draw(v("[{name: config, mountPath: /etc/redis}, {name: data, mountPath: /data}]", "[{name: config, mountPath: /etc/redis/redis.conf, subPath: ../../x}]",
                                              "[{name: host, mountPath: /data, readOnly: [1]}]", "[{name: [1], mountPath: {}}]")),
        "ports": draw(v("[{containerPort: 6379, hostPort: 6379}]", f"[{{containerPort: {HUGE}, hostPort: -1}}]", "[1, {}]")),
        "livenessProbe": draw(v("{exec: {command: [redis-cli, ping]}, periodSeconds: 5}", "{tcpSocket: {port: 6379}, timeoutSeconds: 99999999999999999999}", "{exec: [1]}")),
        "readinessProbe": draw(v("{exec: {command: [sh, -c, 'redis-cli -a $(PW) ping']}}", "{httpGet: 1}")),
        "resources": draw(v("{limits: {memory: 1Gi, cpu: 500m}, requests: {memory: 512Mi}}", "{limits: {memory: 1e999999999}}", "{limits: [1], requests: {memory: {a: 1}}}")),
        "securityContext": draw(v("{runAsUser: 999, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}", "{privileged: true, allowPrivilegeEscalation: [1]}", "{capabilities: 1}")),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(keys)), unique=True, max_size=len(keys)))
    return "{" + ", ".join(f"{k}: {keys[k]}" for k in chosen) + "}"


@st.composite
def _workload(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"]))
    containers = draw(_mostly(st.lists(_container(), min_size=1, max_size=3).map(lambda cs: "[" + ", ".join(cs) + "]")))
    pod = {
        "containers": containers,
        "initContainers": draw(st.one_of(st.lists(_container(), max_size=1).map(lambda cs: "[" + ", ".join(cs) + "]"), _odd)),
        "volumes": draw(v("[{name: config, configMap: {name: c}}, {name: data, emptyDir: {medium: Memory}}, {name: host, hostPath: {path: /etc}}]",
                                         "[{name: config, secret: {secretName: s}}, {name: data, persistentVolumeClaim: {claimName: d}}]", "[{name: [1]}, 3, {name: x, configMap: 1}]")),
        "hostNetwork": draw(v("true", "false")),
        "securityContext": draw(v("{runAsUser: 0}")),
        "affinity": draw(v("{podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: []}}", "{podAntiAffinity: 1}")),
        "topologySpreadConstraints": draw(v("[{maxSkew: 1}]")),
    }
    pod_text = "{" + ", ".join(f"{k}: {v}" for k, v in pod.items() if draw(st.booleans()) or k == "containers") + "}"
    spec = {
        "replicas": draw(v("3", "1000000000", "0")),
        "serviceName": draw(v("redis-headless")),
        "volumeClaimTemplates": draw(v("[{metadata: {name: data}}]", "[1, {metadata: 2}, {metadata: {name: [1]}}]")),
        "template": draw(v(f"{{metadata: {{labels: {{app: redis}}}}, spec: {pod_text}}}", f"{{metadata: {{labels: 1}}, spec: {pod_text}}}")),
    }
    if kind == "Pod":
        spec_text = pod_text
    else:
        spec_text = "{" + ", ".join(f"{k}: {v}" for k, v in spec.items() if draw(st.booleans()) or k == "template") + "}"
        if kind == "CronJob":
            spec_text = draw(st.sampled_from([f"{{jobTemplate: {{spec: {spec_text}}}}}", f"{{jobTemplate: {spec_text}}}"]))
    spec_text = draw(_mostly(st.just(spec_text)))
    name = draw(v("redis", "redis-node"))
    return f"apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: {name}, namespace: {draw(v('default', 'cache'))}}}\nspec: {spec_text}\n"


@st.composite
def _object(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["ConfigMap", "Secret", "Service", "PodDisruptionBudget", "NetworkPolicy", "PersistentVolumeClaim", "List"]))
    body = {
        "ConfigMap": ["data: {redis.conf: \"requirepass Pw7fK8cm\\nmaxmemory 1gb\\n\", ../x: 'port 1'}", "data: [1]", "data: {redis.conf: [1]}"],
        "Secret": ["data: {password: UHc3Zks4c2Vj, bad: '!!!', bin: //79/w==}", "stringData: {password: Pw7fK8sd}", "data: 1", "data: {password: [1]}"],
        "Service": ["spec: {type: LoadBalancer, selector: {app: redis}, ports: [{port: 6379, targetPort: redis}], clusterIP: None}", "spec: {selector: [1], ports: 1}", f"spec: {{ports: [{{targetPort: '{HUGE}'}}]}}"],
        "PodDisruptionBudget": ["spec: {selector: {matchLabels: {app: redis}}}", "spec: {selector: {}}", "spec: {selector: {matchLabels: [1]}}"],
        "NetworkPolicy": ["spec: {podSelector: {}}", "spec: {podSelector: {matchLabels: {app: redis}}}", "spec: {podSelector: 1}"],
        "PersistentVolumeClaim": ["spec: {resources: {requests: {storage: 1Gi}}}"],
        "List": ["items: [1, null, {kind: ConfigMap, metadata: {name: c}, data: {a: b}}]", "items: {a: 1}"],
    }[kind]
    text = draw(_mostly(st.sampled_from(body)))
    text = text if ":" in text.split("\n")[0] else f"data: {text}"
    meta = draw(v("{name: c}", "{name: s}", "{name: r, namespace: cache}"))
    return f"apiVersion: v1\nkind: {kind}\nmetadata: {meta}\n{text}\n"


@st.composite
def manifests(draw: st.DrawFn, odd_documents: bool = False) -> str:
    """Workloads and objects; with ``odd_documents`` also documents that are no mapping (a file
    holding one is no set of manifests: discovery leaves it, so they go to a file of their own)."""
    kinds = [_workload(), _workload(), _object(), *([_odd.map(lambda o: f"{o}\n")] if odd_documents else [])]
    docs = draw(st.lists(st.one_of(*kinds), min_size=1, max_size=5))
    head = "x-anchors: &a {name: redis, image: 'redis:7.4.9'}\n"  # an anchor the values' ``*a`` refers to
    return "---\n".join(head + d if "*a" in d else d for d in docs)


def check(files: dict[str, str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="redislint-k8s-fuzz-") as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        lint_ok(Path(tmp))


def fuzz(max_examples: int) -> settings:
    """Derandomized (the same examples every run); no deadline: time is bounded by the loader's
    limits (nodes after alias expansion, nesting, file size), not by a clock."""
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.yaml")) if p.stat().st_size < 4000 and "apiVersion" in p.read_text(encoding="utf-8", errors="replace")][:40]


@fuzz(max_examples=60)
@given(text=manifests())
def test_generated_manifests(text: str) -> None:
    check({"redis.yaml": text})


@pytest.mark.slow
@fuzz(max_examples=800)
@given(text=manifests(), extra=manifests(odd_documents=True))
def test_generated_manifests_slow(text: str, extra: str) -> None:
    check({"redis.yaml": text, "more.yaml": extra})


@pytest.mark.slow
@fuzz(max_examples=800)
@given(seed=st.sampled_from(SEEDS or [sts()]), edits=st.lists(_edit, max_size=6), piece=st.sampled_from(FRAGMENTS))
def test_mutated_manifests(seed: str, edits: list[tuple[str, int, str]], piece: str) -> None:
    check({"redis.yaml": mutate(seed, [*edits, ("insert", len(edits) * 37, piece)])})


def test_there_are_manifest_seeds() -> None:
    assert len(SEEDS) >= 5


# --- scale -----------------------------------------------------------------------------------------

CLUSTER_IP = "---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: redis}}, ports: [{{port: 6379}}]}}\n"


def test_thousands_of_services_selecting_many_workloads(tmp_path: Path) -> None:
    """Each workload was matched against each Service, and answered to 4 names per Service: quadratic
    in time and memory. Now at most MAX_SELECTING per workload, those exposing the pods first, so the
    NodePort written last is still seen."""
    from redislint.api import load_project
    from redislint.link.k8s_objects import MAX_SELECTING

    workloads = "".join("---\n" + sts(name=f"r{i}") for i in range(40))
    services = "".join(CLUSTER_IP.format(i=i) for i in range(300))
    nodeport = "---\napiVersion: v1\nkind: Service\nmetadata: {name: outside}\nspec: {type: NodePort, selector: {app: redis}}\n"
    write(tmp_path, {"redis.yaml": workloads + services + nodeport})
    got = found(tmp_path, "RL101")
    assert got == {("RL101", "redis.yaml", 12 + 13 * i, 15, "critical") for i in range(40)}  # reachable from outside: the NodePort
    project, _notices = load_project([str(tmp_path)], root=str(tmp_path), environ={})
    svc = project.stacks[0].services["r0"]
    assert svc.kube is not None and len(svc.kube.services) == MAX_SELECTING
    assert "outside" in [s.name for s in svc.kube.services]
    assert len(svc.networks["kubernetes"]) <= 4 * MAX_SELECTING + 10


def test_few_services_keep_file_order(tmp_path: Path) -> None:
    from redislint.api import load_project

    write(tmp_path, {"redis.yaml": sts() + CLUSTER_IP.format(i=1) + CLUSTER_IP.format(i=2).replace("{selector", "{type: NodePort, selector")})
    project, _notices = load_project([str(tmp_path)], root=str(tmp_path), environ={})
    kube = project.stacks[0].services["redis"].kube
    assert kube is not None and [s.name for s in kube.services] == ["s1", "s2"]


def test_kube_variable_expansion_is_bounded(tmp_path: Path) -> None:
    """'$(A)' 100,000 times of a 400 KB A (an 800 KB manifest) was expanded to 40 GB of argv;
    past MAX_EXPANDED characters a variable is unknown, as one set at deploy time is."""
    from redislint.api import load_project
    from redislint.link.k8s import MAX_EXPANDED

    big = sts(pod=f"        env: [{{name: A, value: '{'x' * 400_000}'}}]\n        args: ['--maxmemory', '{'$(A)' * 100_000}']\n")
    write(tmp_path / "big", {"redis.yaml": big})
    project, _notices = load_project([str(tmp_path / "big")], root=str(tmp_path / "big"), environ={})
    argv = project.stacks[0].services["redis"].command
    assert len(argv) == 2 and len(argv[1].text or "") <= MAX_EXPANDED + 1
    small = sts(pod="        env: [{name: A, value: 1gb}]\n        args: ['--maxmemory', '$(A)$(A)']\n")
    write(tmp_path / "small", {"redis.yaml": small})
    assert found(tmp_path / "small", "RL003") == {("RL003", "redis.yaml", 14, 32, "critical")}


def test_the_sniffers_construct_no_python_object(tmp_path: Path) -> None:
    """The sniffers use libyaml's safe loader (the pure-Python one took 9 s on a 270 KB manifest):
    a tag naming a Python object is an error, never a call."""
    from redislint.discovery import sniff_compose, sniff_kubernetes

    marker = tmp_path / "pwned"
    tag = f"!!python/object/apply:os.system ['touch {marker}']"
    assert sniff_kubernetes(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: redis}}\nspec: {tag}\n") is True  # a broken manifest: linted, its error reported
    assert sniff_compose(f"services:\n  redis:\n    image: redis:7.4.9\n    command: {tag}\n") is False
    assert sniff_kubernetes("apiVersion: v1\nkind: Pod\nx: !!python/name:os.system\nimage: redis\n") is True
    assert not marker.exists()
