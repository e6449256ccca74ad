"""Redis operators' custom resources: what an OT-CONTAINER-KIT ``Redis``, ``RedisReplication``,
``RedisSentinel`` or ``RedisCluster`` (``redis.redis.opstreelabs.in/*``) and a Spotahome
``RedisFailover`` (``databases.spotahome.com/v1``) say, with spans: for each pod template the
operator makes (a *part*: the data pods, the Sentinels, a cluster's leaders and followers) its
replicas, image, resources, config lines, storage, PodDisruptionBudget and affinity; for the
resource its password Secret, TLS and the Sentinels' monitored group. The parser says what the
resource says; what the operator makes of it (its pods' commands, default config lines, volumes) is
:mod:`redislint.link.operators`, from the defaults documented in ``redislint/data/operator-defaults.yaml``."""

from __future__ import annotations

from redislint.model.base import Struct, field
from redislint.model.span import Span
from redislint.parsers.yaml_tree import YNode

OT_GROUP = "redis.redis.opstreelabs.in/"
SPOTAHOME_GROUP = "databases.spotahome.com/"
OT_KINDS = ("Redis", "RedisReplication", "RedisSentinel", "RedisCluster")


class OperatorPart(Struct):
    """One pod template an operator makes from a resource."""

    role: str
    """``redis`` (data pods) or ``sentinel``."""
    name: str
    """The name the operator gives the workload (``rfr-<name>``, ``<name>-leader``...)."""
    controller: str
    """``StatefulSet`` or ``Deployment``."""
    replicas: int | None = 1
    replicas_span: Span | None = None
    image: YNode | None = None
    resources: YNode | None = None
    resources_span: Span | None = None
    config_lines: list[YNode] = field(default_factory=list)
    """Config lines written in the resource (Spotahome ``customConfig`` items)."""
    extra_config: tuple[str, Span] | None = None
    """OT ``redisConfig.additionalRedisConfig``: the ConfigMap of extra lines, where it is named."""
    claim: tuple[str, Span] | None = None
    """The data volume's claim template (its name, where it is written); None: no claim."""
    pdb: Span | None = None
    """Where the resource asks for (or the operator makes by itself) a PodDisruptionBudget."""
    anti_affinity: bool = False
    affinity_span: Span | None = None
    security: YNode | None = None
    command: YNode | None = None
    """Spotahome ``command``: replaces the operator's own."""


class AuthUser(Struct):
    """A Spotahome ``authV2`` user: the operator runs ``ACL SETUSER name on >password... acl``."""

    name: YNode
    passwords: list[YNode] = field(default_factory=list)
    """Passwords written in the resource."""
    acl: YNode | None = None
    secret: tuple[str, str, Span] | None = None
    """``secretName``/``secretKey``: a Secret the operator reads the user from."""


class OperatorResource(Struct):
    operator: str
    """``ot-container-kit`` or ``spotahome``."""
    kind: str
    name: str
    namespace: str
    namespace_written: bool
    span: Span
    """The resource's ``metadata.name`` value."""
    kind_span: Span
    file: str
    parts: list[OperatorPart] = field(default_factory=list)
    secret: tuple[str, str, Span] | None = None
    """The Secret (name, key) of the password, where it is named."""
    auth_users: Span | None = None
    """Spotahome ``authV2``: where it is enabled."""
    users: list[AuthUser] = field(default_factory=list)
    """Spotahome ``authV2.users``."""
    tls: Span | None = None
    monitor: tuple[str, YNode | None, Span] | None = None
    """A Sentinel resource's monitored replication (its workload name, the quorum as written, where)."""


def operator_of(api_version: str | None, kind: str) -> str | None:
    if api_version is None:
        return None
    if api_version.startswith(OT_GROUP) and kind in OT_KINDS:
        return "ot-container-kit"
    if api_version.startswith(SPOTAHOME_GROUP) and kind == "RedisFailover":
        return "spotahome"
    return None


def _map(node: YNode | None, *path: str) -> YNode | None:
    for key in path:
        node = node.get(key) if node is not None and node.kind == "map" else None
    return node if node is not None and node.kind == "map" else None


def _get(node: YNode | None, *path: str) -> YNode | None:
    *head, last = path
    parent = _map(node, *head) if head else (node if node is not None and node.kind == "map" else None)
    return parent.get(last) if parent is not None else None


def _text(node: YNode | None) -> str | None:
    return node.text if node is not None and node.kind == "scalar" and not node.is_null else None


def _key(node: YNode | None, key: str) -> Span | None:
    k = node.key_node(key) if node is not None and node.kind == "map" else None
    return k.span if k is not None else None


def _int(node: YNode | None) -> int | None:
    t = _text(node)
    return int(t) if t is not None and t.isdigit() else None


def read_resource(doc: YNode, operator: str, kind: str, name: str, namespace: str, ns_written: bool, span: Span, file: str) -> OperatorResource:
    kind_node = doc.get("kind")
    res = OperatorResource(
        operator=operator, kind=kind, name=name, namespace=namespace, namespace_written=ns_written, span=span, kind_span=kind_node.span if kind_node is not None else span, file=file
    )
    spec = _map(doc, "spec")
    if spec is None:
        return res
    if operator == "spotahome":
        _spotahome(res, spec)
    else:
        _ot(res, spec)
    return res


def _ot(res: OperatorResource, spec: YNode) -> None:
    kc = _map(spec, "kubernetesConfig")
    secret = _map(kc, "redisSecret")
    if secret is not None and _text(secret.get("name")):
        res.secret = (_text(secret.get("name")) or "", _text(secret.get("key")) or "password", _key(kc, "redisSecret") or res.span)
    tls = _map(spec, "TLS") or _map(spec, "tls")
    if tls is not None:
        res.tls = _key(spec, "TLS") or _key(spec, "tls")
    size_node = spec.get("clusterSize")
    size = 1 if res.kind == "Redis" else _int(size_node) if size_node is not None else 3
    claim_span = _key(_map(spec, "storage"), "volumeClaimTemplate")

    def part(role: str, name: str, sub: YNode | None) -> OperatorPart:
        p = OperatorPart(role=role, name=name, controller="StatefulSet", replicas=size, replicas_span=_key(spec, "clusterSize"))
        p.image = kc.get("image") if kc is not None and _text(kc.get("image")) else None
        p.resources = _map(kc, "resources")
        p.resources_span = _key(kc, "resources")
        where = sub if sub is not None else spec
        extra = _get(where, "redisConfig", "additionalRedisConfig")
        if _text(extra):
            p.extra_config = (_text(extra) or "", extra.span if extra is not None else res.span)
        if role == "redis" and claim_span is not None:
            p.claim = (name, claim_span)
        pdb = _map(where, "pdb") or _map(where, "podDisruptionBudget")
        if pdb is not None and (_text(pdb.get("enabled")) or "").lower() == "true":
            p.pdb = _key(where, "pdb") or _key(where, "podDisruptionBudget")
        aff = _map(where, "affinity")
        p.anti_affinity = _map(aff, "podAntiAffinity") is not None
        p.affinity_span = _key(where, "affinity") if p.anti_affinity else None
        p.security = _map(spec, "podSecurityContext")
        return p

    if res.kind == "RedisCluster":
        for suffix, key in (("leader", "redisLeader"), ("follower", "redisFollower")):
            p = part("redis", f"{res.name}-{suffix}", _map(spec, key))
            replicas = _get(spec, key, "replicas")
            if _int(replicas) is not None:
                p.replicas, p.replicas_span = _int(replicas), _key(_map(spec, key), "replicas")
            res.parts.append(p)
    elif res.kind == "RedisSentinel":
        res.parts.append(part("sentinel", f"{res.name}-sentinel", None))
        cfg = _map(spec, "redisSentinelConfig")
        target = _get(cfg, "redisReplicationName")
        if _text(target):
            res.monitor = (_text(target) or "", _get(cfg, "quorum"), target.span if target is not None else res.span)
    else:
        res.parts.append(part("redis", res.name, None))


def _spotahome(res: OperatorResource, spec: YNode) -> None:
    secret_path = _get(spec, "auth", "secretPath")
    if _text(secret_path):
        res.secret = (_text(secret_path) or "", "password", secret_path.span if secret_path is not None else res.span)
    auth2 = _map(spec, "authV2")
    if auth2 is not None and (_text(auth2.get("enabled")) or "").lower() == "true":
        res.auth_users = _key(spec, "authV2")
        users = auth2.get("users")
        for u in users.items if users is not None and users.kind == "seq" else []:
            name = u.get("name") if u.kind == "map" else None
            if name is None or not _text(name):
                continue
            pw = u.get("passwords")
            user = AuthUser(name=name, passwords=[i for i in pw.items if i.kind == "scalar" and _text(i)] if pw is not None and pw.kind == "seq" else [])
            acl = u.get("acl")
            user.acl = acl if acl is not None and acl.kind == "scalar" else None
            if _text(u.get("secretName")):
                user.secret = (_text(u.get("secretName")) or "", _text(u.get("secretKey")) or "", _key(u, "secretName") or name.span)
            res.users.append(user)
    for role, key, prefix, controller in (("redis", "redis", "rfr", "StatefulSet"), ("sentinel", "sentinel", "rfs", "Deployment")):
        sub = _map(spec, key)
        rep = _get(sub, "replicas")
        p = OperatorPart(role=role, name=f"{prefix}-{res.name}", controller=controller, replicas=_int(rep) if rep is not None else 3, replicas_span=_key(sub, "replicas"))
        p.image = sub.get("image") if sub is not None and _text(sub.get("image")) else None
        p.resources = _map(sub, "resources")
        p.resources_span = _key(sub, "resources")
        lines = _get(sub, "customConfig")
        p.config_lines = [i for i in lines.items if i.kind == "scalar" and not i.is_null and i.text.strip()] if lines is not None and lines.kind == "seq" else []
        pvc = _map(sub, "storage", "persistentVolumeClaim")
        if role == "redis" and pvc is not None:
            claim_name = _text(_get(pvc, "metadata", "name")) or "redis-data"
            p.claim = (claim_name, _key(_map(sub, "storage"), "persistentVolumeClaim") or res.span)
        # the operator makes a PodDisruptionBudget for each part and, unless the resource gives an
        # affinity, a preferred pod anti-affinity on kubernetes.io/hostname (operator-defaults.yaml)
        p.pdb = res.kind_span
        aff = _map(sub, "affinity")
        p.anti_affinity = aff is None or _map(aff, "podAntiAffinity") is not None
        p.affinity_span = _key(sub, "affinity") if aff is not None else None
        p.security = _map(sub, "securityContext")
        cmd = _get(sub, "command")
        p.command = cmd if cmd is not None and cmd.kind == "seq" else None
        res.parts.append(p)
    monitor_part = res.parts[0]
    res.monitor = (monitor_part.name, None, res.kind_span)
