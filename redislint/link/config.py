"""Link stage: each node's effective configuration: the config file its command names (traced
into the repository through the container file system, or given inline), includes expanded in
place within limits, arguments read from committed secret files, and bare config files."""

from __future__ import annotations

import os
import posixpath
import re

from redislint.discovery import Discovered
from redislint.link.base import LinkState
from redislint.link.versions import NEWEST, effective_version
from redislint.model.compose import Service, Stack
from redislint.model.conf import ConfFile, Directive
from redislint.model.container import container_path
from redislint.model.image import ImageInfo, parse_image
from redislint.model.project import (
    RedisNode,
)
from redislint.model.span import Span
from redislint.parsers.compose_load import ComposeLoader
from redislint.parsers.dockerfile import Dockerfile
from redislint.parsers.redis_conf import parse_conf
from redislint.redis.directives import directive_aliases

MAX_INCLUDE_DEPTH = 8
"""Nesting levels of ``include`` followed in one config (Redis itself sets no limit)."""
MAX_INCLUDE_BYTES = 4 * 1024 * 1024
"""Bytes of included files read for one effective config."""


class _Expansion:
    """What one effective config has included so far."""

    __slots__ = ("done", "total")

    def __init__(self, done: set[str], total: int) -> None:
        self.done = done
        self.total = total

_RENDER = re.compile(r"""\benvsubst(?:\s+(?:'[^']*'|"[^"]*"|[^\s<>]+))*\s*<\s*(\S+)\s*>\s*(\S+)""")
"""``envsubst [SHELL-FORMAT] < template > file``: (template, file)."""
_CP = re.compile(r"""\bcp\s+(?:-[A-Za-z]+\s+)*(\S+)\s+(\S+?)(?=\s|;|&|$)""")


class ConfigStage(LinkState):
    """Effective configurations."""

    def _inline_config(self, stack: Stack, svc: Service, cpath: str, loader: ComposeLoader, role: str) -> ConfFile | None:
        """A config given inline (``configs: {redis_conf: {content: |...}}``) mounted at ``cpath``: parsed
        like a file, every span pointing into the compose file's ``content:`` block."""
        cpath = posixpath.normpath(cpath)
        node = next(
            (
                top.content
                for ref in svc.configs
                if (top := stack.configs.get(ref.name)) is not None
                and top.content is not None
                and posixpath.normpath(ref.target) == cpath
            ),
            None,
        )
        if node is None:
            return None
        piece = loader.piece(node)
        conf = parse_conf(node.span.file, piece.text, "sentinel" if role == "sentinel" else None)
        starts = [0] + [i + 1 for i, ch in enumerate(piece.text) if ch == "\n"]

        def where(sp: Span) -> Span:
            a = starts[min(sp.start_line, len(starts)) - 1] + sp.start_col - 1
            b = starts[min(sp.end_line, len(starts)) - 1] + sp.end_col - 1
            if not piece.raw or a >= len(piece.raw):
                return node.span
            b = max(min(b, len(piece.raw)), a + 1)
            return node.sub_span(piece.raw[a], piece.raw[b - 1] + 1)

        conf.directives = [
            d.model_copy(
                update={
                    "span": where(d.span),
                    "name_span": where(d.name_span),
                    "args": tuple(a.model_copy(update={"span": where(a.span)}) for a in d.args),
                }
            )
            for d in conf.directives
        ]
        conf.issues = [i.model_copy(update={"span": where(i.span)}) for i in conf.issues]
        return conf

    def _inline_included(self, stack: Stack, svc: Service, conf: ConfFile, loader: ComposeLoader, role: str, depth: int = 0) -> tuple[list[Directive], bool]:
        """An inline config's directives with its ``include`` lines replaced by the inline config
        mounted at the included path (a ConfigMap's other key), and whether all of it is seen (an
        include of a file made at deploy time, a Secret's, is not)."""
        out: list[Directive] = []
        complete = True
        for d in conf.directives:
            if d.name != "include":
                out.append(d)
                continue
            target = d.text(0)
            sub = self._inline_config(stack, svc, target, loader, role) if target and target.startswith("/") and depth < 8 else None
            if sub is None:
                complete = False
                out.append(d)
                continue
            inner, ok = self._inline_included(stack, svc, sub, loader, role, depth + 1)
            out.extend(inner)
            complete = complete and ok
        return out, complete

    def _read_secret_args(self, svc: Service, options: tuple[Directive, ...], df: Dockerfile | None) -> list[Directive]:
        """Arguments read from a file at run time (``"$(cat /run/secrets/pw)"``): when the repository
        holds that file (a committed secret), its content is the value the server gets. The value
        keeps its shell origin and secret path, so rules know it is not written in the compose file."""
        out: list[Directive] = []
        for d in options:
            if not any(a.secret_path and a.text is None for a in d.args):
                out.append(d)
                continue
            args = []
            for a in d.args:
                if a.secret_path and a.text is None:
                    host = self.host_path(svc, container_path(a.secret_path), df)
                    text = self.store.read(host) if host is not None and self.store.is_file(host) else None
                    if text is not None and text.strip() and "\n" not in text.strip():
                        a = a.model_copy(update={"text": text.strip()})
                args.append(a)
            out.append(d.model_copy(update={"args": tuple(args)}))
        return out

    def _expand(self, cf: ConfFile, svc: Service | None, df: Dockerfile | None, depth: int, seen: set[str]) -> tuple[list[Directive], list[str], bool]:
        """The directives of ``cf`` with its includes expanded in place. Each file is included once per
        effective config (a repeat or a cycle adds nothing), at most :data:`MAX_INCLUDE_DEPTH` levels
        deep and :data:`MAX_INCLUDE_BYTES` in total; a limit reached is reported (RL013)."""
        state = _Expansion(done=set(seen), total=sum(len(self.store.conf_texts.get(p, "")) for p in seen))
        return self._expand_into(cf, svc, df, depth, state)

    def _include_targets(self, cf: ConfFile, d: Directive, target: str, svc: Service | None, df: Dockerfile | None) -> list[str] | None:
        """The repository files an ``include`` names (None when they cannot be known or checked)."""
        if svc is not None:
            cpath = container_path(target)
            if any(c in cpath for c in "*?["):
                base = self.host_path(svc, posixpath.dirname(cpath), df)
                if base is None:
                    return None
                if not self.store.contains(base):
                    self._outside(d.value_span, f"include '{target}'", base)
                    return None
                import fnmatch

                pattern = posixpath.basename(cpath)
                return [os.path.join(base, n) for n in self.store.listdir(base) if fnmatch.fnmatchcase(n, pattern) and self.store.is_file(os.path.join(base, n))]
            h = self.host_path(svc, cpath, df)
        else:
            h = target if os.path.isabs(target) or target.startswith("~") else os.path.join(os.path.dirname(cf.path), target)
        if h is None:
            return None
        if not self.store.contains(h):
            self._outside(d.value_span, f"include '{target}'", h)
            return None
        return [h] if self.store.is_file(h) else None

    def _expand_into(self, cf: ConfFile, svc: Service | None, df: Dockerfile | None, depth: int, state: _Expansion) -> tuple[list[Directive], list[str], bool]:
        out: list[Directive] = []
        files = [cf.path]
        complete = True
        for d in cf.directives:
            out.append(d)
            if d.name != "include":
                continue
            target = d.text(0)
            if not target:
                complete = False
                continue
            hosts = self._include_targets(cf, d, target, svc, df)
            if hosts is None:
                complete = False
                continue
            for h in hosts:
                if h in state.done:
                    continue  # already part of this config (a repeat, or a cycle)
                if depth + 1 > MAX_INCLUDE_DEPTH:
                    complete = False
                    self._limit(d, f"include '{target}' is nested more than {MAX_INCLUDE_DEPTH} levels deep: it and what it includes are not checked (Redis itself sets no limit)")
                    continue
                sub = self.conf(h, cf.kind)
                if sub is None:
                    complete = False
                    continue
                size = len(self.store.conf_texts.get(h, ""))
                if state.total + size > MAX_INCLUDE_BYTES:
                    complete = False
                    self._limit(d, f"include '{target}' takes the included files over {MAX_INCLUDE_BYTES} bytes in total: it is not checked (Redis itself sets no limit)")
                    continue
                state.total += size
                state.done.add(h)
                self.project.files[h].used = True
                ds, fs, ok = self._expand_into(sub, svc, df, depth + 1, state)
                out.extend(ds)
                files.extend(fs)
                complete = complete and ok
        return out, files, complete

    def _check_aclfile(self, node: RedisNode, df: Dockerfile | None) -> None:
        """An ``aclfile`` outside the repository hides who may connect: RL012."""
        d = next((x for x in reversed(node.directives) if x.name == "aclfile"), None)
        target = d.text(0) if d is not None else None
        if d is None or not target:
            return
        if node.service is not None:
            host = self.host_path(node.service, container_path(target), df)
        elif node.conf_file and not os.path.isabs(target):
            host = os.path.normpath(os.path.join(os.path.dirname(node.conf_file), target))
        else:
            host = None
        if host is not None and not self.store.contains(host):
            self._outside(d.value_span, f"aclfile '{target}'", host)

    def _copied_from(self, svc: Service, cpath: str, df: Dockerfile | None, written: tuple[tuple[str, str], ...] = ()) -> str | None:
        """A config the service's shell command copies into place (``cp -f base.conf sentinel.conf &&
        redis-sentinel sentinel.conf``, a common way to give Sentinel a writable copy), or that the
        image's entrypoint script writes from another file (``written``): the repository file behind
        the copy's source."""
        for dst, src in written:
            if dst == posixpath.normpath(cpath):
                return self.host_path(svc, src, df)
        raw = " ".join(v.raw for v in (*(svc.entrypoint or ()), *(svc.command or ())))
        for m in _CP.finditer(raw):
            src, dst = m.group(1).strip("'\""), m.group(2).strip("'\"")
            dst_path = container_path(dst)
            if dst.endswith("/"):
                dst_path = posixpath.join(dst_path, posixpath.basename(src))
            if dst_path == posixpath.normpath(cpath):
                return self.host_path(svc, container_path(src), df)
        return None

    # ------------------------------------------------------------ bare files
    def _copied_by_dockerfile(self, found: Discovered) -> dict[str, ImageInfo]:
        """Config files a Dockerfile of the repository COPYs or ADDs into its image, with that image's
        base (``FROM redis:3``): the product and version the file runs with."""
        out: dict[str, ImageInfo] = {}
        for p in found.dockerfiles:
            df = self.dockerfile(p)
            if df is None or not df.base:
                continue
            base = parse_image(df.base, Span.point(df.path, df.base_line, 1, 4))
            if base.product not in ("redis", "valkey"):
                continue
            for src, _dest, _line in df.copies:
                out.setdefault(os.path.normpath(os.path.join(os.path.dirname(p), src)), base)
        return out

    def bare_confs(self, found: Discovered) -> None:
        used = {p for p, f in self.project.files.items() if f.used}
        images = self._copied_by_dockerfile(found) if found.dockerfiles else {}
        for path in found.confs:
            if path in used:
                continue
            cf = self.conf(path)
            if cf is None:
                continue
            if self.project.files[path].used:
                continue
            ds, files, ok = self._expand(cf, None, None, 0, {path})
            valkey_name = "valkey" in os.path.basename(path).lower() and self.default_product == "redis" and not self.version_given
            product = "valkey" if valkey_name else self.default_product
            version = NEWEST["valkey"] if valkey_name else self.default_version
            image = images.get(path)
            if image is not None and not self.version_given:
                # a Dockerfile builds this file into an image: it runs with that image's server
                product = image.product
                version = effective_version(product, image.version)
            node = RedisNode(
                directive_keys=directive_aliases(),
                name=os.path.basename(path),
                kind="sentinel" if cf.kind == "sentinel" else "redis",
                product=product,
                version=version,
                image=image,
                version_from_image=bool(image is not None and image.version),
                directives=ds,
                conf_file=path,
                conf_files=files,
                complete=ok,
                anchor=Span.file_anchor(path),
            )
            self._check_aclfile(node, None)
            if node.kind == "sentinel":
                self.project.sentinels.append(node)
            else:
                node.cluster = (node.value("cluster-enabled") or "").lower() == "yes"
                self.project.nodes.append(node)
