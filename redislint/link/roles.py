"""Link stage: services and their roles: which image a service runs (its Dockerfile's base when
it builds one), whether it starts a Redis server, a Sentinel, a cluster node, an exporter or
something else, and the node it runs with its product and version."""

from __future__ import annotations

import os
import posixpath
import re

from redislint.discovery import Discovered
from redislint.link.clients import link_clients
from redislint.link.config import _CP, _RENDER, ConfigStage
from redislint.link.containers import ContainerIndex
from redislint.link.groups import GroupStage
from redislint.link.images import dockerfile_healthcheck, image_service
from redislint.link.scripts import SCRIPT_MAX, read_script, script_stack, server_command
from redislint.link.secrets import SecretStage
from redislint.link.shell import link_shell
from redislint.link.templates import render_known
from redislint.link.versions import effective_version
from redislint.model.compose import Service, Stack
from redislint.model.conf import Directive
from redislint.model.image import ImageInfo, parse_image, parse_image_deploy_tag
from redislint.model.project import (
    InputFile,
    Invocation,
    LoadProblem,
    RedisNode,
)
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.parsers.command_line import Found, build_invocation, find_invocation
from redislint.parsers.compose_files import compose_sets, find_overrides, overlays_of
from redislint.parsers.compose_load import ComposeLoader
from redislint.parsers.compose_values import Piece
from redislint.parsers.dockerfile import Dockerfile
from redislint.parsers.shell import split_words
from redislint.redis.directives import directive_aliases
from redislint.redis.passwords import password_values
from redislint.secrets.names import in_password_position


class Linker(ConfigStage, SecretStage, GroupStage):
    """All stages over one project (see :func:`redislint.link.build_project`)."""

    # ------------------------------------------------------------ stacks
    def load_stacks(self, found: Discovered) -> None:
        # an overlay (docker-compose.prod.yml that cannot run alone) is linted merged onto its base,
        # as `docker compose -f docker-compose.yml -f docker-compose.prod.yml` runs it; the base is
        # then linted with each of its overlays, not alone
        # compose files that the repository's tooling joins (COMPOSE_FILE in .env, `docker compose -f
        # a.yml -f b.yml` in its scripts) are linted as the one project it runs
        runs: list[tuple[str, list[str]]] = []
        joined: set[str] = set()
        for folder in dict.fromkeys(os.path.dirname(m) for m in found.compose):
            for files in compose_sets(folder, self.store):
                runs.append((files[0], files[1:]))
                joined.update(files)
        overlays = {main: overlays_of(main, self.store) for main in found.compose if main not in joined}
        is_overlay = {p for ps in overlays.values() for p in ps}
        for main in found.compose:
            if main in is_overlay or main in joined:
                continue
            auto = find_overrides(main, self.store)
            if overlays[main]:
                runs.extend((main, [*auto, ov]) for ov in overlays[main])
            else:
                runs.append((main, auto))
        for main, overrides in runs:
            loader = ComposeLoader(self.store, self.environ)
            stack = loader.load(main, overrides)
            if stack is not None:
                stack.unset_variables = [(u.name, u.span, in_password_position(u.name, u.text, u.start, u.path)) for u in stack.unset_uses]
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
            for svc in stack.services.values():
                svc.stack = stack
                if svc.healthcheck is None and svc.build is not None:
                    df = self.dockerfile(svc.build.dockerfile)
                    svc.healthcheck = dockerfile_healthcheck(df) if df is not None else None
                link_clients(svc)
                link_shell(svc)
            self._inline_configs.extend((top, loader) for top in stack.configs.values() if top.content is not None)
            _share_builds(stack)
            for svc in stack.services.values():
                self._link_service(stack, svc, loader)

    def image_stacks(self, found: Discovered) -> None:
        """A stack of platform ``image`` for each Dockerfile no compose service builds whose image
        runs a Redis server or Sentinel (see :mod:`redislint.link.images`)."""
        built = {s.build.dockerfile for st in self.project.stacks for s in st.services.values() if s.build is not None}
        for path in found.dockerfiles:
            if path in built:
                continue
            df = self.dockerfile(path)
            if df is None or not df.base:
                continue
            stack, svc = image_service(df, self.project.root)
            link_clients(svc)
            link_shell(svc)
            self._link_service(stack, svc, ComposeLoader(self.store, self.environ))
            if svc.role in ("redis", "sentinel", "cluster-node"):
                self.project.stacks.append(stack)

    def script_stacks(self, found: Discovered) -> None:
        """What each shell script and Makefile does with Redis (:mod:`redislint.link.scripts`), and
        a stack of platform ``docker-run`` for the servers its ``docker run`` commands start."""
        containers: ContainerIndex | None = None  # built once, when a script first needs it (the
        # stacks that scripts add are not compose stacks: it stays true)
        for path in found.scripts:
            if (self.store.size(path) or SCRIPT_MAX) >= SCRIPT_MAX:
                continue
            text = self.store.read(path)
            read = read_script(path, text) if text is not None else None
            if read is None:
                continue
            script, facts = read
            self.project.scripts[path] = facts
            if containers is None and any(call.container for call in facts.calls):
                containers = ContainerIndex(self.project)
            for i, call in enumerate(facts.calls):
                node = containers.nearest(call.container, path) if containers is not None and call.container else None
                if node is not None:
                    facts.nodes[i] = node
            if path not in self.project.files:
                self.project.files[path] = InputFile(path=path, kind="script", text=text)
            stack = script_stack(script, self.project.root)
            if stack is None:
                continue
            loader = ComposeLoader(self.store, self.environ)
            for svc in stack.services.values():
                link_clients(svc)
                link_shell(svc)
                self._link_service(stack, svc, loader)
            stack.services = {k: s for k, s in stack.services.items() if s.role in ("redis", "sentinel", "cluster-node", "exporter")}
            if any(s.role != "exporter" for s in stack.services.values()):
                self.project.stacks.append(stack)

    def _image(self, svc: Service) -> tuple[ImageInfo | None, Dockerfile | None]:
        df = self.dockerfile(svc.build.dockerfile) if svc.build is not None else None
        if svc.build is not None and df is not None and df.base:
            base = parse_image(df.base, Span.point(df.path, df.base_line, 1, 4))
            if "$" in df.base:  # FROM ${REGISTRY}/redis:${TAG}: build arguments choose the tag
                base = base.model_copy(update={"version": None, "floating": False})
            info = base.model_copy(update={"flavour": "custom" if base.flavour in ("official", "stack") and (df.cmd is not None or df.entrypoint is not None) else base.flavour})
            return info, df
        if svc.image is not None and svc.image.text:
            return parse_image(svc.image.text, svc.image.span), df
        if svc.image is not None and svc.image.text is None:
            return parse_image_deploy_tag(svc.image.raw, svc.image.span), df
        return None, df

    def _link_service(self, stack: Stack, svc: Service, loader: ComposeLoader) -> None:
        self._service_secrets(svc, loader)
        image, df = self._image(svc)
        role = "other"
        if image is not None and image.product == "exporter":
            svc.role = "exporter"
            return
        env: dict[str, str | None] = {k: (v.value.text if v.value else None) for k, v in svc.environment.items()}
        entry = loader.argv(svc.node.get("entrypoint")) if svc.node is not None else None
        cmd = loader.argv(svc.node.get("command")) if svc.node is not None else None
        entry_pieces = entry[0] if entry else None
        cmd_pieces = cmd[0] if cmd else None
        if svc.platform == "kubernetes":  # command replaces the image's ENTRYPOINT, args its CMD
            entry_pieces, cmd_pieces = self.kube_argv.get(svc, (None, None))
        found = find_invocation(entry_pieces, cmd_pieces, image, env, svc.span, svc.command_span or svc.entrypoint_span)
        if entry_pieces is None and cmd_pieces is None and image is not None and image.flavour == "stack":
            # redis/redis-stack's entrypoint starts the server with the words of REDIS_ARGS
            extra = loader.env_words(svc.node, "REDIS_ARGS")
            if extra:
                found = find_invocation(None, extra, image, env, svc.span, svc.span)
        if svc.platform == "docker-run" and svc.command:
            argv = server_command(svc)
            if argv is None:
                found = Found("none")  # the image runs another program (redis-cli, a shell, a tool)
            else:
                found = Found("found", build_invocation(argv, posixpath.basename(argv[0].text or ""), svc.command_span or svc.span, False))
        inv = found.invocation
        if found.status == "unknown" and df is not None and entry_pieces is None and cmd_pieces is None:
            found, inv = self._dockerfile_invocation(df, svc)
        bitnami = image is not None and image.flavour == "bitnami" and image.product in ("redis", "valkey")
        if found.status != "found" and (entry_pieces is not None or cmd_pieces is not None) and self._runs_client_only(svc, [*(entry_pieces or []), *(cmd_pieces or [])], df):
            svc.role = "client"
            return
        if found.status == "found" and inv is not None:
            role = "sentinel" if inv.sentinel else "redis"
        elif bitnami:
            role = "sentinel" if image is not None and image.variant == "sentinel" else "redis"
        elif found.status == "unknown" and image is not None and image.product in ("redis", "valkey") and image.flavour != "custom":
            role = "sentinel" if image.variant == "sentinel" else "redis"
        if role == "other":
            svc.role = "other"
            return
        product = image.product if image is not None and image.product in ("redis", "valkey", "keydb", "dragonfly") else "redis"
        if inv is not None and inv.binary.startswith("keydb"):
            product = "keydb"
        elif inv is not None and inv.binary.startswith("valkey") and product == "redis" and (image is None or image.flavour == "custom"):
            product = "valkey"
        version = effective_version(product, image.version if image and product in ("redis", "valkey", "keydb") else None)
        node = RedisNode(
            directive_keys=directive_aliases(),
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
                    host = self._copied_from(svc, inv.conf_path, df, inv.written)
                inline = self._inline_config(stack, svc, inv.conf_path, loader, role) if host is None else None
                if inv.generated and (inv.generated_complete or (host is None and inline is None)):
                    # the command writes the config itself (echo LINE > FILE): that is what the server loads
                    directives.extend(inv.generated)
                    node.anchor = inv.generated[0].span
                    complete = complete and inv.generated_complete
                elif inline is not None:
                    included, ok = self._inline_included(stack, svc, inline, loader, role)
                    directives.extend(included)
                    complete = complete and ok
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
        if inv is not None and inv.generated and not inv.generated_complete and directives and directives[-1] is not inv.generated[-1]:
            directives.extend(inv.generated)  # appended by the command to the file it mounts
        if inv is not None:
            directives = self._read_secret_args(svc, tuple(directives), df) if inv.generated else directives
            directives.extend(self._read_secret_args(svc, inv.options, df))
        if bitnami and not (svc.platform == "kubernetes" and svc.entrypoint_span is not None and found.status == "found"):
            # the image's entrypoint writes its config from the environment (a pod's command
            # replaces that entrypoint: the server then runs only what the command says)
            complete = False
            directives.extend(_bitnami_directives(svc, role))
        if any(a.text is None and a.origin == Origin.SHELL for d in directives for a in d.args):
            directives = render_known(directives, env)
        node.directives = directives
        node.complete = complete
        if inv is not None and inv.fallbacks:
            fallbacks = dict(inv.fallbacks)
            for what, v in password_values(directives):
                m = _SHELL_VAR.match(v.raw)
                if m is not None and (m.group(1) or m.group(2)) in fallbacks:
                    node.fallback_passwords.append((what, fallbacks[m.group(1) or m.group(2)]))
        self._check_aclfile(node, df)
        if role == "sentinel":
            svc.role = "sentinel"
            self.project.sentinels.append(node)
        else:
            node.cluster = (node.value("cluster-enabled") or "").lower() == "yes" or (image is not None and image.variant == "cluster")
            svc.role = "cluster-node" if node.cluster else "redis"
            self.project.nodes.append(node)

    def _runs_client_only(self, svc: Service, pieces: list[Piece], df: Dockerfile | None) -> bool:
        """Whether the service's own command runs no server but a Redis client: ``redis-cli ...``
        directly, or a script of the repository (``bash /create-cluster.sh``) that calls redis-cli
        and starts no server. An image's entrypoint runs such a command instead of its server
        (the official and bitnami entrypoints ``exec "$@"`` for anything that is not their own)."""
        words = [p.text for p in pieces]
        if any(_CLIENT.search(w) for w in words) and not any(_SERVER.search(w) for w in words):
            return True
        script = next((w for w in words[:3] if w.endswith(".sh") and not w.endswith("entrypoint.sh") and not w.endswith("/run.sh")), None)
        if script is None or not script.startswith("/"):
            return False
        host = self.host_path(svc, posixpath.normpath(script), df)
        if host is None or not self.store.contains(host) or (self.store.size(host) or 200_000) >= 200_000:
            return False
        text = self.store.read(host)
        return text is not None and bool(_CLIENT.search(text)) and not _SERVER.search(text)

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
        if vals and (vals[0].text or "").endswith(".sh"):
            scripted = self._script_invocation(df, svc, vals[0].text or "")
            if scripted is not None:
                return Found("found", scripted), scripted
        return Found("unknown"), None

    def _script_invocation(self, df: Dockerfile, svc: Service, script: str) -> Invocation | None:
        """The server an image's ENTRYPOINT script starts (``ENTRYPOINT ["sentinel-entrypoint.sh"]``
        with the script COPYed from the build context): the last line of the script that runs a
        server binary. Its words are read as the shell would split them; an expansion is unknown."""
        cpath = script if script.startswith("/") else None
        if cpath is None:
            for src, dest, _line in df.copies:
                if posixpath.basename(src) != script:
                    continue
                d = dest if dest.startswith("/") else posixpath.join(df.workdir, dest)
                cpath = posixpath.join(d, script) if dest.endswith("/") or posixpath.basename(d) != script else d
                break
        if cpath is None:
            return None
        host = self.host_path(svc, posixpath.normpath(cpath), df)
        if host is None or not self.store.contains(host) or (self.store.size(host) or _SCRIPT_MAX) >= _SCRIPT_MAX:
            return None
        text = self.store.read(host)
        if text is None:
            return None
        if _SUPERVISOR.search(text):
            return None  # a process manager runs the servers: which ones is not in the script
        found: Invocation | None = None
        starts = 0
        written: list[tuple[str, str]] = []
        for m in (*_RENDER.finditer(text), *_CP.finditer(text)):
            src, dst = (m.group(1).strip("'\""), m.group(2).strip("'\""))
            if src.startswith("/") and dst.startswith("/") and "$" not in src + dst:
                written.append((posixpath.normpath(dst), posixpath.normpath(src)))
        for lineno, line in enumerate(text.splitlines(), 1):
            words = [w for w in split_words(line, shell=True) if not w.operator]
            if words and words[0].text == "exec":
                words = words[1:]
            if not words:
                continue
            binary = posixpath.basename(words[0].text)
            if binary not in ("redis-server", "valkey-server", "redis-sentinel", "valkey-sentinel"):
                continue
            starts += 1
            if starts > 1 or re.search(r"(?<![&>|])&\s*(#.*)?$", line):
                return None  # several servers, or one in the background: not one server per container
            vals = [
                Value(
                    text=None if w.expansions else w.text,
                    span=Span.point(host, lineno, w.start + 1, max(w.end - w.start, 1)),
                    raw=line[w.start:w.end],
                    origin=Origin.SHELL if w.expansions else Origin.LITERAL,
                    quoted=w.quoted,
                )
                for w in words
            ]
            inv = build_invocation(vals, binary, Span.point(host, lineno, 1), True)
            found = inv.model_copy(update={"in_shell": True, "uses_exec": line.lstrip().startswith("exec "), "written": tuple(written)})
        return found


_SCRIPT_MAX = 200_000
_SHELL_VAR = re.compile(r"^\$?\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")
"""A word that is one shell variable (``$PW``, ``${PW}``; ``$$PW`` as written in a compose file)."""
_SUPERVISOR = re.compile(r"\b(?:supervisord|s6-svscan|runsvdir|pm2)\b")
_CLIENT = re.compile(r"\b(?:redis|valkey|keydb)-cli\b")
_SERVER = re.compile(r"\b(?:(?:redis|valkey|keydb)-(?:server|sentinel)|redis-stack-server)\b|/opt/bitnami/scripts/\S*run\.sh|docker-entrypoint\.sh")


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
    # the bitnami scripts write these variables into the config they generate
    port_vars = ("REDIS_SENTINEL_PORT_NUMBER", "VALKEY_SENTINEL_PORT_NUMBER") if role == "sentinel" else ("REDIS_PORT_NUMBER", "VALKEY_PORT_NUMBER")
    for name, variables in (
        ("port", port_vars),
        ("cluster-announce-ip", ("REDIS_CLUSTER_ANNOUNCE_IP", "VALKEY_CLUSTER_ANNOUNCE_IP")),
        ("cluster-announce-port", ("REDIS_CLUSTER_ANNOUNCE_PORT", "VALKEY_CLUSTER_ANNOUNCE_PORT")),
        ("cluster-announce-bus-port", ("REDIS_CLUSTER_ANNOUNCE_BUS_PORT", "VALKEY_CLUSTER_ANNOUNCE_BUS_PORT")),
    ):
        var = next((env[v] for v in variables if v in env), None)
        if var is not None and var.value is not None:
            out.append(Directive(name=name, args=(var.value,), span=var.span, name_span=var.span, origin="environment"))
    mode = env.get("REDIS_REPLICATION_MODE") or env.get("VALKEY_REPLICATION_MODE")
    host = env.get("REDIS_MASTER_HOST") or env.get("VALKEY_PRIMARY_HOST")
    if role != "sentinel" and mode is not None and mode.value is not None and (mode.value.text or "").lower() in ("slave", "replica") and host is not None and host.value is not None:
        mport = env.get("REDIS_MASTER_PORT_NUMBER") or env.get("VALKEY_PRIMARY_PORT_NUMBER")
        port_value = mport.value if mport is not None and mport.value is not None else Value(text="6379", span=host.span, raw="")
        out.append(Directive(name="replicaof", args=(host.value, port_value), span=mode.span, name_span=mode.span, origin="environment"))
    return out


def _share_builds(stack: Stack) -> None:
    """A service with ``image: X`` and no ``build:`` runs the image another service of the project
    builds and tags ``X`` (``build:`` with ``image:`` names the built image): it takes that build,
    so its product, version and command come from the same Dockerfile."""
    built: dict[str, Service] = {}
    for svc in stack.services.values():
        if svc.build is not None and svc.image is not None and svc.image.text:
            built.setdefault(svc.image.text, svc)
    for svc in stack.services.values():
        if svc.build is None and svc.image is not None and svc.image.text in built:
            svc.build = built[svc.image.text].build


def _looks_like_compose(text: str) -> bool:
    return bool(re.search(r"^services\s*:", text, re.MULTILINE))

