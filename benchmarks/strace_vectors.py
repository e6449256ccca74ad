"""Acceptance check of issue 11 §1: for every out-of-repository vector, trace ``redislint check`` with
strace and report whether any path outside ``repo/`` was opened, stat'ed or read as a link.

    python benchmarks/strace_vectors.py [--redislint PATH] [--keep]

Each vector is built in a fresh temporary folder as ``repo/`` (linted, the working folder) and
``outside/`` (files holding a marker). Paths the interpreter touches to start (its installation, the
virtual environment, the redislint package, shared libraries, locale and time-zone data) are on an
allow-list that is printed first, as are the folders above ``repo/`` themselves and a ``.git`` entry
in each (the git top-level lookup, which lstat()s that one name and opens nothing). A vector also
fails when the run connects to the network or runs a program. Exit status 1 when a vector touches
anything else, or prints the marker."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

MARKER = "Zq9xOUTSIDEmarker41"
TRACE = "trace=open,openat,stat,newfstatat,lstat,statx,readlink,readlinkat,access,faccessat,faccessat2,connect,execve"
REDIS = "redis:7.4.11"
SVC = f"services:\n  cache:\n    image: {REDIS}\n"
RUN_CONF = "    command: redis-server /usr/local/etc/redis/redis.conf\n"

# name -> (files of repo/, symlinks {repo path: target}, fifos, arguments, extra environment)
Vector = tuple[dict[str, str], dict[str, str], list[str], list[str], dict[str, str]]

K8S = (
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis}\nspec:\n  serviceName: redis\n  template:\n"
    f"    metadata: {{labels: {{app: redis}}}}\n    spec:\n      containers:\n      - name: redis\n        image: {REDIS}\n"
)
"""A Redis StatefulSet; the Kubernetes vectors append to its container."""


def host_path(args: str, mount: str, path: str) -> str:
    return K8S + f"        args: {args}\n        volumeMounts:\n        - {{name: h, mountPath: {mount}}}\n      volumes:\n      - name: h\n        hostPath: {{path: {path}}}\n"


def k8s_vectors(o: str) -> dict[str, Vector]:
    """Kubernetes manifests (issue 16): a hostPath is the node's file system, a subPath or ConfigMap
    key names no file, a kustomization's resources are neither followed nor fetched."""
    cm = "        volumeMounts:\n        - {name: c, mountPath: %s}\n      volumes:\n      - name: c\n        configMap: {name: redis}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: %s\n"
    return {
        "k8s hostPath /etc + redis-server /etc/redis/passwd": ({"redis.yaml": host_path("[redis-server, /etc/redis/passwd]", "/etc/redis", "/etc")}, {}, [], ["."], {}),
        "k8s hostPath /root/.ssh": ({"redis.yaml": host_path("[redis-server, /data/id_rsa, --aclfile, /data/authorized_keys]", "/data", "/root/.ssh")}, {}, [], ["."], {}),
        "k8s hostPath /proc/self/environ": ({"redis.yaml": host_path("[/etc/redis/redis.conf]", "/etc/redis/redis.conf", "/proc/self/environ")}, {}, [], ["."], {}),
        "k8s hostPath ../outside": ({"redis.yaml": host_path("[/data/x.conf, --aclfile, /data/users.acl]", "/data", o)}, {}, [], ["."], {}),
        "k8s subPath ../../outside/x.conf": (
            {"redis.yaml": K8S + "        args: [/etc/redis/redis.conf]\n" + (cm % ("/etc/redis/redis.conf, subPath: '../../outside/x.conf'", "{redis.conf: 'maxmemory 1mb'}"))}, {}, [], ["."], {}),
        "k8s ConfigMap keys ../x.conf and include ../outside": (
            {"redis.yaml": K8S + "        args: [/etc/redis/../x.conf]\n" + (cm % ("/etc/redis", "{'../x.conf': 'include ../outside/x.conf', '../../outside/x.conf': 'port 1'}"))}, {}, [], ["."], {}),
        "k8s symlinked manifest to outside": ({}, {"redis.yaml": f"{o}/m.yaml", "k8s": o}, [], ["."], {}),
        "k8s symlinked manifest to outside, named": ({}, {"redis.yaml": f"{o}/m.yaml"}, [], ["redis.yaml"], {}),
        "k8s kustomization resources ../../etc, ../outside, URLs": (
            {"kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../../etc\n- ../outside/m.yaml\n"
             "- https://raw.githubusercontent.com/x/y/main/redis.yaml\n- github.com/x/y//redis?ref=v1\nconfigMapGenerator:\n- name: redis\n  files: [../outside/x.conf]\n"
             "images:\n- {name: redis, newTag: '7.4.11'}\n", "redis.yaml": K8S}, {}, [], ["."], {}),
        "k8s init container cp from a hostPath": (
            {"redis.yaml": K8S + "        args: [/data/redis.conf]\n        volumeMounts: [{name: d, mountPath: /data}]\n      initContainers:\n      - name: init\n"
             "        image: busybox\n        command: [sh, -c, 'cp /src/x.conf /data/redis.conf']\n        volumeMounts: [{name: h, mountPath: /src}, {name: d, mountPath: /data}]\n"
             f"      volumes:\n      - {{name: d, emptyDir: {{}}}}\n      - name: h\n        hostPath: {{path: {o}}}\n"}, {}, [], ["."], {}),
        "k8s $(HOME) in args, HOME outside": ({"redis.yaml": K8S + "        args: [redis-server, $(HOME)/redis.conf, --aclfile, '$(HOME)/users.acl']\n"}, {}, [], ["."], {"HOME": o}),
    }


def vectors(outside: Path) -> dict[str, Vector]:
    o = str(outside)
    return {
        "include /etc/shadow": ({"redis.conf": "include /etc/shadow\n"}, {}, [], ["."], {}),
        "include ../outside/x.conf": ({"redis.conf": "include ../outside/x.conf\n"}, {}, [], ["."], {}),
        "include of an absolute outside path": ({"redis.conf": f"include {o}/x.conf\n"}, {}, [], ["."], {}),
        "env_file: /etc/passwd": ({"compose.yaml": SVC + "    env_file: /etc/passwd\n"}, {}, [], ["."], {}),
        "env_file: ../outside/env": ({"compose.yaml": SVC + "    env_file: ../outside/env\n"}, {}, [], ["."], {}),
        "secrets file: /etc/shadow": ({"compose.yaml": SVC + "    secrets: [pw]\nsecrets:\n  pw:\n    file: /etc/shadow\n"}, {}, [], ["."], {}),
        "secrets file: ~/secret.txt": ({"compose.yaml": SVC + "    secrets: [pw]\nsecrets:\n  pw:\n    file: ~/secret.txt\n"}, {}, [], ["."], {"HOME": o}),
        "bind mount ~/redis.conf": ({"compose.yaml": SVC + RUN_CONF + "    volumes:\n      - ~/redis.conf:/usr/local/etc/redis/redis.conf\n"}, {}, [], ["."], {"HOME": o}),
        "bind mount ${HOME}/redis.conf": ({"compose.yaml": SVC + RUN_CONF + "    volumes:\n      - ${HOME}/redis.conf:/usr/local/etc/redis/redis.conf\n"}, {}, [], ["."], {"HOME": o}),
        "bind mount /etc:/etc/redis + redis-server /etc/redis/passwd": (
            {"compose.yaml": SVC + "    command: redis-server /etc/redis/passwd\n    volumes:\n      - /etc:/etc/redis\n"}, {}, [], ["."], {}),
        "extends file: ../outside/base.yaml": ({"compose.yaml": SVC + "    extends:\n      file: ../outside/base.yaml\n      service: cache\n"}, {}, [], ["."], {}),
        "compose include: ../outside/compose.yaml": ({"compose.yaml": "include:\n  - ../outside/compose.yaml\n" + SVC}, {}, [], ["."], {}),
        "build context ../outside": ({"compose.yaml": "services:\n  cache:\n    build: ../outside\n"}, {}, [], ["."], {}),
        "Dockerfile COPY ../outside/redis.conf": (
            {"compose.yaml": "services:\n  cache:\n    build: .\n",
             "Dockerfile": 'FROM redis:7.4.11\nCOPY ../outside/redis.conf /usr/local/etc/redis/redis.conf\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n'},
            {}, [], ["."], {}),
        "aclfile ../outside/users.acl": ({"redis.conf": "aclfile ../outside/users.acl\n"}, {}, [], ["."], {}),
        "aclfile mounted from ../outside": (
            {"redis.conf": "aclfile /etc/redis/users.acl\n",
             "compose.yaml": SVC + RUN_CONF + "    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro\n      - ../outside/users.acl:/etc/redis/users.acl:ro\n"},
            {}, [], ["."], {}),
        "REDIS_PASSWORD_FILE mounted from ../outside": (
            {"compose.yaml": SVC + "    command: redis-server --requirepass Zx81kq0pLmW2vT7rYc4uN6bJ3hG5sD9e\n"
             "  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n    environment:\n      REDIS_ADDR: redis://cache:6379\n"
             "      REDIS_PASSWORD_FILE: /pw.json\n    volumes:\n      - ../outside/pw:/pw.json:ro\n"},
            {}, [], ["."], {}),
        "cp source in an entrypoint (mounted from ../outside)": (
            {"compose.yaml": SVC + '    entrypoint: ["sh", "-c", "cp /src/redis.conf /usr/local/etc/redis/redis.conf && exec redis-server /usr/local/etc/redis/redis.conf"]\n'
             "    volumes:\n      - ../outside:/src:ro\n"},
            {}, [], ["."], {}),
        "symlinked file to outside": ({}, {"redis.conf": f"{o}/x.conf"}, [], ["."], {}),
        "symlinked file to outside, named": ({}, {"redis.conf": f"{o}/x.conf"}, [], ["redis.conf"], {}),
        "symlinked folder to outside": ({"redis.conf": "maxmemory 1mb\n"}, {"conf": o}, [], ["."], {}),
        "symlinked folder to /": ({"redis.conf": "maxmemory 1mb\n"}, {"root": "/"}, [], ["."], {}),
        "FIFO compose.yaml beside a conf, check redis.conf": ({"redis.conf": "maxmemory 1mb\n"}, {}, ["compose.yaml"], ["redis.conf"], {}),
        "include /dev/zero": ({"redis.conf": "include /dev/zero\n"}, {}, [], ["."], {}),
        "symlink to /dev/zero": ({}, {"redis.conf": "/dev/zero"}, [], ["."], {}),
        "include /proc/self/environ": ({"redis.conf": "include /proc/self/environ\n"}, {}, [], ["."], {}),
        ".gitignore above the root": ({"compose.yaml": SVC + "    secrets: [pw]\nsecrets:\n  pw:\n    file: ./secret.txt\n"}, {}, [], ["."], {}),
        "a conf file named in a subfolder (no climbing above repo/)": ({"sub/redis.conf": "maxmemory 1mb\n"}, {}, [], ["sub/redis.conf"], {}),
        **k8s_vectors(o),
    }


def start_paths(redislint: str) -> list[str]:
    """The interpreter, the virtual environment and the package: what Python resolves to start."""
    return sorted({
        sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.realpath(sys.base_prefix),
        os.path.dirname(os.path.dirname(os.path.abspath(redislint))),  # the virtual environment
        sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"],
        str(Path(__file__).resolve().parent.parent / "redislint"),  # the package (an editable install)
    })


def allow_list(redislint: str) -> list[str]:
    paths = {
        *start_paths(redislint),
        "/etc/ld.so.cache", "/etc/ld.so.preload", "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib",
        "/usr/share/locale", "/usr/lib/locale", "/usr/share/zoneinfo", "/etc/localtime",
        "/dev/null", "/dev/urandom", "/dev/tty", "/proc/self", "/sys/devices/system/cpu",
        "/usr/bin/pyvenv.cfg", "/usr/pyvenv.cfg",
    }
    return sorted(paths)


_CALL = re.compile(r'^(?:\[pid\s+)?(?P<pid>\d+)\]?\s+(?P<call>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>-?\d+|\?)')


def touched(log: str, cwd: str) -> list[str]:
    """Every path a traced call named (absolute, normalised), in order."""
    out: list[str] = []
    fds: dict[tuple[str, str], str] = {}
    for line in log.splitlines():
        m = _CALL.match(line)
        if m is None:
            continue
        args = m.group("args")
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', args)
        if not strings:
            continue
        path = strings[0].encode().decode("unicode_escape")
        if path == "":
            continue  # fstatat(fd, "", AT_EMPTY_PATH): the descriptor itself
        first = args.split(",", 1)[0].strip()
        base = cwd
        if m.group("call") in ("openat", "newfstatat", "statx", "readlinkat", "faccessat", "faccessat2") and first != "AT_FDCWD":
            base = fds.get((m.group("pid"), first), f"<fd {first}>")
        full = os.path.normpath(path if path.startswith("/") else os.path.join(base, path))
        out.append(full)
        if m.group("call") in ("open", "openat") and m.group("ret").isdigit():
            fds[(m.group("pid"), m.group("ret"))] = full
    return out


def fetched_or_ran(log: str) -> list[str]:
    """A network connection (``connect`` of an IP socket: a fetch, a DNS lookup) or a program run
    (any ``execve`` after the first, which starts redislint itself) in a trace."""
    out: list[str] = []
    execs = 0
    for line in log.splitlines():
        m = _CALL.match(line)
        if m is None:
            continue
        if m.group("call") == "connect" and ("AF_INET" in m.group("args") or "AF_NETLINK" in m.group("args")):
            out.append(f"connect({m.group('args')[:80]})")
        elif m.group("call") == "execve":
            execs += 1
            if execs > 1:
                out.append(f"execve({m.group('args')[:80]})")
    return out


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def check_vector(name: str, redislint: str, allowed: list[str], starts: list[str], keep: bool) -> tuple[bool, list[str], str]:
    top = Path(tempfile.mkdtemp(prefix="rl-strace-"))
    repo, outside = top / "repo", top / "outside"
    repo.mkdir()
    outside.mkdir()
    try:
        for f in ("x.conf", "redis.conf", "passwd", "shadow", "users.acl", "secret.txt", "env", "compose.yaml", "base.yaml", "pw"):
            (outside / f).write_text(f"requirepass {MARKER}\n{MARKER}\n", encoding="utf-8")
        (outside / "Dockerfile").write_text(f"FROM redis:7.4.11\n# {MARKER}\n", encoding="utf-8")
        (outside / "m.yaml").write_text(K8S + f"        args: [--requirepass, {MARKER}]\n", encoding="utf-8")
        (top / ".gitignore").write_text("secret.txt\n", encoding="utf-8")
        files, links, fifos, args, env_extra = vectors(outside)[name]
        for rel, text in files.items():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(text, encoding="utf-8")
        for rel, target in links.items():
            os.symlink(target, repo / rel)
        for rel in fifos:
            os.mkfifo(repo / rel)
        log = top / "strace.log"
        env = {**os.environ, "NO_COLOR": "1", "PYTHONNOUSERSITE": "1", **env_extra}
        # --allow-empty: a folder whose only file is a link out of the repository has nothing left to
        # lint (exit 2 otherwise); what is traced is what the run reads, not its verdict
        proc = subprocess.run(
            ["strace", "-f", "-qq", "-e", TRACE, "-o", str(log), redislint, "check", "--allow-empty", "--format", "json", *args],
            cwd=repo, env=env, capture_output=True, text=True, timeout=120,
        )
        real_repo = os.path.realpath(repo)
        ancestors = {str(p) for p in Path(real_repo).parents} | {str(p) for p in repo.parents}
        bad = []
        for p in touched(log.read_text(encoding="utf-8", errors="replace"), str(repo)):
            if _under(p, str(repo)) or _under(p, real_repo):
                continue
            if p in ancestors or (os.path.basename(p) == ".git" and os.path.dirname(p) in ancestors):
                continue
            if any(_under(p, a) for a in allowed) or any(_under(a, p) for a in starts):
                continue  # inside an allowed folder, or a folder above the interpreter (resolving its own path)
            if os.path.basename(p) == f"python{sys.version_info.major}{sys.version_info.minor}.zip":
                continue  # the interpreter looking for its zipped standard library at start-up
            bad.append(p)
        bad += fetched_or_ran(log.read_text(encoding="utf-8", errors="replace"))
        leaked = MARKER in proc.stdout or MARKER in proc.stderr
        summary = f"exit {proc.returncode}" + ("; MARKER PRINTED" if leaked else "") + ("; traceback" if "Traceback" in proc.stderr else "")
        ran = proc.returncode <= 1 and proc.stdout.lstrip().startswith("{")
        if not ran:
            summary += f"; did not run: {proc.stderr.strip()[-200:]}"
        return ran and not bad and not leaked, sorted(dict.fromkeys(bad)), summary
    finally:
        if not keep:
            shutil.rmtree(top, ignore_errors=True)
        else:
            print(f"  kept {top}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redislint", default=str(Path(sys.executable).parent / "redislint"), help="the redislint to trace (default: the one beside this Python)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    opts = ap.parse_args()
    opts.redislint = os.path.abspath(opts.redislint)
    if shutil.which("strace") is None:
        print("strace is not installed (apt-get install strace)", file=sys.stderr)
        return 2
    allowed = allow_list(opts.redislint)
    print("allow-list (interpreter start-up and package data):")
    for a in allowed:
        print(f"  {a}")
    print("  + the folders above these themselves (the interpreter resolving its own paths):")
    for a in start_paths(opts.redislint):
        print(f"      {a}")
    print(f"  + any python{sys.version_info.major}{sys.version_info.minor}.zip (the interpreter's start-up search for a zipped standard library)")
    print("  + the folders above repo/ themselves and a '.git' entry in each (git top-level lookup: lstat only)")
    print()
    failures = 0
    names = list(vectors(Path("/x")))
    for name in names:
        ok, bad, summary = check_vector(name, opts.redislint, allowed, start_paths(opts.redislint), opts.keep)
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {summary}" + ("" if ok else f"; outside touched: {', '.join(bad[:8])}"))
    print()
    print(f"{len(names) - failures} of {len(names)} vectors touched nothing outside repo/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
