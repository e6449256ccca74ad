"""Link stage, Kubernetes: facts read from a container's words for the rules, kept apart from
:mod:`redislint.link.k8s`: whether a liveness probe fails while the server loads its data, and
whether the command's first word is a wrapper script that hands over to its arguments."""

from __future__ import annotations

import posixpath
import re

from redislint.model.compose import Service, Stack
from redislint.parsers.yaml_tree import YNode

_PING = re.compile(r"^\s*(?:\S*/)?(?:redis|valkey)-cli(?:\s+(?:-[hpan]|--user|--pass)\s+\S+|\s+--no-auth-warning|\s+-c)*\s+ping\s*$", re.I)


def fails_while_loading(probe: YNode) -> bool | None:
    """Whether an ``exec`` probe fails while the server loads: redis-cli prints the LOADING error
    and exits 0, so only a check of the reply (``grep PONG``) fails then."""
    ex = probe.get("exec")
    cmd = ex.get("command") if ex is not None and ex.kind == "map" else None
    if cmd is None or cmd.kind != "seq":
        return None
    words = [i.text for i in cmd.items if i.kind == "scalar"]
    text = " ".join(words)
    if "LOADING" in text.upper():
        return False
    if "PONG" in text:
        return True
    body = words[-1] if len(words) >= 3 and words[-2] == "-c" else text
    return False if _PING.match(body) else None


_EXEC_ARGS = re.compile(r'^\s*exec\s+"\$(?:@|\{@\})"\s*$', re.M)


def hands_over(svc: Service, stack: Stack, script: str) -> bool:
    """The command's first word is a script of a mounted ConfigMap or Secret that ends by running
    its arguments (``exec "$@"``), as wrappers that fix up ``nodes.conf`` do."""
    if not script.startswith("/") or not script.endswith(".sh"):
        return False
    target = posixpath.normpath(script)
    ref = next((r for r in svc.configs if posixpath.normpath(r.target) == target), None)
    top = stack.configs.get(ref.name) if ref is not None else None
    return top is not None and top.content is not None and bool(_EXEC_ARGS.search(top.content.text))
