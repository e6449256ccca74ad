"""Docker Compose files -> :class:`~redislint.model.compose.Stack`.

Follows the Compose Specification: interpolation (``.env`` and the ``environ`` mapping the API is
given, never the process environment, never anything executed), anchors and merge keys, override files, ``extends``, ``include``, short and long syntax
for ``ports`` and ``volumes``, ``command``/``entrypoint`` as a string or a list, healthchecks,
secrets, configs, ``deploy.resources`` and ``mem_limit``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from redislint.model.base import Struct, field
from redislint.model.compose import (
    Build,
    DependsOn,
    EnvVar,
    Healthcheck,
    Mount,
    Port,
    SecretRef,
    Service,
    Stack,
    TopLevel,
)
from redislint.model.container import container_path
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers import interpolate as ip
from redislint.parsers.compose_workload import host_names, workload
from redislint.parsers.files import FileStore
from redislint.parsers.shell import Word, split_words
from redislint.parsers.yaml_tree import YamlError, YNode, load_yaml
from redislint.units import parse_docker_memory

COMPOSE_NAMES = re.compile(r"^(docker-)?compose([.-][^/]*)?\.ya?ml$", re.IGNORECASE)
OVERRIDE_NAMES = (
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)
_PASSWORD_FLAGS = ("--requirepass", "--masterauth", "--primaryauth", "-a", "--pass", "--sentinel-pass")
_PASSWORDISH = re.compile(r"PASS|SECRET|TOKEN|AUTH", re.IGNORECASE)


class LoadIssue(Struct):
    span: Span
    message: str
    kind: str = "parse"
    """``parse`` (RL001), ``missing`` (RL008) or ``outside`` (RL012: outside the repository)."""
    path: str | None = None
    """For ``missing``: the file that does not exist."""


class Piece(Struct):
    """Interpolated text with, for every character, its offset in the YAML scalar and provenance."""

    text: str
    raw: list[int]
    kinds: list[int]
    node: YNode
    expansions: list[str] = field(default_factory=list)
    quoted: bool = False

    def __init__(
        self,
        text: str,
        raw: list[int],
        kinds: list[int],
        node: YNode,
        expansions: list[str] | None = None,
        quoted: bool = False,
    ) -> None:
        d = self.__dict__
        d["text"] = text
        d["raw"] = raw
        d["kinds"] = kinds
        d["node"] = node
        d["expansions"] = [] if expansions is None else expansions
        d["quoted"] = quoted

    @property
    def span(self) -> Span:
        if not self.raw:
            return self.node.span
        return self.node.sub_span(min(self.raw), max(self.raw) + 1)

    def sub(self, positions: list[int], *, expansions: list[str] | None = None, quoted: bool = False) -> Piece:
        return Piece(
            text="".join(self.text[p] for p in positions),
            raw=[self.raw[p] for p in positions],
            kinds=[self.kinds[p] for p in positions],
            node=self.node,
            expansions=list(expansions or []),
            quoted=quoted,
        )

    def to_value(
        self,
        *,
        text: str | None = None,
        origin: Origin | None = None,
        secret_path: str | None = None,
        unknown: bool = False,
    ) -> Value:
        """The piece as a :class:`Value`: its own text unless ``text`` replaces it, or no text at all
        with ``unknown`` (a shell expansion only known at run time)."""
        plain = text is None and origin is None and secret_path is None and not unknown
        if plain:
            # Values are immutable: a piece (of a command aliased by many services) makes one.
            made: Value | None = self.__dict__.get("_value")
            if made is not None:
                return made
            made = self._make_value(None, None, None, False)
            self.__dict__["_value"] = made
            return made
        return self._make_value(text, origin, secret_path, unknown)

    def _make_value(self, text: str | None, origin: Origin | None, secret_path: str | None, unknown: bool) -> Value:
        raw_text = self.node.text
        if self.raw:
            raw_text = raw_text[min(self.raw) : max(self.raw) + 1]
        known_text: str | None = None if unknown else self.text if text is None else text
        if known_text is not None and ip.UNKNOWN in known_text:
            known_text = None
        kinds = set(self.kinds)
        if origin is None:
            if ip.UNK in kinds:
                origin = Origin.REQUIRED
            elif ip.DEF in kinds:
                origin = Origin.DEFAULT
            elif ip.VAR in kinds:
                origin = Origin.VARIABLE
            else:
                origin = Origin.LITERAL
        variables = tuple(sorted(set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", raw_text))))
        return Value(
            text=known_text,
            span=self.span,
            raw=raw_text,
            origin=origin,
            variables=variables,
            secret_path=secret_path,
            quoted=self.quoted,
        )


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
        self._interp_cache: dict[int, ip.Interpolated] = {}
        self._argv_cache: dict[int, tuple[YNode, list[Piece], bool]] = {}
        self.env: dict[str, str] = {}
        self.unset: list[tuple[str, Span, bool]] = []

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
        return root

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
        services_node = merged.get("services")
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
                            self._top_level(stack, section, sec, os.path.dirname(inc_path))
        for section in ("volumes", "networks", "secrets", "configs"):
            sec = merged.get(section)
            if sec is not None and sec.kind == "map":
                self._top_level(stack, section, sec, project_dir)
        for sname, (knode, vnode, pdir) in service_nodes.items():
            resolved = self._resolve_extends(vnode, service_nodes, pdir, 0)
            if resolved.kind != "map":
                continue
            stack.services[sname] = self._service(sname, knode, resolved, pdir, main)
        stack.unset_variables = list(self.unset)
        return stack

    # ----------------------------------------------------------- interpolation
    def interpolated(self, node: YNode) -> ip.Interpolated:
        cached = self._interp_cache.get(id(node))
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
        self._interp_cache[id(node)] = res
        return res

    def _collect_interpolation(self, node: YNode, path: tuple[str, ...]) -> None:
        stack: list[tuple[YNode, tuple[str, ...]]] = [(node, path)]
        seen: set[int] = set()
        while stack:
            n, p = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            if n.kind == "scalar":
                if "$" not in n.text or n.tag.endswith(":null"):
                    continue
                res = self.interpolated(n)
                for use in res.uses:
                    if use.kind == "unset":
                        self.unset.append((use.name, n.sub_span(use.start, use.end), _password_position(n, use, p)))
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
        cached = self._argv_cache.get(id(node))
        if cached is not None and cached[0] is node:
            return list(cached[1]), cached[2]
        if node.kind == "seq":
            pieces, is_string = [self.piece(i) for i in node.items if i.kind == "scalar"], False
        elif node.kind == "scalar":
            whole = self.piece(node)
            pieces, is_string = [whole.sub(w.pos, quoted=w.quoted) for w in split_words(whole.text, shell=False)], True
        else:
            return None
        self._argv_cache[id(node)] = (node, pieces, is_string)
        return list(pieces), is_string

    # ------------------------------------------------------------------ parts
    def _top_level(self, stack: Stack, section: str, node: YNode, pdir: str) -> None:
        target: dict[str, TopLevel] = getattr(stack, section)
        for k, v in node.pairs:
            external = False
            file_path = None
            file_span = None
            environment = None
            if v.kind == "map":
                ext = v.get("external")
                external = bool((ext is not None and ext.kind in ("map",)) or (ext is not None and ext.to_python() is True))
                f = v.get("file")
                if f is not None and f.kind == "scalar":
                    ft = self.text(f)
                    if ft:
                        file_path = ft if ft.startswith("~") else os.path.normpath(os.path.join(pdir, ft))
                    file_span = f.span
                e = v.get("environment")
                if e is not None and e.kind == "scalar":
                    environment = e.text
                c = v.get("content")
                content = c if c is not None and c.kind == "scalar" and not c.is_null else None
            else:
                content = None
            target[k.text] = TopLevel(
                name=k.text,
                span=k.span,
                external=external,
                file=file_path,
                file_span=file_span,
                environment=environment,
                content=content,
            )

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

    def _service(self, name: str, key: YNode, node: YNode, pdir: str, main: str) -> Service:
        svc = Service(name=name, span=key.span, file=key.span.file, project_dir=pdir, node=node)
        svc.image = self.value(node.get("image"))
        b = node.get("build")
        if b is not None:
            ctx_text = self.text(b) if b.kind == "scalar" else self.text(b.get("context")) if b.kind == "map" else None
            dockerfile = self.text(b.get("dockerfile")) if b.kind == "map" else None
            if ctx_text is None and b.kind == "map":
                ctx_text = "."
            context = ""
            if ctx_text is not None and "://" not in ctx_text and not ctx_text.startswith("git@"):
                context = os.path.normpath(os.path.join(pdir, ctx_text))
            df = None
            if context:
                df = os.path.normpath(os.path.join(context, dockerfile or "Dockerfile"))
            svc.build = Build(context=context, dockerfile=df, span=node.key_node("build").span)  # type: ignore[union-attr]
        for attr in ("command", "entrypoint"):
            cn = node.get(attr)
            parsed = self.argv(cn)
            if parsed is not None and cn is not None:
                pieces, is_string = parsed
                setattr(svc, attr, tuple(p.to_value() for p in pieces))
                setattr(svc, f"{attr}_span", cn.span)
                setattr(svc, f"{attr}_is_string", is_string)
        svc.environment = self._environment(node, pdir, svc)
        svc.ports = self._ports(node.get("ports"))
        svc.volumes = self._volumes(node.get("volumes"), pdir)
        svc.secrets = self._secret_refs(node.get("secrets"), "/run/secrets/")
        svc.configs = self._secret_refs(node.get("configs"), "/")
        svc.healthcheck = self._healthcheck(node.get("healthcheck"), node.key_node("healthcheck"))
        svc.depends_on = self._depends_on(node.get("depends_on"))
        svc.network_mode = self.value(node.get("network_mode"))
        nets = node.get("networks")
        if nets is not None:
            if nets.kind == "seq":
                for it in nets.items:
                    if it.kind == "scalar":
                        svc.networks[it.text] = []
                        svc.network_spans[it.text] = it.span
            elif nets.kind == "map":
                for k, v in nets.pairs:
                    aliases: list[str] = []
                    if v.kind == "map":
                        al = v.get("aliases")
                        if al is not None and al.kind == "seq":
                            aliases = [a.text for a in al.items if a.kind == "scalar"]
                    svc.networks[k.text] = aliases
                    svc.network_spans[k.text] = k.span
        host_names(svc, node)
        for k, _v in node.pairs:
            svc.key_spans.setdefault(k.text, k.span)
        svc.workload = workload(node)
        svc.container_name = self.value(node.get("container_name"))
        svc.user = self.value(node.get("user"))
        svc.restart = self.value(node.get("restart"))
        ro = node.get("read_only")
        svc.read_only = bool(ro is not None and ro.to_python() is True)
        # memory limit: deploy.resources.limits.memory wins over mem_limit (docker compose v2)
        mem_node = None
        dep = node.get("deploy")
        if dep is not None and dep.kind == "map":
            res = dep.get("resources")
            lim = res.get("limits") if res is not None and res.kind == "map" else None
            if lim is not None and lim.kind == "map":
                mem_node = lim.get("memory")
        if mem_node is None:
            mem_node = node.get("mem_limit")
        if mem_node is not None and mem_node.kind == "scalar":
            t = self.text(mem_node)
            if t is not None:
                svc.memory_limit = parse_docker_memory(t)
                svc.memory_limit_span = mem_node.span
        return svc

    def _environment(self, node: YNode, pdir: str, svc: Service) -> dict[str, EnvVar]:
        env: dict[str, EnvVar] = {}
        ef = node.get("env_file")
        refs: list[tuple[YNode, bool]] = []
        if ef is not None:
            if ef.kind == "scalar":
                refs.append((ef, True))
            elif ef.kind == "seq":
                for it in ef.items:
                    if it.kind == "scalar":
                        refs.append((it, True))
                    elif it.kind == "map" and it.get("path") is not None:
                        req = it.get("required")
                        refs.append((it.get("path"), not (req is not None and req.to_python() is False)))  # type: ignore[arg-type]
        for ref, required in refs:
            t = self.text(ref)
            if not t:
                continue
            path = t if t.startswith("~") else os.path.normpath(os.path.join(pdir, t))
            svc.env_files.append((path, ref.span, required))
            if not self.store.contains(path):
                continue  # provided at deploy time; the store records it for the one notice
            text = self.store.read(path) if self.store.is_file(path) else None
            if text is None:
                continue
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
        en = node.get("environment")
        if en is not None:
            if en.kind == "map":
                for knode, vnode in en.pairs:
                    env[knode.text] = EnvVar(name=knode.text, value=self.value(vnode), span=knode.span)
            elif en.kind == "seq":
                for it in en.items:
                    if it.kind != "scalar":
                        continue
                    k, sep, _ = it.text.partition("=")
                    if not sep:
                        env[k] = EnvVar(name=k, value=None, span=it.span)
                        continue
                    whole = self.piece(it)
                    eq = whole.text.find("=")
                    rest = list(range(eq + 1, len(whole.text)))
                    val = whole.sub(rest).to_value() if rest else Value(text="", span=it.span, raw="", origin=Origin.LITERAL)
                    env[k] = EnvVar(name=k, value=val, span=it.span)
        return env

    def _ports(self, node: YNode | None) -> list[Port]:
        out: list[Port] = []
        if node is None or node.kind != "seq":
            return out
        for it in node.items:
            if it.kind == "scalar":
                t = self.text(it)
                if t is None:
                    out.append(Port(span=it.span, known=False))
                    continue
                out.append(_short_port(t, it.span))
            elif it.kind == "map":
                target = self.text(it.get("target")) or ""
                published = self.text(it.get("published"))
                host_ip = self.text(it.get("host_ip"))
                proto = self.text(it.get("protocol")) or "tcp"
                out.append(
                    Port(span=it.span, host_ip=host_ip, host_port=published, container_port=target, protocol=proto)
                )
        return out

    def _volumes(self, node: YNode | None, pdir: str) -> list[Mount]:
        out: list[Mount] = []
        if node is None or node.kind != "seq":
            return out
        for it in node.items:
            if it.kind == "scalar":
                t = self.text(it)
                if t is None:
                    continue
                out.append(_short_volume(t, it.span, pdir))
            elif it.kind == "map":
                vtype = self.text(it.get("type")) or "volume"
                source = self.text(it.get("source"))
                target = self.text(it.get("target")) or ""
                ro_node = it.get("read_only")
                ro = bool(ro_node is not None and ro_node.to_python() is True)
                host = None
                chp = True
                if vtype == "bind" and source:
                    host = _host_path(source, pdir)
                    bind = it.get("bind")
                    if bind is not None and bind.kind == "map":
                        c = bind.get("create_host_path")
                        chp = not (c is not None and c.to_python() is False)
                mtype = vtype if vtype in ("bind", "volume", "tmpfs", "npipe", "image", "cluster") else "volume"
                if mtype == "volume" and not source:
                    mtype = "anonymous"
                out.append(
                    Mount(span=it.span, type=mtype, source=source, host_path=host, target=target, read_only=ro, create_host_path=chp)  # type: ignore[arg-type]
                )
        return out

    def _secret_refs(self, node: YNode | None, prefix: str) -> list[SecretRef]:
        out: list[SecretRef] = []
        if node is None or node.kind != "seq":
            return out
        for it in node.items:
            if it.kind == "scalar":
                out.append(SecretRef(name=it.text, target=prefix + it.text, span=it.span))
            elif it.kind == "map":
                src = self.text(it.get("source")) or ""
                tgt = self.text(it.get("target")) or src
                if not tgt.startswith("/"):
                    tgt = prefix + tgt
                out.append(SecretRef(name=src, target=tgt, span=it.span))
        return out

    def _healthcheck(self, node: YNode | None, key: YNode | None) -> Healthcheck | None:
        if node is None or node.kind != "map" or key is None:
            return None
        dis = node.get("disable")
        if dis is not None and dis.to_python() is True:
            return Healthcheck(span=key.span, form="NONE", disabled=True)
        test = node.get("test")
        if test is None:
            return Healthcheck(span=key.span, form="EMPTY")
        if test.kind == "scalar":
            v = self.value(test)
            return Healthcheck(span=test.span, form="CMD-SHELL", test=(v,) if v else ())
        if test.kind == "seq" and test.items:
            first = test.items[0].text if test.items[0].kind == "scalar" else ""
            rest = [self.value(i) for i in test.items[1:]]
            vals = tuple(v for v in rest if v is not None)
            if first == "NONE":
                return Healthcheck(span=test.span, form="NONE", disabled=True)
            if first == "CMD-SHELL":
                return Healthcheck(span=test.span, form="CMD-SHELL", test=vals)
            if first == "CMD":
                return Healthcheck(span=test.span, form="CMD", test=vals)
            allv = tuple(v for v in (self.value(i) for i in test.items) if v is not None)
            return Healthcheck(span=test.span, form="CMD", test=allv)
        return Healthcheck(span=key.span, form="EMPTY")

    def _depends_on(self, node: YNode | None) -> list[DependsOn]:
        out: list[DependsOn] = []
        if node is None:
            return out
        if node.kind == "seq":
            for it in node.items:
                if it.kind == "scalar":
                    out.append(DependsOn(service=it.text, span=it.span))
        elif node.kind == "map":
            for k, v in node.pairs:
                cond = "service_started"
                if v.kind == "map":
                    c = self.text(v.get("condition"))
                    if c:
                        cond = c
                out.append(DependsOn(service=k.text, condition=cond, span=k.span))
        return out


def _password_position(node: YNode, use: ip.VarUse, path: tuple[str, ...]) -> bool:
    before = node.text[: use.start].rstrip(" \"'=")
    if before.endswith(_PASSWORD_FLAGS) or before.lower().endswith(("requirepass", "masterauth", "auth-pass")):
        return True
    if "environment" in path:
        key = path[-1] if path and path[-1] != "environment" else node.text.split("=", 1)[0]
        return bool(_PASSWORDISH.search(key))
    return bool(_PASSWORDISH.search(use.name)) and any(p in ("command", "entrypoint", "healthcheck") for p in path)


def _project_name(root: YNode, project_dir: str, loader: ComposeLoader) -> str:
    n = loader.text(root.get("name"))
    if n:
        return n
    return os.path.basename(project_dir.rstrip("/")) or "project"


def _host_path(source: str, pdir: str) -> str:
    if source.startswith("~"):
        return source  # the user's home folder: outside the repository, never looked at
    return os.path.normpath(os.path.join(pdir, source))


def _short_port(text: str, span: Span) -> Port:
    t = text.strip()
    proto = "tcp"
    if "/" in t:
        t, proto = t.rsplit("/", 1)
    host_ip = None
    if t.startswith("["):
        end = t.find("]")
        host_ip = t[1:end]
        t = t[end + 2 :] if end >= 0 else t
        parts = t.split(":")
        if len(parts) == 1:
            return Port(span=span, host_ip=host_ip, host_port=None, container_port=parts[0], protocol=proto)
        return Port(span=span, host_ip=host_ip, host_port=parts[0] or None, container_port=parts[1], protocol=proto)
    parts = t.split(":")
    if len(parts) == 1:
        return Port(span=span, host_port=None, container_port=parts[0], protocol=proto)
    if len(parts) == 2:
        return Port(span=span, host_port=parts[0] or None, container_port=parts[1], protocol=proto)
    host_ip = ":".join(parts[:-2])
    return Port(span=span, host_ip=host_ip, host_port=parts[-2] or None, container_port=parts[-1], protocol=proto)


def _short_volume(text: str, span: Span, pdir: str) -> Mount:
    parts = text.split(":")
    mode = ""
    if len(parts) >= 3:
        source, target, mode = parts[0], parts[1], ":".join(parts[2:])
    elif len(parts) == 2:
        if parts[0].startswith("/") and parts[1] in ("ro", "rw", "z", "Z"):
            return Mount(span=span, type="anonymous", target=parts[0], read_only=parts[1] == "ro")
        source, target = parts
    else:
        return Mount(span=span, type="anonymous", target=text)
    ro = "ro" in mode.split(",")
    if source.startswith((".", "/", "~")):
        return Mount(span=span, type="bind", source=source, host_path=_host_path(source, pdir), target=target, read_only=ro)
    return Mount(span=span, type="volume", source=source, target=target, read_only=ro)


_REPLACE_LISTS = {"command", "entrypoint", "test", "dns", "dns_search", "env_file", "tmpfs"}
_MERGE_BY_TARGET = {"volumes", "secrets", "configs", "devices"}


def merge_nodes(base: YNode, over: YNode, key: str = "") -> YNode:
    """Merge ``over`` onto ``base`` the way Compose merges override files."""
    if over.tag == "!override":
        return over  # replaces the value instead of merging into it
    if base.kind == "map" and over.kind == "map":
        pairs = list(base.pairs)
        index = {k.text: i for i, (k, _) in enumerate(pairs)}
        for k, v in over.pairs:
            if v.tag == "!reset":
                # the attribute goes back to its default: drop what the base file set
                pairs = [(bk, bv) for bk, bv in pairs if bk.text != k.text]
                index = {bk.text: i for i, (bk, _) in enumerate(pairs)}
            elif k.text in index:
                i = index[k.text]
                bk, bv = pairs[i]
                # A mapping merged into (a service, its deploy section...) stays where it is defined;
                # a value the override replaces is reported where the override writes it.
                pairs[i] = (bk if bv.kind == "map" and v.kind == "map" else k, merge_nodes(bv, v, k.text))
            else:
                index[k.text] = len(pairs)
                pairs.append((k, v))
        return YNode(span=base.span, kind="map", tag=over.tag, pairs=pairs, source=base.source)
    if base.kind == "seq" and over.kind == "seq" and key not in _REPLACE_LISTS:
        if key in _MERGE_BY_TARGET:
            def target(n: YNode) -> str:
                if n.kind == "scalar":
                    parts = n.text.split(":")
                    return parts[1] if len(parts) > 1 else parts[0]
                t = n.get("target") if n.kind == "map" else None
                s = n.get("source") if n.kind == "map" else None
                return (t.text if t is not None else s.text if s is not None else "")

            by_target = {target(n): n for n in base.items}
            for n in over.items:
                by_target[target(n)] = n
            return YNode(span=over.span, kind="seq", tag=over.tag, items=list(by_target.values()), source=over.source)
        if key == "environment" or key == "labels":
            def ename(n: YNode) -> str:
                return n.text.split("=", 1)[0] if n.kind == "scalar" else ""

            by_name = {ename(n): n for n in base.items}
            for n in over.items:
                by_name[ename(n)] = n
            return YNode(span=over.span, kind="seq", tag=over.tag, items=list(by_name.values()), source=over.source)
        seen = {n.text for n in base.items if n.kind == "scalar"}
        merged = list(base.items) + [n for n in over.items if not (n.kind == "scalar" and n.text in seen)]
        return YNode(span=over.span, kind="seq", tag=over.tag, items=merged, source=over.source)
    return over


def find_overrides(main: str, store: FileStore) -> list[str]:
    d = os.path.dirname(main)
    base = os.path.basename(main).lower()
    if "override" in base:
        return []
    out = []
    for name in OVERRIDE_NAMES:
        p = os.path.join(d, name)
        if store.is_file(p) and name.startswith("docker-") == base.startswith("docker-"):
            out.append(p)
    return out


__all__ = ["COMPOSE_NAMES", "ComposeLoader", "LoadIssue", "Piece", "Word", "container_path", "find_overrides", "merge_nodes"]
