"""The unified model: stacks, Redis and Sentinel nodes with their effective config, and groups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from redislint.model import container
from redislint.model.acl import AclModel
from redislint.model.auth import Auth, Secret
from redislint.model.base import Record, field
from redislint.model.compose import Service, Stack
from redislint.model.conf import ConfFile, Directive
from redislint.model.dockerfile import Dockerfile
from redislint.model.hosts import NO_HOSTS, HostIndex
from redislint.model.image import ImageInfo
from redislint.model.live import Drift, LiveFacts, LiveLoad
from redislint.model.monitoring import Monitoring
from redislint.model.problems import Problem
from redislint.model.reach import Reach
from redislint.model.scripts import ScriptFacts
from redislint.model.sentinel import Monitor, SentinelConfig
from redislint.model.span import Span
from redislint.model.storage import DataDir
from redislint.model.tls import FileState
from redislint.model.values import Value


class Invocation(Record, frozen=True):
    """How a container starts its Redis server or Sentinel."""

    binary: str
    """``redis-server``, ``redis-sentinel``, ``valkey-server``, ``valkey-sentinel``."""
    sentinel: bool = False
    conf: Value | None = None
    """The config file argument as written (a container path)."""
    conf_path: str | None = None
    """The config file's absolute container path."""
    options: tuple[Directive, ...] = ()
    span: Span
    """Where the command is written (or the service key when it is the image default)."""
    in_shell: bool = False
    uses_exec: bool = False
    implicit: bool = False
    """True when the command is the image's default (no ``command:``)."""
    argv: tuple[Value, ...] = ()
    written: tuple[tuple[str, str], ...] = ()
    """For a server started by an image's entrypoint script: the container files the script writes
    from another one before it starts the server (``cp a b``, ``envsubst < a > b``), as
    (destination, source) container paths."""
    generated: tuple[Directive, ...] = ()
    """The config file the command itself writes before it starts the server (``echo 'port 6379' >
    /etc/redis.conf && ... redis-server /etc/redis.conf``), parsed, spans on the echoed text."""
    generated_complete: bool = True
    """Whether :attr:`generated` is the whole file (not appended to what was there, not edited)."""
    fallbacks: tuple[tuple[str, Value], ...] = ()
    """Shell variables of the command read from a file with a literal fallback (``PW=$(cat F ||
    echo 'pw')``): (variable, the literal, where it is written)."""


class RedisNode(Record):
    """One Redis server or Sentinel, with the configuration it really runs with."""


    name: str
    kind: Literal["redis", "sentinel"] = "redis"
    service: Service | None = None
    stack: Stack | None = field(default=None, repr=False)
    image: ImageInfo | None = None
    product: str = "redis"
    version: tuple[int, ...] = (8, 10)
    """The version whose directive table applies (from the image tag, or --redis-version)."""
    version_from_image: bool = False
    directives: list[Directive] = field(default_factory=list)
    """The effective configuration, in the order Redis applies it (files and includes, then argv)."""
    conf_file: str | None = None
    """Host path of the main config file."""
    conf_files: list[str] = field(default_factory=list)
    complete: bool = True
    """False when part of the configuration cannot be seen (an include or config file that is not in the
    repository, an image with its own entrypoint...): rules then never report what is absent."""
    invocation: Invocation | None = None
    anchor: Span
    fallback_passwords: list[tuple[str, Value]] = field(default_factory=list)
    """(what, literal) for each password of its config that its shell command reads from a file but
    falls back to a literal written in the compose file (``PW=$(cat F || echo 'pw')``; link stage)."""
    """Where to report something that is missing from this node's configuration."""
    cluster: bool = False
    sentinel_as_default: bool = False
    """Sentinels monitor it with ``auth-pass`` and no ``auth-user``: they log in as its default user,
    which must then keep SLAVEOF/REPLICAOF to fail over (set by the link stage)."""
    acl: AclModel | None = field(default=None, repr=False, compare=False)
    """Its users (set by the link stage, :mod:`redislint.link.acl`)."""
    auth: Auth | None = field(default=None, repr=False, compare=False)
    """How its default user authenticates (set by the link stage, from :attr:`acl`)."""
    password: Secret | None = field(default=None, repr=False, compare=False)
    """Its default user's password as a comparable digest (set by the link stage)."""
    masterauth: Secret | None = field(default=None, repr=False, compare=False)
    """The password it gives its primary as a comparable digest (set by the link stage)."""
    reach: tuple[Reach, Span | None] | None = field(default=None, repr=False, compare=False)
    """How far its port reaches, and where that is decided (set by the link stage)."""
    listening: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    """The TCP ports its container listens on (port, TLS port, cluster bus port); None when unknown
    (set by the link stage, :func:`redislint.model.reach.build_listening`)."""
    sentinel: SentinelConfig | None = field(default=None, repr=False, compare=False)
    """Its ``sentinel ...`` lines by kind and master (set by the link stage)."""
    data: DataDir | None = field(default=None, repr=False, compare=False)
    """Where it keeps its data and what provides that directory (set by the link stage; None:
    unknown, or a Sentinel)."""
    tls_files: dict[str, tuple[FileState, str | None]] = field(default_factory=dict, repr=False, compare=False)
    """TLS directive -> (whether the file it names is provided, its repository path when known); set by
    the link stage for a node that uses TLS."""
    conf_bind_is_dir: bool = False
    """For a Sentinel whose config is a writable bind mount: the mount's source is a folder (set by
    the link stage)."""
    datastore: str | None = field(default=None, repr=False, compare=False)
    """Why its data matters beyond a cache (set by the link stage): ``persistence`` (appendonly or
    save points written), ``replication`` (a primary or replica of a group), ``sentinel`` (a
    monitored primary), ``cluster``; None for a server that looks like a cache."""
    primaries: list[RedisNode] = field(default_factory=list, repr=False, compare=False)
    """The primaries it follows, in group order: a Redis node's through replication groups, a
    Sentinel's through Sentinel groups (set by the link stage)."""
    config_problems: list[Problem] = field(default_factory=list, repr=False, compare=False)
    """What the server's config loader would say of :attr:`directives` (set by the link stage,
    :mod:`redislint.link.facts`)."""
    live: LiveFacts | None = field(default=None, repr=False, compare=False)
    """For a running server read by ``redislint audit``: what it reported (None for a repository
    node; see :mod:`redislint.model.live`)."""
    directive_keys: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Lower-cased alias -> the name all spellings of a directive are grouped under (``slaveof`` ->
    ``replicaof``, ``masterauth`` -> ``primaryauth``), from the directive table of
    :mod:`redislint.redis.directives` (set by the link stage): how :meth:`all` and :meth:`get` find
    a directive whatever its spelling."""
    drift: list[Drift] | None = field(default=None, repr=False, compare=False)
    """For a repository node audited with ``--against``: where the running server differs from this
    effective config (None: not compared; set by the link stage, :mod:`redislint.link.live`)."""
    live_load: LiveLoad | None = field(default=None, repr=False, compare=False)
    """For a repository node audited with ``--against``: the running server loaded another config
    file than the one the repository mounts and passes (None: the same, or not known; set by the
    link stage, :mod:`redislint.link.live`)."""

    # -------------------------------------------------------------- lookups
    def key(self, name: str) -> str:
        """The name all spellings of directive ``name`` are grouped under (see :attr:`directive_keys`)."""
        low = name.lower()
        return self.directive_keys.get(low, low)

    def all(self, name: str) -> list[Directive]:
        index: dict[str, list[Directive]] | None = self.__dict__.get("_index")
        if index is None or self.__dict__.get("_indexed") is not self.directives or self.__dict__.get("_indexed_len") != len(self.directives):
            index = {}
            for d in self.directives:
                index.setdefault(self.key(d.name), []).append(d)
            self.__dict__["_index"] = index
            self.__dict__["_indexed"] = self.directives
            self.__dict__["_indexed_len"] = len(self.directives)
        return list(index.get(self.key(name), ()))

    def get(self, name: str) -> Directive | None:
        """The directive that wins (the last one), aliases included."""
        found = self.all(name)
        return found[-1] if found else None

    def value(self, name: str, default: str | None = None) -> str | None:
        d = self.get(name)
        if d is None:
            return default
        return d.text(0)

    def flag(self, name: str, default: bool) -> bool | None:
        """A yes/no directive: True, False, or None when its value is unknown."""
        d = self.get(name)
        if d is None:
            return default
        t = d.text(0)
        if t is None:
            return None
        return t.lower() == "yes"

    def sentinel_lines(self, sub: str) -> list[Directive]:
        """``sentinel <sub> ...`` directives (sub-command lower-cased)."""
        return [
            d
            for d in self.directives
            if d.name == "sentinel" and d.args and (d.args[0].text or "").lower() == sub
        ]

    @property
    def label(self) -> str:
        return self.service.name if self.service is not None else self.name

    @property
    def port(self) -> int | None:
        default = 26379 if self.kind == "sentinel" else 6379
        t = self.value("port")
        if t is None:
            return default if self.get("port") is None else None
        try:
            return int(t)
        except ValueError:
            return None


class ReplicationGroup(Record):

    primary: RedisNode | None
    replicas: list[RedisNode] = field(default_factory=list)
    links: list[tuple[RedisNode, Directive]] = field(default_factory=list)
    """(replica, its replicaof directive)."""


class SentinelGroup(Record):

    master_name: str
    scope: tuple[str, ...] = ()
    """Where its Sentinels are: ``("stack", dir, name)``, or ``("dir", folder)`` for loose files."""
    first_in_scope: bool = False
    """The first Sentinel group of its scope (rules that look at a whole scope once)."""
    sentinels: list[RedisNode] = field(default_factory=list)
    monitors: list[tuple[RedisNode, Directive]] = field(default_factory=list)
    primary: RedisNode | None = None
    replicas: list[RedisNode] = field(default_factory=list)
    stack: Stack | None = None
    lines: list[tuple[RedisNode, Monitor]] = field(default_factory=list)
    """The group's ``sentinel monitor`` lines, one per line of a file (Sentinels that run one file share
    it), each with the first Sentinel that runs it (set by the link stage)."""
    agreed: Monitor | None = None
    """When the Sentinels of a stack disagree on the master's address: the line most of them use (of
    two lines, the first); None when they agree (set by the link stage)."""
    dissent: list[tuple[RedisNode, Monitor]] = field(default_factory=list)
    """The lines whose address differs from :attr:`agreed` (set by the link stage)."""
    known_sentinels: int | None = None
    """For the Sentinels of ``redislint audit``: how many Sentinels monitor the master, as they
    report it (``num-other-sentinels`` + 1) or as many as were audited (set by the link stage,
    :mod:`redislint.link.live`); None for a repository group."""
    no_replica: bool = False
    """The compose project shows that nothing can be promoted: the monitored primary (or, when the
    monitored host is set at deploy time, every server of the project) has no replica, and every
    server's whole configuration is seen (set by the link stage)."""


class Cluster(Record):

    nodes: list[RedisNode] = field(default_factory=list)
    stack: Stack | None = None
    replicas_per_master: int | None = None
    create_span: Span | None = None
    """Where a ``redis-cli --cluster create`` call was found."""
    create_nodes: list[str] | None = None
    """The ``host:port`` addresses the create call lists (None when it cannot be read)."""


Group = ReplicationGroup | SentinelGroup | Cluster


PRIVATE_KEY = "PRIVATE KEY-----"
"""What the text of a PEM private key holds."""


class InputFile(Record):
    """A file redislint read, with what it is."""


    path: str
    kind: Literal["compose", "kubernetes", "redis-conf", "sentinel-conf", "acl", "dockerfile", "env", "script", "prometheus", "prometheus-rules", "grafana-datasources", "other"]
    """``acl``: an ACL file a server loads (``aclfile``), added by the link stage when it reads it."""
    conf: ConfFile | None = None
    text: str | None = field(default=None, repr=False)
    used: bool = False
    """For config files: loaded by some service of a stack."""
    ignored: bool = False
    """For a file holding a :data:`PRIVATE_KEY`: a .gitignore covers it (set by the link stage)."""


class LoadProblem(Record, frozen=True):

    span: Span
    message: str
    kind: str = "parse"
    path: str | None = None
    """For ``missing``: the file that does not exist."""


class ProjectIndex(Record):
    """Lookups over the whole project, built once when the link stage is done (see
    :attr:`Project.index`), so that no rule or late link step scans every node or stack per item.
    Nodes, groups and stacks are keys as themselves: mutable records hash by identity."""

    servers_by_conf_file: dict[str, list[RedisNode]] = field(default_factory=dict)
    """File -> the servers and Sentinels (nodes first, in project order) that load it: their main
    config file or one of its includes."""
    command_servers_by_file: dict[str, list[RedisNode]] = field(default_factory=dict)
    """File -> the servers and Sentinels (nodes first) whose command-line options are written in it."""
    stacks_by_file: dict[str, list[Stack]] = field(default_factory=dict)
    """Compose file -> the stacks it is part of (in project order)."""
    replicas_by_primary: dict[RedisNode, list[RedisNode]] = field(default_factory=dict)
    """Primary -> the replicas of its replication groups, in group order."""
    sentinel_groups_by_primary: dict[RedisNode, list[SentinelGroup]] = field(default_factory=dict)
    """Primary -> the Sentinel groups that monitor it, in project order."""
    sentinel_groups_by_scope: dict[tuple[str, ...], list[SentinelGroup]] = field(default_factory=dict)
    """:attr:`SentinelGroup.scope` -> its groups, in project order."""
    first_group_of_sentinel: dict[RedisNode, SentinelGroup] = field(default_factory=dict)
    """Sentinel -> the first Sentinel group it is part of."""
    stack_topologies: dict[Stack, list[str]] = field(default_factory=dict)
    """Stack -> what it runs among ``replication`` (a primary of the stack with replicas),
    ``Sentinel`` and ``cluster``, in that order (stacks that run none are left out)."""


def build_index(project: Project) -> ProjectIndex:
    """The :class:`ProjectIndex` of a linked project."""
    index = ProjectIndex()
    for node in (*project.nodes, *project.sentinels):
        for path in dict.fromkeys([*([node.conf_file] if node.conf_file is not None else []), *node.conf_files]):
            index.servers_by_conf_file.setdefault(path, []).append(node)
        if node.invocation is not None:
            for path in dict.fromkeys(d.span.file for d in node.invocation.options):
                index.command_servers_by_file.setdefault(path, []).append(node)
    for stack in project.stacks:
        for path in dict.fromkeys(stack.files):
            index.stacks_by_file.setdefault(path, []).append(stack)
    for g in project.replication:
        if g.primary is not None:
            index.replicas_by_primary.setdefault(g.primary, []).extend(g.replicas)
    kinds: dict[Stack, set[str]] = {}
    for g in project.replication:
        if g.primary is not None and g.primary.stack is not None and g.replicas:
            kinds.setdefault(g.primary.stack, set()).add("replication")
    for s in project.sentinels:
        if s.stack is not None:
            kinds.setdefault(s.stack, set()).add("Sentinel")
    for c in project.clusters:
        if c.stack is not None:
            kinds.setdefault(c.stack, set()).add("cluster")
    index.stack_topologies = {k: [x for x in ("replication", "Sentinel", "cluster") if x in v] for k, v in kinds.items()}
    for sg in project.sentinel_groups:
        if sg.primary is not None:
            index.sentinel_groups_by_primary.setdefault(sg.primary, []).append(sg)
        index.sentinel_groups_by_scope.setdefault(sg.scope, []).append(sg)
        for s in sg.sentinels:
            index.first_group_of_sentinel.setdefault(s, sg)
    return index


class Project(Record):

    root: str
    stacks: list[Stack] = field(default_factory=list)
    nodes: list[RedisNode] = field(default_factory=list)
    """Redis servers (role redis or cluster node)."""
    sentinels: list[RedisNode] = field(default_factory=list)
    files: dict[str, InputFile] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)
    replication: list[ReplicationGroup] = field(default_factory=list)
    sentinel_groups: list[SentinelGroup] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    """Every secret value (see :mod:`redislint.secrets`)."""
    secret_spans: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    """Where secret values are written: file -> (start line, start col, end line, end col)."""
    environ_values: dict[str, str] = field(default_factory=dict)
    """Values taken from the ``environ`` mapping given to the API -> the variable's name."""
    stack_count: int | None = None
    """How many stacks a project merged from worker parts (:mod:`redislint.jobs`) linted; its stacks
    stay in the workers. None: count :attr:`stacks`."""
    server_files: list[str] = field(default_factory=list)
    """For a merged project: the file each server or Sentinel of the parts is anchored in."""
    service_accounts: set[str] = field(default_factory=set)
    """ACL users the deployment's own machinery logs in as: replicas (``masteruser``), Sentinels
    (``sentinel auth-user``), exporters (``REDIS_USER``); set by the link stage."""
    secret_files: dict[str, str] = field(default_factory=dict, repr=False)
    """The text of each repository file a stack's top-level ``secrets:`` reads (set by the link
    stage)."""
    absent: dict[str, bool] = field(default_factory=dict)
    """Repository files the stacks name (bind mount sources, env files, included compose files,
    secret and config files) -> True when absent and not git-ignored (set by the link stage)."""
    monitoring: Monitoring = field(default_factory=Monitoring)
    """Prometheus configs, alert rule files, Grafana datasources (set by the link stage)."""
    scripts: dict[str, ScriptFacts] = field(default_factory=dict)
    """Shell scripts and Makefiles that call Redis -> what they do (set by the link stage)."""
    dockerfiles: dict[str, Dockerfile | None] = field(default_factory=dict)
    """Host path -> the Dockerfile read there by the link stage (None: not readable)."""
    written_passwords: dict[str, list[tuple[str, Value]]] = field(default_factory=dict)
    """File -> (what, value) of every password written in it that a server or Sentinel loads (its
    config files, includes, command line, ACL users and ACL files), each span once, in the order of
    the nodes (set by the link stage)."""
    read_texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Every text the link stage read through the file layer (an ACL file, a script that creates a
    cluster...), by path: the report's code frames show them (set by the link stage)."""
    lookups: ProjectIndex | None = field(default=None, repr=False, compare=False)
    """The project's indexes (set at the end of the link stage; see :attr:`index`)."""

    @property
    def index(self) -> ProjectIndex:
        """Lookups by file, by stack and by primary (built by the link stage once every node and group
        is known; built here on first use for a project put together by hand)."""
        if self.lookups is None:
            self.lookups = build_index(self)
        return self.lookups

    @property
    def services(self) -> list[Service]:
        return [s for st in self.stacks for s in st.services.values()]

    def role(self, service: Service) -> str:
        """redis | sentinel | cluster-node | exporter | other (set by the link stage)."""
        return service.role

    def node_for(self, service: Service) -> RedisNode | None:
        """The server a service runs (the first, nodes before Sentinels; set by the link stage)."""
        return service.server

    def primaries_of(self, node: RedisNode) -> list[RedisNode]:
        """The primaries ``node`` follows, in group order: a Redis node's through replication groups,
        a Sentinel's through Sentinel groups (set by the link stage)."""
        return list(node.primaries)

    def stack_of(self, service: Service) -> Stack | None:
        """The stack a service belongs to (set by the link stage)."""
        return service.stack

    def host_path(self, service: Service, container_path: str) -> str | None:
        """The repository file that appears at ``container_path`` inside ``service``'s container:
        through bind mounts, secrets and configs (None when nothing provides it)."""
        return container.host_path(service, self.stack_of(service), container_path)

    def provided_elsewhere(self, service: Service, container_path: str) -> bool:
        """True when a file at ``container_path`` comes from outside the repository (a secret or config
        from ``environment:``/``content:``/``external:``, a named volume): present, but unreadable here."""
        return container.provided_elsewhere(service, self.stack_of(service), container_path)

    def dockerfile(self, service: Service) -> Dockerfile | None:
        """The Dockerfile the service builds from, as parsed by the link stage (None: no build, or not
        readable)."""
        if service.build is None or not service.build.dockerfile:
            return None
        return self.dockerfiles.get(service.build.dockerfile)

    def hosts(self, stack: Stack | None) -> HostIndex:
        """The stack's hostname resolver (built by the link stage); none for no stack."""
        if stack is None or stack.hosts is None:
            return NO_HOSTS
        return stack.hosts

    @property
    def groups(self) -> list[Group]:
        return [*self.replication, *self.sentinel_groups, *self.clusters]
