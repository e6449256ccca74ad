"""Issue 11 §1: paths the repository names are never read outside it (one test per vector).

Each test builds ``tmp/repo`` (linted) and ``tmp/outside`` (files holding a marker), lints, asserts the
marker is in no output format, and asserts the exact finding (RL012) or notice the vector gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.fs_layout import found, make_layout, outside_notices, run, write

REDIS = "redis:7.4.11"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    return make_layout(tmp_path)


def test_include_absolute_system_file(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "include /etc/shadow\nmaxmemory 100mb\n")
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "redis.conf", 1, 9, "include '/etc/shadow' is outside the repository: not checked")}
    assert outside_notices(report) == ["/etc/shadow: outside the repository: not checked"]
    assert not [f for f in report.findings if f.rule_id == "RL002"]


def test_include_dotdot_escape(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "include ../outside/x.conf\n")
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "redis.conf", 1, 9, "include '../outside/x.conf' is outside the repository: not checked")}
    assert outside_notices(report) == [f"{repo}/../outside/x.conf: outside the repository: not checked"]


def test_env_file_absolute(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "compose.yaml", f"services:\n  cache:\n    image: {REDIS}\n    env_file: /etc/passwd\n")
    report = run(repo)
    assert found(report, repo) == set()  # an env_file outside is provided at deploy time: a notice only
    assert outside_notices(report) == ["/etc/passwd: outside the repository: not checked"]


def test_secret_file_absolute(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    secrets: [pw]\nsecrets:\n  pw:\n    file: /etc/shadow\n",
    )
    report = run(repo)
    assert found(report, repo) == set()  # a secret file outside is provided at deploy time: a notice only
    assert outside_notices(report) == ["/etc/shadow: outside the repository: not checked"]


def test_home_tilde(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    command: redis-server /usr/local/etc/redis/redis.conf\n"
        "    volumes:\n      - ~/redis.conf:/usr/local/etc/redis/redis.conf:ro\n",
    )
    report = run(repo, environ={"HOME": str(outside)})
    assert found(report, repo) == {
        ("RL012", "medium", "compose.yaml", 4, 14, "the config file '/usr/local/etc/redis/redis.conf' of service 'cache' is outside the repository: not checked")
    }
    assert outside_notices(report) == ["~/redis.conf: outside the repository: not checked"]


def test_home_variable(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    command: redis-server /usr/local/etc/redis/redis.conf\n"
        "    volumes:\n      - ${HOME}/redis.conf:/usr/local/etc/redis/redis.conf:ro\n",
    )
    report = run(repo, environ={"HOME": str(outside)})
    assert found(report, repo) == {
        ("RL012", "medium", "compose.yaml", 4, 14, "the config file '/usr/local/etc/redis/redis.conf' of service 'cache' is outside the repository: not checked")
    }
    assert outside_notices(report) == [f"{outside}/redis.conf: outside the repository: not checked"]


def test_bind_mount_of_host_folder(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    command: redis-server /etc/redis/passwd\n    volumes:\n      - /etc:/etc/redis\n",
    )
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "compose.yaml", 4, 14, "the config file '/etc/redis/passwd' of service 'cache' is outside the repository: not checked")}
    assert "/etc/passwd: outside the repository: not checked" in outside_notices(report)


def test_extends_dotdot(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    extends:\n      file: ../outside/base.yaml\n      service: cache\n",
    )
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "compose.yaml", 5, 13, "extended compose file '../outside/base.yaml' is outside the repository: not checked")}


def test_compose_include_dotdot(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "compose.yaml", f"include:\n  - ../outside/compose.yaml\nservices:\n  cache:\n    image: {REDIS}\n")
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "compose.yaml", 2, 5, "included compose file '../outside/compose.yaml' is outside the repository: not checked")}


def test_build_context_dotdot(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    write(repo, "compose.yaml", "services:\n  cache:\n    build: ../outside\n")
    report = run(repo)
    assert found(report, repo) == set()
    assert outside_notices(report) == [f"{outside}/Dockerfile: outside the repository: not checked"]


def test_dockerfile_copy_dotdot(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "compose.yaml", "services:\n  cache:\n    build: .\n")
    write(
        repo,
        "Dockerfile",
        'FROM redis:7.4.11\nCOPY ../outside/redis.conf /usr/local/etc/redis/redis.conf\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n',
    )
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "compose.yaml", 2, 3, "the config file '/usr/local/etc/redis/redis.conf' of service 'cache' is outside the repository: not checked")}


def test_aclfile_dotdot(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "aclfile ../outside/users.acl\n")
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "redis.conf", 1, 9, "aclfile '../outside/users.acl' is outside the repository: not checked")}


def test_aclfile_through_mount(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "aclfile /etc/redis/users.acl\n")
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    command: redis-server /usr/local/etc/redis/redis.conf\n    volumes:\n"
        "      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro\n      - ../outside/users.acl:/etc/redis/users.acl:ro\n",
    )
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "redis.conf", 1, 9, "aclfile '/etc/redis/users.acl' is outside the repository: not checked")}


def test_exporter_password_file_dotdot(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n    command: redis-server --requirepass Zx81kq0pLmW2vT7rYc4uN6bJ3hG5sD9e\n"
        "  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n    environment:\n"
        "      REDIS_ADDR: redis://cache:6379\n      REDIS_PASSWORD_FILE: /pw.json\n"
        "    volumes:\n      - ../outside/pw:/pw.json:ro\n",
    )
    report = run(repo)
    assert found(report, repo) == set()
    assert outside_notices(report) == [f"{outside}/pw: outside the repository: not checked"]


def test_cp_source_in_entrypoint(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(
        repo,
        "compose.yaml",
        f"services:\n  cache:\n    image: {REDIS}\n"
        "    entrypoint: [\"sh\", \"-c\", \"cp /src/redis.conf /usr/local/etc/redis/redis.conf && exec redis-server /usr/local/etc/redis/redis.conf\"]\n"
        "    volumes:\n      - ../outside:/src:ro\n",
    )
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "compose.yaml", 4, 17, "the config file '/usr/local/etc/redis/redis.conf' of service 'cache' is outside the repository: not checked")}


def test_symlinked_file_to_outside(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    os.symlink(outside / "x.conf", repo / "redis.conf")
    report = run(repo)
    assert report.files == []
    assert outside_notices(report) == [f"{repo}/redis.conf: outside the repository: not checked"]


def test_symlinked_file_given_on_the_command_line(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    os.symlink(outside / "x.conf", repo / "redis.conf")
    report = run(repo, [repo / "redis.conf"])
    assert report.files == []
    assert outside_notices(report) == [f"{repo}/redis.conf: outside the repository: not checked"]


@pytest.mark.parametrize("target", ["outside", "/"])
def test_symlinked_folder_is_not_followed(layout: tuple[Path, Path], target: str) -> None:
    repo, outside = layout
    os.symlink(outside if target == "outside" else "/", repo / "conf")
    write(repo, "redis.conf", "maxmemory 100mb\n")
    report = run(repo)
    assert report.files == [str(repo / "redis.conf")]


def test_symlink_inside_the_repository_is_read(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "real/redis.conf", "include extra.conf\n")
    write(repo, "real/extra.conf", "maxmemory 100mb\n")
    os.symlink("real/redis.conf", repo / "redis.conf")
    report = run(repo)
    assert str(repo / "real" / "extra.conf") in report.files
    assert outside_notices(report) == []


def test_fifo_named_compose_beside_a_conf(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "maxmemory 100mb\n")
    os.mkfifo(repo / "compose.yaml")
    report = run(repo, [repo / "redis.conf"])  # returns: the FIFO is never opened
    assert report.files == [str(repo / "redis.conf")]


def test_fifo_walked(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    os.mkfifo(repo / "compose.yaml")
    report = run(repo)
    assert report.notices == [f"{repo}/compose.yaml: not a regular file"]


def test_device_inside_the_repository(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    os.mknod(repo / "redis.conf", 0o600 | 0o020000, os.makedev(1, 5))  # /dev/zero
    report = run(repo)
    assert report.notices == [f"{repo}/redis.conf: not a regular file"]


def test_device_path_named(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.conf", "include /dev/zero\n")
    report = run(repo)
    assert found(report, repo) == {("RL012", "medium", "redis.conf", 1, 9, "include '/dev/zero' is outside the repository: not checked")}


def test_gitignore_above_the_root_is_not_read(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    (repo.parent / ".gitignore").write_text("repo/secret.txt\nsecret.txt\n", encoding="utf-8")
    write(repo, "compose.yaml", f"services:\n  cache:\n    image: {REDIS}\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./secret.txt\n")
    report = run(repo, select=("RL008",))
    assert found(report, repo, "RL008") == {("RL008", "high", "compose.yaml", 7, 11, "'pw' reads 'secret.txt', which does not exist")}


def test_symlink_loop_is_a_notice(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    os.symlink("b.conf", repo / "a.conf")
    os.symlink("a.conf", repo / "b.conf")
    write(repo, "redis.conf", "include a.conf\n")
    report = run(repo)
    assert found(report, repo) == set()
    assert report.notices == [f"{repo}/a.conf: symbolic link loop: not checked"]


def test_config_search_stops_at_the_working_folder(layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from redislint.config import find_config

    repo, _ = layout
    (repo.parent / ".redislint.toml").write_text("fail-on = 'critical'\n", encoding="utf-8")
    write(repo, "sub/redis.conf", "maxmemory 1mb\n")
    monkeypatch.chdir(repo)
    assert find_config("sub") is None
    (repo / ".redislint.toml").write_text("fail-on = 'critical'\n", encoding="utf-8")
    assert find_config("sub") == str(repo / ".redislint.toml")
