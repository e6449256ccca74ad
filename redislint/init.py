"""``redislint init TOPOLOGY DIR``: copy a reference stack and create its secret files.

The reference stacks ship with the package (``redislint/_stacks``, a link to ``stacks/`` in the
repository): the Compose stacks under their topology's name, the Kubernetes Sentinel group
(``kubernetes-sentinel``) in ``stacks/kubernetes``, whose secret files kustomize turns into Secrets. Each secret file ``secrets/NAME`` is made from ``secrets/NAME.example``: every
``{{KEY}}`` placeholder becomes a fresh random password from :mod:`secrets`, the same password for
the same KEY across the files of one stack (the ACL file and the bare password file the healthcheck
reads must agree). Passwords are never printed. Existing files are never overwritten.
"""

from __future__ import annotations

import os
import re
import secrets
import string
from collections.abc import Callable
from pathlib import Path

COMPOSE_TOPOLOGIES = ("standalone", "replication", "sentinel", "cluster", "tls", "monitoring")
KUBERNETES_TOPOLOGIES = ("kubernetes-sentinel",)
TOPOLOGIES = COMPOSE_TOPOLOGIES + KUBERNETES_TOPOLOGIES
# The folder of the reference stacks each topology is copied from, where it is not the topology's name.
STACK_FOLDERS = {"kubernetes-sentinel": "kubernetes"}
PLACEHOLDER = re.compile(r"\{\{([a-z0-9][a-z0-9-]*)\}\}")
PASSWORD_LENGTH = 40
_ALPHABET = string.ascii_letters + string.digits
# Files of a stack that init does not copy (editor and OS droppings, never part of a stack).
_SKIP = {".DS_Store", "__pycache__"}


class InitError(Exception):
    """Something init refuses to do (unknown topology, a file that already exists...)."""


def new_password(length: int = PASSWORD_LENGTH) -> str:
    """A random password of letters and digits (about 238 bits for 40 characters).

    Letters and digits only: the value goes into redis.conf lines, ACL rules (``>pw``), JSON and
    shell ``$(cat ...)`` without any quoting problem."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def stacks_root() -> str:
    """The reference stacks: the installed package data, or ``stacks/`` of a source checkout."""
    from redislint.datafiles import stacks_dir

    d = stacks_dir()
    if d is None:
        raise InitError("the reference stacks are not installed (redislint/_stacks is missing)")
    return d


def stack_folder(topology: str) -> str:
    """The folder below the reference stacks that holds TOPOLOGY's files."""
    return STACK_FOLDERS.get(topology, topology)


def stack_source(topology: str) -> str:
    if topology not in TOPOLOGIES:
        raise InitError(f"unknown topology {topology!r} (choose one of: {', '.join(TOPOLOGIES)})")
    src = os.path.join(stacks_root(), stack_folder(topology))
    if stack_folder(topology) not in _installed():
        raise InitError(f"the {topology} reference stack is not installed")
    return src


def _installed() -> set[str]:
    from redislint.datafiles import list_package_dir

    try:
        return set(list_package_dir(stacks_root()))
    except OSError:
        return set()


def fill_placeholders(text: str, passwords: dict[str, str], make: Callable[[], str] = new_password) -> str:
    """Replace every ``{{KEY}}`` with the password for KEY (created on first use)."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in passwords:
            passwords[key] = make()
        return passwords[key]

    return PLACEHOLDER.sub(sub, text)


def render_secret(example_text: str, passwords: dict[str, str]) -> str:
    """The secret file made from its ``.example``: comment lines of the example are dropped (the
    example explains the format; the secret only carries the values), except redislint pragmas."""
    body = "".join(
        line
        for line in example_text.splitlines(keepends=True)
        if not line.lstrip().startswith("#") or "redislint:" in line
    )
    return fill_placeholders(body, passwords)


def _ignored(src: str) -> Callable[[str], bool]:
    """What the stack's own .gitignore covers (secrets or certificates someone made in a checkout
    of the stacks are never copied)."""
    from redislint.datafiles import read_stack_file

    try:
        text = read_stack_file(os.path.join(src, ".gitignore"))
    except OSError:
        return lambda rel: False
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
    return spec.match_file


def plan(topology: str) -> list[tuple[str, str, bool]]:
    """(relative path, content, is_secret) for every file ``write_stack`` creates."""
    from redislint.datafiles import read_stack_file, walk_stack

    src = stack_source(topology)
    ignored = _ignored(src)
    files = [(rel, full) for rel, full in walk_stack(src, _SKIP) if not ignored(rel)]
    passwords: dict[str, str] = {}
    out: list[tuple[str, str, bool]] = []
    for rel, full in files:
        out.append((rel, read_stack_file(full), False))
    for rel, full in files:
        parts = rel.split("/")
        if len(parts) >= 2 and parts[-2] == "secrets" and rel.endswith(".example"):
            out.append((rel[: -len(".example")], render_secret(read_stack_file(full), passwords), True))
    return out


def _mode_of(rel: str, text: str, secret: bool) -> int:
    if secret:
        # Compose mounts file secrets as they are (uid/gid/mode are ignored): the container's redis
        # user (uid 999) must be able to read them. The secrets/ folder itself is 0700, so other
        # users of the host cannot reach them.
        return 0o644
    return 0o755 if text.startswith("#!") else 0o644


def write_stack(topology: str, directory: str) -> list[str]:
    """Write the TOPOLOGY reference stack into DIRECTORY with fresh secrets; return the paths written.

    Refuses (InitError) when any file it would write already exists: nothing is written then."""
    from redislint.fs import write_new_file

    items = plan(topology)
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise InitError(f"{directory} exists and is not a folder")
    clashes = [rel for rel, _text, _s in items if (root / rel).exists() or (root / rel).is_symlink()]
    if clashes:
        shown = ", ".join(clashes[:5]) + (" ..." if len(clashes) > 5 else "")
        raise InitError(f"refusing to overwrite existing files in {directory}: {shown}")
    written: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    for rel, text, secret in items:
        path = root / rel
        parent = path.parent
        if not parent.exists():
            parent.mkdir(parents=True, exist_ok=True)
        if parent.name == "secrets":
            os.chmod(parent, 0o700)
        write_new_file(str(path), text, _mode_of(rel, text, secret))
        os.chmod(path, _mode_of(rel, text, secret))
        written.append(str(path))
    return written
