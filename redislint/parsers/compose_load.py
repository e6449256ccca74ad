"""Loading Docker Compose files -> :class:`~redislint.model.compose.Stack`.

Follows the Compose Specification: the YAML files (anchors and merge keys), the override files beside
the main file (:func:`~redislint.parsers.compose_files.find_overrides`, merged by :mod:`~redislint.parsers.compose_merge`),
``include:``, ``extends:``, ``.env`` and ``env_file`` files, and interpolation (``.env`` and the
``environ`` mapping the API is given, never the process environment, never anything executed). Every
value keeps its span through interpolation (:class:`~redislint.parsers.compose_values.Piece`). What
each service says is read by :mod:`~redislint.parsers.compose_services`; which files make one project
is :mod:`~redislint.parsers.compose_files`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from redislint.fs import FileStore
from redislint.model.base import Struct
from redislint.model.compose import EnvVar, Stack, UnsetUse
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers import interpolate as ip
from redislint.parsers.compose_merge import merge_nodes
from redislint.parsers.compose_services import build_service, top_level
from redislint.parsers.compose_values import Piece
from redislint.parsers.shell import split_words
from redislint.parsers.yaml_tree import YamlError, YNode, load_yaml


class LoadIssue(Struct):
    span: Span
    message: str
    kind: str = "parse"
    """``parse`` (RL001), ``missing`` (RL008) or ``outside`` (RL012: outside the repository)."""
    path: str | None = None
    """For ``missing``: the file that does not exist."""


_VAR_USE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


class ComposeLoader:
    def __init__(self, store: FileStore, environ: Mapping[str, str] | None = None) -> None:
        self.store = store
        # Only what the caller passes: the CLI passes nothing, since the environment of the process
        # running redislint (a CI runner's secrets) is not the deployment's (issue 11).
        self.environ = dict(environ or {})
        self.environ_used: dict[str, str] = {}
        self.unparsed: set[str] = set()
        """Files that are not valid YAML: what secrets they hold is unknown."""
        """Variables of ``environ`` the compose files use: their values are never printed."""
        self.issues: list[LoadIssue] = []
        self._interp_cache: dict[YNode, ip.Interpolated] = {}
        self._argv_cache: dict[YNode, tuple[list[Piece], bool]] = {}
        self.env: dict[str, str] = {}
        self.unset: list[UnsetUse] = []

    # ------------------------------------------------------------------ files
    def _load_file(self, path: str) -> YNode | None:
        text = self.store.read(path)
        if text is None:
            self.issues.append(LoadIssue(Span.file_anchor(path), f"cannot read compose file: {self.store.errors.get(path, 'unreadable')}"))
            return None
        try:
            root = load_yaml(path, text)
        except YamlError as exc:
            self.issues.append(LoadIssue(Span.point(path, exc.line, exc.col, 1), exc.message))
            self.unparsed.add(path)
            return None
        if root is not None and root.kind != "map":
            self.issues.append(LoadIssue(root.span, "a compose file must be a mapping at the top level"))
            return None
        if root is not None:
            self._refused_structure(root)
        return root

    def _refused_structure(self, root: YNode) -> None:
        """What Compose refuses in a file that is valid YAML: a key defined twice in one mapping
        ("mapping key ... already defined"), and a ``services:`` that is not a mapping."""
        svc_key = root.key_node("services")
        services = root.get("services")
        if svc_key is not None and services is not None and services.kind != "map":
            what = "empty (null)" if services.is_null else "not a mapping"
            self.issues.append(LoadIssue(svc_key.span, f"'services' is {what}: docker compose refuses the file (services must be a mapping)"))
        dups: list[tuple[YNode, YNode]] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.kind == "map":
                first: dict[str, YNode] = {}
                for k, v in node.pairs:
                    if k.text in first and k.text != "<<":
                        dups.append((k, first[k.text]))
                    else:
                        first[k.text] = k
                    stack.append(v)
            elif node.kind == "seq":
                stack.extend(node.items)
        if dups:
            # one cause (usually lost indentation), one finding: the first duplicate, with the count
            dups.sort(key=lambda d: (d[0].span.start_line, d[0].span.start_col))
            k, was = dups[0]
            more = f" ({len(dups) - 1} more duplicate key{'s' if len(dups) > 2 else ''} in this file)" if len(dups) > 1 else ""
            self.issues.append(LoadIssue(k.span, f"mapping key '{k.text}' is already defined at line {was.span.start_line}{more}: docker compose refuses the file"))

    def load(self, main: str, overrides: list[str] | None = None, name: str | None = None) -> Stack | None:
        project_dir = os.path.dirname(main)
        dotenv_path = os.path.join(project_dir, ".env")
        dotenv: dict[str, str] = {}
        dotenv_file: str | None = None
        if self.store.is_file(dotenv_path):
            text = self.store.read(dotenv_path)
            if text is not None:
                dotenv = ip.parse_dotenv(text)
                dotenv_file = dotenv_path
        self.env = {**dotenv, **self.environ}
        files = [main, *(overrides or [])]
        merged: YNode | None = None
        roots: list[YNode] = []
        for f in files:
            root = self._load_file(f)
            if root is None:
                continue
            self._collect_interpolation(root, ())
            roots.append(root)
            merged = root if merged is None else merge_nodes(merged, root)
        if merged is None:
            return None
        stack = Stack(
            name=name or _project_name(merged, project_dir, self),
            dir=project_dir,
            files=files,
            env=self.env,
            dotenv=dotenv_file,
        )
        version = roots[0].key_node("version") if roots else None
        if version is not None:
            stack.version_key = version.span
            stack.version_blank_after = _blank_after(version)
        services_node = merged.get("services")
        if services_node is None and merged.key_node("services") is None and _compose_v1(merged):
            # a Compose v1 file: its services are the top-level keys (docker-compose 1.x read it so)
            services_node = merged
        service_nodes: dict[str, tuple[YNode, YNode, str]] = {}
        if services_node is not None and services_node.kind == "map":
            for k, v in services_node.pairs:
                service_nodes[k.text] = (k, v, project_dir)
        # include: other compose projects become part of this one
        inc = merged.get("include")
        if inc is not None and inc.kind == "seq":
            for item in inc.items:
                paths: list[YNode] = []
                if item.kind == "scalar":
                    paths = [item]
                elif item.kind == "map":
                    p = item.get("path")
                    if p is not None:
                        paths = [p] if p.kind == "scalar" else [x for x in p.items if x.kind == "scalar"]
                for pn in paths:
                    inc_path = os.path.normpath(os.path.join(project_dir, self.text(pn) or ""))
                    if not self.store.contains(inc_path):
                        self.issues.append(LoadIssue(pn.span, f"included compose file '{pn.text}' is outside the repository: not checked", "outside", inc_path))
                        continue
                    if not self.store.is_file(inc_path):
                        self.issues.append(LoadIssue(pn.span, f"included compose file '{pn.text}' does not exist", "missing", inc_path))
                        continue
                    if inc_path in stack.files:
                        continue
                    stack.files.append(inc_path)
                    sub = self._load_file(inc_path)
                    if sub is None:
                        continue
                    self._collect_interpolation(sub, ())
                    ssvc = sub.get("services")
                    if ssvc is not None and ssvc.kind == "map":
                        for k, v in ssvc.pairs:
                            service_nodes.setdefault(k.text, (k, v, os.path.dirname(inc_path)))
                    for section in ("volumes", "networks", "secrets", "configs"):
                        sec = sub.get(section)
                        if sec is not None and sec.kind == "map":
                            top_level(self, stack, section, sec, os.path.dirname(inc_path))
        for section in ("volumes", "networks", "secrets", "configs"):
            sec = merged.get(section)
            if sec is not None and sec.kind == "map":
                top_level(self, stack, section, sec, project_dir)
        for sname, (knode, vnode, pdir) in service_nodes.items():
            resolved = self._resolve_extends(vnode, service_nodes, pdir, 0)
            if resolved.kind != "map":
                continue
            stack.services[sname] = build_service(self, sname, knode, resolved, pdir, main)
        stack.unset_uses = list(self.unset)
        return stack

    # ----------------------------------------------------------- interpolation
    def interpolated(self, node: YNode) -> ip.Interpolated:
        cached = self._interp_cache.get(node)
        if cached is not None:
            return cached
        if self.environ:
            for name in _VAR_USE.findall(node.text):
                if name in self.environ:
                    self.environ_used[name] = self.environ[name]
        try:
            res = ip.interpolate(node.text, self.env)
        except ip.InterpolationError as exc:
            self.issues.append(LoadIssue(node.sub_span(exc.offset, exc.offset + 1), str(exc)))
            res = ip.Interpolated(node.text, list(range(len(node.text))), [ip.LIT] * len(node.text))
        self._interp_cache[node] = res
        return res

    def _collect_interpolation(self, node: YNode, path: tuple[str, ...]) -> None:
        stack: list[tuple[YNode, tuple[str, ...]]] = [(node, path)]
        # A node shared through an anchor is walked once per service that reaches it (so a use is
        # known to belong to each of them), and once for everything outside services. Bounded: the
        # YAML loader caps the nodes after alias expansion.
        seen: set[tuple[YNode, str]] = set()
        while stack:
            n, p = stack.pop()
            owner = p[1] if len(p) >= 2 and p[0] == "services" else ""
            if (n, owner) in seen:
                continue
            seen.add((n, owner))
            if n.kind == "scalar":
                if "$" not in n.text or n.tag.endswith(":null"):
                    continue
                res = self.interpolated(n)
                for use in res.uses:
                    if use.kind == "unset":
                        self.unset.append(UnsetUse(name=use.name, span=n.sub_span(use.start, use.end), text=n.text, start=use.start, path=p))
            elif n.kind == "map":
                for k, v in n.pairs:
                    stack.append((v, (*p, k.text)))
            else:
                for it in n.items:
                    stack.append((it, p))

    def text(self, node: YNode | None) -> str | None:
        """The interpolated text of a scalar (None when unknown, or not a scalar)."""
        if node is None or node.kind != "scalar" or node.is_null:
            return None
        if "$" not in node.text:
            return node.text
        t = self.interpolated(node).text
        return None if ip.UNKNOWN in t else t

    def piece(self, node: YNode) -> Piece:
        if "$" not in node.text:
            n = len(node.text)
            return Piece(node.text, list(range(n)), [ip.LIT] * n, node)
        res = self.interpolated(node)
        return Piece(res.text, res.offsets, res.kinds, node)

    def value(self, node: YNode | None) -> Value | None:
        if node is None or node.kind != "scalar" or node.is_null:
            return None
        return self.piece(node).to_value()

    def argv(self, node: YNode | None) -> tuple[list[Piece], bool] | None:
        """A command/entrypoint as argv pieces, and whether it was written as a string. Split once
        per YAML node: a command aliased by many services is one node (pieces are never modified)."""
        if node is None or node.is_null:
            return None
        cached = self._argv_cache.get(node)
        if cached is not None:
            return list(cached[0]), cached[1]
        if node.kind == "seq":
            pieces, is_string = [self.piece(i) for i in node.items if i.kind == "scalar"], False
        elif node.kind == "scalar":
            whole = self.piece(node)
            pieces, is_string = [whole.sub(w.pos, quoted=w.quoted) for w in split_words(whole.text, shell=False)], True
        else:
            return None
        self._argv_cache[node] = (pieces, is_string)
        return list(pieces), is_string


    def env_words(self, service: YNode | None, name: str) -> list[Piece] | None:
        """The words of an ``environment:`` value of a service (``REDIS_ARGS: "--port 6380 ..."``,
        which images such as redis/redis-stack pass to the server), each with its own span; None
        when the service does not set it there."""
        en = service.get("environment") if service is not None and service.kind == "map" else None
        if en is None:
            return None
        whole: Piece | None = None
        if en.kind == "map":
            for knode, vnode in en.pairs:
                if knode.text == name and vnode.kind == "scalar" and not vnode.is_null:
                    whole = self.piece(vnode)
        elif en.kind == "seq":
            for it in en.items:
                if it.kind == "scalar" and it.text.partition("=")[0] == name and "=" in it.text:
                    full = self.piece(it)
                    eq = full.text.find("=")
                    whole = full.sub(list(range(eq + 1, len(full.text))))
        if whole is None:
            return None
        return [whole.sub(w.pos, quoted=w.quoted) for w in split_words(whole.text, shell=False)]

    def _resolve_extends(self, node: YNode, services: dict[str, tuple[YNode, YNode, str]], pdir: str, depth: int) -> YNode:
        if node.kind != "map" or depth > 10:
            return node
        ext = node.get("extends")
        if ext is None:
            return node
        base_name: str | None = None
        base_file: str | None = None
        if ext.kind == "scalar":
            base_name = ext.text
        elif ext.kind == "map":
            base_name = self.text(ext.get("service"))
            base_file = self.text(ext.get("file"))
        if not base_name:
            return node
        base: YNode | None = None
        if base_file:
            path = base_file if base_file.startswith("~") else os.path.normpath(os.path.join(pdir, base_file))
            if not self.store.contains(path):
                fnode = ext.get("file")
                self.issues.append(LoadIssue(fnode.span if fnode else ext.span, f"extended compose file '{base_file}' is outside the repository: not checked", "outside", path))
                return node
            if not self.store.is_file(path):
                fnode = ext.get("file")
                self.issues.append(LoadIssue(fnode.span if fnode else ext.span, f"extended compose file '{base_file}' does not exist", "missing", path))
                return node
            root = self._load_file(path)
            if root is not None:
                self._collect_interpolation(root, ())
                svcs = root.get("services")
                base = svcs.get(base_name) if svcs is not None else None
                if base is not None:
                    other = {k.text: (k, v, os.path.dirname(path)) for k, v in (svcs.pairs if svcs else [])}
                    base = self._resolve_extends(base, other, os.path.dirname(path), depth + 1)
        else:
            entry = services.get(base_name)
            if entry is not None and entry[1] is not node:
                base = self._resolve_extends(entry[1], services, pdir, depth + 1)
        if base is None or base.kind != "map":
            return node
        return merge_nodes(base, node)

    def env_file_vars(self, path: str) -> dict[str, EnvVar]:
        """The variables an ``env_file`` sets, each spanned at its line (none when the file is outside
        the repository, absent or unreadable)."""
        env: dict[str, EnvVar] = {}
        if not self.store.contains(path):
            return env  # provided at deploy time; the store records it for the one notice
        text = self.store.read(path) if self.store.is_file(path) else None
        if text is None:
            return env
        values = ip.parse_dotenv(text)
        for lineno, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            k = s.removeprefix("export ").split("=", 1)[0].strip()
            if k in values:
                col = line.find(k) + 1
                sp = Span.point(path, lineno, max(col, 1), len(line) - max(col, 1) + 1)
                env[k] = EnvVar(
                    name=k,
                    value=Value(text=values[k], span=sp, raw=values[k], origin=Origin.LITERAL),
                    span=sp,
                    from_file=path,
                )
        return env


def _project_name(root: YNode, project_dir: str, loader: ComposeLoader) -> str:
    n = loader.text(root.get("name"))
    if n:
        return n
    return os.path.basename(project_dir.rstrip("/")) or "project"



_V2_KEYS = {"version", "services", "networks", "volumes", "secrets", "configs", "include", "name"}


def _compose_v1(root: YNode) -> bool:
    """A Compose v1 file: no top-level ``services:``, and every top-level key (none of the v2/v3 ones)
    maps to a service (a mapping with ``image`` or ``build``)."""
    if root.kind != "map" or not root.pairs:
        return False
    for k, v in root.pairs:
        if k.text in _V2_KEYS or k.text.startswith("x-") or v.kind != "map":
            return False
        if v.get("image") is None and v.get("build") is None:
            return False
    return True


def _blank_after(key: YNode) -> bool:
    """The line after ``key``'s is blank, and so is the one before it (or it is the first line): one
    blank line separates the key from its neighbours, and goes with it when it is deleted."""
    src = key.source
    if src is None:
        return False
    n = key.span.start_line  # 1-based; lines are 0-based in SourceText

    def blank(line0: int) -> bool:
        if not 0 <= line0 < len(src.line_starts):
            return False
        start = src.offset(line0, 0)
        return not src.text[start : start + src.line_length(line0)].strip()

    return n < len(src.line_starts) and blank(n) and (n == 1 or blank(n - 2))
