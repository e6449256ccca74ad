"""Kubernetes manifests: every document of a multi-document YAML file (``kubectl`` manifests,
kustomize or ``helm template`` output), composed safely with spans (:mod:`.yaml_tree`), read into
the objects a Redis deployment is made of: workloads (StatefulSet, Deployment, DaemonSet,
ReplicaSet, Pod, and the pod template of a Job or CronJob) with their containers, ConfigMaps,
Secrets, Services, PodDisruptionBudgets, NetworkPolicies and PersistentVolumeClaims. The parser
says what the file says; which container runs Redis and what its configuration is, is decided by
:mod:`redislint.link.k8s`. A Secret's values are kept only as YAML nodes and decoded texts the link
stage registers as secrets: nothing here prints them."""

from __future__ import annotations

import base64
import binascii

from redislint.model.base import Struct, field
from redislint.model.span import Span
from redislint.parsers.k8s_operators import OperatorResource, operator_of, read_resource
from redislint.parsers.yaml_tree import YamlError, YNode, load_yaml_documents

WORKLOAD_KINDS = ("StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob")


class K8sMount(Struct):
    """A container's ``volumeMounts`` entry."""

    name: str
    path: str
    span: Span
    sub_path: str | None = None
    read_only: bool = False


class K8sEnv(Struct):
    """A container's ``env`` entry: a literal ``value`` or a ``valueFrom`` reference."""

    name: str
    span: Span
    value: YNode | None = None
    secret: tuple[str, str] | None = None
    """``valueFrom.secretKeyRef``: (Secret name, key)."""
    config_map: tuple[str, str] | None = None
    """``valueFrom.configMapKeyRef``: (ConfigMap name, key)."""
    other_ref: bool = False
    """``valueFrom.fieldRef`` / ``resourceFieldRef``: set by the kubelet."""


class K8sContainer(Struct):
    name: str
    span: Span
    """The container's ``name`` value (its mapping when it has none)."""
    node: YNode
    image: YNode | None = None
    command: YNode | None = None
    args: YNode | None = None
    env: list[K8sEnv] = field(default_factory=list)
    env_from: list[tuple[str, str]] = field(default_factory=list)
    """``envFrom``: (``secretRef`` or ``configMapRef``, name)."""
    mounts: list[K8sMount] = field(default_factory=list)
    host_ports: list[tuple[int, int, Span]] = field(default_factory=list)
    """(containerPort, hostPort, span) of ports published on the node's own address."""
    probes: dict[str, YNode] = field(default_factory=dict)
    """``liveness`` / ``readiness`` / ``startup`` -> the probe's mapping."""
    probe_keys: dict[str, Span] = field(default_factory=dict)
    resources: YNode | None = None
    resources_span: Span | None = None
    security: YNode | None = None


class K8sWorkload(Struct):
    kind: str
    name: str
    namespace: str
    namespace_written: bool
    span: Span
    file: str
    replicas: int | None = 1
    replicas_span: Span | None = None
    service_name: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    """The pod template's labels."""
    containers: list[K8sContainer] = field(default_factory=list)
    init_containers: list[K8sContainer] = field(default_factory=list)
    volumes: dict[str, tuple[str, str | None, Span]] = field(default_factory=dict)
    """Pod volume name -> (its source: ``persistentVolumeClaim``, ``emptyDir``, ``emptyDir-memory``,
    ``configMap``, ``secret``, ``hostPath``, ``projected``...; the object, claim or host path it
    names; where it is written)."""
    claim_templates: dict[str, Span] = field(default_factory=dict)
    """StatefulSet ``volumeClaimTemplates`` names."""
    anti_affinity: bool = False
    affinity_span: Span | None = None
    host_network: YNode | None = None
    pod_security: YNode | None = None


class K8sObject(Struct):
    """A ConfigMap, Secret, Service, PodDisruptionBudget, NetworkPolicy or PersistentVolumeClaim."""

    kind: str
    name: str
    namespace: str
    span: Span
    node: YNode
    data: dict[str, YNode] = field(default_factory=dict)
    """ConfigMap ``data``; Secret ``stringData`` and ``data`` (the YAML value nodes)."""
    decoded: dict[str, str | None] = field(default_factory=dict)
    """Secret: each key's text (``data`` base64-decoded; None when it does not decode)."""
    selector: dict[str, str] | None = None
    """Service ``selector``, PDB ``selector.matchLabels``, NetworkPolicy ``podSelector.matchLabels``
    (``{}``: every pod of the namespace; None: not written or not readable)."""


class Manifests(Struct):
    file: str
    workloads: list[K8sWorkload] = field(default_factory=list)
    objects: list[K8sObject] = field(default_factory=list)
    operators: list[OperatorResource] = field(default_factory=list)
    """Operators' custom resources (:mod:`.k8s_operators`), made into workloads at link time."""
    problems: list[tuple[Span, str]] = field(default_factory=list)


def _text(node: YNode | None) -> str | None:
    return node.text if node is not None and node.kind == "scalar" and not node.is_null else None


def _int(node: YNode | None) -> int | None:
    t = _text(node)
    try:
        return int(t) if t is not None else None
    except ValueError:
        return None


def _true(node: YNode | None) -> bool:
    return (_text(node) or "").lower() == "true"


def _labels(node: YNode | None) -> dict[str, str] | None:
    if node is None or node.is_null:
        return None
    if node.kind != "map":
        return None
    return {k.text: v.text for k, v in node.pairs if v.kind == "scalar"}


def _items(node: YNode | None) -> list[YNode]:
    return [i for i in node.items if i.kind == "map"] if node is not None and node.kind == "seq" else []


def parse_manifests(path: str, text: str) -> Manifests:
    """Every object of a manifest file; a file that is not valid YAML gives one problem."""
    out = Manifests(file=path)
    try:
        docs = load_yaml_documents(path, text)
    except YamlError as exc:
        out.problems.append((Span.point(path, exc.line, exc.col), exc.message))
        return out
    for doc in docs:
        if doc.kind != "map":
            continue
        if _text(doc.get("kind")) == "List":
            for item in _items(doc.get("items")):
                _document(item, out)
        else:
            _document(doc, out)
    return out


def _document(doc: YNode, out: Manifests) -> None:
    kind = _text(doc.get("kind"))
    meta = doc.get("metadata")
    name_node = meta.get("name") if meta is not None and meta.kind == "map" else None
    ns_node = meta.get("namespace") if meta is not None and meta.kind == "map" else None
    if kind is None:
        return
    name = _text(name_node) or ""
    namespace = _text(ns_node) or "default"
    span = name_node.span if name_node is not None else doc.span
    spec = doc.get("spec")
    if kind in WORKLOAD_KINDS:
        wl = _workload(kind, name, namespace, ns_node is not None, span, out.file, spec)
        if wl is not None:
            out.workloads.append(wl)
        return
    operator = operator_of(_text(doc.get("apiVersion")), kind)
    if operator is not None:
        out.operators.append(read_resource(doc, operator, kind, name, namespace, ns_node is not None, span, out.file))
        return
    if kind not in ("ConfigMap", "Secret", "Service", "PodDisruptionBudget", "NetworkPolicy", "PersistentVolumeClaim"):
        return
    obj = K8sObject(kind=kind, name=name, namespace=namespace, span=span, node=doc)
    if kind == "ConfigMap":
        data = doc.get("data")
        if data is not None and data.kind == "map":
            obj.data = {k.text: v for k, v in data.pairs if v.kind == "scalar"}
    elif kind == "Secret":
        for key, encoded in (("stringData", False), ("data", True)):
            data = doc.get(key)
            if data is None or data.kind != "map":
                continue
            for k, v in data.pairs:
                if v.kind != "scalar" or k.text in obj.data:
                    continue
                obj.data[k.text] = v
                obj.decoded[k.text] = _b64(v.text) if encoded else v.text
    elif kind == "Service" and spec is not None and spec.kind == "map":
        obj.selector = _labels(spec.get("selector"))
    elif kind == "PodDisruptionBudget" and spec is not None and spec.kind == "map":
        sel = spec.get("selector")
        obj.selector = _labels(sel.get("matchLabels")) if sel is not None and sel.kind == "map" else None
        if sel is not None and sel.kind == "map" and sel.get("matchLabels") is None and sel.get("matchExpressions") is None:
            obj.selector = {}
    elif kind == "NetworkPolicy" and spec is not None and spec.kind == "map":
        sel = spec.get("podSelector")
        if sel is not None and sel.kind == "map":
            obj.selector = _labels(sel.get("matchLabels")) or ({} if sel.get("matchExpressions") is None else None)
    out.objects.append(obj)


def _b64(text: str) -> str | None:
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _workload(kind: str, name: str, namespace: str, ns_written: bool, span: Span, file: str, spec: YNode | None) -> K8sWorkload | None:
    if spec is None or spec.kind != "map":
        return None
    wl = K8sWorkload(kind=kind, name=name, namespace=namespace, namespace_written=ns_written, span=span, file=file)
    pod: YNode | None = spec
    if kind == "CronJob":
        job = spec.get("jobTemplate")
        spec = job.get("spec") if job is not None and job.kind == "map" else None
        if spec is None or spec.kind != "map":
            return None
    if kind != "Pod":
        tmpl = spec.get("template")
        if tmpl is None or tmpl.kind != "map":
            return None
        tmeta = tmpl.get("metadata")
        wl.labels = (_labels(tmeta.get("labels")) if tmeta is not None and tmeta.kind == "map" else None) or {}
        pod = tmpl.get("spec")
        rep = spec.get("replicas")
        if kind in ("StatefulSet", "Deployment", "ReplicaSet"):
            wl.replicas = 1 if rep is None else _int(rep)
            rkey = spec.key_node("replicas")
            wl.replicas_span = rkey.span if rkey is not None else None
        elif kind == "DaemonSet":
            wl.replicas = None  # one per node
        wl.service_name = _text(spec.get("serviceName"))
        for vct in _items(spec.get("volumeClaimTemplates")):
            vmeta = vct.get("metadata")
            vname = vmeta.get("name") if vmeta is not None and vmeta.kind == "map" else None
            if vname is not None and _text(vname):
                wl.claim_templates[vname.text] = vname.span
    if pod is None or pod.kind != "map":
        return None
    wl.containers = [_container(c) for c in _items(pod.get("containers"))]
    wl.init_containers = [_container(c) for c in _items(pod.get("initContainers"))]
    for vol in _items(pod.get("volumes")):
        vol_name = _text(vol.get("name"))
        if vol_name is None:
            continue
        source, detail = "other", None
        for key, sub in vol.pairs:
            if key.text == "name":
                continue
            source = key.text
            if key.text == "persistentVolumeClaim" and sub.kind == "map":
                detail = _text(sub.get("claimName"))
            elif key.text in ("configMap",) and sub.kind == "map":
                detail = _text(sub.get("name"))
            elif key.text == "secret" and sub.kind == "map":
                detail = _text(sub.get("secretName"))
            elif key.text == "hostPath" and sub.kind == "map":
                detail = _text(sub.get("path"))
            elif key.text == "emptyDir" and sub.kind == "map" and (_text(sub.get("medium")) or "") == "Memory":
                source = "emptyDir-memory"
        wl.volumes[vol_name] = (source, detail, vol.span)
    aff = pod.get("affinity")
    anti = aff.get("podAntiAffinity") if aff is not None and aff.kind == "map" else None
    spread = pod.get("topologySpreadConstraints")
    wl.anti_affinity = (anti is not None and anti.kind == "map" and bool(anti.pairs)) or bool(_items(spread))
    where = pod.key_node("affinity") if anti is not None else pod.key_node("topologySpreadConstraints")
    wl.affinity_span = where.span if where is not None and wl.anti_affinity else None
    wl.host_network = pod.get("hostNetwork")
    wl.pod_security = pod.get("securityContext")
    return wl


def _container(c: YNode) -> K8sContainer:
    name_node = c.get("name")
    out = K8sContainer(name=_text(name_node) or "", span=name_node.span if name_node is not None else c.span, node=c)
    out.image = c.get("image") if _text(c.get("image")) is not None else None
    out.command = c.get("command")
    out.args = c.get("args")
    for e in _items(c.get("env")):
        ename = _text(e.get("name"))
        if ename is None:
            continue
        env = K8sEnv(name=ename, span=e.span, value=e.get("value"))
        vf = e.get("valueFrom")
        if vf is not None and vf.kind == "map":
            for key, attr in (("secretKeyRef", "secret"), ("configMapKeyRef", "config_map")):
                ref = vf.get(key)
                if ref is not None and ref.kind == "map":
                    setattr(env, attr, (_text(ref.get("name")) or "", _text(ref.get("key")) or ""))
            env.other_ref = env.secret is None and env.config_map is None
        out.env.append(env)
    for ef in _items(c.get("envFrom")):
        for key in ("secretRef", "configMapRef"):
            ref = ef.get(key)
            ref_name = _text(ref.get("name")) if ref is not None and ref.kind == "map" else None
            if ref_name:
                out.env_from.append((key, ref_name))
    for m in _items(c.get("volumeMounts")):
        mname, mpath = _text(m.get("name")), _text(m.get("mountPath"))
        if mname is None or mpath is None:
            continue
        out.mounts.append(K8sMount(name=mname, path=mpath, span=m.span, sub_path=_text(m.get("subPath")), read_only=_true(m.get("readOnly"))))
    for p in _items(c.get("ports")):
        cp, hp = _int(p.get("containerPort")), _int(p.get("hostPort"))
        if cp is not None and hp is not None:
            out.host_ports.append((cp, hp, p.span))
    for kind in ("liveness", "readiness", "startup"):
        probe = c.get(f"{kind}Probe")
        if probe is not None and probe.kind == "map":
            out.probes[kind] = probe
            out.probe_keys[kind] = _key_span(c, f"{kind}Probe")
    res = c.get("resources")
    if res is not None and res.kind == "map":
        out.resources = res
        out.resources_span = _key_span(c, "resources")
    sec = c.get("securityContext")
    out.security = sec if sec is not None and sec.kind == "map" else None
    return out


def _key_span(node: YNode, key: str) -> Span:
    k = node.key_node(key)
    return k.span if k is not None else node.span


def probe_timing(probe: YNode) -> tuple[str, int | None, int | None, int | None, int | None]:
    """(handler, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold) of a probe,
    with the kubelet's defaults (0, 10, 1, 3) for what is not written."""
    handler = next((k for k in ("exec", "tcpSocket", "httpGet", "grpc") if probe.get(k) is not None), "unknown")

    def num(key: str, default: int) -> int | None:
        node = probe.get(key)
        return default if node is None else _int(node)

    return handler, num("initialDelaySeconds", 0), num("periodSeconds", 10), num("timeoutSeconds", 1), num("failureThreshold", 3)


def resource(res: YNode | None, section: str, name: str) -> YNode | None:
    """``resources.<section>.<name>`` (``limits``/``requests``, ``memory``/``cpu``) as written."""
    sec = res.get(section) if res is not None and res.kind == "map" else None
    return sec.get(name) if sec is not None and sec.kind == "map" else None
