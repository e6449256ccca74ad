"""Monitoring files: what the link stage reads of them, checked against the real tools. Every alert
rule file of the fixtures, the tutorial and the stacks is valid for Debian's ``promtool``; what RL816
says of a ratio over ``redis_memory_max_bytes`` is what Prometheus's own rule evaluation does
(``promtool test rules``); the exporter metric list names the exporter it was read from."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from redislint.discovery import monitoring_kind
from redislint.model.span import Span
from redislint.parsers.monitoring import analyse
from redislint.redis.exporter import exporter_metrics, exporter_version
from tests.support.binaries import need_binary

REPO = Path(__file__).resolve().parent.parent
RULE_FILES = sorted(
    p
    for top in ("fixtures", "stacks")
    for p in (REPO / top).rglob("*.yml")
    if monitoring_kind(p.read_text(encoding="utf-8", errors="replace")) == "prometheus-rules"
)


def test_rule_files_are_found() -> None:
    names = {p.relative_to(REPO).as_posix() for p in RULE_FILES}
    assert "fixtures/tutorial/monitoring/alerts/redis-alerts.yml" in names
    assert "stacks/monitoring/prometheus/alerts/redis.yml" in names
    assert len(names) > 20


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.relative_to(REPO).as_posix() for p in RULE_FILES])
def test_rule_file_is_valid_for_promtool(path: Path) -> None:
    promtool = need_binary("promtool")
    res = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr


def test_unguarded_ratio_fires_without_maxmemory(tmp_path: Path) -> None:
    """maxmemory 0: used / max is +Inf, so `> 0.9` fires; the guarded ratio stays silent."""
    promtool = need_binary("promtool")
    unguarded = "redis_memory_used_bytes / redis_memory_max_bytes > 0.9"
    guarded = "redis_memory_used_bytes / (redis_memory_max_bytes > 0) > 0.9"
    assert analyse("a", unguarded, Span.point("x", 1)).unguarded_max
    assert not analyse("b", guarded, Span.point("x", 1)).unguarded_max
    (tmp_path / "rules.yml").write_text(
        "groups:\n  - name: g\n    rules:\n"
        f"      - alert: Unguarded\n        expr: {unguarded}\n"
        f"      - alert: Guarded\n        expr: {guarded}\n",
        encoding="utf-8",
    )
    (tmp_path / "test.yml").write_text(
        "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
        "      - series: 'redis_memory_used_bytes{instance=\"r\"}'\n        values: '1000000x5'\n"
        "      - series: 'redis_memory_max_bytes{instance=\"r\"}'\n        values: '0x5'\n"
        "    alert_rule_test:\n"
        "      - eval_time: 2m\n        alertname: Unguarded\n        exp_alerts:\n          - exp_labels: {instance: r}\n"
        "      - eval_time: 2m\n        alertname: Guarded\n        exp_alerts: []\n",
        encoding="utf-8",
    )
    res = subprocess.run([promtool, "test", "rules", "test.yml"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr


def test_exporter_metric_list() -> None:
    names = exporter_metrics()
    assert exporter_version() != "unknown"
    assert {"redis_up", "redis_memory_max_bytes", "redis_master_link_up", "redis_rdb_last_bgsave_status", "redis_sentinel_masters", "redis_cluster_state"} <= names
    assert "redis_replication_lag_bytes" not in names  # the tutorial's alert: no exporter metric


def _mounting_by_scan(project: object, path: str, images: tuple[str, ...]) -> object:
    """The service whose bind mount holds ``path``, the slow way: every service, every mount."""
    import os
    import posixpath

    for svc in project.services:  # type: ignore[attr-defined]
        image = (svc.image.text or "").lower() if svc.image is not None else None
        if svc.platform != "compose" or image is None or not any(i in image for i in images):
            continue
        if any(x in image for x in ("exporter", "alertmanager", "pushgateway")):
            continue
        for m in svc.volumes:
            if m.type != "bind" or not m.host_path or not m.target.startswith("/"):
                continue
            if m.host_path == path:
                return svc, posixpath.normpath(m.target)
            if path.startswith(m.host_path.rstrip(os.sep) + os.sep):
                return svc, posixpath.normpath(posixpath.join(m.target, os.path.relpath(path, m.host_path)))
    return None


def test_bind_mount_index_answers_as_a_scan() -> None:
    """The monitoring stage finds the service of a Prometheus or Grafana file through an index of bind
    mounts built once; on the reference and tutorial stacks it answers every path as a scan of every
    service's mounts does (the file itself, below a mounted folder, above it, none)."""
    import os

    from redislint.api import load_project
    from redislint.link.monitoring import _bind_mounts, _mounting

    base = Path(__file__).resolve().parent.parent
    roots = [p for b in ("stacks", "fixtures/tutorial") for p in sorted((base / b).iterdir()) if p.is_dir()]
    asked = found = 0
    for root in roots:
        project, _notices = load_project([str(root)], str(root), environ={})
        binds = _bind_mounts(project)
        paths = set(project.files)
        for svc in project.services:
            for m in svc.volumes:
                if m.host_path:
                    paths |= {m.host_path, m.host_path + "/x", m.host_path.rstrip("/") + "/a/b.yml", os.path.dirname(m.host_path)}
        for path in sorted(paths):
            for images in (("prometheus",), ("grafana",), ("redis",), ("",)):
                want = _mounting_by_scan(project, path, images)
                got = _mounting(binds, path, images)
                assert (got is None) == (want is None), (path, images)
                if got is not None and want is not None:
                    assert got[0] is want[0] and got[1] == want[1], (path, images)
                    found += 1
                asked += 1
    assert asked > 400 and found > 100
