"""Issue 17: the new kinds of input (Dockerfiles linted alone, shell scripts and Makefiles, Prometheus
configs, alert rule files, Grafana datasource files) mutated the way tests/hostile/test_robust_fuzz.py
mutates compose files, linted in-process with every rule and rendered in every format: no exception,
no RL900, an exit status within 0..2. Derandomized, so a failure reproduces."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.test_robust_fuzz import FRAGMENTS, _edit, check_tree, fuzz, mutate

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
TUTORIAL = FIXTURES / "tutorial"
EXTRA = [
    "docker run -d -p 6379:6379 -m 2g --network host redis:7.4.1 redis-server --maxmemory 1900mb",
    "docker exec x redis-cli -a pw BGSAVE", "$(redis-cli LASTSAVE)", "<<EOF", "EOF", "\\\n", "`", "$(", "))",
    "HEALTHCHECK CMD", "USER root", "EXPOSE 99999999999", "RUN chmod 9999 /x", "COPY --chown=: a b", "FROM",
    "expr: ", "redis_memory_used_bytes / redis_memory_max_bytes", "rule_files: [", "targets: ['a:b:c']", "url: http://",
]


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8", errors="surrogateescape")


SEEDS = {
    "Dockerfile": _read(TUTORIAL / "standalone" / "Dockerfile"),
    "backup.sh": _read(TUTORIAL / "replication" / "redis-backup.sh"),
    "run.sh": _read(TUTORIAL / "standalone" / "docker-commands.sh"),
    "Makefile": _read(FIXTURES / "RL309" / "bad" / "no_wait" / "Makefile"),
    "prometheus.yml": _read(TUTORIAL / "monitoring" / "prometheus.yml"),
    "alerts.yml": _read(TUTORIAL / "monitoring" / "alerts" / "redis-alerts.yml"),
    "datasources.yml": _read(TUTORIAL / "monitoring" / "grafana" / "datasources" / "prometheus.yml"),
}
COMPOSE = _read(TUTORIAL / "monitoring" / "docker-compose.yml").replace("./prometheus.yml", "./prometheus.yml").replace("./grafana/datasources", ".")
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(EXTRA))
_extra_edit = st.tuples(st.sampled_from(["insert", "line"]), st.integers(0, 10_000), _piece)


@pytest.mark.slow
@fuzz(max_examples=300)
@given(
    name=st.sampled_from(sorted(SEEDS)),
    edits=st.lists(st.one_of(_edit, _extra_edit), max_size=6),
    with_compose=st.booleans(),
)
def test_mutated_new_kinds(name: str, edits: list[tuple[str, int, str]], with_compose: bool) -> None:
    files = {name: mutate(SEEDS[name], edits), "redis.conf": "port 6379\nrequirepass x\n"}
    if with_compose:
        files["compose.yaml"] = COMPOSE
    check_tree(files)
