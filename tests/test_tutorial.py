"""The seven stacks of the tutorial (fixtures/tutorial, copied from the seed) produce exactly the
findings written at the end of each file (``# expect-line N: RL105:high, ...``: rule, severity, one
entry per finding), with every rule and the default profile. The appended comment blocks keep the
tutorial's own line numbers."""

from __future__ import annotations

from redislint.api import lint
from redislint.engine.context import Settings
from tests.harness import FIXTURES, Case, as_got, compare, expected, mismatch

TUTORIAL = FIXTURES / "tutorial"


def test_tutorial_findings_are_exact() -> None:
    want, _ = expected(Case("*", "bad", TUTORIAL))
    report = lint([str(TUTORIAL)], Settings(), root=str(TUTORIAL), environ={})
    missing, unexpected = compare(want, [as_got(f) for f in report.findings if not f.suppressed])
    assert not missing and not unexpected, mismatch(missing, unexpected)
    assert report.exit_code == 1


def test_headline_mistakes_are_reported() -> None:
    """The mistakes the issue names, at the right file and line."""
    want = {(e.file, e.line, e.rule) for e in expected(Case("*", "bad", TUTORIAL))[0]}
    for item in [
        ("tutorial/standalone/docker-compose.yml", 31, "RL009"),
        ("tutorial/standalone/redis.conf", 38, "RL006"),
        ("tutorial/standalone/docker-compose.yml", 25, "RL402"),
        ("tutorial/sentinel/sentinel-1.conf", 10, "RL505"),
        ("tutorial/sentinel/docker-compose.yml", 115, "RL506"),
        ("tutorial/cluster/docker-compose.yml", 12, "RL602"),
        ("tutorial/monitoring/docker-compose.yml", 17, "RL102"),
        ("tutorial/standalone/docker-compose.yml", 22, "RL102"),
        ("tutorial/replication/docker-compose.yml", 3, "RL806"),
        ("tutorial/tls/docker-compose.yml", 25, "RL710"),
        ("tutorial/secrets/docker-compose.yml", 14, "RL807"),
        ("tutorial/standalone/Dockerfile", 35, "RL710"),
        ("tutorial/replication/redis-backup.sh", 19, "RL102"),  # redis-cli -a changeme
        ("tutorial/replication/redis-backup.sh", 23, "RL309"),  # two LASTSAVE calls at the same moment
        ("tutorial/cluster/init-redis-cluster.sh", 20, "RL102"),
        ("tutorial/standalone/docker-commands.sh", 13, "RL102"),  # docker run ... --requirepass my-secret-password
        ("tutorial/standalone/docker-commands.sh", 41, "RL402"),  # docker run -m 2g ... --maxmemory 1900mb
        ("tutorial/monitoring/alerts/redis-alerts.yml", 19, "RL816"),  # ratio over redis_memory_max_bytes
        ("tutorial/monitoring/alerts/redis-alerts.yml", 39, "RL815"),  # redis_replication_lag_bytes
        ("tutorial/monitoring/prometheus.yml", 19, "RL814"),  # the alert rules are not mounted
    ]:
        assert item in want, item
    assert not any(rule == "RL101" and f.startswith("tutorial/secrets/") for f, _, rule in want)
    assert not any(rule in ("RL501", "RL107") and f.startswith("tutorial/replication/") for f, _, rule in want)


def test_one_cause_one_finding() -> None:
    """A literal well-known password in a compose command is one finding (RL102, the most severe),
    which names the other aspects (hard-coded: RL104, in the process arguments: RL105) at its place;
    selected alone, RL105 still reports it."""
    report = lint([str(TUTORIAL)], Settings(), root=str(TUTORIAL), environ={})
    at = [f for f in report.findings if f.span.file.endswith("standalone/docker-compose.yml") and f.span.start_line == 22]
    assert [(f.rule_id, f.severity.name) for f in at] == [("RL102", "CRITICAL")]
    assert [r.message.split(" ", 2)[1] for r in at[0].related] == ["RL104", "RL105"]
    alone = lint([str(TUTORIAL)], Settings(select=("RL105",)), root=str(TUTORIAL), environ={})
    assert any(f.rule_id == "RL105" and f.span.file.endswith("standalone/docker-compose.yml") and f.span.start_line == 22 for f in alone.findings)


def test_dockerfile_alone_reports_its_healthcheck() -> None:
    """`redislint check Dockerfile`: the image is linted as it runs (its ENTRYPOINT/CMD start the
    server on the COPYed redis.conf, which sets requirepass), and its HEALTHCHECK's bare
    `redis-cli ping` passes on NOAUTH (RL710, at the CMD line); what only a run says (limits, restart
    policy, hardening options) is not reported on an image."""
    path = TUTORIAL / "standalone" / "Dockerfile"
    report = lint([str(path)], Settings(), root=str(TUTORIAL), environ={})
    got = {(f.rule_id, f.span.file.rsplit("/", 1)[-1], f.span.start_line, f.severity.name) for f in report.findings}
    assert ("RL710", "Dockerfile", 35, "HIGH") in got
    assert ("RL205", "Dockerfile", 2, "LOW") in got
    assert not {r for r, *_ in got} & {"RL403", "RL407", "RL804", "RL805", "RL808", "RL302"}
