"""Kubernetes manifests (issue 16): found by content beside compose files (neither taken for the
other), read with spans (a ConfigMap's redis.conf inside its block scalar), linked into the same
model (pods' DNS names form groups), linted by the same rules and by RL870-RL877, from a folder or
from standard input; a Secret's values are never printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.discovery import discover, sniff_compose, sniff_kubernetes, yaml_kind
from redislint.engine.context import Settings
from redislint.units import parse_kube_quantity

STS = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis
  namespace: cache
spec:
  serviceName: redis-headless
  replicas: 3
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
      - name: redis
        image: redis:7.4.9
        args: ["/etc/redis/redis.conf", "--requirepass", "$(REDIS_PASSWORD)"]
        env:
        - name: REDIS_PASSWORD
          valueFrom:
            secretKeyRef: {name: redis-auth, key: password}
        volumeMounts:
        - name: config
          mountPath: /etc/redis
      volumes:
      - name: config
        configMap: {name: redis}
"""
CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: redis
  namespace: cache
data:
  redis.conf: |
    appendonly yes
    maxmemory 1gb
    maxmemory-policy allkeys-lru
"""
NODEPORT = """apiVersion: v1
kind: Service
metadata:
  name: redis-external
  namespace: cache
spec:
  type: NodePort
  selector: {app: redis}
  ports:
  - port: 6379
"""
SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: redis-auth
  namespace: cache
data:
  password: WnE4dlIybVg5cEw0dFc3bkIza1k2aEox
"""
"""``Zq8vR2mX9pL4tW7nB3kY6hJ1``, base64-encoded."""
PASSWORD = "Zq8vR2mX9pL4tW7nB3kY6hJ1"
COMPOSE = "services:\n  cache:\n    image: redis:7.4.9\n    ports:\n      - \"6379:6379\"\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (STS, True),
        (CONFIGMAP + "---\n" + STS, True),
        ("---\n# Source: redis/templates/sts.yaml\n" + STS, True),  # helm template output
        ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: redis}\n", True),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n", False),  # no Redis in it
        (COMPOSE, False),
        ("apiVersion: 1\ndatasources:\n- name: redis\n  type: prometheus\n", False),  # Grafana provisioning
        (STS + "---\nservices:\n  redis: {image: redis}\n", False),  # a document without apiVersion/kind
        ("apiVersion: v1\nkind: Pod\nmetadata: {name: redis}\nspec: [\n", True),  # broken: RL001 says so
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-redis\n", False),  # a Helm template
    ],
)
def test_sniff_kubernetes(text: str, expected: bool) -> None:
    assert sniff_kubernetes(text) is expected
    assert not (sniff_kubernetes(text) and sniff_compose(text))


def test_the_sniffers_are_one_registry() -> None:
    assert yaml_kind(COMPOSE) == ("compose", None)
    assert yaml_kind(STS) == ("kubernetes", None)
    assert yaml_kind("scrape_configs:\n- job_name: redis\n") == ("monitoring", "prometheus")
    assert yaml_kind("jobs:\n  test: {}\n") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("512Mi", 512 * 1024**2), ("2Gi", 2 * 1024**3), ("1G", 10**9), ("1e9", 10**9), ("128974848", 128974848), ("100k", 100_000), ("lots", None)],
)
def test_kube_quantity(text: str, expected: int | None) -> None:
    assert parse_kube_quantity(text) == expected


def test_a_folder_with_compose_files_and_manifests_lints_both(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "compose.yaml": COMPOSE,
            "k8s/redis.yaml": CONFIGMAP + "---\n" + STS + "---\n" + NODEPORT,
            "k8s/secret.yml": SECRET,
            "grafana/datasources.yaml": "apiVersion: 1\ndatasources:\n- name: p\n  type: prometheus\n  url: http://prometheus:9090\n",
        },
    )
    found = discover([str(tmp_path)], str(tmp_path))
    rel = lambda ps: sorted(Path(p).relative_to(tmp_path).as_posix() for p in ps)  # noqa: E731
    assert rel(found.compose) == ["compose.yaml"]
    assert rel(found.kubernetes) == ["k8s/redis.yaml", "k8s/secret.yml"]
    assert [(Path(p).relative_to(tmp_path).as_posix(), k) for p, k in found.monitoring] == [("grafana/datasources.yaml", "grafana-datasources")]
    report = lint([str(tmp_path)], Settings(select=("RL101", "RL104", "RL308", "RL701", "RL870", "RL874", "RL877")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [
        ("RL101", "compose.yaml", 2, "critical"),  # published on every interface, no password
        ("RL104", "k8s/secret.yml", 7, "high"),  # the Secret's literal password, where it is written
        ("RL308", "k8s/redis.yaml", 10, "medium"),  # allkeys-lru on a datastore, inside the ConfigMap
        ("RL701", "compose.yaml", 5, "high"),
        ("RL870", "k8s/redis.yaml", 47, "high"),  # the NodePort Service's type line
    ]


def test_configmap_conf_has_spans_inside_the_block_scalar(tmp_path: Path) -> None:
    _write(tmp_path, {"redis.yaml": CONFIGMAP.replace("maxmemory 1gb", "maxmemory 1zb") + "---\n" + STS})
    report = lint([str(tmp_path)], Settings(select=("RL003",)), root=str(tmp_path), environ={})
    assert [(f.rule_id, f.span.start_line, f.span.start_col) for f in report.findings] == [("RL003", 9, 15)]


def test_pod_dns_names_form_the_sentinel_group(tmp_path: Path) -> None:
    sentinel = """apiVersion: v1
kind: ConfigMap
metadata: {name: sentinel, namespace: cache}
data:
  sentinel.conf: |
    sentinel monitor mymaster redis-0.redis-headless.cache.svc.cluster.local 6379 2
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sentinel, namespace: cache}
spec:
  serviceName: sentinel
  replicas: 3
  selector:
    matchLabels: {app: sentinel}
  template:
    metadata:
      labels: {app: sentinel}
    spec:
      initContainers:
      - name: copy
        image: redis:7.4.9
        command: ["sh", "-c", "cp /config/sentinel.conf /data/sentinel.conf"]
        volumeMounts:
        - {name: config, mountPath: /config}
        - {name: data, mountPath: /data}
      containers:
      - name: sentinel
        image: redis:7.4.9
        command: ["redis-sentinel", "/data/sentinel.conf"]
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: config
        configMap: {name: sentinel}
      - name: data
        emptyDir: {}
"""
    _write(tmp_path, {"k8s/redis.yaml": CONFIGMAP + "---\n" + STS, "k8s/sentinel.yaml": sentinel})
    report = lint([str(tmp_path)], Settings(select=("RL503", "RL505", "RL506", "RL508", "RL513", "RL877")), root=str(tmp_path), environ={})
    got = [(f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line) for f in report.findings]
    assert got == [("RL505", "k8s/sentinel.yaml", 6)]  # the monitored pod name needs resolve-hostnames
    assert "redis-0.redis-headless.cache.svc.cluster.local" in report.findings[0].message


def test_manifests_on_stdin(tmp_path: Path) -> None:
    """``helm template ... | redislint check - --stdin-filename rendered.yaml``."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    text = ("---\n# Source: redis/templates/all.yaml\n" + CONFIGMAP + "---\n" + STS + "---\n" + NODEPORT + "---\n" + SECRET).encode()
    proc = subprocess.run(
        [sys.executable, "-m", "redislint", "check", "-", "--stdin-filename", "rendered.yaml", "--select", "RL104,RL870", "-f", "json"],
        cwd=tmp_path, input=text, capture_output=True, env=env, timeout=120, check=False,
    )
    data = json.loads(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    assert [(f["rule"], f["file"], f["line"], f["severity"]) for f in data["findings"]] == [
        ("RL870", "rendered.yaml", 49, "high"),
        ("RL104", "rendered.yaml", 60, "high"),  # the Secret's data line (base64 of a literal password)
    ]
    out = (proc.stdout + proc.stderr).decode()
    assert PASSWORD not in out and "WnE4dlIybVg5cEw0dFc3bkIza1k2aEox" not in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_secret_values_are_never_printed(tmp_path: Path, fmt: str) -> None:
    _write(tmp_path, {"k8s/redis.yaml": CONFIGMAP + "---\n" + STS + "---\n" + SECRET.replace("\ndata:", "\nstringData:").replace("WnE4dlIybVg5cEw0dFc3bkIza1k2aEox", PASSWORD)})
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-m", "redislint", "check", ".", "-f", fmt], cwd=tmp_path, capture_output=True, env=env, timeout=120, check=False, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "RL104" in proc.stdout
    assert PASSWORD not in proc.stdout + proc.stderr


def test_a_broken_manifest_is_a_parse_error(tmp_path: Path) -> None:
    _write(tmp_path, {"k8s.yaml": STS + "---\napiVersion: v1\nkind: Service\nmetadata: {name: redis\n", "chart/templates/sts.yaml": "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ .Release.Name }}-redis\n"})
    report = lint([str(tmp_path)], Settings(select=("RL001",)), root=str(tmp_path), environ={})
    assert [(f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line) for f in report.findings] == [("RL001", "k8s.yaml", 33)]


def test_a_redefined_anchor_is_read_as_kubernetes_reads_it(tmp_path: Path) -> None:
    """YAML 1.2 (and kubectl) let an anchor be defined again; the later alias names the latest one."""
    probe = STS.replace(
        "      volumes:\n",
        "        livenessProbe: &probe\n          tcpSocket: {port: 6379}\n        readinessProbe: &probe\n          exec:\n            command: [redis-cli, ping]\n"
        "        startupProbe: *probe\n      volumes:\n",
    )
    _write(tmp_path, {"redis.yaml": CONFIGMAP + "---\n" + probe})
    report = lint([str(tmp_path)], Settings(select=("RL001", "RL710")), root=str(tmp_path), environ={})
    assert [(f.rule_id, f.span.start_line) for f in report.findings] == [("RL710", 39)]  # the exec readiness probe


def test_an_exporter_in_the_pod_scrapes_the_pods_redis(tmp_path: Path) -> None:
    pod = STS.replace("      volumes:\n", "      - name: exporter\n        image: oliver006/redis_exporter:v1.67.0\n      volumes:\n")
    _write(tmp_path, {"redis.yaml": CONFIGMAP + "---\n" + pod})
    report = lint([str(tmp_path)], Settings(select=("RL810", "RL811")), root=str(tmp_path), environ={})
    assert report.findings == []


def test_includes_of_a_configmap_conf(tmp_path: Path) -> None:
    """An ``include`` of the ConfigMap's other key is read; one of a Secret made at deploy time makes
    the configuration partly unseen, so absence rules say nothing."""
    cm = CONFIGMAP.replace("    maxmemory 1gb\n", "    include /etc/redis/limits.conf\n    include /run/secrets/acl.conf\n") + "  limits.conf: |\n    maxmemory 1gb\n"
    sts = STS.replace("      volumes:\n", "      volumes:\n      - name: acl\n        secret: {secretName: redis-acl}\n").replace(
        "          mountPath: /etc/redis\n", "          mountPath: /etc/redis\n        - name: acl\n          mountPath: /run/secrets\n"
    )
    _write(tmp_path, {"redis.yaml": cm + "---\n" + sts})
    report = lint([str(tmp_path)], Settings(select=("RL201", "RL308", "RL401")), root=str(tmp_path), environ={})
    assert [(f.rule_id, f.span.start_line) for f in report.findings] == [("RL308", 11)]


def test_the_kubernetes_projects_own_redis_image_is_a_build_of_its_own() -> None:
    from redislint.model.image import parse_image

    assert parse_image("k8s.gcr.io/redis:v1").flavour == "custom"  # its scripts start the servers
    assert parse_image("registry.k8s.io/redis:e2e").flavour == "custom"
    assert parse_image("mirror.gcr.io/library/redis:7.4.9").flavour == "official"
    assert parse_image("docker.io/library/redis:7.4.9").flavour == "official"


HOSTILE = 'apiVersion: v1\nkind: Pod\nmetadata: [redis]\nspec:\n  containers: {name: redis}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  replicas: "many"\n  serviceName: [x]\n  template:\n    metadata: {labels: [a]}\n    spec:\n      volumes: [{name: data}, {name: c, configMap: "x"}, 3]\n      affinity: 5\n      topologySpreadConstraints: {a: 1}\n      containers:\n      - name: redis\n        image: redis:7.4.9\n        command: 5\n        args: [{a: 1}, "--port", "$(X)", "$$(Y)"]\n        env: {X: 1}\n        envFrom: [{secretRef: 3}]\n        volumeMounts: [{name: c, mountPath: /etc/redis/redis.conf, subPath: {a: 1}}, "x"]\n        ports: [{containerPort: "6379", hostPort: 6379}]\n        livenessProbe: {exec: {command: "redis-cli ping"}, periodSeconds: "{{ .Values.x }}"}\n        resources: {limits: {memory: [1]}, requests: 5}\n        securityContext: [1]\n      - name: sentinel\n        image: redis:7.4.9\n        command: ["redis-sentinel", "/conf/s.conf"]\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: "!!notbase64", other: [1]}\nstringData: 5\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: [NodePort], selector: {app: [1]}, ports: 6379}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: 5}\n---\napiVersion: v1\nkind: List\nitems: 5\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {redis.conf: [1], sentinel.conf: "sentinel monitor m h 6379 x\\n"}\n'
"""Every field of every kind of object with the wrong type, a Secret that is not base64, templates."""


def test_hostile_manifests_never_crash(tmp_path: Path) -> None:
    _write(tmp_path, {"k8s/a.yaml": HOSTILE, "k8s/bomb.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata:\n  a: &a [" + "*a, " * 3 + "]\n"})
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    assert not [f for f in report.findings if f.rule_id == "RL900"]
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line) for f in report.findings if f.severity.name in ("CRITICAL", "HIGH"))
    assert got == [("RL001", "k8s/bomb.yaml", 5), ("RL009", "k8s/a.yaml", 33)]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        # the replica follows the StatefulSet's first pod, whose password it does not give
        ("redis-0.redis-headless.cache.svc.cluster.local", [("RL107", "k8s/replica.yaml", 7)]),
        ("redis-0.redis-headless", [("RL107", "k8s/replica.yaml", 7)]),
        ("redis-7.redis-headless", [("RL501", "k8s/replica.yaml", 7)]),  # the StatefulSet has 3 pods
        ("redis.shared-cache.svc.cluster.local", []),  # another namespace: not in these manifests
        ("cache", [("RL501", "k8s/replica.yaml", 7)]),  # a short name: a Service these manifests would hold
    ],
)
def test_a_replica_follows_a_pod_by_its_dns_name(tmp_path: Path, host: str, expected: list[tuple[str, str, int]]) -> None:
    replica = f"""apiVersion: v1
kind: ConfigMap
metadata: {{name: replica, namespace: cache}}
data:
  redis.conf: |
    appendonly yes
    replicaof {host} 6379
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: replica, namespace: cache}}
spec:
  selector:
    matchLabels: {{app: replica}}
  template:
    metadata:
      labels: {{app: replica}}
    spec:
      containers:
      - name: redis
        image: redis:7.4.9
        args: ["/etc/redis/redis.conf"]
        volumeMounts:
        - {{name: config, mountPath: /etc/redis}}
      volumes:
      - name: config
        configMap: {{name: replica}}
"""
    _write(tmp_path, {"k8s/redis.yaml": CONFIGMAP + "---\n" + STS, "k8s/replica.yaml": replica})
    report = lint([str(tmp_path)], Settings(select=("RL107", "RL501")), root=str(tmp_path), environ={})
    assert [(f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line) for f in report.findings] == expected
