"""``redislint init TOPOLOGY DIR``: copy a reference stack and create its secret files.

The reference stacks ship with the package (``redislint/_stacks``, a link to ``stacks/`` in the
repository). Each secret file ``secrets/NAME`` is made from ``secrets/NAME.example``: every
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
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

TOPOLOGIES = ("standalone", "replication", "sentinel", "cluster", "tls")
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


def stacks_root() -> Traversable:
    """The reference stacks: the installed package data, or ``stacks/`` of a source checkout."""
    packaged = resources.files("redislint").joinpath("_stacks")
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "stacks"
    if source.is_dir():
        return source
    raise InitError("the reference stacks are not installed (redislint/_stacks is missing)")


def stack_source(topology: str) -> Traversable:
    if topology not in TOPOLOGIES:
        raise InitError(f"unknown topology {topology!r} (choose one of: {', '.join(TOPOLOGIES)})")
    src = stacks_root().joinpath(topology)
    if not src.is_dir():
        raise InitError(f"the {topology} reference stack is not installed")
    return src


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name in _SKIP:
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            out.extend(_walk(child, rel + "/"))
        else:
            out.append((rel, child))
    return out


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


def _ignored(src: Traversable) -> Callable[[str], bool]:
    """What the stack's own .gitignore covers (secrets or certificates someone made in a checkout
    of the stacks are never copied)."""
    gi = src.joinpath(".gitignore")
    if not gi.is_file():
        return lambda rel: False
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(gi.read_text(encoding="utf-8").splitlines())
    return spec.match_file


def plan(topology: str) -> list[tuple[str, str, bool]]:
    """(relative path, content, is_secret) for every file ``write_stack`` creates."""
    src = stack_source(topology)
    ignored = _ignored(src)
    files = [(rel, node) for rel, node in _walk(src) if not ignored(rel)]
    passwords: dict[str, str] = {}
    out: list[tuple[str, str, bool]] = []
    for rel, node in files:
        text = node.read_text(encoding="utf-8")
        out.append((rel, text, False))
    for rel, node in files:
        parts = rel.split("/")
        if len(parts) >= 2 and parts[-2] == "secrets" and rel.endswith(".example"):
            out.append((rel[: -len(".example")], render_secret(node.read_text(encoding="utf-8"), passwords), True))
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
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        fd = os.open(path, flags, _mode_of(rel, text, secret))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(path, _mode_of(rel, text, secret))
        written.append(str(path))
    return written
