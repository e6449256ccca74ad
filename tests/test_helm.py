"""Helm values of the bitnami redis chart (issue 16, must-have 4), read by meaning without
rendering: found by content (or beside a Chart.yaml of the chart or one that wraps it), never
taken for compose files, manifests or monitoring files; ``values.yaml`` and each override beside it
(``-f values.yaml -f values-X.yaml``) over the chart's own defaults; the objects the chart renders
linted by the same rules as manifests, every finding on the values line that sets the thing, or on
the key where a missing one belongs. The stored chart data is ``tests/data/helm/bitnami-redis``
(``values.yaml`` as bitnami/charts@009bff74 ships it, ``values-production.yaml`` written for these
tests)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.discovery import discover, sniff_helm_values, yaml_kind
from redislint.engine.context import Settings

DATA = Path(__file__).parent / "data" / "helm" / "bitnami-redis"


def _findings(tmp: Path, *paths: str) -> list[tuple[str, str, int, str]]:
    report = lint([str(tmp / p) for p in paths] or [str(tmp)], Settings(), root=str(tmp), environ={})
    return sorted((f.rule_id, os.path.relpath(f.span.file, tmp), f.span.start_line, f.severity.name.lower()) for f in report.findings)


# What a real install of the chart's defaults gets (bitnami/charts@009bff74, 17.8/17.9 series):
# auth on with a password the chart generates (no RL101: nobody can log in without it), a primary and
# 3 replicas on 8Gi PVCs (no RL302/RL874), AOF on and RDB off (commonConfiguration), ClusterIP
# Services (no RL870; RL702 not reported inside the cluster with auth on), soft anti-affinity
# presets (no RL873), the chart's liveness script accepts LOADING (no RL876).
DEFAULTS = [
    ("RL201", "values.yaml", 140, "medium"),  # FLUSHDB/FLUSHALL renamed, CONFIG/SHUTDOWN/KEYS/REPLICAOF open (at commonConfiguration)
    ("RL202", "values.yaml", 165, "low"),  # master.disableCommands: rename-command is deprecated (ACL)
    ("RL202", "values.yaml", 166, "low"),
    ("RL202", "values.yaml", 566, "low"),  # replica.disableCommands
    ("RL202", "values.yaml", 567, "low"),
    ("RL206", "values.yaml", 85, "medium"),  # image.tag 7.0.9-debian-11-r6: the 7.0 line is end of life
    ("RL401", "values.yaml", 140, "high"),  # commonConfiguration sets no maxmemory, and there is no limit
    ("RL403", "values.yaml", 152, "medium"),  # master.resources: limits {} -> no memory limit
    ("RL403", "values.yaml", 553, "medium"),  # replica.resources
    ("RL407", "values.yaml", 152, "low"),  # no CPU limit either
    ("RL407", "values.yaml", 553, "low"),
    ("RL808", "values.yaml", 152, "low"),  # containerSecurityContext: runAsUser only, no allowPrivilegeEscalation/drop
    ("RL808", "values.yaml", 553, "low"),
    ("RL810", "values.yaml", 1, "low"),  # metrics.enabled: false: replication without an exporter
    ("RL871", "values.yaml", 1277, "medium"),  # networkPolicy.enabled: false
    ("RL872", "values.yaml", 1374, "medium"),  # pdb.create: false for a primary and 3 replicas
]

# The production override (sentinel, existingSecret, TLS, NetworkPolicy, PDB, hard anti-affinity,
# requests = limits with maxmemory 75%, startup probes, metrics, commands limited by ACL lines in
# commonConfiguration, nothing renamed) gives no finding. Chart 17.x's Sentinels log in as the default
# user (auth-pass, no auth-user), so it keeps SLAVEOF/REPLICAOF; the application has its own user.
# tests/test_helm_live.py boots these values for real.
PRODUCTION: list[tuple[str, str, int, str]] = []


def test_chart_defaults_as_shipped(tmp_path: Path) -> None:
    shutil.copy(DATA / "values.yaml", tmp_path / "values.yaml")
    assert _findings(tmp_path) == DEFAULTS


def test_production_override_over_the_chart_values(tmp_path: Path) -> None:
    """``values.yaml`` and ``values-production.yaml`` are two releases: the defaults alone, and the
    override applied over them (what ``-f values.yaml -f values-production.yaml`` installs)."""
    for name in ("values.yaml", "values-production.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    assert _findings(tmp_path) == sorted(DEFAULTS + PRODUCTION)


def test_sentinel_login_keeps_replicaof_only_beside_an_application_user(tmp_path: Path) -> None:
    """Without the application's own user, the default user (Sentinel's login, which keeps REPLICAOF)
    is also the application's: RL201 reports REPLICAOF on its ACL line."""
    text = (DATA / "values-production.yaml").read_text()
    app = next(line for line in text.splitlines() if line.startswith("  user app "))
    (tmp_path / "values-production.yaml").write_text(text.replace(app + "\n", ""))
    assert _findings(tmp_path) == [("RL201", "values-production.yaml", 38, "medium")]


def test_override_alone_is_merged_over_the_packaged_defaults(tmp_path: Path) -> None:
    """Without the chart's values.yaml beside it, an override is merged over the defaults redislint
    keeps (the same values.yaml): the same findings."""
    shutil.copy(DATA / "values-production.yaml", tmp_path / "values-production.yaml")
    assert _findings(tmp_path) == PRODUCTION


K8S = DATA.parent.parent / "k8s-corpus"


@pytest.mark.parametrize("name", ["values.yaml", "values-production.yaml"])
def test_sniffer_takes_the_chart_values(name: str) -> None:
    text = (DATA / name).read_text()
    assert sniff_helm_values(text)
    assert yaml_kind(text) == ("helm", None)


def test_sniffer_takes_a_wrapping_charts_redis_key_and_redis_cluster_values() -> None:
    assert sniff_helm_values("app:\n  replicas: 2\nredis:\n  architecture: standalone\n  auth:\n    enabled: true\n  master:\n    count: 1\n")
    assert sniff_helm_values((DATA.parent / "bitnami-redis-cluster" / "values.yaml").read_text())


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  redis:\n    image: redis:7.4\n  master:\n    image: x\n",  # compose
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  replicas: 1\n",  # a manifest
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: redis\n",  # Prometheus
        # bitnami/postgresql has architecture and auth too, but primary/readReplicas
        "architecture: replication\nauth:\n  enabled: true\nprimary:\n  persistence: {}\nreadReplicas:\n  replicaCount: 1\n",
        # two documents: not a values file
        "master:\n  a: 1\nauth: {}\narchitecture: x\n---\nb: 2\n",
    ],
)
def test_sniffer_refuses_other_yaml(text: str) -> None:
    assert not sniff_helm_values(text)


def test_walk_finds_values_beside_compose_and_manifests(tmp_path: Path) -> None:
    """A folder with compose files, manifests and chart values: each is found as what it is."""
    (tmp_path / "compose.yaml").write_text("services:\n  cache:\n    image: redis:7.4.9\n")
    (tmp_path / "k8s").mkdir()
    shutil.copy(K8S / "kubernetes-website" / "redis-leader-deployment.yaml", tmp_path / "k8s" / "leader.yaml")
    (tmp_path / "chart").mkdir()
    for name in ("values.yaml", "values-production.yaml"):
        shutil.copy(DATA / name, tmp_path / "chart" / name)
    found = discover([str(tmp_path)], str(tmp_path))
    rel = lambda ps: sorted(Path(p).relative_to(tmp_path).as_posix() for p in ps)  # noqa: E731
    assert rel(found.compose) == ["compose.yaml"]
    assert rel(found.kubernetes) == ["k8s/leader.yaml"]
    assert rel(found.helm) == ["chart/values-production.yaml", "chart/values.yaml"]
    # and no file of the stored Kubernetes corpus is taken for chart values
    assert discover([str(K8S)], str(K8S)).helm == []


def test_wrapping_chart_values_and_a_literal_password(tmp_path: Path) -> None:
    """A chart that depends on bitnami/redis (aliased ``cache``): its values.yaml sets a few keys under
    the alias; the rest are the chart's defaults, reported at the alias key (line 2). Found by the
    Chart.yaml beside it even though it has too few of the chart's keys to be sniffed."""
    (tmp_path / "Chart.yaml").write_text(
        "apiVersion: v2\nname: my-app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 17.9.x\n"
        "    repository: oci://registry-1.docker.io/bitnamicharts\n    alias: cache\n"
    )
    (tmp_path / "values.yaml").write_text(
        "replicaCount: 2\ncache:\n  architecture: standalone\n  auth:\n    password: \"s3cr3t-pass-1\"\n"
        "  master:\n    service:\n      type: LoadBalancer\n    persistence:\n      enabled: false\n"
    )
    assert not sniff_helm_values((tmp_path / "values.yaml").read_text())
    report = lint([str(tmp_path)], Settings(select=("RL101", "RL104", "RL403", "RL702", "RL870", "RL871", "RL874")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [
        ("RL104", "values.yaml", 5, "high"),  # auth.password: a literal in the repository
        ("RL403", "values.yaml", 6, "medium"),  # master.resources not written: at master
        ("RL702", "values.yaml", 2, "medium"),  # tls.enabled not written: the chart's default (off), at the alias key
        ("RL870", "values.yaml", 8, "high"),  # master.service.type: LoadBalancer
        ("RL871", "values.yaml", 2, "medium"),  # networkPolicy.enabled: default false
        ("RL874", "values.yaml", 10, "high"),  # persistence.enabled: false -> emptyDir, with AOF on
    ]
    from redislint.output.text import render_text

    assert "s3cr3t-pass-1" not in render_text(report)


def test_sentinel_values(tmp_path: Path) -> None:
    """``sentinel.enabled``: the ``node`` StatefulSet of replica.replicaCount pods, each a server and a
    Sentinel; the quorum is checked against the Sentinels, anti-affinity on the pods."""
    (tmp_path / "values.yaml").write_text(
        "architecture: replication\nauth:\n  enabled: false\nsentinel:\n  enabled: true\n  quorum: 4\n"
        "replica:\n  replicaCount: 3\n  podAntiAffinityPreset: \"\"\n"
    )
    report = lint([str(tmp_path)], Settings(select=("RL101", "RL504", "RL873", "RL877")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [
        ("RL101", "values.yaml", 1, "medium"),  # auth.enabled: false (reported at the server's config, a default)
        ("RL504", "values.yaml", 6, "critical"),  # quorum 4 with 3 Sentinels
        ("RL873", "values.yaml", 8, "medium"),  # 3 pods, no anti-affinity preset
    ]  # no RL877: the chart copies sentinel.conf to a writable emptyDir


def test_role_configuration_is_the_servers_config(tmp_path: Path) -> None:
    """``master.configuration`` is included after ``commonConfiguration`` (the start script's
    ``--include redis.conf --include master.conf``): its lines are read with their spans."""
    (tmp_path / "values.yaml").write_text(
        "architecture: standalone\nauth:\n  enabled: true\nmaster:\n  configuration: |-\n    maxmemory 100mb\n"
        "    maxmemory-policy allkeys-lru\n  resources:\n    limits:\n      memory: 1Gi\n"
    )
    report = lint([str(tmp_path)], Settings(select=("RL308", "RL401", "RL403")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [("RL308", "values.yaml", 7, "medium")]  # allkeys-lru with the chart's AOF on; maxmemory and the limit are set


CLUSTER_DATA = DATA.parent / "bitnami-redis-cluster"

# bitnami/redis-cluster 9.0.8 as shipped: 6 cluster nodes on 8Gi PVCs (one claim per pod: no
# RL605), AOF on, a generated password (no RL101), ClusterIP Services (no RL870, no RL702 inside
# the cluster), soft anti-affinity (no RL873), liveness script accepting LOADING (no RL876).
CLUSTER_DEFAULTS = [
    ("RL201", "values.yaml", 494, "medium"),  # the chart renames nothing and has no ACL value: FLUSHALL, CONFIG... open
    ("RL205", "values.yaml", 76, "high"),  # 7.2.1-debian-11-r24: below 7.2.11, the 7.2 line's security release
    ("RL401", "values.yaml", 494, "high"),  # redis.configmap (and the default config) set no maxmemory
    ("RL403", "values.yaml", 410, "medium"),  # redis.resources: limits {}
    ("RL407", "values.yaml", 410, "low"),
    ("RL808", "values.yaml", 410, "low"),  # containerSecurityContext: runAsUser/runAsNonRoot only
    ("RL810", "values.yaml", 1, "low"),  # metrics.enabled: false
    ("RL871", "values.yaml", 101, "medium"),  # networkPolicy.enabled: false
    ("RL872", "values.yaml", 163, "medium"),  # podDisruptionBudget: {}
]


def test_redis_cluster_chart_defaults_and_production(tmp_path: Path) -> None:
    shutil.copy(CLUSTER_DATA / "values.yaml", tmp_path / "values.yaml")
    assert _findings(tmp_path) == CLUSTER_DEFAULTS
    shutil.copy(CLUSTER_DATA / "values-production.yaml", tmp_path / "values-production.yaml")
    # the production override (ACL line in redis.configmap, see tests/test_helm_live.py) gives nothing
    assert _findings(tmp_path) == CLUSTER_DEFAULTS
    assert _findings(tmp_path, "values-production.yaml") == CLUSTER_DEFAULTS  # the values.yaml release beside it
    (tmp_path / "values.yaml").unlink()
    assert _findings(tmp_path) == []  # the override alone, over the packaged defaults: exactly no finding


def test_an_override_named_alone_is_linted_over_the_values_beside_it(tmp_path: Path) -> None:
    for name in ("values.yaml", "values-production.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    assert _findings(tmp_path, "values-production.yaml") == sorted(DEFAULTS + PRODUCTION)


def test_newer_chart_keys_resources_preset_and_role_pdb(tmp_path: Path) -> None:
    """Values of a newer chart (19+): ``resourcesPreset`` gives limits when ``resources`` is empty
    (requests below them: RL875), ``master.pdb.create`` replaces the top-level ``pdb``."""
    (tmp_path / "values.yaml").write_text(
        "architecture: replication\nauth:\n  enabled: true\nmaster:\n  resourcesPreset: nano\n  resources: {}\n"
        "  pdb:\n    create: true\nreplica:\n  replicaCount: 3\n  resourcesPreset: \"none\"\n  pdb:\n    create: true\n"
    )
    report = lint([str(tmp_path)], Settings(select=("RL403", "RL872", "RL875")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [
        ("RL403", "values.yaml", 9, "medium"),  # replica: preset none, resources not written
        ("RL875", "values.yaml", 5, "medium"),  # nano: 128Mi requested, 192Mi limit
    ]


def test_the_stored_chart_data_folder() -> None:
    """``tests/data/helm`` linted as it is stored: the four releases' findings, on the stored files."""
    root = DATA.parent
    report = lint([str(root)], Settings(), root=str(root), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, root), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    redis = [(r, f"bitnami-redis/{f}", n, s) for r, f, n, s in DEFAULTS + PRODUCTION]
    cluster = [(r, f"bitnami-redis-cluster/{f}", n, s) for r, f, n, s in CLUSTER_DEFAULTS]
    assert got == sorted(redis + cluster)


def test_existing_configmap_makes_the_config_unseen(tmp_path: Path) -> None:
    """``existingConfigmap``: the redis.conf is a ConfigMap made at deploy time, so the rules that
    read the config (maxmemory, dangerous commands) stay silent; the workload's own rules still run."""
    (tmp_path / "values-prod.yaml").write_text(
        "architecture: replication\nauth:\n  enabled: true\nimage:\n  tag: 7.2.11-debian-12-r0\n"
        "existingConfigmap: my-redis-config\nmaster:\n  disableCommands: []\nreplica:\n  disableCommands: []\n"
    )
    report = lint([str(tmp_path)], Settings(select=("RL201", "RL401", "RL403")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.name.lower()) for f in report.findings)
    assert got == [
        ("RL403", "values-prod.yaml", 7, "medium"),  # master: the chart's resources {} (no memory limit)
        ("RL403", "values-prod.yaml", 9, "medium"),  # replica
    ]


def test_redis_cluster_external_access_is_a_load_balancer_per_node(tmp_path: Path) -> None:
    """``cluster.externalAccess.enabled``: the chart makes a LoadBalancer Service for every node
    (RL870 HIGH at the override's key); with ``loadBalancerSourceRanges`` it is MEDIUM."""
    text = (CLUSTER_DATA / "values-production.yaml").read_text()
    assert "  externalAccess:\n    enabled: false\n" in text
    open_lb = text.replace("  externalAccess:\n    enabled: false\n", "  externalAccess:\n    enabled: true\n")
    (tmp_path / "values-production.yaml").write_text(open_lb)
    line = open_lb.splitlines().index("  externalAccess:") + 1
    assert _findings(tmp_path) == [("RL870", "values-production.yaml", line, "high")]
    ranged = open_lb.replace("  externalAccess:\n    enabled: true\n", "  externalAccess:\n    enabled: true\n    service:\n      loadBalancerSourceRanges: [10.0.0.0/8]\n")
    (tmp_path / "values-production.yaml").write_text(ranged)
    assert _findings(tmp_path) == [("RL870", "values-production.yaml", line + 2, "medium")]  # at service:


def test_sentinel_configuration_lines_are_read_with_their_lines(tmp_path: Path) -> None:
    """``sentinel.configuration`` is part of the Sentinels' sentinel.conf: a typo is reported at its
    line, and ``sentinel auth-user`` makes the Sentinels log in as that user, so the default user's
    REPLICAOF is the application's again (RL201 on the ACL line)."""
    text = (DATA / "values-production.yaml").read_text()
    extra = "  masterSet: mymaster\n  configuration: |-\n    sentinel auth-user mymaster sentinel\n    sentinal resolve-hostnames yes\n"
    assert "  masterSet: mymaster\n" in text
    text = text.replace("  masterSet: mymaster\n", extra)
    (tmp_path / "values-production.yaml").write_text(text)
    typo = text.splitlines().index("    sentinal resolve-hostnames yes") + 1
    assert _findings(tmp_path) == [
        ("RL002", "values-production.yaml", typo, "critical"),
        ("RL201", "values-production.yaml", 38, "medium"),
    ]
