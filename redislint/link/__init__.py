"""Build the unified model: which service runs which config, with what version, in which group."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping

from redislint.discovery import Discovered
from redislint.fs import OUTSIDE
from redislint.link.acl import link_acl
from redislint.link.facts import config_problems, service_accounts
from redislint.model import container
from redislint.model.auth import build_auth
from redislint.model.compose import Service, Stack, TopLevel
from redislint.model.conf import ConfFile, Directive
from redislint.model.container import aclfile_host_path, container_path
from redislint.model.hosts import HostIndex
from redislint.model.image import ImageInfo, parse_image
from redislint.model.project import (
    Cluster,
    InputFile,
    Invocation,
    LoadProblem,
    Project,
    RedisNode,
    ReplicationGroup,
    SentinelGroup,
    password_values,
)
from redislint.model.sentinel import build_sentinel_config
from redislint.model.span import Span
from redislint.model.storage import build_data_dir
from redislint.model.values import Origin, Value
from redislint.parsers.command_line import Found, build_invocation, find_invocation
from redislint.parsers.compose import ComposeLoader, find_overrides
from redislint.parsers.dockerfile import Dockerfile, parse_dockerfile
from redislint.parsers.files import FileStore
from redislint.parsers.redis_conf import parse_conf
from redislint.parsers.yaml_tree import YNode
from redislint.secret_spans import (
    Secrets,
    collect_directives,
    collect_dockerfile,
    collect_env_file,
    collect_secret_file,
    collect_unparsed_conf_lines,
    is_secret_name,
    piece_words,
    scan_words,
)

NEWEST = {"redis": (8, 10), "valkey": (8, 0)}
_MAJOR_LATEST = {("redis", 6): (6, 2), ("redis", 7): (7, 4), ("redis", 8): (8, 10), ("valkey", 7): (7, 2), ("valkey", 8): (8, 0), ("valkey", 9): (8, 0)}
_CP = re.compile(r"""\bcp\s+(?:-[A-Za-z]+\s+)*(\S+)\s+(\S+?)(?=\s|;|&|$)""")


def effective_version(product: str, version: tuple[int, ...] | None) -> tuple[int, ...]:
    prod = product if product in NEWEST else "redis"
    if not version:
        return NEWEST[prod]
    if len(version) == 1:
        return _MAJOR_LATEST.get((prod, version[0]), (version[0], 0))
    return version


def parse_version_option(text: str | None) -> tuple[str, tuple[int, ...]]:
    if not text:
        return "redis", NEWEST["redis"]
    product = "redis"
    t = text.strip().lower()
    if t.startswith("valkey"):
        product = "valkey"
        t = t[6:].lstrip(":-@ ")
    elif t.startswith("redis"):
        t = t[5:].lstrip(":-@ ")
    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?$", t)
    if not m:
        raise ValueError(f"cannot read version {text!r} (expected e.g. 7.4, 7.2.5, valkey-8.0)")
    return product, effective_version(product, tuple(int(g) for g in m.groups() if g is not None))


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


class Linker:
    def __init__(self, project: Project, store: FileStore, default_version: tuple[str, tuple[int, ...]], environ: Mapping[str, str] | None = None) -> None:
        self.project = project
        self.store = store
        self.default_product, self.default_version = default_version
        self.version_given = False
        self.environ = environ
        self.found_secrets = Secrets()
        self._inline_configs: list[tuple[TopLevel, ComposeLoader]] = []
        self._conf_cache: dict[str, ConfFile] = {}
        self._outside_seen: set[tuple[Span, str]] = set()

    # ------------------------------------------------------------ files
    def conf(self, path: str, kind: str | None = None) -> ConfFile | None:
        if path in self._conf_cache:
            return self._conf_cache[path]
        text = self.store.read(path)
        if text is None:
            return None
        cf = parse_conf(path, text, kind)  # type: ignore[arg-type]
        self._conf_cache[path] = cf
        fkind = "sentinel-conf" if cf.kind == "sentinel" else "redis-conf"
        entry = self.project.files.get(path)
        if entry is None:
            self.project.files[path] = InputFile(path=path, kind=fkind, conf=cf, text=text)  # type: ignore[arg-type]
        else:
            entry.conf = cf
            entry.kind = fkind  # type: ignore[assignment]
        return cf

    def dockerfile(self, path: str | None) -> Dockerfile | None:
        if not path:
            return None
        if path in self.project.dockerfiles:
            return self.project.dockerfiles[path]
        text = self.store.read(path) if self.store.is_file(path) else None
        df = parse_dockerfile(path, text) if text is not None else None
        self.project.dockerfiles[path] = df
        if text is not None and path not in self.project.files:
            self.project.files[path] = InputFile(path=path, kind="dockerfile", text=text)
        return df

    # ------------------------------------------------------------ stacks
    def load_stacks(self, found: Discovered) -> None:
        for main in found.compose:
            loader = ComposeLoader(self.store, self.environ)
            overrides = find_overrides(main, self.store)
            stack = loader.load(main, overrides)
            self.project.environ_values.update({v: k for k, v in loader.environ_used.items() if v})
            for path in loader.unparsed:
                # not valid YAML: where its secrets are cannot be known, so none of it is shown
                self.found_secrets.add_lines(path, 1, 1_000_000_000)
            for issue in loader.issues:
                self.project.problems.append(LoadProblem(span=issue.span, message=issue.message, kind=issue.kind, path=issue.path))
            for f in [main, *overrides]:
                if f not in self.project.files:
                    self.project.files[f] = InputFile(path=f, kind="compose", text=self.store.texts.get(f))
            if stack is None:
                continue
            if not stack.services and not _looks_like_compose(self.store.texts.get(main, "")):
                continue
            for f in stack.files:
                if f not in self.project.files:
                    self.project.files[f] = InputFile(path=f, kind="compose", text=self.store.texts.get(f))
            if stack.dotenv and stack.dotenv not in self.project.files:
                self.project.files[stack.dotenv] = InputFile(path=stack.dotenv, kind="env", text=self.store.texts.get(stack.dotenv))
            self.project.stacks.append(stack)
            self._inline_configs.extend((top, loader) for top in stack.configs.values() if top.content is not None)
            for svc in stack.services.values():
                self._link_service(stack, svc, loader)

    def _image(self, svc: Service) -> tuple[ImageInfo | None, Dockerfile | None]:
        df = self.dockerfile(svc.build.dockerfile) if svc.build is not None else None
        if svc.build is not None and df is not None and df.base:
            base = parse_image(df.base, Span.point(df.path, df.base_line, 1, 4))
            info = base.model_copy(update={"flavour": "custom" if base.flavour == "official" and (df.cmd is not None or df.entrypoint is not None) else base.flavour})
            return info, df
        if svc.image is not None and svc.image.text:
            return parse_image(svc.image.text, svc.image.span), df
        return None, df

    def _link_service(self, stack: Stack, svc: Service, loader: ComposeLoader) -> None:
        self._service_secrets(svc, loader)
        image, df = self._image(svc)
        role = "other"
        if image is not None and image.product == "exporter":
            self.project.roles[id(svc)] = "exporter"
            return
        env: dict[str, str | None] = {k: (v.value.text if v.value else None) for k, v in svc.environment.items()}
        entry = loader.argv(svc.node.get("entrypoint")) if svc.node is not None else None
        cmd = loader.argv(svc.node.get("command")) if svc.node is not None else None
        entry_pieces = entry[0] if entry else None
        cmd_pieces = cmd[0] if cmd else None
        found = find_invocation(entry_pieces, cmd_pieces, image, env, svc.span, svc.command_span or svc.entrypoint_span)
        inv = found.invocation
        if found.status == "unknown" and df is not None and entry_pieces is None and cmd_pieces is None:
            found, inv = self._dockerfile_invocation(df, svc)
        bitnami = image is not None and image.flavour == "bitnami" and image.product in ("redis", "valkey")
        if found.status == "found" and inv is not None:
            role = "sentinel" if inv.sentinel else "redis"
        elif bitnami:
            role = "sentinel" if image is not None and image.variant == "sentinel" else "redis"
        elif found.status == "unknown" and image is not None and image.product in ("redis", "valkey") and image.flavour != "custom":
            role = "sentinel" if image.variant == "sentinel" else "redis"
        if role == "other":
            self.project.roles[id(svc)] = "other"
            return
        product = image.product if image is not None and image.product in ("redis", "valkey", "keydb", "dragonfly") else "redis"
        if inv is not None and inv.binary.startswith("keydb"):
            product = "keydb"
        elif inv is not None and inv.binary.startswith("valkey") and product == "redis" and (image is None or image.flavour == "custom"):
            product = "valkey"
        version = effective_version(product, image.version if image and product in ("redis", "valkey") else None)
        node = RedisNode(
            name=svc.name,
            kind="sentinel" if role == "sentinel" else "redis",
            service=svc,
            stack=stack,
            image=image,
            product=product,
            version=version,
            version_from_image=bool(image and image.version),
            invocation=inv,
            anchor=svc.command_span or svc.entrypoint_span or svc.span,
        )
        directives: list[Directive] = []
        complete = found.status == "found"
        if inv is not None and inv.conf is not None:
            if inv.conf_path is None:
                complete = False
            else:
                host = self.host_path(svc, inv.conf_path, df)
                if host is None and inv.in_shell:
                    host = self._copied_from(svc, inv.conf_path, df)
                inline = self._inline_config(stack, svc, inv.conf_path, loader, role) if host is None else None
                if inline is not None:
                    directives.extend(inline.directives)
                    node.anchor = inline.directives[0].span if inline.directives else svc.span
                    if inline.issues:
                        self.project.problems.extend(LoadProblem(span=i.span, message=i.message) for i in inline.issues)
                elif host is not None and not self.store.contains(host):
                    complete = False
                    self._outside(svc.command_span or svc.entrypoint_span or svc.span, f"the config file '{inv.conf_path}' of service '{svc.name}'", host)
                elif host is not None and self.store.is_file(host):
                    cf = self.conf(host, "sentinel" if role == "sentinel" else None)
                    if cf is not None:
                        node.conf_file = host
                        node.anchor = Span.file_anchor(host)
                        self.project.files[host].used = True
                        ds, files, ok = self._expand(cf, svc, df, 0, {host})
                        directives.extend(ds)
                        node.conf_files.extend(files)
                        complete = complete and ok
                    else:
                        complete = False
                else:
                    complete = False
        if inv is not None:
            directives.extend(self._read_secret_args(svc, inv.options, df))
        if bitnami:
            complete = False
            directives.extend(_bitnami_directives(svc, role))
        node.directives = directives
        node.complete = complete
        self._check_aclfile(node, df)
        if role == "sentinel":
            self.project.roles[id(svc)] = "sentinel"
            self.project.sentinels.append(node)
        else:
            node.cluster = (node.value("cluster-enabled") or "").lower() == "yes" or (image is not None and image.variant == "cluster")
            self.project.roles[id(svc)] = "cluster-node" if node.cluster else "redis"
            self.project.nodes.append(node)

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

    def _dockerfile_invocation(self, df: Dockerfile, svc: Service) -> tuple[Found, Invocation | None]:
        """The server a custom image starts by itself (its ENTRYPOINT and CMD), when it is Redis."""
        if df.entrypoint is None and df.cmd is None:
            return Found("unknown"), None
        line = df.entrypoint_line if df.entrypoint is not None else df.cmd_line
        sp = Span.point(df.path, max(line, 1), 1)
        vals = [Value(text=a, span=sp, raw=a) for a in [*(df.entrypoint or []), *(df.cmd or [])]]
        if vals and ((vals[0].text or "").startswith("-") or (vals[0].text or "").endswith(".conf")):
            vals.insert(0, Value(text="redis-server", span=sp, raw=""))
        binary = posixpath.basename(vals[0].text or "") if vals else ""
        if binary in ("redis-server", "valkey-server", "redis-sentinel", "valkey-sentinel"):
            inv = build_invocation(vals, binary, svc.span, True)
            return Found("found", inv), inv
        return Found("unknown"), None

    def _outside(self, span: Span, message: str, path: str) -> None:
        """A path the deployment needs that lies outside the repository: not read, reported once (RL012)."""
        key = (span, message)
        if key not in self._outside_seen:
            self._outside_seen.add(key)
            self.project.problems.append(LoadProblem(span=span, message=f"{message} is outside the repository: not checked", kind="outside", path=path))

    def _expand(self, cf: ConfFile, svc: Service | None, df: Dockerfile | None, depth: int, seen: set[str]) -> tuple[list[Directive], list[str], bool]:
        """The directives of ``cf`` with its includes expanded in place. Each file is included once per
        effective config (a repeat or a cycle adds nothing), at most :data:`MAX_INCLUDE_DEPTH` levels
        deep and :data:`MAX_INCLUDE_BYTES` in total; a limit reached is reported (RL013)."""
        state = _Expansion(done=set(seen), total=sum(len(self.store.texts.get(p, "")) for p in seen))
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
                size = len(self.store.texts.get(h, ""))
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

    def _limit(self, d: Directive, message: str) -> None:
        key = (d.value_span, message)
        if key not in self._outside_seen:
            self._outside_seen.add(key)
            self.project.problems.append(LoadProblem(span=d.value_span, message=message, kind="include-limit"))

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

    def _copied_from(self, svc: Service, cpath: str, df: Dockerfile | None) -> str | None:
        """A config the service's shell command copies into place (``cp -f base.conf sentinel.conf &&
        redis-sentinel sentinel.conf``, a common way to give Sentinel a writable copy): the repository
        file behind the copy's source."""
        raw = " ".join(v.raw for v in (*(svc.entrypoint or ()), *(svc.command or ())))
        for m in _CP.finditer(raw):
            src, dst = m.group(1).strip("'\""), m.group(2).strip("'\"")
            dst_path = container_path(dst)
            if dst.endswith("/"):
                dst_path = posixpath.join(dst_path, posixpath.basename(src))
            if dst_path == posixpath.normpath(cpath):
                return self.host_path(svc, container_path(src), df)
        return None

    def host_path(self, svc: Service, cpath: str, df: Dockerfile | None = None) -> str | None:
        """The repository file that appears at ``cpath`` inside the service's container."""
        return container.host_path(svc, self.project.stack_of(svc), cpath, df)

    # ------------------------------------------------------------ bare files
    def bare_confs(self, found: Discovered) -> None:
        used = {p for p, f in self.project.files.items() if f.used}
        for path in found.confs:
            if path in used:
                continue
            cf = self.conf(path)
            if cf is None:
                continue
            if self.project.files[path].used:
                continue
            ds, files, ok = self._expand(cf, None, None, 0, {path})
            node = RedisNode(
                name=os.path.basename(path),
                kind="sentinel" if cf.kind == "sentinel" else "redis",
                product="valkey" if "valkey" in os.path.basename(path).lower() and self.default_product == "redis" and not self.version_given else self.default_product,
                version=NEWEST["valkey"] if "valkey" in os.path.basename(path).lower() and self.default_product == "redis" and not self.version_given else self.default_version,
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

    # ------------------------------------------------------------ groups
    def groups(self) -> None:
        by_stack: dict[int, list[RedisNode]] = {}
        for n in self.project.nodes:
            by_stack.setdefault(id(n.stack), []).append(n)
        for nodes in by_stack.values():
            stack = nodes[0].stack
            # replication
            groups: dict[int, ReplicationGroup] = {}
            hosts = HostIndex(nodes, stack) if stack is not None else None
            if stack is not None:
                stack.hosts = hosts
            for n in nodes:
                d = n.get("replicaof")
                if d is None:
                    continue
                primary = (hosts.resolve(d.text(0)) if hosts is not None else None) or _linked(n, nodes, d.text(0))
                key = id(primary) if primary is not None else id(d)
                g = groups.get(key)
                if g is None:
                    g = ReplicationGroup(primary=primary)
                    groups[key] = g
                g.replicas.append(n)
                g.links.append((n, d))
            self.project.replication.extend(groups.values())
            # cluster
            cnodes = [n for n in nodes if n.cluster]
            if cnodes and stack is not None:
                cl = Cluster(nodes=cnodes, stack=stack)
                self._cluster_create(stack, cl)
                self.project.clusters.append(cl)
        # sentinel groups: by stack and master name (bare files grouped by folder)
        sgroups: dict[tuple[str, str], SentinelGroup] = {}
        for s in self.project.sentinels:
            # a stack and a folder of loose files are different scopes, even in the same directory
            scope = f"stack:{s.stack.dir}:{s.stack.name}" if s.stack is not None else "dir:" + os.path.dirname(s.conf_file or "")
            for d in s.sentinel_lines("monitor"):
                name = d.text(1) or ""
                skey = (scope, name)
                sg = sgroups.get(skey)
                if sg is None:
                    sg = SentinelGroup(master_name=name, stack=s.stack)
                    sgroups[skey] = sg
                if not any(x is s for x in sg.sentinels):
                    sg.sentinels.append(s)
                sg.monitors.append((s, d))
        for st in self.project.stacks:
            if st.hosts is None:
                st.hosts = HostIndex([], st)  # a stack that runs no Redis server
        replicas_of: dict[int, ReplicationGroup] = {}
        for rg in self.project.replication:
            if rg.primary is not None:
                replicas_of[id(rg.primary)] = rg  # the last group of a primary, as a scan would give
        for sg in sgroups.values():
            if sg.stack is not None and sg.monitors:
                sg.primary = self.project.hosts(sg.stack).resolve(sg.monitors[0][1].text(2))
                if sg.primary is not None:
                    followed = replicas_of.get(id(sg.primary))
                    if followed is not None:
                        sg.replicas = list(followed.replicas)
        self.project.sentinel_groups.extend(sgroups.values())

    def _cluster_create(self, stack: Stack, cl: Cluster) -> None:
        """Find ``redis-cli --cluster create ... [--cluster-replicas N]`` in a command, an entrypoint, a
        ``sh -c`` body, or a script of the repository that a service mounts or builds in."""
        for svc in stack.services.values():
            sources: list[tuple[str, Span, bool]] = []
            for vals, span in ((svc.command or (), svc.command_span), (svc.entrypoint or (), svc.entrypoint_span)):
                texts = [v.text or "" for v in vals]
                if texts:
                    sources.append((" ".join(texts), span or svc.span, False))
            for m in svc.volumes:
                if m.type == "bind" and m.host_path and (self.store.size(m.host_path) or 200_000) < 200_000:
                    text = self.store.read(m.host_path)
                    if text is not None:
                        sources.append((text, Span.file_anchor(m.host_path), True))
            if svc.build is not None and svc.build.context and self.store.is_dir(svc.build.context):
                for p in sorted(os.path.join(svc.build.context, n) for n in self.store.listdir(svc.build.context) if n.endswith(".sh"))[:20]:
                    text = self.store.read(p)
                    if text is not None:
                        sources.append((text, Span.file_anchor(p), True))
            for text, span, script in sources:
                parsed = parse_cluster_create(text)
                if parsed is None:
                    continue
                cl.replicas_per_master, cl.create_nodes, line = parsed
                cl.create_span = Span.point(span.file, line, 1) if script else span
                return

    # ------------------------------------------------------------ secrets
    def _service_secrets(self, svc: Service, loader: ComposeLoader) -> None:
        """Secrets written in a service: command lines, healthcheck tests, environment values."""
        found = self.found_secrets
        node = svc.node
        if node is None or node.kind != "map":
            return
        tests: list[YNode | None] = [node.get("command"), node.get("entrypoint")]
        hc = node.get("healthcheck")
        if hc is not None and hc.kind == "map":
            tests.append(hc.get("test"))
        for n in tests:
            argv = loader.argv(n)
            if argv:
                scan_words(found, piece_words(found, argv[0]))
        en = node.get("environment")
        if en is not None and en.kind == "map":
            for k, v in en.pairs:
                if v.kind != "scalar" or v.is_null:
                    continue
                piece = loader.piece(v)
                if is_secret_name(k.text):
                    found.add_piece(piece, 0, len(piece.text))
                scan_words(found, piece_words(found, [piece]))
        elif en is not None and en.kind == "seq":
            for it in en.items:
                if it.kind != "scalar":
                    continue
                piece = loader.piece(it)
                key, sep, _ = piece.text.partition("=")
                if sep and is_secret_name(key):
                    found.add_piece(piece, len(key) + 1, len(piece.text))
                scan_words(found, piece_words(found, [piece]))
        for name, var in svc.environment.items():
            if var.value is not None and is_secret_name(name):
                found.add_text(var.value.text)

    def _inline_config_secrets(self) -> None:
        """Inline configs (``content:``) that no server loads, so whose directives were not mapped to
        their lines: when the text holds a password directive, all of the block is masked."""
        loaded = {(d.file, d.line) for n in (*self.project.nodes, *self.project.sentinels) for d in n.directives}
        for top, loader in self._inline_configs:
            node = top.content
            sp = node.span
            if any((sp.file, line) in loaded for line in range(sp.start_line, sp.end_line + 1)):
                continue  # used: its directives carry their own spans
            piece = loader.piece(node)
            probe = Secrets()
            collect_directives(probe, parse_conf(node.span.file, piece.text).directives)
            if probe.values:
                self.found_secrets.values.update(probe.values)
                self.found_secrets.add_span(node.span)

    def collect_secrets(self) -> None:
        """Every secret value and where it is written (see :mod:`redislint.secret_spans`)."""
        found = self.found_secrets
        self._inline_config_secrets()
        for f in list(self.project.files.values()):
            if f.conf is not None:
                collect_directives(found, f.conf.directives)
                if f.conf.issues and f.text:
                    collect_unparsed_conf_lines(found, f.path, f.text, {i.span.start_line for i in f.conf.issues})
            elif f.kind == "dockerfile" and f.text:
                collect_dockerfile(found, f.path, f.text)
        for n in (*self.project.nodes, *self.project.sentinels):
            collect_directives(found, n.directives)
            for d in n.directives:
                if d.name == "aclfile" and d.text(0):
                    self._aclfile_secrets(n, d.text(0) or "")
        env_files: set[str] = set()
        for st in self.project.stacks:
            if st.dotenv:
                env_files.add(st.dotenv)
            for svc in st.services.values():
                env_files.update(path for path, _span, _required in svc.env_files)
            for top in st.secrets.values():
                # a secret file outside the repository is provided at deploy time: contains() records it
                # for the one notice, and nothing is read
                if top.file and self.store.contains(top.file) and self.store.is_file(top.file):
                    text = self.store.read(top.file)
                    if text is not None:
                        collect_secret_file(found, top.file, text, secret_file_values(top.file, text))
        for path in sorted(env_files):
            text = self.store.read(path) if self.store.is_file(path) else None
            if text is not None:
                collect_env_file(found, path, text, found.variables)
        self.project.secrets = {s for s in found.values if s}
        self.project.secret_spans = {f: sorted(spans) for f, spans in found.spans.items()}

    def _aclfile_secrets(self, node: RedisNode, path: str) -> None:
        host = aclfile_host_path(node, self.project.host_path, path)
        if host is None or not self.store.is_file(host):
            return
        text = self.store.read(host)
        if text is not None:
            collect_directives(self.found_secrets, parse_conf(host, text, "redis").directives)


_CONF_SECRET_WORDS = re.compile(r"^\s*(requirepass|masterauth|primaryauth|user|sentinel|include|aclfile)\b", re.IGNORECASE | re.MULTILINE)


def secret_file_values(path: str, text: str) -> set[str]:
    """The secret values a secret file holds: password arguments of a config snippet, the values of
    a JSON map (redis_exporter's password file), or the file's content itself (a bare password)."""
    out: set[str] = set()
    stripped = text.strip()
    if stripped.startswith("{"):
        import json

        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            out.update(str(v) for v in data.values() if isinstance(v, (str, int)) and str(v))
            return out
    if _CONF_SECRET_WORDS.search(text):
        out.update(v.text for _what, v in password_values(parse_conf(path, text).directives) if v.text)
        return out
    for line in text.splitlines():
        if line.strip():
            out.add(line.strip())
    return out








def _bitnami_directives(svc: Service, role: str) -> list[Directive]:
    out: list[Directive] = []
    env = svc.environment
    pw = env.get("REDIS_PASSWORD") or env.get("VALKEY_PASSWORD")
    empty = env.get("ALLOW_EMPTY_PASSWORD")
    if pw is not None and pw.value is not None:
        out.append(Directive(name="requirepass", args=(pw.value,), span=pw.span, name_span=pw.span, origin="environment"))
    elif empty is not None and empty.value is not None and (empty.value.text or "").lower() == "yes":
        out.append(
            Directive(
                name="requirepass",
                args=(Value(text="", span=empty.span, raw="", origin=Origin.LITERAL),),
                span=empty.span,
                name_span=empty.span,
                origin="environment",
            )
        )
    mpw = env.get("REDIS_MASTER_PASSWORD") or env.get("VALKEY_PRIMARY_PASSWORD")
    if mpw is not None and mpw.value is not None:
        out.append(Directive(name="masterauth", args=(mpw.value,), span=mpw.span, name_span=mpw.span, origin="environment"))
    return out


_CREATE = re.compile(r"--cluster\s+create\b")


def parse_cluster_create(text: str) -> tuple[int | None, list[str] | None, int] | None:
    """(replicas per master or None when unknown, listed addresses or None, 1-based line) of the first
    ``--cluster create`` in a shell text, or None when there is none."""
    m = _CREATE.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    rest = text[m.end():]
    # the call ends at a command separator that is not a line continuation
    end = re.search(r"(?<!\\)\n|;|&&|\|\||(?<![\w-])\|(?!\|)|`|\)\s*$", rest)
    call = rest[: end.start()] if end else rest
    call = call.replace("\\\n", " ")
    words = call.replace('"', " ").replace("'", " ").split()
    replicas: int | None = 0
    nodes: list[str] | None = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith("--cluster-replicas"):
            val = w.split("=", 1)[1] if "=" in w else (words[i + 1] if i + 1 < len(words) else "")
            replicas = int(val) if val.isdigit() else None
            i += 1 if "=" in w else 2
            continue
        if w.startswith("-"):
            i += 1
            if w in ("-a", "--pass", "--user", "-h", "-p", "--tls", "--cacert", "--cert", "--key") and w != "--tls":
                i += 1
            continue
        if re.fullmatch(r"[^\s:]+:(\d+|\$\{?\w+\}?)", w) and nodes is not None:
            nodes.append(w)
        elif "$" in w or "{" in w or "*" in w:
            nodes = None
        i += 1
    return replicas, nodes if nodes else None, line


def _linked(node: RedisNode, nodes: list[RedisNode], host: str | None) -> RedisNode | None:
    """The node a compose ``links: [service:alias]`` entry of ``node``'s service names ``host``."""
    svc = node.service
    if svc is None or not host:
        return None
    for link in svc.links:
        target, _, alias = link.partition(":")
        if host in (target, alias or target):
            for n in nodes:
                if n.service is not None and n.service.name == target:
                    return n
    return None


def _looks_like_compose(text: str) -> bool:
    return bool(re.search(r"^services\s*:", text, re.MULTILINE))


def build_project(
    found: Discovered,
    root: str,
    store: FileStore,
    default_version: tuple[str, tuple[int, ...]],
    environ: Mapping[str, str] | None = None,
    *,
    version_given: bool = False,
) -> Project:
    """Link everything discovered into one :class:`Project`. ``version_given`` tells that the user
    chose the version of bare config files (otherwise a ``*valkey*.conf`` is taken for Valkey)."""
    project = Project(root=root)
    project.store = store
    linker = Linker(project, store, default_version, environ)
    linker.version_given = version_given
    linker.load_stacks(found)
    linker.bare_confs(found)
    for p in found.dockerfiles:
        linker.dockerfile(p)
    for p in found.keys:
        text = store.read(p)
        if p not in project.files:
            project.files[p] = InputFile(path=p, kind="other", text=text)
    linker.groups()
    linker.collect_secrets()
    for node in (*project.nodes, *project.sentinels):
        link_acl(project, node)
        assert node.acl is not None
        node.auth = build_auth(node, node.acl)
        node.sentinel = build_sentinel_config(node)
        node.data = build_data_dir(node, project.dockerfile(node.service) if node.service is not None else None)
        node.config_problems = config_problems(node)
    project.service_accounts = service_accounts(project)
    project.notices.extend(store.notices)
    for path, err in store.errors.items():
        project.notices.append(f"{path}: {err}")
    for path in store.outside:
        project.notices.append(f"{path}: {OUTSIDE}")
    return project
