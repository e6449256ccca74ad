"""A rule made of separate checks, one module each (RL508): how ``extend`` admits a part of a rule,
the monitor-line facts the link stage computes for them, and the size of each check module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import redislint.checks as checks_pkg
from redislint.api import lint, load_project
from redislint.engine import rule as rule_mod
from redislint.engine.context import Context, Settings
from redislint.engine.finding import Finding
from redislint.engine.registry import load_rules
from redislint.engine.rule import Scope, extend, is_part_of

CHECKS = Path(checks_pkg.__file__).parent


def _noop(obj: object, ctx: Context) -> Iterator[Finding]:
    return iter(())


def test_rl508_is_seven_checks_in_seven_modules() -> None:
    by_id = {r.id: r for r in load_rules()}
    r508 = by_id["RL508"]
    assert r508.module == "redislint.checks.rl508_sentinel_master_mismatch"
    assert sorted(c.fn.__module__.rsplit(".", 1)[1] for c in r508.checks) == [
        "rl508_cluster_target",
        "rl508_committed_state",
        "rl508_container_ip",
        "rl508_master_names",
        "rl508_monitored_target",
        "rl508_quorum",
        "rl508_sentinel_master_mismatch",
    ]
    assert {c.scope for c in r508.checks} == {Scope.SENTINEL_GROUP}
    assert r508.scopes == (Scope.SENTINEL_GROUP,) and r508.scope_label == "sentinel-group"


def test_is_part_of() -> None:
    base = "redislint.checks.rl508_sentinel_master_mismatch"
    assert is_part_of(base, base, "RL508")
    assert is_part_of("redislint.checks.rl508_quorum", base, "RL508")
    assert not is_part_of("redislint.checks.rl509_quorum", base, "RL508")
    assert not is_part_of("tests.rl508_quorum", base, "RL508")  # another package


def test_a_part_may_add_a_check_on_the_rules_scope() -> None:
    load_rules()
    base = rule_mod._REGISTRY["RL203"]
    _noop.__module__ = "redislint.checks.rl203_extra_part"
    try:
        extend(id="RL203", scope=Scope.CLUSTER)(_noop)
        got = rule_mod._REGISTRY["RL203"]
        assert [c.scope for c in got.checks] == [Scope.REPLICATION, Scope.SENTINEL_GROUP, Scope.CLUSTER, Scope.CLUSTER]
        with pytest.raises(ValueError, match="a second check for scope cluster"):
            extend(id="RL203", scope=Scope.CLUSTER)(_noop)  # twice from one part
        _noop.__module__ = "redislint.checks.rl204_not_a_part"
        with pytest.raises(ValueError, match="declare the rule with @rule first"):
            extend(id="RL203", scope=Scope.NODE)(_noop)
    finally:
        rule_mod._REGISTRY["RL203"] = base


def test_every_rule_module_declares_or_extends_the_rule_of_its_number() -> None:
    rules = load_rules()
    declaring = {r.module.rsplit(".", 1)[1]: r for r in rules}
    parts = {c.fn.__module__.rsplit(".", 1)[1]: r for r in rules for c in r.checks}
    for path in sorted(CHECKS.glob("rl[0-9][0-9][0-9]_*.py")):
        name = path.stem
        r = declaring.get(name) or parts.get(name)
        assert r is not None, f"{name} declares and extends no rule"
        assert name.startswith(f"rl{r.id[2:]}_"), f"{name} adds checks to {r.id}"


@pytest.mark.parametrize("prefix", ["rl505_", "rl508_"])
def test_rl505_and_rl508_checks_read_in_under_60_lines(prefix: str) -> None:
    modules = sorted(CHECKS.glob(f"{prefix}*.py"))
    assert modules
    for path in modules:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 60, path.name


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _sentinel(name: str) -> str:
    return (
        f"  {name}:\n    image: redis:7.4.2\n    command: redis-sentinel /etc/s/sentinel.conf\n"
        f"    volumes: [./{name}:/etc/s]\n"
    )


STACK = {
    "compose.yaml": "services:\n  primary:\n    image: redis:7.4.2\n  other:\n    image: redis:7.4.2\n"
    + _sentinel("s1")
    + _sentinel("s2")
    + _sentinel("s3"),
    "s1/sentinel.conf": "sentinel monitor m primary 6379 2\n",
    "s2/sentinel.conf": "sentinel monitor m primary 6379 2\n",
    "s3/sentinel.conf": "sentinel monitor m other 6379 3\n",
}


def test_link_stage_finds_the_address_most_sentinels_use(tmp_path: Path) -> None:
    _write(tmp_path, STACK)
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    (g,) = project.sentinel_groups
    assert [(s.service.name if s.service else "", m.directive.span.file.rsplit("/", 2)[-2]) for s, m in g.lines] == [
        ("s1", "s1"),
        ("s2", "s2"),
        ("s3", "s3"),
    ]
    assert g.agreed is g.lines[0][1]
    assert [m.host_text for _s, m in g.dissent] == ["other"]


def test_rl508_findings_of_the_split_checks(tmp_path: Path) -> None:
    _write(tmp_path, STACK)
    report = lint([str(tmp_path)], Settings(select=("RL508",)), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, Path(f.span.file).parent.name, f.span.start_line, f.span.start_col, f.severity.label, f.message) for f in report.findings)
    assert got == [
        ("RL508", "s3", 1, 10, "high", "Sentinel service 's3' monitors 'm' at other:6379, the other Sentinels at primary:6379"),
        ("RL508", "s3", 1, 31, "high", "Sentinel service 's3' uses quorum 3 for 'm', the other Sentinels 2"),
    ]
