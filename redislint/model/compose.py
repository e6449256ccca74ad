"""Compose services as redislint understands them, every part with its span."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from redislint.model.base import Record, field
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.model.workload import Workload

if TYPE_CHECKING:
    from redislint.model.clients import ExporterTarget, Probe
    from redislint.model.hosts import HostIndex
    from redislint.model.kubernetes import CommittedSecret, KubeWorkload
    from redislint.model.project import RedisNode
    from redislint.model.roles import Role


Platform = Literal["compose", "image", "docker-run", "kubernetes"]
"""What describes a service: a compose file, a lone Dockerfile, a ``docker run`` command line, a
container of a Kubernetes manifest's pod template."""


class Port(Record, frozen=True):

    span: Span
    host_ip: str | None = None
    host_port: str | None = None
    """Host port or range as written ("6379", "7000-7005"); None for an ephemeral host port."""
    container_port: str = ""
    protocol: str = "tcp"
    known: bool = True
    """False when the mapping could not be read (an unknown variable in it)."""

    @property
    def container_ports(self) -> list[int]:
        """The TCP container ports the mapping publishes. Redis, Sentinel and the cluster bus speak
        TCP only: a ``/udp`` (or ``sctp``) mapping of the same number publishes none of them."""
        if self.protocol.strip().lower() not in ("", "tcp"):
            return []
        return _port_range(self.container_port)

    @property
    def host_ports(self) -> list[int]:
        return _port_range(self.host_port or "")

    @property
    def loopback_only(self) -> bool:
        ip = (self.host_ip or "").strip("[]")
        return ip.startswith("127.") or ip in ("::1", "localhost")

    def host_port_for(self, container_port: int) -> int | None:
        cps, hps = self.container_ports, self.host_ports
        if container_port not in cps:
            return None
        if not hps:
            return None
        if len(hps) == len(cps):
            return hps[cps.index(container_port)]
        return hps[0] if len(hps) == 1 else None


def _port_range(text: str) -> list[int]:
    text = text.strip()
    if not text:
        return []
    lo, _, hi = text.partition("-")
    try:
        a = int(lo)
        b = int(hi) if hi else a
    except ValueError:
        return []
    if b < a or b - a > 1000:
        return [a]
    return list(range(a, b + 1))


class Mount(Record, frozen=True):

    span: Span
    type: Literal["bind", "volume", "tmpfs", "npipe", "image", "cluster", "anonymous", "emptydir", "configmap", "secret"] = "volume"
    """Docker's mount types, and Kubernetes volumes that are none of them: ``emptydir`` (node disk,
    lost with the pod), ``configmap`` and ``secret`` (read-only projections of an object)."""
    source: str | None = None
    """Volume name, or the host path as written."""
    host_path: str | None = None
    """For bind mounts: the absolute host path (resolved against the project directory)."""
    target: str = ""
    read_only: bool = False
    create_host_path: bool = True
    per_replica: bool = False
    """Each replica of the workload gets its own (a StatefulSet's ``volumeClaimTemplates``): never
    shared by its pods."""


class SecretRef(Record, frozen=True):

    name: str
    target: str
    """Absolute path in the container (``/run/secrets/NAME`` by default)."""
    span: Span


class Healthcheck(Record, frozen=True):

    span: Span
    form: Literal["CMD", "CMD-SHELL", "NONE", "EMPTY"] = "CMD"
    test: tuple[Value, ...] = ()
    """For CMD: the argv. For CMD-SHELL: one value, the shell command."""
    disabled: bool = False


class DependsOn(Record, frozen=True):

    service: str
    condition: str = "service_started"
    span: Span


class EnvVar(Record, frozen=True):

    name: str
    value: Value | None
    """None when the variable is declared without a value (taken from the host environment)."""
    span: Span
    from_file: str | None = None
    """The env_file it came from, when not from ``environment:``."""


class Build(Record, frozen=True):

    context: str
    """Absolute host path of the build context ('' when remote or unknown)."""
    dockerfile: str | None = None
    span: Span


def key_span_at(node: Any, *path: str) -> Span | None:
    """Span of the mapping key at ``path`` under a YAML node (None when a step is missing)."""
    span = None
    for key in path:
        if node is None or getattr(node, "kind", "") != "map":
            return None
        k = node.key_node(key)
        if k is None:
            return None
        span = k.span
        node = node.get(key)
    return span


class Service(Record):

    name: str
    span: Span
    """The service's key in ``services:``."""
    file: str
    project_dir: str
    node: Any = field(default=None, repr=False)
    """The merged YAML node (:class:`redislint.parsers.yaml_tree.YNode`) for rules that need any key."""
    image: Value | None = None
    build: Build | None = None
    command: tuple[Value, ...] | None = None
    command_span: Span | None = None
    command_is_string: bool = False
    entrypoint: tuple[Value, ...] | None = None
    entrypoint_span: Span | None = None
    entrypoint_is_string: bool = False
    environment: dict[str, EnvVar] = field(default_factory=dict)
    env_files: list[tuple[str, Span, bool]] = field(default_factory=list)
    """(absolute path, span of the reference, required)."""
    ports: list[Port] = field(default_factory=list)
    """The mappings Docker publishes (none with ``network_mode: host``)."""
    discarded_ports: list[Port] = field(default_factory=list)
    """``ports:`` written under ``network_mode: host``: Docker ignores them."""
    volumes: list[Mount] = field(default_factory=list)
    secrets: list[SecretRef] = field(default_factory=list)
    configs: list[SecretRef] = field(default_factory=list)
    healthcheck: Healthcheck | None = None
    depends_on: list[DependsOn] = field(default_factory=list)
    network_mode: Value | None = None
    networks: dict[str, list[str]] = field(default_factory=dict)
    """Network name -> aliases."""
    network_spans: dict[str, Span] = field(default_factory=dict)
    container_name: Value | None = None
    hostname: str | None = None
    """``hostname:`` as written (a scalar), None when absent."""
    ipv4_addresses: list[str] = field(default_factory=list)
    """Each network's ``ipv4_address``, in order."""
    links: list[str] = field(default_factory=list)
    """``links:`` entries as written (``service`` or ``service:alias``)."""
    external_links: list[str] = field(default_factory=list)
    extra_hosts: list[str] = field(default_factory=list)
    """The host names ``extra_hosts:`` adds (without their addresses)."""
    user: Value | None = None
    restart: Value | None = None
    memory_limit: int | None = None
    memory_limit_span: Span | None = None
    read_only: bool = False
    key_spans: dict[str, Span] = field(default_factory=dict, repr=False, compare=False)
    """Where each key of the service is written (the first, for a repeated key)."""
    append_at: Span | None = field(default=None, repr=False, compare=False)
    """Where a fix may write a new key of the service: column 1 of the line after the service's
    last line; None when its mapping is not a block mapping written in one place (flow style, merge
    keys, aliases)."""
    key_indent: int = 0
    """How many spaces its keys are indented by."""
    workload: Workload = field(default_factory=Workload)
    """Limits, kernel settings, privileges, restart, logging, replicas and placement."""
    platform: Platform = "compose"
    """Where the service is described: a compose file, a lone Dockerfile (``image``: how it is run is
    not written) or a ``docker run`` command line of a script (``docker-run``)."""
    kube: KubeWorkload | None = field(default=None, repr=False, compare=False)
    """For platform ``kubernetes``: the controller, pod and selecting objects (set by the link stage)."""
    probes: list[Probe] = field(default_factory=list, repr=False, compare=False)
    """The ``redis-cli`` calls of its healthcheck (set by the link stage)."""
    exporter_targets: list[ExporterTarget] = field(default_factory=list, repr=False, compare=False)
    """The Redis addresses it scrapes when it is a redis_exporter (set by the link stage)."""
    healthcheck_passwords: list[tuple[str, Value]] = field(default_factory=list, repr=False, compare=False)
    """(flag, value) of redis-cli passwords in its healthcheck (set by the link stage)."""
    bash_tail_exec: bool = False
    """``bash -c '...; redis-server ...'``: bash replaces itself with the server, the last command
    (set by the link stage)."""
    scrapes: RedisNode | None = field(default=None, repr=False, compare=False)
    """For an exporter: the node its REDIS_ADDR names (set by the link stage)."""
    scrape_url_password: bool = False
    """For an exporter: its REDIS_ADDR carries a password."""
    exporter_password: bool | None = False
    """For an exporter: it has a password (REDIS_PASSWORD, --redis.password); None when only a
    REDIS_PASSWORD_FILE gives one (set by the link stage)."""
    exporter_password_file: str | None = field(default=None, repr=False, compare=False)
    """For an exporter that authenticates only with a REDIS_PASSWORD_FILE to a server needing a
    password: the file's text (None: not in the repository, or unreadable)."""
    role: Role = "other"
    """What it runs: redis | sentinel | cluster-node | exporter | other (set by the link stage)."""
    stack: Stack | None = field(default=None, repr=False, compare=False)
    """The stack it belongs to (set by the link stage)."""
    server: RedisNode | None = field(default=None, repr=False, compare=False)
    """The Redis server or Sentinel it runs (set by the link stage)."""

    def key_span(self, *path: str) -> Span | None:
        """Span of the key at ``path`` under this service (``key_span('deploy', 'resources')``)."""
        return key_span_at(self.node, *path)

    def get(self, *path: str) -> Any:
        """The YAML node at ``path`` under this service, or None."""
        node = self.node
        for key in path:
            if node is None or getattr(node, "kind", "") != "map":
                return None
            node = node.get(key)
        return node

    def mount_for(self, container_path: str) -> Mount | None:
        """The volume mount (bind, named, anonymous, tmpfs) that holds ``container_path``."""
        import posixpath

        cpath = posixpath.normpath(container_path)
        best: Mount | None = None
        for m in self.volumes:
            if not m.target or not m.target.startswith("/"):
                continue
            t = posixpath.normpath(m.target)
            if (cpath == t or cpath.startswith(t.rstrip("/") + "/")) and (best is None or len(t) > len(posixpath.normpath(best.target))):
                best = m
        return best

    def env(self, name: str) -> str | None:
        var = self.environment.get(name)
        if var is None or var.value is None:
            return None
        return var.value.text


class TopLevel(Record, frozen=True):
    """A top-level ``volumes:``, ``networks:``, ``secrets:`` or ``configs:`` entry."""


    name: str
    span: Span
    external: bool = False
    file: str | None = None
    """For secrets/configs with ``file:``: the absolute host path."""
    file_span: Span | None = None
    environment: str | None = None
    content: Any = field(default=None, repr=False, compare=False)
    """For configs with inline ``content:``: the YAML scalar node holding the text."""


class UnsetUse(Record, frozen=True):
    """A ``${VAR}`` of a compose file whose variable is set nowhere (neither ``.env`` nor the
    ``environ`` given), with what the link stage needs to judge whether it stands in a password
    position (:func:`redislint.secrets.names.in_password_position`)."""

    name: str
    span: Span
    text: str
    """The YAML scalar as written."""
    start: int
    """Where the use starts in ``text``."""
    path: tuple[str, ...]
    """The mapping keys leading to the scalar (``services``, ``cache``, ``environment``, ...)."""


class Stack(Record):
    """One compose project: its files merged, its services, its top-level declarations. A lone
    Dockerfile, or the ``docker run`` commands of a script, make a stack of their platform."""


    name: str
    dir: str
    files: list[str]
    platform: Platform = "compose"
    """The compose files of the project, main file first, then overrides and includes."""
    services: dict[str, Service] = field(default_factory=dict)
    volumes: dict[str, TopLevel] = field(default_factory=dict)
    networks: dict[str, TopLevel] = field(default_factory=dict)
    secrets: dict[str, TopLevel] = field(default_factory=dict)
    configs: dict[str, TopLevel] = field(default_factory=dict)
    version_key: Span | None = None
    version_blank_after: bool = False
    """The ``version:`` line stands between blank lines (or first, above one): deleting it takes
    the blank line after it too."""
    env: dict[str, str] = field(default_factory=dict)
    """Variables known at lint time (``.env``, and the ``environ`` mapping an API caller passes)."""
    dotenv: str | None = None
    unset_uses: list[UnsetUse] = field(default_factory=list)
    """What the compose loader found unset (judged by the link stage into ``unset_variables``)."""
    unset_variables: list[tuple[str, Span, bool]] = field(default_factory=list)
    redis_unset_variables: list[tuple[str, Span, bool]] = field(default_factory=list)
    """Those of :attr:`unset_variables` that concern Redis (set by the link stage): a use in a Redis,
    Sentinel, cluster node or exporter service, or one whose variable, value or keys name Redis,
    Valkey, Sentinel or KeyDB (an application's ``REDIS_URL``). Another service's variables are not
    redislint's business."""
    """(variable, where it is used, whether the use is in a password position)."""
    committed_secrets: list[CommittedSecret] = field(default_factory=list)
    """For platform ``kubernetes``: the Secrets of the repository that concern Redis and hold literal
    passwords (set by the link stage, :mod:`redislint.link.k8s_secrets`)."""
    hosts: HostIndex | None = field(default=None, repr=False, compare=False)
    """Which of the stack's Redis nodes each host name refers to (set by the link stage)."""
    template_default_passwords: dict[str, Span] = field(default_factory=dict)
    """Of :attr:`documented_variables`, those the template sets to a well-known default password
    (``REDIS_PASSWORD=changeme`` in ``.env.example``): most deployments keep it (set by the link
    stage; the value itself is never kept)."""
    sibling_volumes: set[str] = field(default_factory=set)
    """Named volumes that other YAML files of the main file's folder declare at top level: files
    meant to be combined with ``docker compose -f a.yml -f b.yml`` declare them in one place (set by
    the link stage)."""
    sibling_networks: set[str] = field(default_factory=set)
    """Networks declared the same way (see :attr:`sibling_volumes`)."""
    documented_variables: dict[str, Span] = field(default_factory=dict)
    """Variables that a template env file of the repository (``.env.example``, ``env.tpl``,
    ``template.env``...) documents, beside the compose file or in a folder above it up to the
    repository root: set at deploy time (set by the link stage). The span is the line that names it
    (commented-out lines count: ``# REDIS_PASSWORD=...`` documents the variable)."""

    @property
    def main_file(self) -> str:
        return self.files[0]
