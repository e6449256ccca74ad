"""Shell scripts, Makefiles, `docker run` command lines and lone Dockerfiles: what the link stage
reads of them (exact facts), that nothing of them is run, and the server behaviour RL309 rests on,
checked on a real redis-server."""

from __future__ import annotations

import time
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.link.scripts import docker_run_service, read_script
from redislint.parsers.dockerfile import parse_dockerfile
from redislint.parsers.script import parse_script
from tests.support.binaries import need_binary
from tests.support.ports import free_port
from tests.support.procs import Procs, wait_until
from tests.support.resp import answers, command


def _findings(path: Path, root: Path, select: tuple[str, ...] = ()) -> set[tuple[str, str, int, str]]:
    report = lint([str(path)], Settings(select=select), root=str(root), environ={})
    return {(f.rule_id, Path(f.span.file).name, f.span.start_line, f.severity.name) for f in report.findings if not f.suppressed}


def test_docker_run_options_are_a_service(tmp_path: Path) -> None:
    text = (
        "docker run -d --name cache -p 127.0.0.1:6380:6379 -m 2g --cpus=1.5 --restart always \\\n"
        "  -v cache-data:/data -v $(pwd)/redis.conf:/usr/local/etc/redis/redis.conf:ro -e TZ=UTC \\\n"
        "  redis:7.4.1-alpine redis-server /usr/local/etc/redis/redis.conf --maxmemory 1gb\n"
    )
    path = str(tmp_path / "run.sh")
    script = parse_script(path, text)
    svc = docker_run_service(script.commands[0], str(tmp_path))
    assert svc is not None and svc.platform == "docker-run" and svc.name == "cache"
    assert svc.image is not None and svc.image.text == "redis:7.4.1-alpine"
    assert [(p.host_ip, p.host_port, p.container_port) for p in svc.ports] == [("127.0.0.1", "6380", "6379")]
    assert svc.memory_limit == 2 * 1024**3 and svc.workload.cpu_limit_written and svc.workload.restart_written
    assert [(m.type, m.target, m.read_only) for m in svc.volumes] == [
        ("volume", "/data", False),
        ("bind", "/usr/local/etc/redis/redis.conf", True),
    ]
    assert svc.volumes[1].host_path == str(tmp_path / "redis.conf")  # $(pwd): the script's folder
    assert [v.text for v in svc.command or ()] == ["redis-server", "/usr/local/etc/redis/redis.conf", "--maxmemory", "1gb"]
    assert svc.environment["TZ"].value is not None and svc.environment["TZ"].value.text == "UTC"
    assert svc.workload.run_settings_known


def test_foreground_or_removed_runs_are_throw_away(tmp_path: Path) -> None:
    script = parse_script(str(tmp_path / "t.sh"), "docker run --rm -p 6379:6379 redis:7.4.1\ndocker run -it redis:7.4.1\n")
    runs = [docker_run_service(c, str(tmp_path)) for c in script.commands]
    assert [s is not None and s.workload.run_settings_known for s in runs] == [False, False]


def test_cli_calls_and_passwords(tmp_path: Path) -> None:
    text = (
        "#!/bin/sh\n"
        "NAME=redis-primary\n"
        'docker exec "$NAME" redis-cli -a "$PW" --no-auth-warning INFO replication\n'
        "docker compose exec -T cache redis-cli -u redis://app:s3cr3t@cache:6379 PING\n"
        "cat > x.conf <<EOF\n"
        "redis-cli -a not-a-command PING\n"
        "EOF\n"
        "echo \"run: redis-cli -a inside-a-string PING\"\n"
    )
    read = read_script(str(tmp_path / "ops.sh"), text)
    assert read is not None
    calls = read[1].calls
    assert [(c.container, c.command, [f for f, _ in c.passwords]) for c in calls] == [
        ("redis-primary", ("INFO", "REPLICATION"), ["-a"]),
        ("cache", ("PING",), ["-u"]),
    ]
    assert calls[0].passwords[0][1].text is None and calls[0].passwords[0][1].variables == ("PW",)
    assert calls[0].span.start_line == 3 and calls[0].span.start_col == 21


def test_makefile_recipes(tmp_path: Path) -> None:
    text = "PW ?= x\nbackup:\n\t@docker exec redis redis-cli -a $(PW) BGSAVE\n\techo $$HOME\n"
    read = read_script(str(tmp_path / "Makefile"), text)
    assert read is not None and read[1].makefile
    assert [(c.span.start_line, c.command) for c in read[1].calls] == [(3, ("BGSAVE",))]


def test_nothing_is_run(tmp_path: Path) -> None:
    """A script is read, never run: the commands it would run leave no trace."""
    marker = tmp_path / "ran"
    (tmp_path / "evil.sh").write_text(f"touch {marker}\nredis-cli -a $(touch {marker}) PING\ndocker run -d redis:7.4.1 $(touch {marker})\n")
    lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    assert not marker.exists()


def test_dockerfile_facts(tmp_path: Path) -> None:
    text = (
        "FROM redis:7.4.1 AS base\nFROM base\nUSER root\nEXPOSE 6380/tcp 9121/udp\n"
        "RUN chown root:root /etc/redis.conf && chmod 600 /etc/redis.conf\n"
        "HEALTHCHECK --interval=5s \\\n  CMD [\"redis-cli\", \"ping\"]\nVOLUME /data /logs\n"
    )
    df = parse_dockerfile(str(tmp_path / "Dockerfile"), text)
    assert df.base == "base" and df.base_line == 2 and df.user == "root"
    assert df.user_span is not None and (df.user_span.start_line, df.user_span.start_col) == (3, 6)
    assert [(p, s.start_line, s.start_col) for p, s in df.exposes] == [(6380, 4, 8)]
    assert [(m.command, m.arg, m.path) for m in df.modes] == [("chown", "root:root", "/etc/redis.conf"), ("chmod", "600", "/etc/redis.conf")]
    assert df.healthcheck_test == ["redis-cli", "ping"] and not df.healthcheck_shell
    assert df.healthcheck_span is not None and (df.healthcheck_span.start_line, df.healthcheck_span.start_col) == (7, 3)
    assert df.volumes == ["/data", "/logs"]


def test_tutorial_scripts() -> None:
    """The tutorial's scripts: the well-known password of its backup script, at the server its
    `docker exec` names (the replication stack's published redis-primary: CRITICAL), and its
    wait loop of two LASTSAVE calls made at the same moment (RL309)."""
    tutorial = Path(__file__).parent.parent / "fixtures" / "tutorial"
    got = _findings(tutorial, tutorial)
    assert ("RL102", "redis-backup.sh", 19, "CRITICAL") in got
    assert ("RL309", "redis-backup.sh", 23, "HIGH") in got
    assert ("RL402", "docker-commands.sh", 41, "HIGH") in got  # docker run -m 2g ... --maxmemory 1900mb
    assert ("RL102", "init-redis-cluster.sh", 20, "CRITICAL") in got
    assert ("RL105", "start-sentinel-stack.sh", 35, "LOW") in got


def test_lastsave_compared_with_itself_never_sees_the_save_end(tmp_path: Path, procs: Procs) -> None:
    """What RL309 rests on, on a real server: BGSAVE answers at once that a background save started,
    two LASTSAVE calls made together agree before and after the save ends, and only a LASTSAVE taken
    before the BGSAVE tells that it has ended."""
    server = need_binary("redis-server")
    port = free_port()
    procs.start([server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path), "--save", ""], "redis.log")
    wait_until(lambda: answers(port), 10, "redis-server to answer")
    for i in range(200):
        command(port, "SET", f"k{i}", "v" * 1000)
    before = command(port, "LASTSAVE")
    time.sleep(1.1)  # LASTSAVE has a one-second resolution
    assert command(port, "BGSAVE") == "+Background saving started"
    assert command(port, "LASTSAVE") == command(port, "LASTSAVE")
    wait_until(lambda: command(port, "LASTSAVE") != before, 20, "the save to end")
    assert command(port, "LASTSAVE") == command(port, "LASTSAVE")


def test_unreadable_config_stops_the_server(tmp_path: Path, procs: Procs) -> None:
    """What RL014 rests on: redis-server that cannot read its config file exits at start (run as
    nobody on a root-owned mode-600 file; without root, on a mode-000 file of its own)."""
    import os

    server = need_binary("redis-server")
    conf = tmp_path / "redis.conf"
    conf.write_text(f"port {free_port()}\nbind 127.0.0.1\n")
    root = os.geteuid() == 0
    conf.chmod(0o600 if root else 0o000)
    tmp_path.chmod(0o755)
    p = procs.start([server, str(conf)], "redis.log", user=(65534, 65534) if root else None)
    assert p.wait(timeout=10) != 0
    assert "can't open config file" in procs.log("redis.log").lower()


def _nearest_by_scan(project: object, container: str, script: str) -> object:
    """What the container index must answer, the slow way: the distance to every stack."""
    import os

    folder = os.path.dirname(script)
    found = []
    for node in (*project.nodes, *project.sentinels):  # type: ignore[attr-defined]
        svc = node.service
        if svc is None or svc.stack is None or svc.platform != "compose":
            continue
        if container not in (svc.name, svc.container_name.text if svc.container_name is not None else None):
            continue
        rel = os.path.relpath(svc.stack.dir, folder)
        found.append((0 if rel == "." else rel.count(os.sep) + 1, node))
    found.sort(key=lambda x: x[0])
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return None
    return found[0][1]


def test_docker_exec_reaches_the_nearest_stack(tmp_path: Path) -> None:
    """`docker exec NAME` in a monorepo of stacks that share service names: the server of the nearest
    stack, none where two are equally near (the index walks up from the script; a scan agrees)."""
    from redislint.api import load_project
    from redislint.link.containers import ContainerIndex

    compose = "services:\n  redis:\n    image: redis:7.2.4\n    container_name: {name}\n"
    stacks = {"a": "shared", "a/inner": "inner", "b/x": "shared", "b/y": "shared", "c": "solo", "c/d/e": "solo"}
    for folder, name in stacks.items():
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "compose.yaml").write_text(compose.format(name=name), encoding="utf-8")
    script = "#!/bin/sh\ndocker exec {c} redis-cli -a \"$PW\" PING\n"
    places = ["a", "a/inner", "b", "b/x", "b/x/deep", "c/d", "c/d/e/f", "z", ""]
    for place in places:
        (tmp_path / place).mkdir(parents=True, exist_ok=True)
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    index = ContainerIndex(project)
    answers = {}
    for place in places:
        for container in ("shared", "inner", "solo", "redis", "nothing"):
            path = str(tmp_path / place / "run.sh")
            got = index.nearest(container, path)
            assert got is _nearest_by_scan(project, container, path), (place, container)
            answers[(place, container)] = got.service.stack.dir if got is not None and got.service is not None and got.service.stack else None
    assert answers[("a", "shared")] == str(tmp_path / "a")
    assert answers[("a/inner", "shared")] == str(tmp_path / "a")
    assert answers[("b", "shared")] is None  # b/x and b/y: one step each
    assert answers[("b/x/deep", "shared")] == str(tmp_path / "b" / "x")
    assert answers[("c/d", "solo")] is None  # c/d/e one step down, c one step up: a tie
    assert answers[("c/d/e/f", "solo")] == str(tmp_path / "c" / "d" / "e")
    assert answers[("z", "redis")] is None and answers[("", "inner")] == str(tmp_path / "a" / "inner")
    (tmp_path / "b" / "x" / "deep" / "run.sh").write_text(script.format(c="shared"), encoding="utf-8")
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    facts = project.scripts[str(tmp_path / "b" / "x" / "deep" / "run.sh")]
    assert [n.service.stack.dir for n in facts.nodes.values() if n.service and n.service.stack] == [str(tmp_path / "b" / "x")]
