"""Prometheus configurations, Prometheus rule files and Grafana datasource provisioning files, read
with their spans. Alert expressions are parsed with a real PromQL parser (``promql-parser``, the
Python binding of the parser GreptimeDB uses), imported only when a rule file is read."""

from __future__ import annotations

import re
from typing import Any

from redislint.model.monitoring import (
    AlertRule,
    Datasource,
    GrafanaProvisioning,
    PromConfig,
    RuleFile,
    Target,
)
from redislint.model.span import Span
from redislint.parsers.yaml_tree import YNode, load_mapping

MAX_BYTES = 2_000_000


def _root(path: str, text: str) -> YNode | None:
    if len(text) > MAX_BYTES:
        return None
    return load_mapping(path, text)


def _items(node: YNode | None) -> list[YNode]:
    return node.items if node is not None and node.kind == "seq" else []


def _target(text: str, span: Span, job: str) -> Target | None:
    t = re.sub(r"^[a-z]+://", "", text.strip()).split("/", 1)[0]
    if not t or "$" in t or "{" in t:
        return None
    host, sep, port = t.rpartition(":")
    if not sep:
        return Target(host=t, port=None, span=span, job=job)
    return Target(host=host.strip("[]"), port=int(port) if port.isdigit() else None, span=span, job=job)


def parse_prometheus(path: str, text: str) -> PromConfig | None:
    root = _root(path, text)
    if root is None:
        return None
    cfg = PromConfig(path=path)
    for job in _items(root.get("scrape_configs")):
        name = job.get("job_name")
        jname = name.text if name is not None and name.kind == "scalar" else ""
        for sc in _items(job.get("static_configs")):
            for t in _items(sc.get("targets")):
                if t.kind == "scalar":
                    tg = _target(t.text, t.span, jname)
                    if tg is not None:
                        cfg.scrape.append(tg)
    alerting = root.get("alerting")
    for am in _items(alerting.get("alertmanagers") if alerting is not None else None):
        for sc in _items(am.get("static_configs")):
            for t in _items(sc.get("targets")):
                if t.kind == "scalar":
                    tg = _target(t.text, t.span, "alertmanager")
                    if tg is not None:
                        cfg.alertmanagers.append(tg)
    for rf in _items(root.get("rule_files")):
        if rf.kind == "scalar" and rf.text:
            cfg.rule_files.append((rf.text, rf.span))
    return cfg


def parse_rules(path: str, text: str) -> RuleFile | None:
    root = _root(path, text)
    if root is None:
        return None
    out = RuleFile(path=path)
    for group in _items(root.get("groups")):
        for r in _items(group.get("rules")):
            name = r.get("alert") or r.get("record")
            expr = r.get("expr")
            if name is None or expr is None or expr.kind != "scalar" or name.kind != "scalar":
                continue
            out.rules.append(analyse(name.text, expr.text, expr.span))
    return out


def analyse(name: str, expr: str, span: Span) -> AlertRule:
    """An alert's expression as PromQL: the metrics it selects, and whether it divides by
    ``redis_memory_max_bytes`` without filtering out the zero (maxmemory unset)."""
    import promql_parser

    try:
        tree = promql_parser.parse(expr)
    except (ValueError, RuntimeError):
        return AlertRule(name=name, span=span, parsed=False)
    metrics: list[str] = []
    divisions: list[Any] = []
    guarded = False
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        kind = type(node).__name__
        if kind == "VectorSelector":
            if node.name:
                metrics.append(node.name)
            else:
                metrics.extend(m.value for m in node.matchers.matchers if m.name == "__name__" and m.op == promql_parser.MatchOp.Equal)
        elif kind == "BinaryExpr":
            op = str(node.op)
            if op == "/":
                divisions.append(node.rhs)
            if op in (">", "!=") and _selects(node.lhs, "redis_memory_max_bytes") and type(node.rhs).__name__ == "NumberLiteral" and node.rhs.val == 0:
                guarded = True
            stack.extend([node.lhs, node.rhs])
        elif kind == "MatrixSelector":
            stack.append(node.vector_selector)
        elif kind == "Call":
            stack.extend(node.args)
        elif kind == "AggregateExpr":
            stack.extend(x for x in (node.expr, node.param) if x is not None)
        elif kind in ("ParenExpr", "SubqueryExpr", "UnaryExpr"):
            stack.append(node.expr)
    unguarded = not guarded and any(_selects(d, "redis_memory_max_bytes") for d in divisions)
    return AlertRule(name=name, span=span, metrics=tuple(dict.fromkeys(metrics)), unguarded_max=unguarded)


def _selects(node: Any, metric: str) -> bool:
    """The expression is (in parentheses or not) a plain selection of ``metric``."""
    while type(node).__name__ == "ParenExpr":
        node = node.expr
    return type(node).__name__ == "VectorSelector" and node.name == metric


def parse_grafana(path: str, text: str) -> GrafanaProvisioning | None:
    root = _root(path, text)
    if root is None:
        return None
    out = GrafanaProvisioning(path=path)
    for ds in _items(root.get("datasources")):
        t, url = ds.get("type"), ds.get("url")
        name = ds.get("name")
        if t is None or url is None or url.kind != "scalar":
            continue
        target = _target(url.text, url.span, name.text if name is not None else "")
        if target is not None and target.port is None:
            target = target.model_copy(update={"port": 443 if url.text.startswith("https") else 80})
        out.datasources.append(Datasource(name=name.text if name is not None else "", type=t.text, url=url.text, target=target, span=url.span))
    return out
