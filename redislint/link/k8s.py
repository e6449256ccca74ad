"""Link stage: Kubernetes manifests (platform ``kubernetes``).

The manifests of one folder (a kustomize base, a chart's rendered output, a ``k8s/`` folder) are one
stack. Each container of a workload's pod template that runs a Redis server or Sentinel (its
command and args, or a Redis/Valkey image's default) becomes a service of that stack, so that the
same link stage and rules apply to it: its command is ``command`` + ``args`` (``$(VAR)`` expanded as
the kubelet does), its environment ``env`` (a ``secretKeyRef`` to a Secret of the repository is that
Secret's value, written where the Secret writes it; to another Secret, a value set at deploy time),
its config file the ConfigMap key mounted at the path it loads (parsed with spans inside the block
scalar, as compose inline configs are), its probes its healthcheck, its resources, security context
and replicas its workload, its data directory's volume a PersistentVolumeClaim, a
``volumeClaimTemplate`` or an ``emptyDir``. Its pods answer to their DNS names
(``redis-0.redis-headless.ns.svc.cluster.local``, ``redis-headless``, the names of the Services
that select them, short and long), so replication and Sentinel groups form across pods. What only
Kubernetes has (Services exposing it, PDBs, NetworkPolicies, anti-affinity, probe timing) is
:class:`redislint.model.kubernetes.KubeWorkload`."""

from __future__ import annotations

import os
import posixpath
import re
from typing import TYPE_CHECKING

from redislint.discovery import Discovered
from redislint.link.clients import link_clients
from redislint.link.k8s_facts import fails_while_loading, hands_over
from redislint.link.k8s_objects import Objects, dns_names, selecting_objects
from redislint.link.k8s_secrets import json_passwords, link_committed_secrets
from redislint.link.operators import expand_operators
from redislint.link.shell import link_shell
from redislint.model.compose import EnvVar, Healthcheck, Mount, Port, SecretRef, Service, Stack, TopLevel
from redislint.model.image import parse_image
from redislint.model.kubernetes import KubeProbe, KubeWorkload
from redislint.model.project import InputFile, LoadProblem, RedisNode
from redislint.model.span import Span
from redislint.model.values import Origin, Value
from redislint.model.workload import Workload
from redislint.parsers import interpolate as ip
from redislint.parsers.compose_load import ComposeLoader
from redislint.parsers.compose_values import Piece
from redislint.parsers.k8s import (
    K8sContainer,
    K8sEnv,
    K8sObject,
    K8sWorkload,
    Manifests,
    parse_manifests,
    probe_timing,
    resource,
)
from redislint.parsers.redis_conf import parse_conf
from redislint.parsers.shell import split_words
from redislint.parsers.yaml_tree import YNode
from redislint.secrets.collect import Secrets, collect_directives
from redislint.secrets.names import is_secret_name
from redislint.units import parse_kube_quantity

if TYPE_CHECKING:
    from redislint.link.roles import Linker

MAX_MANIFEST = 2_000_000
MAX_EXPANDED = 100_000
"""Characters an argument may grow to by ``$(VAR)`` replacement; a variable past it is unknown."""
_SERVER_WORD = re.compile(r"\b(?:redis|valkey|keydb)-(?:server|sentinel)\b|redis-stack-server")
_KUBE_VAR = re.compile(r"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)")
_CP = re.compile(r"\bcp\s+(?:-[a-zA-Z]+\s+)*(\S+)\s+(\S+)")


def link_kubernetes(linker: Linker, found: Discovered) -> None:
    """A stack of platform ``kubernetes`` per folder of manifests that runs Redis."""
    project, store = linker.project, linker.store
    folders: dict[str, list[Manifests]] = {}
    for path in found.kubernetes:
        if (store.size(path) or MAX_MANIFEST) >= MAX_MANIFEST:
            continue
        text = store.read(path)
        if text is None:
            continue
        m = parse_manifests(path, text)
        expand_operators(m)
        project.files.setdefault(path, InputFile(path=path, kind="kubernetes", text=text))
        for span, message in m.problems:
            project.problems.append(LoadProblem(span=span, message=message))
            linker.found_secrets.add_lines(path, 1, 1_000_000_000)
        register_secrets(linker, m)
        folders.setdefault(os.path.dirname(path), []).append(m)
    for folder, manifests in folders.items():
        stack = build_stack(linker, folder, manifests)
        if any(s.role in ("redis", "sentinel", "cluster-node") for s in stack.services.values()):
            project.stacks.append(stack)


def register_secrets(linker: Linker, m: Manifests) -> None:
    """Every value of every Secret is a secret: masked wherever it is printed, its lines never shown."""
    for obj in m.objects:
        if obj.kind != "Secret":
            continue
        for key, node in obj.data.items():
            text = obj.decoded.get(key)
            linker.found_secrets.add_text(text)
            linker.found_secrets.add_text(node.text)
            linker.found_secrets.add_lines(node.span.file, node.span.start_line, node.span.end_line)
            for password in json_passwords(text or ""):  # an operator's user spec: its passwords alone too
                linker.found_secrets.add_text(password)
            if text is not None and len(text) < MAX_MANIFEST and len(text.split(None, 1)) > 1:
                # a file (a redis.conf, an ACL file): its passwords are secrets on their own too
                probe = Secrets()
                collect_directives(probe, parse_conf(node.span.file, text).directives)
                linker.found_secrets.values.update(probe.values)


def build_stack(linker: Linker, folder: str, manifests: list[Manifests]) -> Stack:
    """The ``kubernetes`` stack of ``folder``'s manifests (also the objects a Helm release builds,
    :mod:`redislint.link.helm`): its services, volumes, Secrets and Kubernetes facts."""
    root = linker.project.root
    rel = os.path.relpath(folder, root) if root else folder
    stack = Stack(name=f"k8s:{rel.replace(os.sep, '/')}", dir=folder, files=[m.file for m in manifests], platform="kubernetes")
    objects = Objects(manifests)
    loader = ComposeLoader(linker.store, {})
    redis_files = {m.file for m in manifests if m.operators}
    read: set[tuple[str, str]] = set()
    for m in manifests:
        for wl in m.workloads:
            servers = [c for c in wl.containers if _may_run_redis(c)]
            for c in servers:
                svc = _service(linker, stack, wl, c, objects, several=len(wl.containers) > 1)
                stack.services[svc.name] = svc
                svc.stack = stack
                link_clients(svc)
                link_shell(svc)
                linker._link_service(stack, svc, loader)
                if svc.role == "other":
                    del stack.services[svc.name]
                else:
                    redis_files.add(wl.file)
                    read.update(_secrets_read(wl, c))
                    ran = [n for n in (*linker.project.nodes[-1:], *linker.project.sentinels[-1:]) if n.service is svc]
                    link_conf_source(svc, ran[0] if ran else None)
    linker._inline_configs.extend((top, loader) for top in stack.configs.values() if top.content is not None)
    link_committed_secrets(stack, manifests, redis_files, read)
    return stack


def _secrets_read(wl: K8sWorkload, c: K8sContainer) -> set[tuple[str, str]]:
    """The (namespace, name) of the Secrets container ``c`` of ``wl`` reads: env, envFrom, volumes."""
    names = {e.secret[0] for e in c.env if e.secret is not None}
    names |= {ref for kind, ref in c.env_from if kind == "secretRef"}
    mounted = {m.name for m in c.mounts}
    names |= {ref for v, (source, ref, _) in wl.volumes.items() if source == "secret" and ref is not None and v in mounted}
    return {(wl.namespace, n) for n in names}


def _may_run_redis(c: K8sContainer) -> bool:
    image = parse_image(c.image.text) if c.image is not None else None
    if image is not None and image.product in ("redis", "valkey", "keydb", "exporter"):
        return True
    words = " ".join(n.text for n in (c.command, c.args) if n is not None for n in ([n] if n.kind == "scalar" else n.items) if n.kind == "scalar")
    return bool(_SERVER_WORD.search(words))


def _service(linker: Linker, stack: Stack, wl: K8sWorkload, c: K8sContainer, objects: Objects, several: bool) -> Service:
    name = f"{wl.name}/{c.name}" if several else wl.name
    svc = Service(name=name, span=c.span, file=wl.file, project_dir=os.path.dirname(wl.file), platform="kubernetes")
    svc.image = _value(c.image) if c.image is not None else None
    env_text: dict[str, str | None] = {}
    for e in c.env:
        var = _env(e.name, e, objects, wl.namespace)
        svc.environment[e.name] = var
        if e.value is not None and e.value.kind == "scalar" and var.value is not None and is_secret_name(e.name):
            # masked where it is written, in its source form too ("\x50w\"d" is the text 'Pw"d')
            linker.found_secrets.add_value(var.value)
        env_text[e.name] = var.value.text if var.value is not None else None
    for kind, ref in c.env_from:
        obj = objects.get("Secret" if kind == "secretRef" else "ConfigMap", wl.namespace, ref)
        for key, node in (obj.data.items() if obj is not None else ()):
            text = obj.decoded.get(key) if obj is not None and obj.kind == "Secret" else node.text
            svc.environment.setdefault(key, EnvVar(name=key, value=Value(text=text, span=node.span, raw=node.text), span=node.span))
    entry = _pieces(c.command, svc.environment)
    cmd = _pieces(c.args, svc.environment)
    linker.kube_argv[svc] = (entry, cmd)
    if c.command is not None:
        svc.entrypoint = tuple(p.to_value() for p in entry or [])
        svc.entrypoint_span = c.command.span
    if c.args is not None:
        svc.command = tuple(p.to_value() for p in cmd or [])
        svc.command_span = c.args.span
    svc.workload, kube = _workload(wl, c)
    svc.kube = kube
    _mounts(svc, stack, wl, c, objects)
    if entry and hands_over(svc, stack, entry[0].text):
        linker.kube_argv[svc] = (entry[1:], cmd)  # a wrapper script that ends with exec "$@"
    svc.healthcheck = _healthcheck(c, kube)
    svc.memory_limit, svc.memory_limit_span = _memory(resource(c.resources, "limits", "memory"))
    sec = c.security
    run_as = sec.get("runAsUser") if sec is not None else None
    pod_sec = wl.pod_security if wl.pod_security is not None and wl.pod_security.kind == "map" else None
    run_as = run_as if run_as is not None else pod_sec.get("runAsUser") if pod_sec is not None else None
    if run_as is not None and run_as.kind == "scalar":
        svc.user = _value(run_as)
    svc.read_only = sec is not None and (_scalar(sec.get("readOnlyRootFilesystem")) or "").lower() == "true"
    if wl.host_network is not None and (_scalar(wl.host_network) or "").lower() == "true":
        svc.network_mode = _value(wl.host_network)
    elif several and svc.image is not None and parse_image(svc.image.text or "").product == "exporter":
        # the containers of a pod share its network: an exporter's localhost is the pod's Redis
        svc.network_mode = Value(text=f"container:{wl.name}", span=c.span, raw="")
    svc.ports = [Port(span=sp, host_port=str(hp), container_port=str(cp)) for cp, hp, sp in c.host_ports]
    svc.hostname = f"{wl.name}-0" if wl.kind == "StatefulSet" else None
    svc.networks = {"kubernetes": dns_names(wl, objects)}
    for sel in selecting_objects(wl, objects):
        (kube.services if sel.kind == "Service" else kube.pdbs if sel.kind == "PodDisruptionBudget" else kube.network_policies).append(sel)
    return svc


def _scalar(node: YNode | None) -> str | None:
    return node.text if node is not None and node.kind == "scalar" and not node.is_null else None


def _value(node: YNode) -> Value:
    return Value(text=node.text, span=node.span, raw=node.text)


def _env(name: str, e: K8sEnv, objects: Objects, namespace: str) -> EnvVar:
    if e.value is not None and e.value.kind == "scalar":
        return EnvVar(name=name, value=_value(e.value), span=e.span)
    ref = e.secret or e.config_map
    if ref is not None:
        obj = objects.get("Secret" if e.secret is not None else "ConfigMap", namespace, ref[0])
        node = obj.data.get(ref[1]) if obj is not None else None
        if obj is not None and node is not None:
            text = obj.decoded.get(ref[1]) if obj.kind == "Secret" else node.text
            return EnvVar(name=name, value=Value(text=text, span=node.span, raw=node.text), span=e.span)
    # a Secret or ConfigMap made at deploy time (or by the kubelet): set then, unknown here
    return EnvVar(name=name, value=Value(text=None, span=e.span, raw="", origin=Origin.REQUIRED), span=e.span)


def _pieces(node: YNode | None, env: dict[str, EnvVar]) -> list[Piece] | None:
    """``command`` or ``args`` as argv pieces, each ``$(VAR)`` of a container variable replaced as
    the kubelet replaces it (an unknown value stays unknown); nothing else is interpolated (a
    shell's ``$VAR`` is the shell's)."""
    if node is None or node.is_null:
        return None
    items = node.items if node.kind == "seq" else [node] if node.kind == "scalar" else []
    out: list[Piece] = []
    for it in items:
        if it.kind != "scalar":
            continue
        text, raw, kinds = "", [], []
        at = 0
        for m in _KUBE_VAR.finditer(it.text):
            var = env.get(m.group(1))
            if var is None:
                continue
            seg = it.text[at:m.start()]
            text += seg
            raw += list(range(at, m.start()))
            kinds += [ip.LIT] * len(seg)
            known = var.value.text if var.value is not None else None
            if known is not None and len(text) + len(known) > MAX_EXPANDED:
                known = None  # '$(A)' * 100,000 of a 400 KB A: 40 GB of argv; unknown past the limit
            rep = known if known is not None else ip.UNKNOWN
            text += rep
            raw += [m.start()] * len(rep)
            kinds += [ip.VAR if known is not None else ip.UNK] * len(rep)
            at = m.end()
        text += it.text[at:]
        raw += list(range(at, len(it.text)))
        kinds += [ip.LIT] * (len(it.text) - at)
        out.append(Piece(text, raw, kinds, it))  # an escaped $$(VAR) is left as written
    if node.kind == "scalar" and out:
        whole = out[0]
        return [whole.sub(w.pos, quoted=w.quoted) for w in split_words(whole.text, shell=False)]
    return out


def _mounts(svc: Service, stack: Stack, wl: K8sWorkload, c: K8sContainer, objects: Objects) -> None:
    """The container's volume mounts as mounts, and every ConfigMap or Secret key it sees as a file
    as a config of the stack (its text the key's block scalar)."""
    for vm in c.mounts:
        if vm.name in wl.claim_templates:
            # a claim template makes one claim per pod (<template>-<statefulset>-<ordinal>): never shared
            svc.volumes.append(Mount(span=vm.span, type="volume", source=f"{vm.name}-{wl.name}", target=vm.path, read_only=vm.read_only, per_replica=True))
            continue
        source, detail, _sp = wl.volumes.get(vm.name, ("unknown", None, vm.span))
        kind = {"persistentVolumeClaim": "volume", "emptyDir": "emptydir", "emptyDir-memory": "tmpfs", "configMap": "configmap", "secret": "secret", "hostPath": "bind"}.get(source, "volume")
        ro = vm.read_only or kind in ("configmap", "secret")
        svc.volumes.append(Mount(span=vm.span, type=kind, source=detail or vm.name, target=vm.path, read_only=ro))  # type: ignore[arg-type]
        if kind not in ("configmap", "secret"):
            continue
        obj = objects.get("ConfigMap" if kind == "configmap" else "Secret", wl.namespace, detail or "")
        keys = list(obj.data) if obj is not None else []
        for key in keys if vm.sub_path is None else [vm.sub_path]:
            target = vm.path if vm.sub_path is not None else posixpath.join(vm.path, key)
            ref = f"{source}:{detail}/{key}"
            node = _file(obj, key)
            stack.configs.setdefault(ref, TopLevel(name=ref, span=node.span if node is not None else vm.span, content=node))
            svc.configs.append(SecretRef(name=ref, target=target, span=vm.span))
    _init_copies(svc, stack, wl, c, objects)


def _init_copies(svc: Service, stack: Stack, wl: K8sWorkload, c: K8sContainer, objects: Objects) -> None:
    """An init container that copies a ConfigMap's file to a volume the server shares
    (``cp /readonly/sentinel.conf /data/sentinel.conf``): the server's copy holds that file's text
    at first; what else the init step writes into it is unknown."""
    shared = {m.name: m.path for m in c.mounts}
    for init in wl.init_containers:
        words = " ".join(n.text for n in (init.command, init.args) if n is not None for n in ([n] if n.kind == "scalar" else n.items) if n.kind == "scalar")
        for m in _CP.finditer(words):
            src, dst = posixpath.normpath(m.group(1).strip("'\"")), m.group(2).strip("'\";")
            src_mount = next((vm for vm in init.mounts if src.startswith(vm.path.rstrip("/") + "/") or src == vm.path), None)
            dst_mount = next((vm for vm in init.mounts if vm.name in shared and (dst.startswith(vm.path.rstrip("/") + "/") or dst == vm.path)), None)
            if src_mount is None or dst_mount is None:
                continue
            source, detail, _sp = wl.volumes.get(src_mount.name, ("", None, init.span))
            if source not in ("configMap", "secret"):
                continue
            key = src_mount.sub_path or posixpath.relpath(src, src_mount.path)
            rel = posixpath.relpath(dst, dst_mount.path) if dst != dst_mount.path else ""
            target = posixpath.normpath(posixpath.join(shared[dst_mount.name], rel))
            if dst.endswith("/") or rel in ("", "."):
                target = posixpath.join(target, posixpath.basename(src))
            obj = objects.get("ConfigMap" if source == "configMap" else "Secret", wl.namespace, detail or "")
            node = _file(obj, key)
            ref = f"{COPY}{source}:{detail}/{key}"
            stack.configs.setdefault(ref, TopLevel(name=ref, span=node.span if node is not None else init.span, content=node))
            svc.configs.insert(0, SecretRef(name=ref, target=target, span=init.span))


def _file(obj: K8sObject | None, key: str) -> YNode | None:
    """The text a ConfigMap or Secret key gives the file it is mounted as: a Secret's ``data`` is
    base64, so its file is the decoded text (every span of it the value's; None when it does not
    decode), not the encoded one."""
    node = obj.data.get(key) if obj is not None else None
    if obj is None or node is None or obj.kind != "Secret" or obj.decoded.get(key) == node.text:
        return node
    text = obj.decoded.get(key)
    return None if text is None else YNode(span=node.span, kind="scalar", tag=node.tag, text=text)


COPY = "init-copy:"
"""The name prefix of a config an init container copies to a writable volume."""


def link_conf_source(svc: Service, node: RedisNode | None) -> None:
    """Where the config file the service's server (``node``) loads comes from, for the Kubernetes
    rules: a read-only ConfigMap or Secret mount, or an init container's copy on a writable volume."""
    kube = svc.kube
    inv = node.invocation if node is not None else None
    if kube is None or inv is None or not inv.conf_path:
        return
    cpath = posixpath.normpath(inv.conf_path)
    ref = next((r for r in svc.configs if posixpath.normpath(r.target) == cpath), None)
    if ref is not None and ref.name.startswith(COPY):
        kube.conf_copied = True
        return
    m = svc.mount_for(cpath)
    if m is not None and m.type in ("configmap", "secret"):
        kube.conf_from_configmap = m.span


def _workload(wl: K8sWorkload, c: K8sContainer) -> tuple[Workload, KubeWorkload]:
    sec = c.security
    caps = sec.get("capabilities") if sec is not None else None
    lim_mem, lim_cpu = resource(c.resources, "limits", "memory"), resource(c.resources, "limits", "cpu")
    req_mem = resource(c.resources, "requests", "memory")
    out = Workload(
        memory_limit_written=lim_mem is not None,
        cpu_limit_written=lim_cpu is not None,
        privileged=sec is not None and (_scalar(sec.get("privileged")) or "").lower() == "true",
        no_new_privileges=sec is not None and (_scalar(sec.get("allowPrivilegeEscalation")) or "").lower() == "false",
        cap_drop_written=caps is not None and caps.kind == "map" and caps.get("drop") is not None,
        restart_written=True,  # controllers and the kubelet (restartPolicy Always) restart it
        replicas=wl.replicas,
        placement_span=wl.affinity_span,
    )
    if out.privileged and sec is not None:
        key = sec.key_node("privileged")
        out.privileged_span = key.span if key is not None else None
    kube = KubeWorkload(
        kind=wl.kind,
        name=wl.name,
        namespace=wl.namespace,
        container=c.name,
        span=wl.span,
        replicas_span=wl.replicas_span,
        service_name=wl.service_name,
        resources_span=c.resources_span,
        anti_affinity=wl.anti_affinity,
        affinity_span=wl.affinity_span,
        memory_request_written=req_mem is not None,
    )
    kube.memory_request, kube.memory_request_span = _memory(req_mem)
    for kind, probe in c.probes.items():
        handler, delay, period, timeout, failures = probe_timing(probe)
        kube.probes.append(
            KubeProbe(kind=kind, span=c.probe_keys[kind], handler=handler, initial_delay=delay, period=period, timeout=timeout, failure_threshold=failures, fails_while_loading=fails_while_loading(probe))  # type: ignore[arg-type]
        )
    return out, kube


def _memory(node: YNode | None) -> tuple[int | None, Span | None]:
    if node is None or node.kind != "scalar":
        return None, None
    return parse_kube_quantity(node.text), node.span


def _healthcheck(c: K8sContainer, kube: KubeWorkload) -> Healthcheck | None:
    """The container's probes as a healthcheck: the first ``exec`` probe's command (readiness,
    liveness, startup), else any other probe as a check that runs no command."""
    for kind in ("readiness", "liveness", "startup"):
        probe = c.probes.get(kind)
        ex = probe.get("exec") if probe is not None else None
        cmd = ex.get("command") if ex is not None and ex.kind == "map" else None
        if cmd is not None and cmd.kind == "seq":
            return Healthcheck(span=c.probe_keys[kind], form="CMD", test=tuple(_value(i) for i in cmd.items if i.kind == "scalar"))
    if kube.probes:
        return Healthcheck(span=kube.probes[0].span, form="CMD", test=())
    return None
