"""Just enough of a Dockerfile: the base image, COPY targets, CMD/ENTRYPOINT, USER, HEALTHCHECK,
VOLUME, EXPOSE, WORKDIR and the chmod/chown of RUN lines, each with where it is written."""

from __future__ import annotations

import posixpath
import re

from redislint.model.dockerfile import Dockerfile, FileMode
from redislint.model.span import Span
from redislint.parsers.shell import simple_commands, split_words

__all__ = ["Dockerfile", "parse_dockerfile"]

_Segment = tuple[int, int, int]
"""(physical line, offset of the segment in the logical line, column of its first character)."""


def _logical_lines(text: str) -> list[tuple[int, str, list[_Segment]]]:
    """Instructions joined across ``\\`` continuations, each with where its pieces are written."""
    out: list[tuple[int, str, list[_Segment]]] = []
    buf = ""
    segs: list[_Segment] = []
    start = 0
    for i, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if not buf:
            start = i
        if s.startswith("#"):
            continue
        col = len(line) - len(line.lstrip()) + 1
        segs.append((i, len(buf), col))
        if s.endswith("\\"):
            buf += s[:-1] + " "
            continue
        buf += s
        out.append((start, buf, segs))
        buf, segs = "", []
    if buf:
        out.append((start, buf, segs))
    return out


def _locate(path: str, segs: list[_Segment], offset: int, length: int) -> Span:
    """The span of ``length`` characters at ``offset`` of a logical line (cut at its physical line)."""
    line, base, col = segs[0]
    for seg in segs:
        if seg[1] <= offset:
            line, base, col = seg
    return Span.point(path, line, col + offset - base, max(length, 1))


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


def _line_end(segs: list[_Segment], offset: int, content: str) -> int:
    """The offset where the physical line holding ``offset`` ends in the logical line."""
    ends = [s[1] for s in segs if s[1] > offset]
    return (ends[0] - 1) if ends else len(content)


def _healthcheck(df: Dockerfile, rest: str, content: str, segs: list[_Segment], line: int) -> None:
    df.healthcheck = not rest.strip().upper().startswith("NONE")
    df.healthcheck_test, df.healthcheck_span, df.healthcheck_line = None, None, line
    m = re.search(r"(?:^|\s)CMD\s+", rest, re.IGNORECASE)
    if not df.healthcheck or m is None:
        return
    body = rest[m.end():]
    kw = len(content) - len(rest) + m.start() + (1 if rest[m.start()].isspace() else 0)
    df.healthcheck_test, df.healthcheck_shell = _args(body)
    if df.healthcheck_shell:
        df.healthcheck_test = [body.strip()]
    df.healthcheck_span = _locate(df.path, segs, kw, _line_end(segs, kw, content) - kw)
    df.healthcheck_line = df.healthcheck_span.start_line


def _modes(df: Dockerfile, rest: str, content: str, segs: list[_Segment]) -> None:
    """The chmod/chown of a RUN line's shell commands."""
    if not re.search(r"\bch(?:mod|own)\b", rest):
        return
    base = len(content) - len(rest)
    for cmd in simple_commands(split_words(rest, shell=True)):
        words = [w for w in cmd if not w.operator]
        while words and words[0].text in ("sudo", "exec"):
            words = words[1:]
        if len(words) < 3 or words[0].text not in ("chmod", "chown"):
            continue
        flags = [w.text for w in words[1:] if w.text.startswith("-")]
        plain = [w for w in words[1:] if not w.text.startswith("-")]
        if len(plain) < 2 or any(w.dynamic for w in plain):
            continue
        recursive = any("R" in f or f == "--recursive" for f in flags)
        for w in plain[1:]:
            target = w.text if w.text.startswith("/") else posixpath.join(df.workdir, w.text)
            span = _locate(df.path, segs, base + words[0].start, w.end - words[0].start)
            df.modes.append(FileMode(command=words[0].text, arg=plain[0].text, path=posixpath.normpath(target), recursive=recursive, span=span))


def parse_dockerfile(path: str, text: str) -> Dockerfile:
    df = Dockerfile(path=path)
    for line, content, segs in _logical_lines(text):
        m = re.match(r"^([A-Za-z]+)\s*(.*)$", content)
        if not m:
            continue
        instr, rest = m.group(1).upper(), m.group(2)
        if instr == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            if words:
                df.base = words[0]
                df.base_line = line
                df.base_col = content.find(words[0], m.start(2)) + 1
                df.copies, df.cmd, df.entrypoint, df.user, df.healthcheck = [], None, None, None, False
                df.volumes, df.workdir = [], "/"
                df.user_span, df.healthcheck_test, df.healthcheck_span = None, None, None
                df.volume_spans, df.exposes, df.modes = [], [], []
        elif instr in ("COPY", "ADD"):
            if rest.strip().startswith("["):
                parsed = _json_list(rest)
                if parsed is None:
                    continue
                items = parsed
            else:
                items = [w.text for w in split_words(rest, shell=False)]
            opts = [str(i) for i in items if str(i).startswith("--")]
            items = [i for i in items if not str(i).startswith("--")]
            if len(items) >= 2:
                dest = str(items[-1])
                for src in items[:-1]:
                    df.copies.append((str(src), dest, line))
                    target = dest if dest.startswith("/") else posixpath.join(df.workdir, dest)
                    if dest.endswith("/"):
                        target = posixpath.join(target, posixpath.basename(str(src)))
                    for o in opts:
                        name, _, value = o.partition("=")
                        if name in ("--chown", "--chmod") and value:
                            span = _locate(path, segs, 0, len(content))
                            df.modes.append(FileMode(command=name[2:], arg=value, path=posixpath.normpath(target), recursive=True, span=span))
        elif instr == "CMD":
            df.cmd, df.cmd_shell = _args(rest)
            df.cmd_line = line
        elif instr == "ENTRYPOINT":
            df.entrypoint, df.entrypoint_shell = _args(rest)
            df.entrypoint_line = line
            df.cmd = None
        elif instr == "USER":
            df.user = rest.strip() or None
            df.user_span = _locate(path, segs, m.start(2), len(rest.strip())) if df.user else None
        elif instr == "HEALTHCHECK":
            _healthcheck(df, rest, content, segs, line)
        elif instr == "VOLUME":
            vols, _ = _args(rest)
            added = vols if rest.strip().startswith("[") else rest.split()
            df.volumes.extend(added)
            df.volume_spans.extend(_locate(path, segs, 0, len(content)) for _ in added)
        elif instr == "EXPOSE":
            for w in rest.split():
                port, _, proto = w.partition("/")
                if port.isdigit() and proto.lower() in ("", "tcp"):
                    df.exposes.append((int(port), _locate(path, segs, content.find(w, m.start(2)), len(w))))
        elif instr == "RUN":
            _modes(df, rest, content, segs)
        elif instr == "WORKDIR":
            w = rest.strip()
            df.workdir = w if w.startswith("/") else df.workdir.rstrip("/") + "/" + w
    return df
