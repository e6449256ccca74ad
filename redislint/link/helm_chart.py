"""The objects the bitnami ``redis`` and ``redis-cluster`` charts render for one release's merged
values (:class:`Chart`), built from the values' own YAML nodes so that every span is a values line:
StatefulSets and their containers (the start script's ``redis-server`` options, the mounted
configs, probes, resources, security contexts, anti-affinity presets), the ConfigMap, the Secret of
a literal password, Services, NetworkPolicy and PodDisruptionBudget. :mod:`redislint.link.helm`
links them as Kubernetes manifests."""

from __future__ import annotations

from redislint.model.span import Span
from redislint.parsers.helm_values import PRESETS
from redislint.parsers.k8s import K8sContainer, K8sEnv, K8sMount, K8sObject, K8sWorkload, Manifests
from redislint.parsers.yaml_tree import YNode

_STR = "tag:yaml.org,2002:str"
CONF_DIR = "/opt/bitnami/redis/etc"
MOUNTED = "/opt/bitnami/redis/mounted-etc"
SENTINEL_DIR = "/opt/bitnami/redis-sentinel/etc"
SENTINEL_MOUNTED = "/opt/bitnami/redis-sentinel/mounted-etc"


def _text(node: YNode | None) -> str | None:
    return node.text if node is not None and node.kind == "scalar" and not node.is_null else None


def _on(node: YNode | None) -> bool:
    return (_text(node) or "").lower() == "true"


class Chart:
    """The objects the bitnami ``redis`` chart renders for one set of merged values."""

    def __init__(self, values: YNode, file: str) -> None:
        self.v = values
        self.file = file
        self.out = Manifests(file=file)
        full = _text(self.at("fullnameOverride")) or _text(self.at("nameOverride")) or "redis"
        self.full = full
        self.ns = _text(self.at("namespaceOverride")) or "default"
        self.cluster = False
        """The redis-cluster chart (its keys are at other places)."""
        self.hints: dict[str, Span] = {}
        """Where the key that would add a NetworkPolicy or a PDB is (or belongs)."""
        self.labels = {"app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": full}

    # ---- values ---------------------------------------------------------------
    def at(self, path: str) -> YNode | None:
        node: YNode | None = self.v
        for part in path.split("."):
            node = node.get(part) if node is not None and node.kind == "map" else None
        return node

    def key(self, path: str) -> Span:
        """Where ``path`` is written, else the nearest key above it that is."""
        parts = path.split(".")
        while parts:
            parent = self.at(".".join(parts[:-1])) if len(parts) > 1 else self.v
            k = parent.key_node(parts[-1]) if parent is not None and parent.kind == "map" else None
            if k is not None:
                return k.span
            parts.pop()
        return self.v.span

    def s(self, text: str, span: Span) -> YNode:
        return YNode(span, "scalar", tag=_STR, text=text)

    def seq(self, items: list[tuple[str, Span]], span: Span) -> YNode:
        return YNode(span, "seq", items=[self.s(t, sp) for t, sp in items])

    def map(self, span: Span, pairs: dict[str, YNode]) -> YNode:
        return YNode(span, "map", pairs=[(self.s(k, span), v) for k, v in pairs.items()])

    # ---- objects --------------------------------------------------------------
    def manifests(self) -> Manifests:
        headless = f"{self.full}-headless"
        self.service(headless, self.labels, None, headless=True)
        sentinel = _on(self.at("sentinel.enabled"))
        standalone = (_text(self.at("architecture")) or "replication") == "standalone"
        if sentinel and not standalone:
            self.sentinel_group(headless)
        else:
            self.server("master", f"{self.full}-master", self.at("master.count"), headless, None)
            self.service(f"{self.full}-master", {**self.labels, "app.kubernetes.io/component": "master"}, "master.service.type")
            if not standalone:
                primary = f"{self.full}-master-0.{headless}.{self.ns}.svc.cluster.local"
                self.server("replica", f"{self.full}-replicas", self.at("replica.replicaCount"), headless, primary)
                self.service(f"{self.full}-replicas", {**self.labels, "app.kubernetes.io/component": "replica"}, "replica.service.type")
        self.policies()
        return self.out

    def policies(self) -> None:
        self.hints["networkPolicy"] = self.key("networkPolicy.enabled")
        if _on(self.at("networkPolicy.enabled")):
            self.obj("NetworkPolicy", self.full, self.labels, self.key("networkPolicy.enabled"))
        # newer charts (19+) have master.pdb / replica.pdb (the defaults kept here do not: written by a file)
        pdb = "master.pdb.create" if self.at("master.pdb") is not None or self.at("pdb") is None else "pdb.create"
        self.hints["pdb"] = self.key(pdb)
        if _on(self.at(pdb)) or _on(self.at("replica.pdb.create")):
            self.obj("PodDisruptionBudget", self.full, self.labels, self.key(pdb))

    def obj(self, kind: str, name: str, selector: dict[str, str], span: Span, spec: YNode | None = None) -> K8sObject:
        node = self.map(span, {"spec": spec} if spec is not None else {})
        o = K8sObject(kind=kind, name=name, namespace=self.ns, span=span, node=node, selector=selector)
        self.out.objects.append(o)
        return o

    def service(self, name: str, selector: dict[str, str], type_path: str | None, headless: bool = False, extra: dict[str, YNode] | None = None) -> None:
        span = self.key(type_path) if type_path else self.v.span
        pairs: dict[str, YNode] = dict(extra or {})
        type_node = self.at(type_path) if type_path else None
        if type_node is not None and _text(type_node):
            pairs["type"] = type_node
        if headless:
            pairs["clusterIP"] = self.s("None", span)
        self.obj("Service", name, selector, span, self.map(span, pairs))

    def external_access(self) -> None:
        """``cluster.externalAccess.enabled``: the chart exposes every node through a Service of
        ``cluster.externalAccess.service.type`` (LoadBalancer); one stands for them (same pods)."""
        extra: dict[str, YNode] = {}
        ranges = self.at("cluster.externalAccess.service.loadBalancerSourceRanges")
        if ranges is not None and ranges.kind == "seq" and ranges.items:
            extra["loadBalancerSourceRanges"] = ranges
        self.service(f"{self.full}-external", self.labels, "cluster.externalAccess.service.type", extra=extra)

    def image(self, path: str) -> YNode | None:
        tag = self.at(f"{path}.tag")
        repo = _text(self.at(f"{path}.repository"))
        if repo is None:
            return None
        registry = _text(self.at("global.imageRegistry")) or _text(self.at(f"{path}.registry"))
        ref = f"{registry}/{repo}" if registry else repo
        ref += f":{_text(tag)}" if _text(tag) else ""
        digest = _text(self.at(f"{path}.digest"))
        ref += f"@{digest}" if digest else ""
        return self.s(ref, tag.span if tag is not None else self.key(f"{path}.tag"))

    def password_env(self, role: str) -> tuple[list[K8sEnv], list[tuple[str, Span]]]:
        """The REDIS_PASSWORD variable and the options that use it, when auth is on (the redis
        chart's ``auth.*``, redis-cluster's ``usePassword``/``password``/``existingSecret``)."""
        p, on = ("", "usePassword") if self.cluster else ("auth.", "auth.enabled")
        if not _on(self.at(on)):
            return [], []
        existing = self.at(f"{p}existingSecret")
        password = self.at(f"{p}password")
        secret = _text(existing) or self.full
        key = _text(self.at(f"{p}existingSecretPasswordKey")) if _text(existing) else None
        where = existing.span if _text(existing) and existing is not None else password.span if _text(password) and password is not None else self.key(on)
        literal = not _text(existing) and _text(password) and password is not None
        if literal and password is not None and not any(o.kind == "Secret" and o.name == self.full for o in self.out.objects):
            sec = self.obj("Secret", self.full, {}, password.span)
            sec.data["redis-password"] = password
            sec.decoded["redis-password"] = password.text
        env = [K8sEnv(name="REDIS_PASSWORD", span=where, secret=(secret, key or "redis-password"))]
        opts = [("--requirepass", where), ("$(REDIS_PASSWORD)", where), ("--masterauth", where), ("$(REDIS_PASSWORD)", where)]
        return env, opts

    def server_args(self, role: str, primary: str | None) -> tuple[list[tuple[str, Span]], list[K8sEnv]]:
        port = self.at(f"{role}.containerPorts.redis")
        port_span = port.span if port is not None else self.key(f"{role}.containerPorts.redis")
        args: list[tuple[str, Span]] = [("redis-server", self.key(role)), (f"{CONF_DIR}/start-{role}.conf", self.key("commonConfiguration"))]
        if _on(self.at("tls.enabled")):
            tls = self.key("tls.enabled")
            certs = "/opt/bitnami/redis/certs"
            args += [("--port", tls), ("0", tls), ("--tls-port", port_span), (_text(port) or "6379", port_span)]
            for opt, name in (("--tls-cert-file", "certFilename"), ("--tls-key-file", "certKeyFilename"), ("--tls-ca-cert-file", "certCAFilename")):
                args += [(opt, tls), (f"{certs}/{_text(self.at(f'tls.{name}')) or name}", self.key(f"tls.{name}"))]
            args += [("--tls-auth-clients", self.key("tls.authClients")), ("yes" if _on(self.at("tls.authClients")) else "no", self.key("tls.authClients"))]
            args += [("--tls-replication", tls), ("yes", tls)]
        else:
            args += [("--port", port_span), (_text(port) or "6379", port_span)]
        env, opts = self.password_env(role)
        args += opts
        if primary is not None:
            args += [("--replicaof", self.key(role)), (primary, self.key(role)), ("6379", self.key(role))]
        path = self.at(f"{role}.persistence.path")
        args += [("--dir", self.key(f"{role}.persistence.path")), (_text(path) or "/data", self.key(f"{role}.persistence.path"))]
        cmds = self.at(f"{role}.disableCommands")
        for item in cmds.items if cmds is not None and cmds.kind == "seq" else []:
            if _text(item):
                args += [("--rename-command", item.span), (item.text, item.span), ("", item.span)]
        flags = self.at(f"{role}.extraFlags")
        for item in flags.items if flags is not None and flags.kind == "seq" else []:
            args += [(w, item.span) for w in (_text(item) or "").split()]
        return args, env

    def container(self, role: str, name: str, args: list[tuple[str, Span]], env: list[K8sEnv], image: str, mounts: list[K8sMount]) -> K8sContainer:
        c = K8sContainer(name=name, span=self.key(role), node=self.at(role) or self.v)
        c.image = self.image(image)
        c.command = self.seq(args, self.key(role))  # the start script's exec line
        c.env = env
        c.mounts = mounts
        for kind in ("startup", "liveness", "readiness"):
            custom = self.at(f"{role}.custom{kind.capitalize()}Probe")
            probe = self.at(f"{role}.{kind}Probe")
            if custom is not None and custom.kind == "map" and custom.pairs:
                c.probes[kind] = custom
                c.probe_keys[kind] = self.key(f"{role}.custom{kind.capitalize()}Probe")
            elif probe is not None and probe.kind == "map" and _on(probe.get("enabled")):
                c.probes[kind] = probe  # the chart's exec script (it accepts LOADING): no handler written here
                c.probe_keys[kind] = self.key(f"{role}.{kind}Probe")
        res = self.at(f"{role}.resources")
        preset = _text(self.at(f"{role}.resourcesPreset"))
        limits = res.get("limits") if res is not None and res.kind == "map" else None
        if res is not None and res.kind == "map" and (limits is None or not limits.pairs) and preset in PRESETS:
            # newer charts (19+): resources left empty take the preset's requests and limits
            at = self.key(f"{role}.resourcesPreset")
            (rc, rm), (lc, lm) = PRESETS[preset]
            res = self.map(at, {"requests": self.map(at, {"cpu": self.s(rc, at), "memory": self.s(rm, at)}), "limits": self.map(at, {"cpu": self.s(lc, at), "memory": self.s(lm, at)})})
            c.resources, c.resources_span = res, at
        elif res is not None and res.kind == "map":
            c.resources = res
            c.resources_span = self.key(f"{role}.resources")
        sec = self.at(f"{role}.containerSecurityContext")
        c.security = sec if sec is not None and sec.kind == "map" and _on(sec.get("enabled")) else None
        return c

    def workload(self, role: str, name: str, count: YNode | None, headless: str) -> K8sWorkload:
        wl = K8sWorkload(kind="StatefulSet", name=name, namespace=self.ns, namespace_written=True, span=self.key(role), file=self.file)
        n = _text(count)
        wl.replicas = int(n) if n is not None and n.isdigit() else 1 if count is None else None
        wl.replicas_span = count.span if count is not None else None
        wl.service_name = headless
        wl.labels = {**self.labels, "app.kubernetes.io/component": role}
        aff, preset = self.at(f"{role}.affinity"), _text(self.at(f"{role}.podAntiAffinityPreset"))
        spread = self.at(f"{role}.topologySpreadConstraints")
        custom = aff is not None and aff.kind == "map" and bool(aff.pairs)
        wl.anti_affinity = (custom and aff is not None and aff.get("podAntiAffinity") is not None) or preset in ("soft", "hard") or (
            spread is not None and spread.kind == "seq" and bool(spread.items)
        )
        if wl.anti_affinity:
            wl.affinity_span = self.key(f"{role}.affinity" if custom else f"{role}.podAntiAffinityPreset")
        pod = self.at(f"{role}.podSecurityContext")
        wl.pod_security = pod if pod is not None and pod.kind == "map" and _on(pod.get("enabled")) else None
        return wl

    def data_mounts(self, role: str, wl: K8sWorkload, conf_dir: str, mounted: str, conf_key: str, files: tuple[str, ...]) -> list[K8sMount]:
        """The data volume, and the config the start script copies from the ConfigMap to a writable
        directory (an init step here)."""
        pp = "persistence" if self.cluster else f"{role}.persistence"
        pers = self.key(f"{pp}.enabled")
        path = _text(self.at(f"{pp}.path")) or "/data"
        if _on(self.at(f"{pp}.enabled")):
            claim = _text(self.at(f"{pp}.existingClaim"))
            if claim:
                wl.volumes["redis-data"] = ("persistentVolumeClaim", claim, pers)
            else:
                wl.claim_templates["redis-data"] = pers
        else:
            wl.volumes["redis-data"] = ("emptyDir", None, pers)
        cm = _text(self.at("existingConfigmap")) or f"{self.full}-configuration"
        wl.volumes.setdefault("config", ("configMap", cm, self.key("commonConfiguration")))
        wl.volumes.setdefault(f"{conf_key}-tmp-conf", ("emptyDir", None, self.key(role)))
        cfg = self.key("commonConfiguration")
        init = K8sContainer(name="copy-config", span=self.key(role), node=self.v)
        init.command = self.s(" && ".join(f"cp {mounted}/{f} {conf_dir}/{f}" for f in files), cfg)
        init.mounts = [K8sMount(name="config", path=mounted, span=cfg, read_only=True), K8sMount(name=f"{conf_key}-tmp-conf", path=conf_dir, span=cfg)]
        wl.init_containers.append(init)
        return [K8sMount(name="redis-data", path=path, span=pers), K8sMount(name=f"{conf_key}-tmp-conf", path=conf_dir, span=cfg)]

    def configmap(self) -> None:
        if _text(self.at("existingConfigmap")) or any(o.kind == "ConfigMap" for o in self.out.objects):
            return
        conf = self.at("commonConfiguration")
        node = conf if conf is not None and conf.kind == "scalar" else self.s("", self.key("commonConfiguration"))
        o = self.obj("ConfigMap", f"{self.full}-configuration", {}, self.key("commonConfiguration"))
        o.data["redis.conf"] = node

    def role_conf(self, role: str) -> None:
        """``<role>.configuration`` as the ConfigMap's ``<role>.conf``, and the start script's
        ``--include redis.conf --include <role>.conf`` as a file that includes both."""
        o = next((o for o in self.out.objects if o.kind == "ConfigMap"), None)
        if o is None:
            return  # existingConfigmap: made at deploy time
        conf = self.at(f"{role}.configuration")
        o.data[f"{role}.conf"] = conf if conf is not None and conf.kind == "scalar" else self.s("", self.key(f"{role}.configuration"))
        o.data[f"start-{role}.conf"] = self.s(f"include {CONF_DIR}/redis.conf\ninclude {CONF_DIR}/{role}.conf\n", self.key("commonConfiguration"))

    def server(self, role: str, name: str, count: YNode | None, headless: str, primary: str | None) -> None:
        self.configmap()
        self.role_conf(role)
        wl = self.workload(role, name, count, headless)
        args, env = self.server_args(role, primary)
        mounts = self.data_mounts(role, wl, CONF_DIR, MOUNTED, "redis", ("redis.conf", f"{role}.conf", f"start-{role}.conf"))
        wl.containers.append(self.container(role, "redis", args, env, "image", mounts))
        if _on(self.at("metrics.enabled")):
            exporter = self.container("metrics", "metrics", [], env, "metrics.image", [])
            exporter.command = None  # the exporter image's own entrypoint
            wl.containers.append(exporter)
        self.out.workloads.append(wl)

    def cluster_manifests(self) -> Manifests:
        """The redis-cluster chart: one StatefulSet of ``cluster.nodes`` pods, each a cluster node
        that the bitnami image's run script starts on the chart's default config
        (``redis.defaultConfigOverride``, else the image's) plus ``redis.configmap``, with
        ``cluster-enabled yes``, AOF from ``redis.useAOFPersistence``, the password and TLS from
        the values."""
        self.cluster = True
        headless = f"{self.full}-headless"
        self.service(headless, self.labels, None, headless=True)
        self.service(self.full, self.labels, "service.type")
        if _on(self.at("cluster.externalAccess.enabled")):
            self.external_access()
        o = self.obj("ConfigMap", f"{self.full}-configuration", {}, self.key("redis.configmap"))
        for key, path in (("redis-default.conf", "redis.defaultConfigOverride"), ("redis.conf", "redis.configmap")):
            conf = self.at(path)
            o.data[key] = conf if conf is not None and conf.kind == "scalar" else self.s("", self.key(path))
        o.data["start.conf"] = self.s(f"include {CONF_DIR}/redis-default.conf\ninclude {CONF_DIR}/redis.conf\n", self.key("redis.configmap"))
        wl = self.workload("redis", self.full, self.at("cluster.nodes"), headless)
        wl.labels = dict(self.labels)
        pod = self.at("podSecurityContext")
        wl.pod_security = pod if pod is not None and pod.kind == "map" and _on(pod.get("enabled")) else None
        port = self.at("redis.containerPorts.redis")
        port_span = port.span if port is not None else self.key("redis.containerPorts.redis")
        args: list[tuple[str, Span]] = [("redis-server", self.key("redis")), (f"{CONF_DIR}/start.conf", self.key("redis.configmap"))]
        if _on(self.at("tls.enabled")):
            tls = self.key("tls.enabled")
            args += [("--port", tls), ("0", tls), ("--tls-port", port_span), (_text(port) or "6379", port_span), ("--tls-cluster", tls), ("yes", tls), ("--tls-replication", tls), ("yes", tls)]
            for opt, name in (("--tls-cert-file", "certFilename"), ("--tls-key-file", "certKeyFilename"), ("--tls-ca-cert-file", "certCAFilename")):
                args += [(opt, tls), (f"/opt/bitnami/redis/certs/{_text(self.at(f'tls.{name}')) or name}", self.key(f"tls.{name}"))]
            args += [("--tls-auth-clients", self.key("tls.authClients")), ("yes" if _on(self.at("tls.authClients")) else "no", self.key("tls.authClients"))]
        else:
            args += [("--port", port_span), (_text(port) or "6379", port_span)]
        env, opts = self.password_env("redis")
        args += opts
        aof = self.at("redis.useAOFPersistence")
        data = _text(self.at("persistence.path")) or "/bitnami/redis/data"
        args += [("--cluster-enabled", self.key("cluster")), ("yes", self.key("cluster")), ("--cluster-config-file", self.key("cluster")), (f"{data}/nodes.conf", self.key("cluster"))]
        args += [("--appendonly", self.key("redis.useAOFPersistence")), ("yes" if (_text(aof) or "yes") == "yes" else "no", self.key("redis.useAOFPersistence"))]
        args += [("--dir", self.key("persistence.path")), (data, self.key("persistence.path"))]
        mounts = self.data_mounts("redis", wl, CONF_DIR, MOUNTED, "redis", ("redis-default.conf", "redis.conf", "start.conf"))
        c = self.container("redis", "redis-cluster", args, env, "image", mounts)
        sec = self.at("containerSecurityContext")
        c.security = sec if sec is not None and sec.kind == "map" and _on(sec.get("enabled")) else None
        wl.containers.append(c)
        if _on(self.at("metrics.enabled")):
            exporter = self.container("metrics", "metrics", [], env, "metrics.image", [])
            exporter.command = None
            wl.containers.append(exporter)
        self.out.workloads.append(wl)
        self.hints["networkPolicy"] = self.key("networkPolicy.enabled")
        if _on(self.at("networkPolicy.enabled")):
            self.obj("NetworkPolicy", self.full, self.labels, self.key("networkPolicy.enabled"))
        self.hints["pdb"] = self.key("podDisruptionBudget")
        pdb = self.at("podDisruptionBudget")
        if pdb is not None and pdb.kind == "map" and pdb.pairs:
            self.obj("PodDisruptionBudget", self.full, self.labels, self.key("podDisruptionBudget"))
        return self.out

    def sentinel_group(self, headless: str) -> None:
        """``sentinel.enabled``: one StatefulSet ``<name>-node`` of ``replica.replicaCount`` pods,
        each a Redis server (the first the primary at install, the others its replicas) and a
        Sentinel whose sentinel.conf the chart writes from the ``sentinel.*`` values (its lines are
        reported at ``sentinel.quorum``) and copies to a writable directory."""
        name = f"{self.full}-node"
        self.server("replica", name, self.at("replica.replicaCount"), headless, None)
        wl = self.out.workloads[-1]
        self.service(self.full, {**self.labels, "app.kubernetes.io/component": "node"}, "sentinel.service.type")
        at = self.key("sentinel.quorum")
        master = _text(self.at("sentinel.masterSet")) or "mymaster"
        primary = f"{name}-0.{headless}.{self.ns}.svc.cluster.local"
        port = _text(self.at("sentinel.containerPorts.sentinel")) or "26379"
        lines = ['dir "/tmp"']
        if _on(self.at("tls.enabled")):
            certs = "/opt/bitnami/redis/certs"
            lines += [f"tls-port {port}", "port 0", "tls-replication yes", f"tls-auth-clients {'yes' if _on(self.at('tls.authClients')) else 'no'}"]
            for opt, key in (("tls-cert-file", "certFilename"), ("tls-key-file", "certKeyFilename"), ("tls-ca-cert-file", "certCAFilename")):
                lines.append(f"{opt} {certs}/{_text(self.at(f'tls.{key}')) or key}")
        else:
            lines.append(f"port {port}")
        lines.append(f"sentinel monitor {master} {primary} 6379 {_text(self.at('sentinel.quorum')) or '2'}")
        for opt, key in (("down-after-milliseconds", "downAfterMilliseconds"), ("failover-timeout", "failoverTimeout"), ("parallel-syncs", "parallelSyncs")):
            if _text(self.at(f"sentinel.{key}")):
                lines.append(f"sentinel {opt} {master} {_text(self.at(f'sentinel.{key}'))}")
        if _on(self.at("useHostnames")) or self.at("useHostnames") is None:
            lines += ["sentinel resolve-hostnames yes", "sentinel announce-hostnames yes"]
        env, _opts = self.password_env("sentinel")
        if env:
            lines.append(f"sentinel auth-pass {master} $(REDIS_PASSWORD)")
            if _on(self.at("auth.sentinel")):
                lines.append("requirepass $(REDIS_PASSWORD)")
        cm = next(o for o in self.out.objects if o.kind == "ConfigMap")
        files = ["sentinel.conf"]
        extra = self.at("sentinel.configuration")
        if extra is not None and extra.kind == "scalar" and extra.text.strip():
            # the chart renders sentinel.configuration into sentinel.conf: here its own key, included,
            # so that its lines keep their spans in the values file
            cm.data["sentinel-configuration.conf"] = extra
            files.append("sentinel-configuration.conf")
            lines.append(f"include {SENTINEL_DIR}/sentinel-configuration.conf")
        cm.data["sentinel.conf"] = self.s("\n".join(lines) + "\n", at)
        wl.volumes["sentinel-tmp-conf"] = ("emptyDir", None, self.key("sentinel"))
        init = K8sContainer(name="copy-sentinel-config", span=self.key("sentinel"), node=self.v)
        init.command = self.s(" && ".join(f"cp {SENTINEL_MOUNTED}/{f} {SENTINEL_DIR}/{f}" for f in files), at)
        init.mounts = [K8sMount(name="config", path=SENTINEL_MOUNTED, span=at, read_only=True), K8sMount(name="sentinel-tmp-conf", path=SENTINEL_DIR, span=at)]
        wl.init_containers.append(init)
        args = [("redis-sentinel", self.key("sentinel")), (f"{SENTINEL_DIR}/sentinel.conf", at)]
        mounts = [K8sMount(name="sentinel-tmp-conf", path=SENTINEL_DIR, span=at)]
        wl.containers.append(self.container("sentinel", "sentinel", args, env, "sentinel.image", mounts))


__all__ = ["Chart"]
