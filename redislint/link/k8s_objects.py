"""Link stage, Kubernetes: the objects of one folder's manifests by kind, namespace and name, and
which Services, PodDisruptionBudgets and NetworkPolicies select a workload's pods (matched once
per distinct selector, bounded for hostile manifests), with the DNS names those pods answer to.
Used by :mod:`redislint.link.k8s`."""

from __future__ import annotations

from redislint.model.kubernetes import KubeSelector
from redislint.parsers.k8s import K8sObject, K8sWorkload, Manifests
from redislint.parsers.yaml_tree import YNode

MAX_SELECTING = 64
"""Services (PDBs, NetworkPolicies) of one workload's pods that are linked: a real deployment has a
few; thousands selecting thousands of workloads (a hostile manifest) made the link stage quadratic
in time and in the names the pods answer to."""


class Objects:
    """The objects of a folder's manifests, by namespace and name."""

    def __init__(self, manifests: list[Manifests]) -> None:
        self.by_kind: dict[str, dict[tuple[str, str], K8sObject]] = {}
        for m in manifests:
            for o in m.objects:
                self.by_kind.setdefault(o.kind, {}).setdefault((o.namespace, o.name), o)
        # the objects that select pods, grouped by their selector and indexed by its first label,
        # computed once: matching is then per distinct selector a workload's labels could match
        self._groups: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[tuple[int, K8sObject, KubeSelector]]] = {}
        self._by_label: dict[tuple[str, str, tuple[str, str] | None], list[tuple[tuple[str, str], ...]]] = {}
        self._cache: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[tuple[K8sObject, KubeSelector]]] = {}
        for kind in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
            for index, o in enumerate(self.of(kind)):
                if o.selector is None or (not o.selector and kind != "NetworkPolicy"):
                    continue
                items = tuple(sorted(o.selector.items()))
                group = self._groups.setdefault((kind, o.namespace, items), [])
                if not group:
                    self._by_label.setdefault((kind, o.namespace, items[0] if items else None), []).append(items)
                group.append((index, o, _selector(o)))
        for group in self._groups.values():
            group.sort(key=lambda m: (m[2].type in ("ClusterIP", None), m[0]))  # those that expose the pods first

    def selecting(self, kind: str, namespace: str, labels: dict[str, str]) -> list[tuple[K8sObject, KubeSelector]]:
        """The objects of ``kind`` of the namespace whose selector matches ``labels``, in file order;
        at most :data:`MAX_SELECTING` (those that expose the pods outside the cluster first)."""
        key = (kind, namespace, tuple(sorted(labels.items())))
        if key in self._cache:
            return self._cache[key]
        candidates = [*self._by_label.get((kind, namespace, None), ()), *(i for pair in key[2] for i in self._by_label.get((kind, namespace, pair), ()))]
        groups = [self._groups[(kind, namespace, items)] for items in candidates if all(labels.get(k) == v for k, v in items)]
        if sum(len(g) for g in groups) <= MAX_SELECTING:
            chosen = sorted(m for g in groups for m in g)
        else:
            # the first MAX_SELECTING of each group (exposing ones first), then of all of them
            chosen = sorted((m for g in groups for m in g[:MAX_SELECTING]), key=lambda m: (m[2].type in ("ClusterIP", None), m[0]))[:MAX_SELECTING]
            chosen.sort()
        out = [(o, sel) for _i, o, sel in chosen]
        self._cache[key] = out
        return out

    def get(self, kind: str, namespace: str, name: str) -> K8sObject | None:
        return self.by_kind.get(kind, {}).get((namespace, name))

    def of(self, kind: str) -> list[K8sObject]:
        return list(self.by_kind.get(kind, {}).values())


def dns_names(wl: K8sWorkload, objects: Objects) -> list[str]:
    """The names the workload's pods answer to in the cluster: each StatefulSet pod's name under its
    governing Service, and every Service that selects them, short and qualified."""
    ns = wl.namespace
    names: list[str] = [wl.name]

    def qualified(base: str) -> list[str]:
        return [base, f"{base}.{ns}", f"{base}.{ns}.svc", f"{base}.{ns}.svc.cluster.local"]

    if wl.kind == "StatefulSet":
        count = wl.replicas if wl.replicas is not None and 0 < wl.replicas <= 100 else 1
        for i in range(count):
            pod = f"{wl.name}-{i}"
            names.append(pod)
            if wl.service_name:
                names.extend(qualified(f"{pod}.{wl.service_name}"))
    for svc, _sel in objects.selecting("Service", ns, wl.labels):
        names.extend(qualified(svc.name))
    return list(dict.fromkeys(names))


def selecting_objects(wl: K8sWorkload, objects: Objects) -> list[KubeSelector]:
    """The Services, PodDisruptionBudgets and NetworkPolicies of the namespace whose selector
    matches the pods' labels (an empty NetworkPolicy ``podSelector`` selects every pod)."""
    return [sel for kind in ("Service", "PodDisruptionBudget", "NetworkPolicy") for _o, sel in objects.selecting(kind, wl.namespace, wl.labels)]


def _selector(o: K8sObject) -> KubeSelector:
    spec = o.node.get("spec")
    if o.kind != "Service" or spec is None or spec.kind != "map":
        return KubeSelector(kind=o.kind, name=o.name, namespace=o.namespace, span=o.span)
    type_node = spec.get("type")
    ports: list[int] = []
    port_list = spec.get("ports")
    for p in port_list.items if port_list is not None and port_list.kind == "seq" else []:
        if p.kind != "map":
            continue
        target = _scalar(p.get("targetPort")) or _scalar(p.get("port"))
        if target is not None and target.isascii() and target.isdigit() and len(target) <= 5:
            ports.append(int(target))  # a named port ("redis") or no port number (5000 digits, "²") is no number
    return KubeSelector(
        kind="Service",
        name=o.name,
        namespace=o.namespace,
        span=o.span,
        type=_scalar(type_node) or "ClusterIP",
        type_span=type_node.span if type_node is not None else None,
        ports=tuple(ports),
        headless=(_scalar(spec.get("clusterIP")) or "") == "None",
        source_ranges=spec.get("loadBalancerSourceRanges") is not None,
    )


def _scalar(node: YNode | None) -> str | None:
    return node.text if node is not None and node.kind == "scalar" and not node.is_null else None
