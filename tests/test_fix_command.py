"""``redislint fix`` end to end on the tutorial and on small cases: the diff applies with a real
``git apply``, ``--apply`` leaves only findings without a safe fix, comments are never removed, the
fixed configs still start real servers, refusals (anchors, interpolation) are said, and nothing is
written through a link out of the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.fix.run import fix_until_stable, write_fixed
from tests.support.binaries import need_binary, need_redis_70
from tests.support.ports import LOCAL, free_port
from tests.support.procs import Procs, listens, wait_started

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "fixtures" / "tutorial"


def redislint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "redislint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def tutorial_repo(tmp: Path) -> Path:
    need_binary("git")
    repo = tmp / "repo"
    shutil.copytree(TUTORIAL, repo / "tutorial")
    assert git("init", "-q", ".", cwd=repo).returncode == 0
    git("add", "-A", cwd=repo)
    assert git("commit", "-qm", "tutorial", cwd=repo).returncode == 0
    return repo


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


@pytest.mark.slow
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_tutorial_diff_applies_with_git_apply_and_equals_apply(tmp_path: Path, unsafe: bool) -> None:
    a = tutorial_repo(tmp_path / "a")
    b = tutorial_repo(tmp_path / "b")
    flags = ["--unsafe-fixes"] if unsafe else []
    out = redislint("fix", *flags, "tutorial", cwd=a)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("diff --git a/tutorial/")
    assert "s3cr3t-pass" not in out.stdout and "changeme" not in out.stdout
    patch = tmp_path / "fix.diff"
    patch.write_text(out.stdout)
    done = redislint("fix", "--apply", *flags, "tutorial", cwd=b)
    assert done.returncode == 0, done.stderr
    if unsafe:
        # RL807's exec in the secrets stack sits next to a masked line: that hunk cannot apply, and the
        # command says so; every other file's hunks apply
        assert "1 file of this diff had lines holding a secret, printed masked" in out.stderr
        exclude = ["--exclude=tutorial/secrets/docker-compose.yml"]
        shutil.copy(b / "tutorial/secrets/docker-compose.yml", a / "tutorial/secrets/docker-compose.yml")
    else:
        assert "printed masked" not in out.stderr
        exclude = []
    check = git("apply", "--check", *exclude, str(patch), cwd=a)
    assert check.returncode == 0, check.stderr
    assert git("apply", *exclude, str(patch), cwd=a).returncode == 0
    assert tree(a) == tree(b)
    assert tree(a) != tree(tutorial_repo(tmp_path / "c"))


@pytest.mark.slow
def test_tutorial_apply_then_check_leaves_only_findings_without_a_safe_fix(tmp_path: Path) -> None:
    repo = tutorial_repo(tmp_path)
    before = json.loads(redislint("check", "-f", "json", "tutorial", cwd=repo).stdout)["findings"]
    done = redislint("fix", "--apply", "tutorial", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "redislint: fixed " in done.stderr
    after_report = lint([str(repo / "tutorial")], Settings(), root=str(repo))
    assert [f for f in after_report.active if f.autofix is not None and f.autofix.applicability == "safe"] == []
    after = json.loads(redislint("check", "-f", "json", "tutorial", cwd=repo).stdout)["findings"]
    gone = {f["rule"] for f in before} - {f["rule"] for f in after}
    assert {"RL004", "RL806", "RL805", "RL809"} <= gone
    # the edits touch only what they fix: no comment, no blank line is removed, only these rules' lines change
    diff = git("diff", "-U0", cwd=repo).stdout
    removed = [ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert removed
    # (a blank line goes only with the version: line it separated from its neighbours)
    assert all(not ln.lstrip().startswith("#") for ln in removed), removed
    assert len([ln for ln in removed if not ln.strip()]) <= len([ln for ln in removed if ln.startswith("version:")])
    assert all(ln.lstrip().startswith(("version:", "- ", "hash-", "zset-", "list-", "lua-")) for ln in removed if ln.strip()), removed


@pytest.mark.redis
def test_fixed_tutorial_redis_conf_still_starts_a_real_server(tmp_path: Path) -> None:
    server = need_redis_70()
    repo = tmp_path / "repo"
    shutil.copytree(TUTORIAL / "standalone", repo)
    original = (repo / "redis.conf").read_text()
    run = fix_until_stable([str(repo)], Settings(), root=str(repo), repository=str(repo))
    assert write_fixed(run, str(repo)) == []
    fixed = (repo / "redis.conf").read_text()
    assert fixed != original and "hash-max-listpack-entries 512" in fixed
    procs = Procs(tmp_path)
    try:
        for name, text in (("original", original), ("fixed", fixed)):
            conf = tmp_path / f"{name}.conf"
            conf.write_text(text)
            port = free_port()
            data = tmp_path / f"data-{name}"
            data.mkdir()
            # the tutorial's dir /data is the container's volume: here, a folder of the test
            conf.write_text(text.replace("dir /data\n", f"dir {data}\n"))
            argv = [server, str(conf), "--port", str(port), "--bind", LOCAL, "--pidfile", str(tmp_path / f"{name}.pid"), "--daemonize", "no"]
            p = procs.start(argv, f"{name}.log")
            wait_started(p, lambda port=port: listens(port), f"redis-server with the {name} redis.conf", lambda name=name: procs.log(f"{name}.log"))
    finally:
        procs.close()


@pytest.mark.redis
@pytest.mark.parametrize("case_name", ["RL505-sentinel", "RL505-generated-block"])
def test_rl505_fix_makes_a_real_sentinel_start(tmp_path: Path, case_name: str) -> None:
    sentinel = need_redis_70("redis-sentinel")
    case = ROOT / "tests" / "fixes" / case_name
    procs = Procs(tmp_path)
    try:
        for name in ("before", "after"):
            conf = tmp_path / f"{name}-sentinel.conf"
            conf.write_text((case / name / "sentinel.conf").read_text().replace("dir /tmp\n", f"dir {tmp_path}\n"))
            port = free_port()
            p = procs.start([sentinel, str(conf), "--port", str(port), "--bind", LOCAL, "--dir", str(tmp_path)], f"{name}.log")
            if name == "before":
                assert p.wait(timeout=10) != 0
                assert "resolve" in procs.log(f"{name}.log").lower()
            else:
                wait_started(p, lambda port=port: listens(port), "the fixed Sentinel", lambda: procs.log("after.log"))
    finally:
        procs.close()


@pytest.mark.redis
def test_fixed_tutorial_sentinel_conf_starts_a_real_sentinel(tmp_path: Path) -> None:
    """The tutorial's sentinel.conf names its primary redis-primary, a compose service: standalone
    here, that name is localhost (in both texts). Unfixed, Sentinel refuses the hostname; fixed
    (resolve-hostnames before the monitor line), it starts."""
    sentinel = need_redis_70("redis-sentinel")
    repo = tmp_path / "repo"
    shutil.copytree(TUTORIAL / "sentinel", repo)
    original = (repo / "sentinel-1.conf").read_text()
    run = fix_until_stable([str(repo)], Settings(select=("RL505",)), root=str(repo), repository=str(repo))
    assert write_fixed(run, str(repo)) == []
    fixed = (repo / "sentinel-1.conf").read_text()
    assert "sentinel resolve-hostnames yes\nsentinel announce-hostnames yes\nsentinel monitor mymaster" in fixed
    procs = Procs(tmp_path)
    try:
        for name, text in (("original", original), ("fixed", fixed)):
            conf = tmp_path / f"{name}-sentinel.conf"
            conf.write_text(text.replace(" redis-primary ", " localhost ").replace("dir /data\n", f"dir {tmp_path}\n"))
            port = free_port()
            p = procs.start([sentinel, str(conf), "--port", str(port), "--bind", LOCAL], f"{name}.log")
            if name == "original":
                assert p.wait(timeout=10) != 0
                assert "resolve" in procs.log("original.log").lower()
            else:
                wait_started(p, lambda port=port: listens(port), "the fixed tutorial Sentinel", lambda: procs.log("fixed.log"))
    finally:
        procs.close()


@pytest.mark.redis
def test_rl506_folder_mount_fix_lets_real_sentinels_save_their_state(tmp_path: Path) -> None:
    """The tutorial's Sentinels bind-mount their config as a single file (RL506): the unsafe fix
    mounts the file's folder and runs each Sentinel on its own file there. Each fixed Sentinel, run on
    the file the fixed mount gives it (the folder is the repository's), starts and rewrites its
    config (temporary file + rename in that folder): SENTINEL FLUSHCONFIG writes the generated block."""
    from tests.support.resp import Client

    sentinel = need_redis_70("redis-sentinel")
    repo = tmp_path / "repo"
    shutil.copytree(TUTORIAL / "sentinel", repo)
    run = fix_until_stable([str(repo)], Settings(select=("RL506", "RL505")), root=str(repo), repository=str(repo), unsafe=True)
    assert write_fixed(run, str(repo)) == []
    compose = (repo / "docker-compose.yml").read_text()
    for n in (1, 2, 3):
        assert f"      redis-sentinel /etc/redis/sentinel-{n}.conf\n" in compose
        assert f"./sentinel-{n}.conf:/etc/redis/sentinel.conf" not in compose
    assert compose.count("      - .:/etc/redis\n") == 3
    report = lint([str(repo)], Settings(), root=str(repo), repository=str(repo))
    assert [f for f in report.active if f.rule_id == "RL506"] == []
    from redislint.api import load_project

    project, _ = load_project([str(repo)], str(repo), repository=str(repo))
    nodes = [node for node in project.sentinels if node.service is not None]
    assert sorted(node.service.name for node in nodes) == ["redis-sentinel-1", "redis-sentinel-2", "redis-sentinel-3"]
    procs = Procs(tmp_path)
    try:
        for node in nodes:
            assert node.service is not None and node.invocation is not None and node.invocation.conf_path is not None
            mount = node.service.mount_for(node.invocation.conf_path)
            assert mount is not None and mount.host_path is not None and mount.target == "/etc/redis"
            host = Path(mount.host_path) / os.path.relpath(node.invocation.conf_path, mount.target)
            assert host.parent == repo and host.is_file()
            # outside Docker: the primary's service name is localhost, the data volume a test folder
            host.write_text(host.read_text().replace(" redis-primary ", " localhost ").replace("dir /data\n", f"dir {tmp_path}\n"))
            port = free_port()
            name = node.service.name
            p = procs.start([sentinel, str(host), "--port", str(port), "--bind", LOCAL], f"{name}.log")
            wait_started(p, lambda port=port: listens(port), f"the fixed {name}", lambda name=name: procs.log(f"{name}.log"))
            with Client(port) as c:
                assert str(c.call("SENTINEL", "FLUSHCONFIG")) == "OK"
            assert "# Generated by CONFIG REWRITE" in host.read_text()
    finally:
        procs.close()


@pytest.mark.redis
def test_rl506_single_file_bind_mount_really_stops_a_sentinel_saving(tmp_path: Path) -> None:
    """What RL506 reports, with a real bind mount (a mount namespace, as Docker makes): a Sentinel
    whose config is a single bind-mounted file cannot rename its rewrite over it (EBUSY)."""
    from tests.support.resp import Client

    sentinel = need_redis_70("redis-sentinel")
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -m is not allowed here (a mount namespace needs root or user namespaces)")
    host = tmp_path / "sentinel-1.conf"
    text = (TUTORIAL / "sentinel" / "sentinel-1.conf").read_text()
    host.write_text(text.replace(" redis-primary ", f" {LOCAL} ").replace("dir /data\n", f"dir {tmp_path}\n"))
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "sentinel.conf").write_text("")
    port = free_port()
    script = f'mount --bind "$1" "$2" && exec "$3" "$2" --port {port} --bind {LOCAL}'
    procs = Procs(tmp_path)
    try:
        p = procs.start(["unshare", "-m", "sh", "-c", script, "sh", str(host), str(etc / "sentinel.conf"), sentinel], "bound.log")
        wait_started(p, lambda: listens(port), "the Sentinel on a bind-mounted file", lambda: procs.log("bound.log"))
        with Client(port) as c:
            assert isinstance(c.call("SENTINEL", "FLUSHCONFIG"), RuntimeError)
    finally:
        procs.close()
    assert "Device or resource busy" in procs.log("bound.log")
    assert "# Generated by CONFIG REWRITE" not in host.read_text()


def test_rl506_offers_no_folder_mount_over_another_mount(tmp_path: Path) -> None:
    """Mounting the folder at /etc/redis would hide the ACL file mounted below it: no fix then."""
    (tmp_path / "s.conf").write_text("port 26379\nsentinel monitor m 10.0.0.5 6379 2\n")
    (tmp_path / "users.acl").write_text("user default on nopass ~* +@all\n")
    (tmp_path / "compose.yaml").write_text(
        "services:\n  s:\n    image: redis:7.4.2\n    command: redis-sentinel /etc/redis/sentinel.conf\n"
        "    volumes:\n      - ./s.conf:/etc/redis/sentinel.conf\n      - ./users.acl:/etc/redis/users.acl\n"
    )
    found = [f for f in lint([str(tmp_path)], Settings(select=("RL506",)), root=str(tmp_path)).active]
    assert [(f.rule_id, f.span.start_line, f.autofix) for f in found] == [("RL506", 6, None)]


def _case(tmp: Path, text: str) -> Path:
    repo = tmp / "repo"
    repo.mkdir()
    (repo / "compose.yaml").write_text(text)
    return repo


def test_anchors_merge_keys_and_interpolation_are_refused_and_said(tmp_path: Path) -> None:
    text = (
        "x-base: &base\n  image: redis:7.2.5\n  container_name: cache\n"
        "services:\n  cache: *base\n"
        "  other:\n    <<: *base\n    container_name: ${NAME:-other}\n"
    )
    repo = _case(tmp_path, text)
    run = fix_until_stable([str(repo)], Settings(select=("RL812", "RL804")), root=str(repo), repository=str(repo), unsafe=True)
    reasons = sorted({(r.finding.rule_id, r.finding.span.start_line, r.reason.split(":")[0]) for r in run.refused})
    assert reasons == [
        ("RL804", 6, "the YAML there uses a merge key"),
        ("RL812", 3, "the YAML there is an anchor's node, shared through aliases"),
        ("RL812", 8, "the YAML there uses ${...} interpolation"),
    ], reasons
    assert run.changed == []


def test_check_diff_prints_the_diff_and_exits_1_without_writing(tmp_path: Path) -> None:
    repo = _case(tmp_path, "version: '3'\nservices:\n  cache:\n    image: redis:7.2.5\n")
    out = redislint("check", "--diff", "--select", "RL806", ".", cwd=repo)
    assert out.returncode == 1
    assert out.stdout == (
        "diff --git a/compose.yaml b/compose.yaml\n--- a/compose.yaml\n+++ b/compose.yaml\n"
        "@@ -1,3 +0,0 @@\n".replace("@@ -1,3 +0,0 @@\n", "@@ -1,4 +1,3 @@\n")
        + "-version: '3'\n services:\n   cache:\n     image: redis:7.2.5\n"
    )
    assert (repo / "compose.yaml").read_text().startswith("version:")
    fixed = redislint("check", "--fix", "--select", "RL806", ".", cwd=repo)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (repo / "compose.yaml").read_text() == "services:\n  cache:\n    image: redis:7.2.5\n"


def test_unsafe_fixes_need_the_option(tmp_path: Path) -> None:
    repo = _case(tmp_path, "services:\n  cache:\n    image: redis:7.2.5\n    ports:\n      - \"6379:6379\"\n")
    out = redislint("fix", "--select", "RL701", ".", cwd=repo)
    assert out.returncode == 0 and out.stdout == ""
    assert "1 more finding has an unsafe fix (--unsafe-fixes)" in out.stderr
    out = redislint("fix", "--unsafe-fixes", "--select", "RL701", ".", cwd=repo)
    assert out.returncode == 1 and '+      - "127.0.0.1:6379:6379"' in out.stdout


def test_apply_never_writes_through_a_link_out_of_the_repository(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("version: '3'\nservices:\n  cache:\n    image: redis:7.2.5\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "compose.yaml").symlink_to(outside)
    out = redislint("fix", "--apply", ".", cwd=repo)
    assert out.returncode in (0, 2)
    assert outside.read_text().startswith("version:")


def test_a_diff_never_prints_a_secret(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "redis.conf").write_text("requirepass Sup3r-Secret-Value\nport 6379\ntimeout 0\nslaveof 10.0.0.5 6379\nport 6379\ntimeout 0\n")
    out = redislint("fix", ".", cwd=repo)
    assert "Sup3r-Secret-Value" not in out.stdout + out.stderr
    assert "+replicaof 10.0.0.5 6379" in out.stdout
    patch = tmp_path / "p.diff"
    patch.write_text(out.stdout)
    need_binary("git")
    git("init", "-q", ".", cwd=repo)
    check = git("apply", "--check", str(patch), cwd=repo)
    assert check.returncode == 0, check.stderr


def test_sarif_carries_fixes_that_validate(tmp_path: Path) -> None:
    from redislint.output import render
    from tests.sarif_check import problems

    report = lint([str(TUTORIAL)], Settings(), root=str(ROOT))
    log = json.loads(render(report, "sarif"))
    assert problems(log) == []
    fixed = [r for r in log["runs"][0]["results"] if "fixes" in r]
    version = next(r for r in fixed if r["ruleId"] == "RL806" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/tutorial/standalone/docker-compose.yml")
    assert version["fixes"] == [
        {
            "description": {"text": "Delete the 'version:' line"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "fixtures/tutorial/standalone/docker-compose.yml", "uriBaseId": "%SRCROOT%"},
                    "replacements": [  # the version: line, and the blank line below it
                        {"deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 4, "endColumn": 1}, "insertedContent": {"text": ""}},
                        {"deletedRegion": {"startLine": 4, "startColumn": 1, "endLine": 5, "endColumn": 1}, "insertedContent": {"text": ""}},
                    ],
                }
            ],
        }
    ]
    validator = ROOT.parent / "shared" / "tools" / "validate-sarif"
    if not validator.exists():
        pytest.skip("the SARIF multitool (../shared/tools/validate-sarif) is not here; .ci/run runs it where it is")
    path = tmp_path / "fix.sarif"
    path.write_text(json.dumps(log))
    out = subprocess.run([str(validator), str(path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "0 problem(s) at warning or error level" in out.stdout, out.stdout + out.stderr


def test_crlf_and_no_final_newline_are_kept_and_the_diff_applies(tmp_path: Path) -> None:
    need_binary("git")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "compose.yaml").write_bytes(b'version: "3"\r\nservices:\r\n  cache:\r\n    image: redis:7.2.5\r\n    container_name: c\r\n')
    (repo / "redis.conf").write_bytes(b"port 6379\nslaveof 10.0.0.5 6379")
    os.chmod(repo / "redis.conf", 0o640)
    git("init", "-q", ".", cwd=repo)
    raw = subprocess.run([sys.executable, "-m", "redislint", "fix", "--unsafe-fixes", "."], cwd=repo, capture_output=True, timeout=120).stdout
    assert b"-slaveof 10.0.0.5 6379\n\\ No newline at end of file\n+replicaof 10.0.0.5 6379\n\\ No newline at end of file\n" in raw
    assert b'-version: "3"\r\n' in raw
    patch = tmp_path / "p.diff"
    patch.write_bytes(raw)
    check = git("apply", "--check", str(patch), cwd=repo)
    assert check.returncode == 0, check.stderr
    assert redislint("fix", "--apply", "--unsafe-fixes", ".", cwd=repo).returncode == 0
    assert (repo / "compose.yaml").read_bytes() == (
        b"services:\r\n  cache:\r\n    image: redis:7.2.5\r\n    restart: unless-stopped\r\n"
        b'    logging:\r\n      driver: json-file\r\n      options:\r\n        max-size: "10m"\r\n        max-file: "3"\r\n'
    )
    assert (repo / "redis.conf").read_bytes() == b"port 6379\nreplicaof 10.0.0.5 6379"
    assert (repo / "redis.conf").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in repo.iterdir() if p.name != ".git") == ["compose.yaml", "redis.conf"]  # no temporary file left


def test_write_repository_file_keeps_to_the_repository(tmp_path: Path) -> None:
    from redislint.fs import FileStore, Outside, write_repository_file

    outside = tmp_path / "outside.conf"
    outside.write_text("port 6379\n")
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "out.conf").symlink_to(outside)
    (repo / "real.conf").write_text("port 1\n")
    (repo / "sub" / "in.conf").symlink_to(repo / "real.conf")
    store = FileStore(str(repo))
    with pytest.raises(Outside):
        write_repository_file(store, str(repo / "out.conf"), "port 2\n")
    with pytest.raises(Outside):
        write_repository_file(store, str(repo / ".." / "outside.conf"), "port 2\n")
    assert outside.read_text() == "port 6379\n"
    # a link inside the repository: its target is replaced, the link stays a link
    assert write_repository_file(store, str(repo / "sub" / "in.conf"), "port 3\n") == str(repo / "real.conf")
    assert (repo / "real.conf").read_text() == "port 3\n" and (repo / "sub" / "in.conf").is_symlink()
    with pytest.raises(OSError):
        write_repository_file(store, str(repo / "sub"), "x")


FIXED_CONFS = sorted(p for p in (ROOT / "tests" / "fixes").glob("*/after/redis.conf"))


@pytest.mark.redis
@pytest.mark.parametrize("conf", FIXED_CONFS, ids=lambda p: p.parent.parent.name)
def test_every_fixed_redis_conf_starts_a_real_server(conf: Path, tmp_path: Path) -> None:
    """Each case's fixed redis.conf is one Redis 7.0 starts with (port and folders of the test's own;
    TLS directives without a tls-port are accepted and unused)."""
    server = need_redis_70()
    port = free_port()
    copy = tmp_path / "redis.conf"
    copy.write_text(conf.read_text())
    procs = Procs(tmp_path)
    try:
        p = procs.start([server, str(copy), "--port", str(port), "--bind", LOCAL, "--dir", str(tmp_path), "--save", ""], "redis.log")
        wait_started(p, lambda: listens(port), f"redis-server with {conf}", lambda: procs.log("redis.log"))
        if conf.parent.parent.name.startswith("RL003"):
            # RL003 is what the server refuses: unfixed, the same file does not start
            before = tmp_path / "before.conf"
            before.write_text((conf.parent.parent / "before" / "redis.conf").read_text())
            q = procs.start([server, str(before), "--port", str(free_port()), "--bind", LOCAL, "--dir", str(tmp_path)], "before.log")
            assert q.wait(timeout=10) != 0
            assert "FATAL CONFIG FILE ERROR" in procs.log("before.log")
    finally:
        procs.close()
