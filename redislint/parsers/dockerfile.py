"""Just enough of a Dockerfile: the base image, COPY targets, CMD/ENTRYPOINT, USER, HEALTHCHECK."""

from __future__ import annotations

import re

from redislint.model.dockerfile import Dockerfile
from redislint.parsers.shell import split_words

__all__ = ["Dockerfile", "parse_dockerfile"]


def _logical_lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    buf = ""
    start = 0
    for i, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if not buf:
            start = i
        if s.startswith("#"):
            continue
        if s.endswith("\\"):
            buf += s[:-1] + " "
            continue
        buf += s
        out.append((start, buf))
        buf = ""
    if buf:
        out.append((start, buf))
    return out


def _json_list(text: str) -> list[str] | None:
    """A Dockerfile exec-form list (``["redis-server", "/etc/redis.conf"]``), or None.

    A JSON array of strings is also a Python literal: ``ast`` is already loaded by the CLI, while
    importing ``json`` is not free; json remains the fallback for what only JSON reads."""
    import ast

    try:
        data = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        import json

        try:
            data = json.loads(text)
        except ValueError:
            return None
    if isinstance(data, list) and all(isinstance(x, str) for x in data):
        return data
    return None


def _args(rest: str) -> tuple[list[str], bool]:
    rest = rest.strip()
    if rest.startswith("["):
        data = _json_list(rest)
        if data is not None:
            return data, False
    return ["/bin/sh", "-c", rest], True


def parse_dockerfile(path: str, text: str) -> Dockerfile:
    df = Dockerfile(path=path)
    for line, content in _logical_lines(text):
        m = re.match(r"^([A-Za-z]+)\s*(.*)$", content)
        if not m:
            continue
        instr, rest = m.group(1).upper(), m.group(2)
        if instr == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            if words:
                df.base = words[0]
                df.base_line = line
                df.copies, df.cmd, df.entrypoint, df.user, df.healthcheck = [], None, None, None, False
                df.volumes, df.workdir = [], "/"
        elif instr in ("COPY", "ADD"):
            if rest.strip().startswith("["):
                parsed = _json_list(rest)
                if parsed is None:
                    continue
                items = parsed
            else:
                items = [w.text for w in split_words(rest, shell=False)]
            items = [i for i in items if not str(i).startswith("--")]
            if len(items) >= 2:
                dest = str(items[-1])
                for src in items[:-1]:
                    df.copies.append((str(src), dest, line))
        elif instr == "CMD":
            df.cmd, df.cmd_shell = _args(rest)
            df.cmd_line = line
        elif instr == "ENTRYPOINT":
            df.entrypoint, df.entrypoint_shell = _args(rest)
            df.entrypoint_line = line
            df.cmd = None
        elif instr == "USER":
            df.user = rest.strip() or None
        elif instr == "HEALTHCHECK":
            df.healthcheck = not rest.strip().upper().startswith("NONE")
        elif instr == "VOLUME":
            vols, _ = _args(rest)
            df.volumes.extend(vols if rest.strip().startswith("[") else rest.split())
        elif instr == "WORKDIR":
            w = rest.strip()
            df.workdir = w if w.startswith("/") else df.workdir.rstrip("/") + "/" + w
    return df
