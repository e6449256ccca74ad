"""Link stage: Helm values of the bitnami ``redis`` and ``redis-cluster`` charts (and charts that
wrap them), read by meaning without rendering (platform ``kubernetes``).

A chart folder's values are one release per file: ``values.yaml`` alone, and each other values
file beside it (``values-*.yaml``, a wrapper's values) as ``-f values.yaml -f that-file``; every
release is merged over the chart's own defaults (:data:`redislint.parsers.helm_values.DEFAULTS`),
so a lone override or a wrapping chart's few keys get the rest from them, reported at the key that
holds them. The merged values become the objects the chart renders (:mod:`redislint.link.helm_chart`,
built from the values' own YAML nodes, so every span is a values line), linked as Kubernetes
manifests are (:mod:`redislint.link.k8s`). The password the chart's start script passes on the
command line is read at run time (it is in no pod spec, and Redis rewrites its process title)."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from redislint.discovery import Discovered
from redislint.link.helm_chart import Chart
from redislint.link.k8s import build_stack, register_secrets
from redislint.model.compose import Stack
from redislint.model.conf import Directive
from redislint.model.project import InputFile, LoadProblem, Project
from redislint.model.span import Span
from redislint.model.values import Origin
from redislint.parsers.helm_values import (
    CLUSTER,
    YamlError,
    chart_dependency,
    chart_values,
    load_values,
    merged_values,
)
from redislint.parsers.yaml_tree import YNode

if TYPE_CHECKING:
    from redislint.link.roles import Linker

MAX_VALUES = 2_000_000
_MAIN = re.compile(r"^values\.ya?ml$")


def link_helm(linker: Linker, found: Discovered) -> None:
    """A stack of platform ``kubernetes`` per release of each folder of chart values."""
    project, store = linker.project, linker.store
    folders: dict[str, list[tuple[str, str, YNode]]] = {}
    anchors: dict[str, Span] = {}
    """Where a default the file does not write is reported: the wrapping chart's key, else line 1."""
    for path in found.helm:
        if (store.size(path) or MAX_VALUES) >= MAX_VALUES:
            continue
        text = store.read(path)
        if text is None:
            continue
        project.files.setdefault(path, InputFile(path=path, kind="kubernetes", text=text))
        try:
            root = load_values(path, text)
        except YamlError as exc:
            project.problems.append(LoadProblem(span=Span.point(path, exc.line, exc.col), message=exc.message))
            continue
        got = chart_values(root)
        if got is None and root is not None:
            got = _by_chart_yaml(linker, path, root)
        if got is None:
            continue
        key = next((k for k, v in root.pairs if v is got[1]), None) if root is not None else None
        anchors[path] = key.span if key is not None else Span.point(path, 1, 1, 1)
        folders.setdefault(os.path.dirname(path), []).append((path, got[0], got[1]))
    for folder, files in sorted(folders.items()):
        main = next((f for f in files if _MAIN.match(os.path.basename(f[0]))), None)
        releases = [[main]] if main is not None else []
        releases += [[main, f] if main is not None and main[1] == f[1] else [f] for f in files if f is not main]
        for rel in releases:
            chart = rel[-1][1]
            # always over the chart's defaults: a chart's complete values.yaml overrides every one of
            # them; a wrapping chart's values.yaml or a lone override file sets only some
            values = merged_values(chart, [v for _p, _c, v in rel], anchors[rel[0][0]])
            chart_objs = Chart(values, rel[-1][0])
            manifests = chart_objs.cluster_manifests() if chart == CLUSTER else chart_objs.manifests()
            register_secrets(linker, manifests)
            stack = build_stack(linker, folder, [manifests])
            stack.name = f"helm:{os.path.relpath(rel[-1][0], project.root) if project.root else rel[-1][0]}"
            stack.files = [p for p, _c, _v in rel]
            _run_time_passwords(project, stack)
            for svc in stack.services.values():
                if svc.kube is not None:
                    svc.kube.network_policy_at = chart_objs.hints.get("networkPolicy")
                    svc.kube.pdb_at = chart_objs.hints.get("pdb")
            if any(s.role in ("redis", "sentinel", "cluster-node") for s in stack.services.values()):
                project.stacks.append(stack)


def _by_chart_yaml(linker: Linker, path: str, root: YNode) -> tuple[str, YNode] | None:
    """The values of a file beside a ``Chart.yaml`` that is the redis chart or depends on it."""
    chart_path = os.path.join(os.path.dirname(path), "Chart.yaml")
    text = linker.store.read(chart_path) if linker.store.is_file(chart_path) else None
    try:
        dep = chart_dependency(load_values(chart_path, text)) if text is not None else None
    except YamlError:
        return None
    if dep is None:
        return None
    values = root if dep[1] is None else root.get(dep[1])
    return (dep[0], values) if values is not None and values.kind == "map" else None


_PASSWORD_OPTIONS = ("requirepass", "masterauth")
_SENTINEL_PASSWORDS = ("auth-pass", "sentinel-pass")
"""Sentinel lines whose last word is a password the chart's start script fills in."""


def _run_time_passwords(project: Project, stack: Stack) -> None:
    """The chart's start script reads the password (``$REDIS_PASSWORD`` or its file) and passes it
    to the server: known only at run time, not written in the pod spec (nor in its process title,
    which Redis rewrites)."""
    services = set(stack.services.values())

    def fixed(d: Directive) -> Directive:
        if d.name in _PASSWORD_OPTIONS:
            args = tuple(a.model_copy(update={"text": None, "origin": Origin.SHELL}) for a in d.args)
        elif d.name == "sentinel" and len(d.args) >= 2 and d.args[0].text in _SENTINEL_PASSWORDS:
            # `sentinel auth-pass <master> $(REDIS_PASSWORD)`: the start script substitutes it
            last = d.args[-1].model_copy(update={"text": None, "origin": Origin.SHELL})
            args = (*d.args[:-1], last)
        else:
            return d
        return d.model_copy(update={"args": args})

    for node in (*project.nodes, *project.sentinels):
        if node.service is None or node.service not in services:
            continue
        node.directives = [fixed(d) for d in node.directives]
        if node.invocation is not None:
            node.invocation = node.invocation.model_copy(update={"options": tuple(fixed(d) for d in node.invocation.options)})


__all__ = ["link_helm"]
