"""Redis operators' custom resources (issue 16): the OT-CONTAINER-KIT and Spotahome examples of
``tests/data/k8s-operators`` give exactly these findings; config lines keep their exact spans inside
``customConfig`` items; an additional-config ConfigMap of the repository is included; what each
operator makes by itself (Spotahome's PodDisruptionBudgets and anti-affinity) silences RL872/RL873."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redislint.api import lint, load_project
from redislint.engine.context import Settings

DATA = Path(__file__).parent / "data" / "k8s-operators"
OT = ("redis-standalone.yaml", "redis-replication.yaml", "redis-sentinel.yaml", "redis-cluster.yaml")


def _findings(root: Path, files: dict[str, str] | None = None, sources: tuple[Path, ...] = (), select: tuple[str, ...] = ()) -> list[tuple[str, str, int, int, str]]:
    for src in sources:
        shutil.copy(src, root / src.name)
    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    report = lint([str(root)], Settings(select=select), root=str(root), environ={})
    return sorted((f.rule_id, Path(f.span.file).name, f.span.start_line, f.span.start_col, f.severity.name.lower()) for f in report.findings if not f.suppressed)


OT_EXPECTED = [
    ("RL101", "redis-standalone.yaml", 3, 7, "medium"),  # no redisSecret: no password
    ("RL106", "redis-standalone.yaml", 3, 7, "high"),  # the entrypoint writes protected-mode no
    ("RL201", "redis-replication.yaml", 23, 5, "medium"),
    ("RL201", "redis-standalone.yaml", 3, 7, "medium"),
    ("RL205", "redis-cluster.yaml", 9, 12, "high"),  # quay.io/opstree/redis:v6.2.5
    ("RL205", "redis-standalone.yaml", 10, 12, "high"),
    ("RL206", "redis-replication.yaml", 14, 12, "medium"),  # 7.0.x: end of life
    ("RL206", "redis-sentinel.yaml", 17, 12, "medium"),
    ("RL401", "redis-replication.yaml", 23, 5, "high"),
    ("RL401", "redis-standalone.yaml", 3, 7, "high"),
    ("RL808", "redis-cluster.yaml", 5, 9, "low"),
    ("RL808", "redis-replication.yaml", 5, 10, "low"),
    ("RL808", "redis-sentinel.yaml", 5, 9, "low"),
    ("RL808", "redis-standalone.yaml", 5, 9, "low"),
    ("RL810", "redis-cluster.yaml", 1, 1, "low"),
    ("RL871", "redis-cluster.yaml", 5, 9, "medium"),
    ("RL871", "redis-replication.yaml", 5, 10, "medium"),
    ("RL871", "redis-sentinel.yaml", 5, 9, "medium"),
    ("RL871", "redis-standalone.yaml", 5, 9, "medium"),
    ("RL872", "redis-cluster.yaml", 5, 9, "medium"),  # OT makes a PDB only when `pdb.enabled`
    ("RL872", "redis-replication.yaml", 5, 10, "medium"),
    ("RL872", "redis-sentinel.yaml", 5, 9, "medium"),
    ("RL873", "redis-cluster.yaml", 7, 3, "low"),  # and no anti-affinity unless `affinity` is given
    ("RL873", "redis-replication.yaml", 7, 3, "low"),
    ("RL873", "redis-sentinel.yaml", 7, 3, "medium"),
]


def test_ot_container_kit_examples(tmp_path: Path) -> None:
    assert _findings(tmp_path, sources=tuple(DATA / "ot-container-kit" / n for n in OT)) == OT_EXPECTED


SPOTAHOME_EXPECTED = {
    "basic.yaml": [
        ("RL101", "basic.yaml", 2, 7, "medium"),
        ("RL201", "basic.yaml", 2, 7, "medium"),
        ("RL401", "basic.yaml", 2, 7, "high"),
        ("RL407", "basic.yaml", 4, 9, "low"),
        ("RL808", "basic.yaml", 4, 9, "low"),
        ("RL810", "basic.yaml", 1, 1, "low"),
        ("RL871", "basic.yaml", 4, 9, "medium"),
        ("RL871", "basic.yaml", 4, 9, "medium"),
        ("RL874", "basic.yaml", 2, 7, "high"),  # no persistentVolumeClaim: an emptyDir under RDB saves
        ("RL875", "basic.yaml", 18, 17, "medium"),
    ],
    "basic-with-auth.yaml": [  # authV2: ACL users from the resource, a Secret the operator reads
        ("RL103", "basic-with-auth.yaml", 34, 11, "medium"),  # "test3": 5 characters
        ("RL103", "basic-with-auth.yaml", 40, 11, "medium"),  # "admintest"
        ("RL104", "basic-with-auth.yaml", 27, 11, "high"),  # the users' literal passwords: one finding
        ("RL104", "basic-with-auth.yaml", 51, 13, "high"),  # the committed Secret test3 nothing reads
        ("RL104", "basic-with-auth.yaml", 61, 13, "high"),  # the committed Secret test2 the users read
        ("RL110", "basic-with-auth.yaml", 42, 13, "medium"),  # ACL SETUSER keeps the default user's +@all
        ("RL201", "basic-with-auth.yaml", 42, 13, "medium"),
        ("RL401", "basic-with-auth.yaml", 2, 7, "high"),
        ("RL407", "basic-with-auth.yaml", 4, 9, "low"),
        ("RL808", "basic-with-auth.yaml", 4, 9, "low"),
        ("RL810", "basic-with-auth.yaml", 1, 1, "low"),
        ("RL871", "basic-with-auth.yaml", 4, 9, "low"),  # the data pods have passwords: LOW
        ("RL871", "basic-with-auth.yaml", 4, 9, "medium"),
        ("RL874", "basic-with-auth.yaml", 2, 7, "high"),
        ("RL875", "basic-with-auth.yaml", 18, 17, "medium"),
    ],
    "persistent-storage.yaml": [
        ("RL101", "persistent-storage.yaml", 2, 7, "medium"),
        ("RL201", "persistent-storage.yaml", 2, 7, "medium"),
        ("RL401", "persistent-storage.yaml", 2, 7, "high"),
        ("RL403", "persistent-storage.yaml", 4, 9, "medium"),
        ("RL407", "persistent-storage.yaml", 4, 9, "low"),
        ("RL808", "persistent-storage.yaml", 4, 9, "low"),
        ("RL810", "persistent-storage.yaml", 1, 1, "low"),
        ("RL871", "persistent-storage.yaml", 4, 9, "medium"),
        ("RL871", "persistent-storage.yaml", 4, 9, "medium"),
    ],
    "custom-config.yaml": [
        ("RL101", "custom-config.yaml", 2, 7, "medium"),
        ("RL201", "custom-config.yaml", 2, 7, "medium"),
        ("RL401", "custom-config.yaml", 2, 7, "high"),
        ("RL403", "custom-config.yaml", 4, 9, "medium"),
        ("RL407", "custom-config.yaml", 4, 9, "low"),
        ("RL509", "custom-config.yaml", 10, 27, "low"),  # "failover-timeout 3000": its value, in the item
        ("RL808", "custom-config.yaml", 4, 9, "low"),
        ("RL810", "custom-config.yaml", 1, 1, "low"),
        ("RL871", "custom-config.yaml", 4, 9, "medium"),
        ("RL871", "custom-config.yaml", 4, 9, "medium"),
        ("RL874", "custom-config.yaml", 2, 7, "high"),
    ],
}


@pytest.mark.parametrize("name", sorted(SPOTAHOME_EXPECTED))
def test_spotahome_examples(tmp_path: Path, name: str) -> None:
    # each example alone: the four reuse one resource name, so together they would be one workload
    assert _findings(tmp_path, sources=(DATA / "spotahome" / name,)) == SPOTAHOME_EXPECTED[name]


def test_custom_config_lines_have_exact_spans(tmp_path: Path) -> None:
    shutil.copy(DATA / "spotahome" / "custom-config.yaml", tmp_path / "rf.yaml")
    project, _ = load_project([str(tmp_path)], str(tmp_path), None, {}, (), str(tmp_path))
    (node,) = project.nodes
    (sentinel,) = project.sentinels
    spans = {(d.name, *(a.text for a in d.args)): (d.span.start_line, d.name_span.start_col, d.args[-1].span.start_col) for d in (*node.directives, *sentinel.directives)}
    assert spans[("maxclients", "100")] == (14, 10, 21)  # - "maxclients 100": inside the quoted item
    assert spans[("client-output-buffer-limit", "pubsub", "33554432", "8388608", "60")] == (20, 10, 61)
    # a Sentinel line: SENTINEL SET mymaster down-after-milliseconds 2000, its value in the item
    assert spans[("sentinel", "down-after-milliseconds", "mymaster", "2000")][0] == 9
    assert spans[("sentinel", "down-after-milliseconds", "mymaster", "2000")][2] == 34
    assert spans[("dir", "/data")] == (2, 7, 7)  # the operator's default: at the resource's kind


def test_ot_additional_config_from_the_repository(tmp_path: Path) -> None:
    cr = (DATA / "ot-container-kit" / "redis-replication.yaml").read_text(encoding="utf-8").replace(
        "  # redisConfig:\n  #   additionalRedisConfig: redis-external-config\n", "  redisConfig:\n    additionalRedisConfig: redis-external-config\n"
    )
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis-external-config\ndata:\n  redis-additional.conf: |\n    maxmemory 64mb\n    rename-command FLUSHALL \"\"\n"
    got = _findings(tmp_path, {"replication.yaml": cr, "external.yaml": cm}, select=("RL401", "RL402", "RL003"))
    assert got == []  # the ConfigMap's maxmemory is included: no RL401, and 64mb fits 128Mi


def test_spotahome_sentinel_quorum_is_a_majority(tmp_path: Path) -> None:
    rf = "apiVersion: databases.spotahome.com/v1\nkind: RedisFailover\nmetadata:\n  name: rf\nspec:\n  sentinel:\n    replicas: 5\n  redis:\n    replicas: 2\n"
    assert _findings(tmp_path, {"rf.yaml": rf}, select=("RL503", "RL504", "RL505", "RL107", "RL872", "RL873")) == []


def test_operator_passwords_are_never_printed(tmp_path: Path) -> None:
    from redislint.output import render

    shutil.copy(DATA / "spotahome" / "basic-with-auth.yaml", tmp_path / "rf.yaml")
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    for fmt in ("text", "json", "sarif"):
        out = render(report, fmt)
        for secret in ("admintest", "testoverride2", "testoverride3", "eyAibmFtZSI6"):
            assert secret not in out, (fmt, secret)
