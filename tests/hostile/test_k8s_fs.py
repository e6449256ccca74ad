"""Kubernetes manifests never make redislint read, fetch or run anything outside the repository
(issue 16, hostile input; the same vectors are traced with strace by ``benchmarks/strace_vectors.py``).

Each test builds ``tmp/repo`` (linted) and ``tmp/outside`` (files holding a marker, a manifest among
them), lints, and asserts: the marker is in no output format (:func:`fs_layout.run`), no file outside
the repository was opened (an audit hook records every ``open``), nothing was fetched or executed
(no socket, ``urllib``, ``subprocess``, ``os.system`` or ``exec`` event), and what was linted. A
``hostPath`` is the node's file system, never the repository's: a config file under one is unknown,
not looked up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import redislint
from tests.hostile.fs_layout import MARKER, make_layout, outside_notices, run, write

FORBIDDEN = ("socket.", "urllib.", "http.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "webbrowser.")
_events: list[tuple[str, str]] = []
_recording = False


def _hook(event: str, args: tuple[object, ...]) -> None:
    if not _recording:
        return
    if event == "open" and args and isinstance(args[0], str | bytes):
        _events.append(("open", os.fsdecode(args[0])))
    elif event.startswith(FORBIDDEN):
        _events.append((event, repr(args)[:200]))


sys.addaudithook(_hook)

HEAD = (
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  serviceName: redis\n  template:\n"
    "    metadata: {labels: {app: redis}}\n    spec:\n      containers:\n      - name: redis\n        image: redis:7.4.11\n"
)


def host_path(args: str, mount: str, path: str) -> str:
    return HEAD + f"        args: {args}\n        volumeMounts:\n        - {{name: h, mountPath: {mount}}}\n      volumes:\n      - name: h\n        hostPath: {{path: {path}}}\n"


def configmap_mount(args: str, mount: str, data: str, sub_path: str = "") -> str:
    sub = f", subPath: '{sub_path}'" if sub_path else ""
    return (
        HEAD + f"        args: {args}\n        volumeMounts:\n        - {{name: c, mountPath: {mount}{sub}}}\n      volumes:\n      - name: c\n        configMap: {{name: redis}}\n"
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: redis}}\ndata: {data}\n"
    )


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    repo, outside = make_layout(tmp_path)
    (outside / "m.yaml").write_text(HEAD + f"        args: [--requirepass, {MARKER}]\n", encoding="utf-8")
    return repo, outside


def traced(repo: Path, **kw: object) -> tuple[list[str], list[str]]:
    """(files the run opened outside the repository, fetch/exec events) of a run over ``repo``."""
    global _recording
    _events.clear()
    _recording = True
    try:
        report = run(repo, **kw)  # type: ignore[arg-type]
    finally:
        _recording = False
    here = (str(repo) + os.sep, os.path.realpath(repo) + os.sep)
    package = os.path.dirname(os.path.abspath(redislint.__file__)) + os.sep  # its own rule pages and data
    outside = sorted(
        {
            p
            for e, p in _events
            if e == "open" and not os.path.abspath(p).startswith(here) and not p.endswith((".py", ".pyc")) and not p.startswith((sys.prefix, sys.base_prefix, package, os.path.dirname(os.__file__)))
        }
    )
    return outside, [f"{e} {a}" for e, a in _events if e != "open"] + [f"notices: {n}" for n in outside_notices(report) if MARKER in n]


def rules(repo: Path) -> dict[str, set[tuple[str, int]]]:
    report = run(repo)
    out: dict[str, set[tuple[str, int]]] = {}
    for f in report.findings:
        out.setdefault(f.rule_id, set()).add((os.path.relpath(f.span.file, repo), f.span.start_line))
    return out


@pytest.mark.parametrize(
    ("args", "mount", "path"),
    [
        ("[redis-server, /etc/redis/passwd]", "/etc/redis", "/etc"),
        ("[redis-server, /data/id_rsa, --aclfile, /data/authorized_keys]", "/data", "/root/.ssh"),
        ("[redis-server, /host/environ]", "/host", "/proc/self"),
        ("[/etc/redis/redis.conf]", "/etc/redis/redis.conf", "/proc/self/environ"),
        ("[/data/x.conf, --aclfile, /data/users.acl]", "/data", "OUTSIDE"),
    ],
    ids=["etc", "root-ssh", "proc-self", "proc-self-environ-file", "outside-folder"],
)
def test_host_path_volumes_are_not_read(layout: tuple[Path, Path], args: str, mount: str, path: str) -> None:
    repo, outside = layout
    write(repo, "redis.yaml", host_path(args, mount, str(outside) if path == "OUTSIDE" else path))
    assert traced(repo) == ([], [])
    assert rules(repo).get("RL871") == {("redis.yaml", 3)}  # linked: its config file is unknown, not looked up


def test_sub_path_dotdot_is_a_configmap_key_not_a_path(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(repo, "redis.yaml", configmap_mount("[/etc/redis/redis.conf]", "/etc/redis/redis.conf", "{redis.conf: 'maxmemory 1mb'}", "../../outside/x.conf"))
    assert traced(repo) == ([], [])


def test_configmap_keys_named_dotdot(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    data = "{'../x.conf': 'include ../outside/x.conf', '../../outside/x.conf': 'maxmemory 1mb', '/etc/passwd': 'port 1'}"
    write(repo, "redis.yaml", configmap_mount("[/etc/redis/../x.conf]", "/etc/redis", data))
    assert traced(repo) == ([], [])


def test_symlinked_manifest_to_outside_is_not_read(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    os.symlink(outside / "m.yaml", repo / "redis.yaml")
    os.symlink(outside, repo / "k8s")
    assert traced(repo) == ([], [])
    assert run(repo).files == []


def test_symlinked_manifest_named_on_the_command_line(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    os.symlink(outside / "m.yaml", repo / "redis.yaml")
    assert traced(repo, paths=[repo / "redis.yaml"]) == ([], [])
    report = run(repo, [repo / "redis.yaml"])
    assert report.files == []
    assert outside_notices(report) == [f"{repo}/redis.yaml: outside the repository: not checked"]


def test_kustomization_resources_are_never_followed_nor_fetched(layout: tuple[Path, Path]) -> None:
    repo, _ = layout
    write(
        repo,
        "kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../etc\n- ../outside/m.yaml\n- /etc/passwd\n"
        "- https://raw.githubusercontent.com/x/y/main/redis.yaml\n- github.com/x/y//redis?ref=v1\ncomponents: [../outside]\n"
        "configMapGenerator:\n- name: redis\n  files: [../outside/x.conf, redis.conf=/etc/shadow]\nimages:\n- {name: redis, newTag: 7.4.11}\n",
    )
    write(repo, "redis.yaml", HEAD)
    assert traced(repo) == ([], [])
    assert sorted(os.path.relpath(f, repo) for f in run(repo).files) == ["kustomization.yaml", "redis.yaml"]


def test_init_container_copy_from_a_host_path(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    write(
        repo,
        "redis.yaml",
        HEAD + "        args: [/data/redis.conf]\n        volumeMounts: [{name: d, mountPath: /data}]\n      initContainers:\n      - name: init\n"
        "        image: busybox\n        command: [sh, -c, 'cp /src/x.conf /data/redis.conf']\n        volumeMounts: [{name: h, mountPath: /src}, {name: d, mountPath: /data}]\n"
        f"      volumes:\n      - {{name: d, emptyDir: {{}}}}\n      - name: h\n        hostPath: {{path: {outside}}}\n",
    )
    assert traced(repo) == ([], [])


def test_the_recorder_sees_an_outside_open(layout: tuple[Path, Path]) -> None:
    """The recorder works: an open of a file outside the repository during a run is caught."""
    global _recording
    _repo, outside = layout
    _events.clear()
    _recording = True
    try:
        with open(outside / "x.conf", encoding="utf-8"):
            pass
        __import__("socket").socket().close()
    finally:
        _recording = False
    assert ("open", str(outside / "x.conf")) in _events
    assert any(e.startswith("socket.") for e, _ in _events)
