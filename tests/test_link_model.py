"""The link stage computes, once and typed on the model, the facts rules read: roles, the stack's
hostname resolver, ACL users and authentication, Sentinel monitors, the data directory, workload
settings, healthcheck probes and exporter targets."""

from __future__ import annotations

from pathlib import Path

from redislint.api import load_project
from redislint.model.project import Project


def _project(tmp_path: Path, files: dict[str, str], respect_gitignore: bool = True) -> Project:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={}, respect_gitignore=respect_gitignore)
    return project


COMPOSE = """services:
  cache:
    image: redis:7.2.4
    hostname: primary
    command: redis-server /etc/redis/redis.conf
    volumes: ["./redis.conf:/etc/redis/redis.conf:ro", "data:/data"]
    networks: {back: {ipv4_address: 10.0.0.5}}
    privileged: true
    tmpfs: /tmp
    deploy: {replicas: 2, resources: {limits: {memory: 1g}}}
    healthcheck: {test: ["CMD", "redis-cli", "-a", "s3cret-s3cret-s3cret", "ping"]}
  sentinel:
    image: redis:7.2.4
    command: redis-sentinel /etc/sentinel.conf
    volumes: ["./sentinel.conf:/etc/sentinel.conf"]
    links: ["cache:db"]
  exporter:
    image: oliver006/redis_exporter:v1.62.0
    environment: {REDIS_ADDR: "redis://primary:6379"}
  web:
    image: nginx:1.27
volumes: {data: {}}
networks: {back: {}}
"""


def test_link_stage_fills_the_model(tmp_path: Path) -> None:
    project = _project(tmp_path, {
        "compose.yaml": COMPOSE,
        "redis.conf": "requirepass s3cret-s3cret-s3cret\nuser app on >app-pass-app-pass ~* +@read\n",
        "sentinel.conf": "sentinel monitor mymaster cache 6379 2\n",
    })
    stack = project.stacks[0]
    svc = stack.services
    assert {name: s.role for name, s in svc.items()} == {"cache": "redis", "sentinel": "sentinel", "exporter": "exporter", "web": "other"}
    assert all(s.stack is stack for s in svc.values())
    cache = project.nodes[0]
    assert svc["cache"].server is cache and svc["web"].server is None
    # one resolver per stack: Redis nodes by name, alias, hostname or IP; any service; every reachable name
    hosts = project.hosts(stack)
    assert [hosts.resolve(h) is cache for h in ("cache", "primary", "10.0.0.5")] == [True, True, True]
    assert hosts.resolve("web") is None and hosts.service("web") is svc["web"]
    assert {"cache", "primary", "sentinel", "exporter", "web", "db"} <= hosts.names
    # ACL users and authentication
    assert cache.acl is not None and sorted(cache.acl.users) == ["app", "default"]
    assert cache.auth is not None and (cache.auth.state, cache.auth.via) == ("set", "requirepass")
    # Sentinel configuration, groups and primaries
    sentinel = project.sentinels[0]
    assert sentinel.sentinel is not None and list(sentinel.sentinel.monitors) == ["mymaster"]
    assert sentinel.sentinel.monitors["mymaster"].quorum == 2
    assert project.sentinel_groups[0].primary is cache and sentinel.primaries == [cache]
    # data directory, workload, probes, exporter targets
    assert cache.data is not None and (cache.data.path, cache.data.kind) == ("/data", "volume")
    w = svc["cache"].workload
    assert (w.privileged, w.memory_limit_written, w.cpu_limit_written, w.replicas, w.tmpfs) == (True, True, False, 2, ["/tmp"])
    assert [(p.binary, p.has_auth, p.checks_answer) for p in svc["cache"].probes] == [("redis-cli", True, False)]
    assert [f for f, _v in svc["cache"].healthcheck_passwords] == ["-a"]
    assert [(t.host, t.port, t.source) for t in svc["exporter"].exporter_targets] == [("primary", 6379, "REDIS_ADDR")]
    assert project.service_accounts == set()
    assert cache.config_problems == []


def test_link_stage_decides_file_facts(tmp_path: Path) -> None:
    """Files the deployment needs are checked once, at link time: absent bind sources and env files,
    TLS files of a node that uses TLS, a Sentinel's config mount, a committed key's .gitignore;
    and the node's reach, password digest and Sentinel scope."""
    project = _project(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  cache:\n"
            "    image: redis:7.2.4\n"
            "    command: redis-server /etc/redis/redis.conf\n"
            "    env_file: [missing.env]\n"
            "    volumes: ['./redis.conf:/etc/redis/redis.conf:ro', './nowhere.conf:/etc/extra.conf:ro']\n"
            "  sentinel:\n"
            "    image: redis:7.2.4\n"
            "    command: redis-sentinel /etc/sentinel/sentinel.conf\n"
            "    volumes: ['./sentinel/sentinel.conf:/etc/sentinel/sentinel.conf']\n"
        ),
        "redis.conf": "tls-port 6380\nport 0\ntls-cert-file /etc/redis/redis.crt\ntls-key-file /etc/redis/redis.key\n",
        "sentinel/sentinel.conf": "sentinel monitor mymaster cache 6379 2\n",
        "keys/server.key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
        ".gitignore": "keys/\n",
    }, respect_gitignore=False)  # walking would skip keys/: the fact is for a key named or walked with --no-respect-gitignore
    root = str(tmp_path)
    assert project.absent == {f"{root}/redis.conf": False, f"{root}/nowhere.conf": True, f"{root}/missing.env": True, f"{root}/sentinel/sentinel.conf": False}
    cache, sentinel = project.nodes[0], project.sentinels[0]
    assert cache.tls_files == {"tls-cert-file": ("missing", None), "tls-key-file": ("missing", None)}
    assert cache.reach == ("internal", None) and cache.password is not None and cache.password.state == "unset"
    assert sentinel.conf_bind_is_dir is False  # a single-file mount: RL506
    assert [f.ignored for f in project.files.values() if f.kind == "other"] == [True]
    assert [(g.scope, g.first_in_scope) for g in project.sentinel_groups] == [(("stack", root, tmp_path.name), True)]


def test_passwords_written_in_each_file(tmp_path: Path) -> None:
    """Every password a server loads, by the file it is written in, each span once (RL103 reads this
    instead of scanning every node for every file)."""
    project = _project(
        tmp_path,
        {
            "compose.yaml": "services:\n  a:\n    image: redis:7.2.4\n    command: redis-server /r.conf --masterauth Other-pw-2\n"
            "    volumes: ['./redis.conf:/r.conf:ro']\n"
            "  b:\n    image: redis:7.2.4\n    command: redis-server /r.conf\n    volumes: ['./redis.conf:/r.conf:ro']\n",
            "redis.conf": "requirepass First-pw-1\nuser app on >App-pw-3 ~* +get\n",
        },
    )
    got = {
        file.rsplit("/", 1)[-1]: [(what, v.text, v.span.start_line, v.span.start_col) for what, v in pairs]
        for file, pairs in project.written_passwords.items()
    }
    assert got == {
        "redis.conf": [("requirepass", "First-pw-1", 1, 13), ("ACL user 'app'", "App-pw-3", 2, 13)],
        "compose.yaml": [("masterauth", "Other-pw-2", 4, 48)],
    }
