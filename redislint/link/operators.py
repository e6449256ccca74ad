"""Link stage: Redis operators' custom resources (platform ``kubernetes``).

An OT-CONTAINER-KIT or Spotahome resource (:mod:`redislint.parsers.k8s_operators`) becomes the pod
templates the operator makes from it, as the workloads and objects :mod:`redislint.link.k8s` reads
from plain manifests, so that the same linking and rules apply: each part a StatefulSet or
Deployment whose container runs the operator's command on a config file the operator writes
(its default lines, from ``redislint/data/operator-defaults.yaml``, then the resource's own lines,
each with the span of the resource's line that causes it, inside ``customConfig`` items to the
character), the password from the named Secret (set at deploy time unless the Secret is in the
repository), the data volume from the claim template (an ``emptyDir`` where the operator uses one,
none for OT without storage), the PodDisruptionBudget and pod anti-affinity the operator makes, and
a Sentinel group monitoring the data pods."""

from __future__ import annotations

import functools
import posixpath
from typing import Any

import yaml

from redislint.datafiles import read_data
from redislint.model.span import Span
from redislint.parsers.k8s import K8sContainer, K8sEnv, K8sMount, K8sObject, K8sWorkload, Manifests
from redislint.parsers.k8s_operators import OperatorPart, OperatorResource
from redislint.parsers.yaml_tree import SourceText, YNode

_STR = "tag:yaml.org,2002:str"
_SOURCE_DIR = "/operator"


@functools.cache
def defaults() -> dict[str, Any]:
    """The operators' documented defaults (``redislint/data/operator-defaults.yaml``)."""
    data = yaml.safe_load(read_data("operator-defaults.yaml"))
    return data if isinstance(data, dict) else {}


class _Lines(SourceText):
    """Where each character of a config text the link stage writes comes from: a resource's
    scalar (an item of ``customConfig``: located inside it) or a fixed span (a default line: the
    resource line that makes the operator write it)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.text = ""
        self.segments: list[tuple[int, int, YNode | None, int, Span]] = []

    def add(self, text: str, span: Span, node: YNode | None = None, offset: int = 0) -> None:
        if "$" in text:  # the operator applies its lines as written: no variable is substituted
            head, _, tail = text.partition("$")
            self.add(head, span, node, offset)
            self._add("$$", span, node, offset + len(head))
            self.add(tail, span, node, offset + len(head) + 1)
            return
        self._add(text, span, node, offset)

    def _add(self, text: str, span: Span, node: YNode | None, offset: int) -> None:
        if not text:
            return
        start = len(self.text)
        self.text += text
        self.segments.append((start, len(self.text), node, offset, span))

    def line(self, text: str, span: Span) -> None:
        self.add(text, span)
        self.add("\n", span)

    def locate(self, node: YNode, start: int, end: int) -> Span:
        for a, b, item, offset, span in self.segments:
            if a <= start < b:
                if item is None:
                    return span
                return item.sub_span(offset + start - a, offset + min(end, b) - a)
        return node.span


def _scalar(text: str, span: Span) -> YNode:
    return YNode(span=span, kind="scalar", tag=_STR, text=text)


def _seq(words: list[tuple[str, Span]], span: Span) -> YNode:
    return YNode(span=span, kind="seq", items=[_scalar(w, sp) for w, sp in words])


def expand_operators(m: Manifests) -> None:
    """Add to ``m`` the workloads and objects the operators make from its custom resources."""
    for res in m.operators:
        for part in res.parts:
            _part(m, res, part)


def _part(m: Manifests, res: OperatorResource, part: OperatorPart) -> None:
    facts = defaults().get(res.operator, {})
    ot = res.operator == "ot-container-kit"
    sentinel = part.role == "sentinel"
    conf_name = "sentinel.conf" if sentinel else "redis.conf"
    conf_dir = posixpath.dirname(str(facts.get("server", ["", "/etc/redis/x"])[1]))
    labels = {"app.kubernetes.io/managed-by": f"operator:{res.name}", "app": part.name}
    wl = K8sWorkload(
        kind=part.controller,
        name=part.name,
        namespace=res.namespace,
        namespace_written=res.namespace_written,
        span=res.span,
        file=res.file,
        replicas=part.replicas,
        replicas_span=part.replicas_span,
        service_name=f"{part.name}-headless" if ot else part.name,
        labels=labels,
        anti_affinity=part.anti_affinity,
        affinity_span=part.affinity_span,
        pod_security=part.security,
    )
    argv = [str(w) for w in facts.get("sentinel" if sentinel else "server", [])]
    env: list[K8sEnv] = []
    password: tuple[Span, str] | None = None
    default_user = any(u.name.text == "default" and u.passwords for u in res.users)
    if not sentinel and (res.secret is not None or (res.auth_users is not None and not default_user)):
        # the entrypoint (OT) or the operator's ConfigMap (Spotahome) writes requirepass and masterauth
        password = (res.secret[2] if res.secret is not None else res.auth_users or res.span, "--requirepass {p} --masterauth {p}")
    elif sentinel and not ot and (res.secret is not None or res.auth_users is not None):
        # the operator gives the Sentinels the password at run time (SENTINEL SET mymaster auth-pass)
        password = (res.secret[2] if res.secret is not None else res.auth_users or res.span, "auth-pass mymaster {p}")
    if password is not None:
        sp, options = password
        if res.secret is not None:
            env.append(K8sEnv(name="REDIS_PASSWORD", span=sp, secret=(res.secret[0], res.secret[1])))
        else:
            env.append(K8sEnv(name="REDIS_PASSWORD", span=sp, other_ref=True))
        # read from the environment at run time, as the entrypoint does (so never a literal argument)
        script = "exec " + " ".join(argv) + " " + options.format(p='"$REDIS_PASSWORD"')
        command = _seq([("sh", res.kind_span), ("-c", res.kind_span), (script, sp)], res.kind_span)
    else:
        command = _seq([(w, res.kind_span) for w in argv], res.kind_span)
    if part.command is not None:
        command = part.command
    if not sentinel:
        seen: set[tuple[str, str]] = set()
        for u in res.users:
            if u.secret is not None and (u.secret[0], u.secret[1]) not in seen:
                seen.add((u.secret[0], u.secret[1]))
                # the operator reads this user from the Secret: given to the container as a variable,
                # so that a Secret committed with the password in it is judged like any other
                env.append(K8sEnv(name=f"REDIS_PASSWORD_OF_{u.name.text.upper()}", span=u.secret[2], secret=(u.secret[0], u.secret[1])))
    c = K8sContainer(name=part.role, span=res.span, node=YNode(span=res.span, kind="map"), image=part.image, command=command, env=env)
    c.resources, c.resources_span = part.resources, part.resources_span
    c.mounts.append(K8sMount(name="operator-config", path=conf_dir, span=res.kind_span))
    wl.volumes["operator-config"] = ("emptyDir", None, res.kind_span)
    wl.volumes["operator-source"] = ("configMap", f"operator:{part.name}", res.kind_span)
    if not sentinel:
        _data_volume(wl, c, res, part, facts)
    text = _conf_text(res, part, facts)
    cm = K8sObject(kind="ConfigMap", name=f"operator:{part.name}", namespace=res.namespace, span=res.kind_span, node=YNode(span=res.kind_span, kind="map"))
    cm.data[conf_name] = YNode(span=res.kind_span, kind="scalar", tag=_STR, text=text.text, source=text)
    m.objects.append(cm)
    init = K8sContainer(
        name="operator-config-copy",
        span=res.kind_span,
        node=YNode(span=res.kind_span, kind="map"),
        command=_seq([("cp", res.kind_span), (f"{_SOURCE_DIR}/{conf_name}", res.kind_span), (f"{conf_dir}/{conf_name}", res.kind_span)], res.kind_span),
        mounts=[K8sMount(name="operator-source", path=_SOURCE_DIR, span=res.kind_span), K8sMount(name="operator-config", path=conf_dir, span=res.kind_span)],
    )
    wl.init_containers.append(init)
    if ot and part.extra_config is not None and not sentinel:
        cm_name, sp = part.extra_config
        c.mounts.append(K8sMount(name="operator-external", path=str(facts.get("external")), span=sp))
        wl.volumes["operator-external"] = ("configMap", cm_name, sp)
    wl.containers.append(c)
    m.workloads.append(wl)
    if part.pdb is not None:
        m.objects.append(K8sObject(kind="PodDisruptionBudget", name=part.name, namespace=res.namespace, span=part.pdb, node=YNode(span=part.pdb, kind="map"), selector=dict(labels)))


def _data_volume(wl: K8sWorkload, c: K8sContainer, res: OperatorResource, part: OperatorPart, facts: dict[str, Any]) -> None:
    if part.claim is not None:
        claim, sp = part.claim
        wl.claim_templates[claim] = sp
        c.mounts.append(K8sMount(name=claim, path="/data", span=sp))
        if res.kind == "RedisCluster":  # statefulset.go: a node-conf claim in cluster mode with storage
            wl.claim_templates["node-conf"] = sp
            c.mounts.append(K8sMount(name="node-conf", path="/node-conf", span=sp))
    elif res.operator == "spotahome":
        wl.volumes["redis-data"] = ("emptyDir", None, res.kind_span)
        c.mounts.append(K8sMount(name="redis-data", path=str(facts.get("data", "/data")), span=res.kind_span))


def _conf_text(res: OperatorResource, part: OperatorPart, facts: dict[str, Any]) -> _Lines:
    out = _Lines(res.file)
    at = res.kind_span
    if part.role == "sentinel":
        _monitor(out, res, part, facts)
        for line in facts.get("sentinel-lines", []):
            out.line(str(line), at)
        for line in [] if part.config_lines or res.operator != "spotahome" else facts.get("sentinel-custom-default", []):
            out.line(f"sentinel {str(line).split(' ', 1)[0]} mymaster {str(line).split(' ', 1)[-1]}", at)
        for item in part.config_lines:  # SENTINEL SET mymaster <option> <value>
            first, sep, rest = item.text.partition(" ")
            out.add("sentinel ", item.span)
            out.add(first, item.span, item, 0)
            out.add(" mymaster" + (sep and " "), item.span)
            out.add(rest, item.span, item, len(first) + len(sep))
            out.add("\n", item.span)
        return out
    if res.operator == "spotahome":
        own = {i.text.split(" ", 1)[0].lower() for i in part.config_lines}
        for line in facts.get("redis-lines", []):
            if str(line).split(" ", 1)[0].lower() not in own:  # customConfig is applied after: it wins
                out.line(str(line), at)
        for line in [*facts.get("redis-dir", []), *([] if part.config_lines else facts.get("redis-custom-default", []))]:
            out.line(str(line), at)
    else:
        for line in facts.get("auth" if res.secret is not None else "no-auth", []):
            out.line(str(line), res.secret[2] if res.secret is not None else at)
        if res.kind == "RedisCluster":
            for line in facts.get("cluster", []):
                out.line(str(line), at)
        if part.claim is not None:
            for line in facts.get("persistence", []):
                out.line(str(line), part.claim[1])
        if res.tls is not None:
            for line in [*facts.get("tls", []), *(facts.get("tls-cluster", []) if res.kind == "RedisCluster" else [])]:
                out.line(str(line), res.tls)
        if part.extra_config is not None:
            out.line(f"include {facts.get('external')}/{facts.get('external-key')}", part.extra_config[1])
    for user in res.users if res.operator == "spotahome" else []:
        if not user.passwords:
            continue  # its passwords are in a Secret, read by the operator at run time
        out.add("user ", user.name.span)
        out.add(user.name.text, user.name.span, user.name, 0)
        out.add(" on", user.name.span)
        for pw in user.passwords:
            out.add(" >", pw.span)
            out.add(pw.text, pw.span, pw, 0)
        if user.name.text == "default":  # ACL SETUSER at run time keeps the default user's +@all
            out.add(" ~* +@all", user.name.span)
        if user.acl is not None and user.acl.text.strip():
            out.add(" ", user.acl.span)
            out.add(user.acl.text, user.acl.span, user.acl, 0)
        out.add("\n", user.name.span)
    for item in part.config_lines:
        out.add(item.text, item.span, item, 0)
        out.add("\n", item.span)
    return out


def _monitor(out: _Lines, res: OperatorResource, part: OperatorPart, facts: dict[str, Any]) -> None:
    """The monitored master: the operator gives each Sentinel its pod IP at run time; it is named
    here by its workload (with ``resolve-hostnames``, which stands for that) so the group forms."""
    if res.monitor is None:
        return
    target, quorum_node, sp = res.monitor
    out.line("sentinel resolve-hostnames yes", sp)
    out.line("sentinel announce-hostnames yes", sp)
    if res.operator == "spotahome":
        out.line(f"sentinel monitor mymaster {target} 6379 {(part.replicas or 0) // 2 + 1}", part.replicas_span or sp)
        return
    out.add(f"sentinel monitor mymaster {target} 6379 ", sp)
    if quorum_node is not None and quorum_node.kind == "scalar" and quorum_node.text.isdigit():
        out.add(quorum_node.text, quorum_node.span, quorum_node, 0)
    else:
        out.add(str(int(facts.get("sentinel-quorum", 2))), sp)
    out.add("\n", sp)
