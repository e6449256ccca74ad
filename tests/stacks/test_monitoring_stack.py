"""The monitoring reference stack runs: its Redis (written by ``redislint init``, booted as a real
redis-server with the stack's ACL users), Debian's redis_exporter logging in as the ``exporter`` user
with the stack's password map, and Prometheus with the stack's own prometheus.yml and alert rules
(the service names mapped to 127.0.0.1 ports). ``promtool`` accepts the config and the rules, and
Prometheus reports ``redis_up == 1`` with every rule of the stack loaded."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redislint.parsers.monitoring import parse_rules
from tests.stacks.harness import StackRun
from tests.support.binaries import need_binary
from tests.support.ports import free_port
from tests.support.procs import wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def run(tmp_path: Path) -> Iterator[StackRun]:
    binaries = {name: need_binary(name) for name in ("redis-server", "redis-sentinel", "redis-cli")}
    stack = StackRun("monitoring", tmp_path, binaries)
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as r:  # 127.0.0.1 only
        return json.loads(r.read().decode())


def _try(url: str) -> Any:
    try:
        return _get(url)
    except (OSError, ValueError):
        return None


def test_monitoring_stack_scrapes_and_loads_its_alerts(run: StackRun, tmp_path: Path) -> None:
    exporter, prometheus, promtool = (need_binary(n) for n in ("prometheus-redis-exporter", "prometheus", "promtool"))
    stack = run.root
    assert set(run.procs) == {"redis"}
    redis_port = run.ports["redis"]
    taken = {redis_port}
    eport, pport, aport = free_port(taken), free_port(taken), free_port(taken)

    # the exporter reads the stack's password map, with the address it has here
    secret = json.loads((stack / "secrets" / "exporter_passwords.json").read_text(encoding="utf-8"))
    assert list(secret) == ["redis://redis:6379"]
    pwmap = tmp_path / "exporter_passwords.json"
    pwmap.write_text(json.dumps({f"redis://127.0.0.1:{redis_port}": secret["redis://redis:6379"]}), encoding="utf-8")
    run.runner.start(
        [exporter, "-redis.addr", f"redis://127.0.0.1:{redis_port}", "-redis.user", "exporter",
         "-redis.password-file", str(pwmap), "-web.listen-address", f"127.0.0.1:{eport}"],
        "exporter.log",
    )  # fmt: skip

    # Prometheus runs the stack's config and rules; only the service addresses change
    conf_dir = tmp_path / "prometheus"
    shutil.copytree(stack / "prometheus", conf_dir)
    conf = conf_dir / "prometheus.yml"
    text = conf.read_text(encoding="utf-8")
    for name, port in (("redis-exporter:9121", eport), ("alertmanager:9093", aport), ("localhost:9090", pport)):
        assert name in text, name
        text = text.replace(name, f"127.0.0.1:{port}")
    conf.write_text(text, encoding="utf-8")
    rules = sorted((stack / "prometheus" / "alerts").glob("*.yml"))
    checked = subprocess.run([promtool, "check", "rules", *map(str, rules)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    checked = subprocess.run([promtool, "check", "config", str(conf)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert re.search(r"SUCCESS: \d+ rules found", checked.stdout), checked.stdout  # rule_files found from the config

    run.runner.start(
        [prometheus, f"--config.file={conf}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{pport}"],
        "prometheus.log",
    )  # fmt: skip
    base = f"http://127.0.0.1:{pport}/api/v1"

    def redis_up() -> bool:
        data = _try(f"{base}/query?" + urllib.parse.urlencode({"query": "redis_up"}))
        results = (data or {}).get("data", {}).get("result", [])
        return any(r["value"][1] == "1" for r in results)

    wait_until(redis_up, 60, "Prometheus to scrape redis_up == 1 through the exporter")
    want = {r.name for f in rules if (rf := parse_rules(str(f), f.read_text(encoding="utf-8"))) is not None for r in rf.rules}
    loaded = {r["name"] for g in _get(f"{base}/rules")["data"]["groups"] for r in g["rules"]}
    assert want and want <= loaded, (want, loaded)
    # the exporter logged in: with a wrong password redis_up would be 0
    scrape = _get(f"{base}/query?" + urllib.parse.urlencode({"query": 'up{job="redis"}'}))
    assert [r["value"][1] for r in scrape["data"]["result"]] == ["1"]
