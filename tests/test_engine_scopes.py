"""Rule scopes and the engine's "report once" options: a check receives only the objects of its scope
(replication groups, Sentinel groups, clusters are separate scopes), a rule may have one check per
scope (:func:`redislint.engine.rule.extend`), and ``once_per`` deduplicates where several objects share
one config file or one line."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from redislint.api import lint
from redislint.engine import rule as rule_mod
from redislint.engine.context import Context, Settings
from redislint.engine.finding import Finding
from redislint.engine.registry import load_rules
from redislint.engine.rule import Check, OncePer, Rule, Scope, Severity, extend
from redislint.model.project import Cluster, RedisNode, ReplicationGroup, SentinelGroup

GROUP_TYPES: dict[Scope, str] = {
    Scope.REPLICATION: "ReplicationGroup",
    Scope.SENTINEL_GROUP: "SentinelGroup",
    Scope.CLUSTER: "Cluster",
}

COMPOSE = """\
services:
  redis:
    image: redis:7.2.5
  replica:
    image: redis:7.2.5
    command: redis-server --replicaof redis 6379
  s1:
    image: redis:7.2.5
    command: redis-sentinel /etc/sentinel.conf
    volumes: ["./sentinel.conf:/etc/sentinel.conf"]
  s2:
    image: redis:7.2.5
    command: redis-sentinel /etc/sentinel.conf
    volumes: ["./sentinel.conf:/etc/sentinel.conf"]
  s3:
    image: redis:7.2.5
    command: redis-sentinel /etc/sentinel.conf
    volumes: ["./other.conf:/etc/sentinel.conf"]
  c1:
    image: redis:7.2.5
    command: redis-server --cluster-enabled yes
  c2:
    image: redis:7.2.5
    command: redis-server --cluster-enabled yes
"""


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (tmp_path / "sentinel.conf").write_text("sentinel monitor mymaster redis 6379 2\n", encoding="utf-8")
    (tmp_path / "other.conf").write_text("sentinel monitor mymaster redis 6379 2\n", encoding="utf-8")
    return tmp_path


def _probe(checks: list[tuple[Scope, Callable[[Any, Context], Iterator[Finding]], OncePer | None]]) -> Iterator[str]:
    load_rules()
    rid = "RL898"
    (scope, fn, once), *more = checks
    rule_mod._REGISTRY[rid] = Rule(
        id=rid, name="probe", severity=Severity.LOW, tags=("meta",), scope=scope, summary="test", check=fn,
        module="tests", once_per=once, more=tuple(Check(scope=s, fn=f, once_per=o) for s, f, o in more),
    )
    try:
        yield rid
    finally:
        rule_mod._REGISTRY.pop(rid, None)


def _lint(folder: Path, rid: str) -> list[tuple[str, int, str]]:
    report = lint([str(folder)], Settings(select=(rid,)), root=str(folder), environ={})
    return sorted((report.relpath(f.span.file), f.span.start_line, f.message) for f in report.findings)


def test_each_group_scope_receives_only_its_groups(stack: Path) -> None:
    seen: dict[str, list[str]] = {"replication": [], "sentinel": [], "cluster": []}

    def repl(g: ReplicationGroup, ctx: Context) -> Iterator[Finding]:
        seen["replication"].append(type(g).__name__)
        return iter(())

    def sent(g: SentinelGroup, ctx: Context) -> Iterator[Finding]:
        seen["sentinel"].append(type(g).__name__)
        return iter(())

    def clus(g: Cluster, ctx: Context) -> Iterator[Finding]:
        seen["cluster"].append(type(g).__name__)
        return iter(())

    for rid in _probe([(Scope.REPLICATION, repl, None), (Scope.SENTINEL_GROUP, sent, None), (Scope.CLUSTER, clus, None)]):
        _lint(stack, rid)
    assert seen == {"replication": ["ReplicationGroup"], "sentinel": ["SentinelGroup"], "cluster": ["Cluster"]}


def test_once_per_conf_file_runs_the_first_sentinel_of_each_file(stack: Path) -> None:
    def each(node: RedisNode, ctx: Context) -> Iterator[Finding]:
        yield ctx.finding(node.anchor, f"sentinel {node.label}", evidence=node.label)

    for rid in _probe([(Scope.SENTINEL, each, "conf-file")]):
        got = _lint(stack, rid)
    # s1 and s2 run sentinel.conf: only s1 is looked at; s3 runs its own file.
    assert got == [("other.conf", 1, "sentinel s3"), ("sentinel.conf", 1, "sentinel s1")]
    for rid in _probe([(Scope.SENTINEL, each, None)]):
        assert _lint(stack, rid) == [
            ("other.conf", 1, "sentinel s3"),
            ("sentinel.conf", 1, "sentinel s1"),
            ("sentinel.conf", 1, "sentinel s2"),
        ]


def test_once_per_line_reports_a_shared_monitor_line_once(stack: Path) -> None:
    def monitors(group: SentinelGroup, ctx: Context) -> Iterator[Finding]:
        for sentinel, d in group.monitors:
            yield ctx.finding(d.span, f"monitor of {sentinel.label}", evidence=sentinel.label)

    for rid in _probe([(Scope.SENTINEL_GROUP, monitors, "line")]):
        assert _lint(stack, rid) == [("other.conf", 1, "monitor of s3"), ("sentinel.conf", 1, "monitor of s1")]
    for rid in _probe([(Scope.SENTINEL_GROUP, monitors, None)]):
        assert _lint(stack, rid) == [
            ("other.conf", 1, "monitor of s3"),
            ("sentinel.conf", 1, "monitor of s1"),
            ("sentinel.conf", 1, "monitor of s2"),
        ]


def test_extend_needs_the_rule_in_the_same_module() -> None:
    def fn(obj: object, ctx: Context) -> Iterator[Finding]:
        return iter(())

    with pytest.raises(ValueError, match="declare the rule with @rule first"):
        extend(id="RL897", scope=Scope.CLUSTER)(fn)
    with pytest.raises(ValueError, match="declare the rule with @rule first"):
        extend(id="RL203", scope=Scope.NODE)(fn)  # RL203 lives in another module


def test_extend_refuses_a_second_check_for_one_scope() -> None:
    load_rules()
    base = rule_mod._REGISTRY["RL203"]

    def fn(obj: object, ctx: Context) -> Iterator[Finding]:
        return iter(())

    fn.__module__ = base.module
    with pytest.raises(ValueError, match="a second check for scope cluster"):
        extend(id="RL203", scope=Scope.CLUSTER)(fn)
    assert rule_mod._REGISTRY["RL203"] is base


def test_mixed_rules_have_one_check_per_group_scope() -> None:
    by_id = {r.id: r for r in load_rules()}
    assert [c.scope for c in by_id["RL107"].checks] == [Scope.REPLICATION, Scope.SENTINEL_GROUP, Scope.CLUSTER]
    assert [c.scope for c in by_id["RL203"].checks] == [Scope.REPLICATION, Scope.SENTINEL_GROUP, Scope.CLUSTER]
    assert [c.scope for c in by_id["RL704"].checks] == [Scope.REPLICATION, Scope.CLUSTER]
    assert by_id["RL203"].scope_label == "replication, sentinel-group, cluster"


def test_once_per_declarations() -> None:
    got = {(r.id, c.scope.value, c.once_per) for r in load_rules() for c in r.checks if c.once_per is not None}
    assert got == {
        ("RL107", "sentinel-group", "line"),
        ("RL107", "cluster", "position"),
        ("RL203", "sentinel-group", "line"),
        ("RL504", "sentinel-group", "line"),
        ("RL505", "sentinel", "conf-file"),
        ("RL509", "sentinel", "conf-file"),
        ("RL010", "stack", "position"),
        ("RL304", "stack", "position"),
    }


def test_group_checks_take_their_group_type_and_never_test_it() -> None:
    """The first parameter of a group-scope check is annotated with its one group type, and no check
    function tests the type of a group with isinstance."""
    for r in load_rules():
        for c in r.checks:
            if c.scope not in GROUP_TYPES:
                continue
            source = textwrap.dedent(inspect.getsource(c.fn))
            fn = ast.parse(source).body[0]
            assert isinstance(fn, ast.FunctionDef)
            ann = fn.args.args[0].annotation
            assert ann is not None and ast.unparse(ann) == GROUP_TYPES[c.scope], (r.id, c.scope)
    checks = Path(rule_mod.__file__).resolve().parent.parent / "checks"
    for path in sorted(checks.glob("rl*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
                names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                assert not names & set(GROUP_TYPES.values()), (path.name, ast.unparse(node))


def test_once_per_position_reports_an_anchored_node_once(tmp_path: Path) -> None:
    """Two services share one volumes list and one command through YAML anchors: RL304 and RL010
    report the shared line once, for the first service."""
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  a:\n"
        "    image: redis:7.2.5\n"
        "    command: &cmd redis-server --maxmemory ${MEM}\n"
        "    volumes: &vols\n"
        "      - data:/data\n"
        "  b:\n"
        "    image: redis:7.2.5\n"
        "    command: *cmd\n"
        "    volumes: *vols\n",
        encoding="utf-8",
    )
    report = lint([str(tmp_path)], Settings(select=("RL010", "RL304")), root=str(tmp_path), environ={})
    got = [(f.rule_id, f.span.start_line, f.span.start_col, f.message) for f in report.findings]
    assert got == [
        (
            "RL010", 4, 44,
            "${MEM} has no value at lint time, no default, and no env file of the repository documents it: "
            "unless it is set at deploy time, compose substitutes an empty string",
        ),
        (
            "RL304", 6, 9,
            "service 'a' mounts named volume 'data', which is not declared under top-level volumes: "
            "docker compose refuses to start",
        ),
    ]


def test_one_statement_about_several_subjects_at_one_place_is_one_finding(stack: Path) -> None:
    """The same thing said at one span of several servers (s1 and s2 run sentinel.conf) is one
    finding naming them all, the most severe kept; another statement at that span, the same one at
    another span (s3's file) or one that names no subject stays apart."""

    def each(node: RedisNode, ctx: Context) -> Iterator[Finding]:
        sev = Severity.HIGH if node.label == "s2" else Severity.LOW
        yield ctx.finding(node.anchor, f"Sentinel '{node.label}' is probed", evidence="probe", severity=sev)
        yield ctx.finding(node.anchor, f"Sentinel '{node.label}' is probed twice" if node.label == "s1" else "unnamed", evidence="other")

    for rid in _probe([(Scope.SENTINEL, each, None)]):
        report = lint([str(stack)], Settings(select=(rid,)), root=str(stack), environ={})
        got = sorted((report.relpath(f.span.file), f.span.start_line, f.severity.name, f.message) for f in report.findings)
    assert got == [
        ("other.conf", 1, "LOW", "Sentinel 's3' is probed"),
        ("other.conf", 1, "LOW", "unnamed"),
        ("sentinel.conf", 1, "HIGH", "Sentinel 's2' is probed (the same for 's1')"),
        ("sentinel.conf", 1, "LOW", "Sentinel 's1' is probed twice"),
        ("sentinel.conf", 1, "LOW", "unnamed"),
    ]
