"""Helm values of the bitnami ``redis`` and ``redis-cluster`` charts (and of charts that wrap them
as a dependency), read by meaning without rendering: which chart a values file is for, the values
themselves as a :class:`YNode` tree with spans, and Helm's merge of several values files
(``helm install -f values.yaml -f values-prod.yaml``: maps merged key by key, any other value
replaced, ``null`` deletes the key) over the chart's own defaults.

The defaults are the chart's ``values.yaml`` as published, kept in ``redislint/data``:
:data:`DEFAULTS` names the file and the chart version it comes from. A key that comes from the
defaults gets, in the merged tree, the span of the nearest key the user's files do write (its
parent, else the file's first line): a finding about a default points where the key belongs. The
link stage (:mod:`redislint.link.helm`) turns the merged values into the objects the chart renders."""

from __future__ import annotations

from redislint.datafiles import read_data
from redislint.model.span import Span
from redislint.parsers.yaml_tree import YamlError, YNode, load_yaml

REDIS, CLUSTER = "redis", "redis-cluster"

DEFAULTS: dict[str, tuple[str, str]] = {
    REDIS: ("helm-bitnami-redis-values.yaml", "bitnami/redis values.yaml of bitnami/charts@009bff74 (17.8/17.9, Redis 7.0.9)"),
    CLUSTER: ("helm-bitnami-redis-cluster-values.yaml", "bitnami/redis-cluster 9.0.8 values.yaml (bitnami/charts@00088675, Redis 7.2.1)"),
}
"""Chart -> (package data file holding its published ``values.yaml``, where it comes from)."""

PRESETS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "nano": (("100m", "128Mi"), ("150m", "192Mi")),
    "micro": (("250m", "256Mi"), ("375m", "384Mi")),
    "small": (("500m", "512Mi"), ("750m", "768Mi")),
    "medium": (("500m", "1024Mi"), ("750m", "1536Mi")),
    "large": (("1.0", "2048Mi"), ("1.5", "3072Mi")),
    "xlarge": (("1.0", "3072Mi"), ("3.0", "6144Mi")),
    "2xlarge": (("1.0", "3072Mi"), ("6.0", "12288Mi")),
}
"""``resourcesPreset`` of the bitnami charts (common library ``_resources.tpl``): (requests, limits)
as (cpu, memory); ``none`` (or an unknown name) sets nothing."""

_REDIS_KEYS = ("architecture", "auth", "sentinel", "commonConfiguration", "master", "replica")
_CLUSTER_KEYS = ("cluster", "usePassword", "redis", "persistence", "tls")
_defaults_cache: dict[str, YNode] = {}


def chart_of(root: YNode | None) -> str | None:
    """The chart a values mapping is for: ``redis`` when it has ``master`` or ``replica`` mappings
    and two more of the chart's own top-level keys (``architecture``, ``auth``, ``sentinel``,
    ``commonConfiguration``); ``redis-cluster`` when its ``cluster`` mapping sets ``nodes`` or
    ``replicas`` beside a ``redis`` mapping or ``usePassword``. Anything else (a compose file,
    manifests, a Prometheus config, another chart's values) is None."""
    if root is None or root.kind != "map" or root.get("apiVersion") is not None or root.get("services") is not None:
        return None
    keys = set(root.keys())
    maps = {k.text for k, v in root.pairs if v.kind == "map"}
    if maps & {"master", "replica"} and len(keys & set(_REDIS_KEYS)) >= 3:
        return REDIS
    cluster = root.get("cluster")
    sized = cluster is not None and cluster.kind == "map" and (cluster.get("nodes") is not None or cluster.get("replicas") is not None)
    if sized and ("redis" in maps or "usePassword" in keys):
        return CLUSTER
    return None


def chart_values(root: YNode | None, dependency: str | None = None) -> tuple[str, YNode] | None:
    """(chart, values mapping) of a values file: the file itself, or the mapping under the key of a
    wrapping chart's dependency (``redis:`` / ``redis-cluster:``, or ``dependency``, an alias)."""
    chart = chart_of(root)
    if chart is not None and root is not None:
        return chart, root
    if root is None or root.kind != "map":
        return None
    for key in (dependency, "redis", "redis-cluster"):
        sub = root.get(key) if key else None
        chart = chart_of(sub)
        if chart is not None and sub is not None:
            return chart, sub
    return None


def chart_dependency(chart_yaml: YNode | None) -> tuple[str, str | None] | None:
    """From a ``Chart.yaml``: (chart, None) when it is the bitnami redis / redis-cluster chart
    itself, (chart, values key) when it depends on one (the key is the dependency's ``alias`` or
    name); None otherwise."""
    if chart_yaml is None or chart_yaml.kind != "map":
        return None
    name = chart_yaml.get("name")
    if name is not None and name.text in (REDIS, CLUSTER):
        return name.text, None
    deps = chart_yaml.get("dependencies")
    for dep in deps.items if deps is not None and deps.kind == "seq" else []:
        dname = dep.get("name") if dep.kind == "map" else None
        if dname is not None and dname.text in (REDIS, CLUSTER):
            alias = dep.get("alias")
            return dname.text, alias.text if alias is not None and alias.kind == "scalar" and alias.text else dname.text
    return None


def load_values(path: str, text: str) -> YNode | None:
    """A values file's mapping (None when it is not a mapping). Raises :class:`YamlError`."""
    root = load_yaml(path, text)
    return root if root is not None and root.kind == "map" else None


def chart_defaults(chart: str) -> YNode:
    """The chart's published ``values.yaml`` (package data) as a tree."""
    if chart not in _defaults_cache:
        name, _where = DEFAULTS[chart]
        root = load_values(f"<{name}>", read_data(name))
        assert root is not None
        _defaults_cache[chart] = root
    return _defaults_cache[chart]


def respan(node: YNode, span: Span) -> YNode:
    """``node`` and everything under it moved to ``span`` (a default the user's files do not write,
    reported where the key belongs); its text is no longer located inside a source."""
    return YNode(
        span,
        node.kind,
        tag=node.tag,
        text=node.text,
        style=node.style,
        pairs=[(respan(k, span), respan(v, span)) for k, v in node.pairs],
        items=[respan(i, span) for i in node.items],
    )


def merge(base: YNode, over: YNode, base_is_default: bool = False, anchor: Span | None = None) -> YNode:
    """Helm's merge of values ``over`` onto ``base``: a mapping in both is merged key by key, any
    other value of ``over`` replaces the base's, a ``null`` deletes the key. When ``base`` is the
    chart's defaults, what only it holds takes the span of the nearest mapping of ``over``
    (``anchor``, the key that holds it)."""
    if over.kind != "map" or base.kind != "map":
        return over
    here = anchor or over.span
    pairs: list[tuple[YNode, YNode]] = []
    written = {k.text: (k, v) for k, v in over.pairs}
    for k, v in base.pairs:
        if k.text in written:
            ok, ov = written.pop(k.text)
            if ov.is_null:
                continue
            pairs.append((ok, merge(v, ov, base_is_default, ok.span)))
        else:
            pairs.append((respan(k, here), respan(v, here)) if base_is_default else (k, v))
    pairs.extend((k, v) for k, v in written.values() if not v.is_null)
    return YNode(over.span, "map", tag=over.tag, pairs=pairs, source=over.source)


def merged_values(chart: str, files: list[YNode], anchor: Span) -> YNode:
    """The values a release gets: the chart's defaults, then ``files`` merged in ``-f`` order (a
    chart's complete ``values.yaml`` overrides every default; a wrapping chart's values or a lone
    override file only some). A default no file writes is reported at the nearest key a file writes
    above it, at the top at ``anchor`` (a wrapping chart's key, or the first file's first line)."""
    out = files[0]
    for nxt in files[1:]:
        out = merge(out, nxt)
    return merge(chart_defaults(chart), out, base_is_default=True, anchor=anchor)


__all__ = ["CLUSTER", "DEFAULTS", "PRESETS", "REDIS", "YamlError", "chart_defaults", "chart_of", "chart_values", "load_values", "merge", "merged_values"]
