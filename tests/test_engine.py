"""Engine behaviour that fixtures cannot show: a crashing rule, fingerprints, spans, pragmas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine import rule as rule_mod
from redislint.engine.context import Context, Settings
from redislint.engine.finding import Finding
from redislint.engine.registry import load_rules
from redislint.engine.rule import Rule, Scope, Severity
from redislint.model.span import Span


@pytest.fixture
def crashing_rule() -> Iterator[str]:
    load_rules()

    def check(node: object, ctx: Context) -> Iterator[Finding]:
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    rid = "RL899"
    rule_mod._REGISTRY[rid] = Rule(
        id=rid, name="always-crashes", severity=Severity.LOW, tags=("meta",), scope=Scope.NODE, summary="test", check=check, module="tests"
    )
    try:
        yield rid
    finally:
        rule_mod._REGISTRY.pop(rid, None)


def test_crashing_rule_becomes_rl900(tmp_path: Path, crashing_rule: str) -> None:
    (tmp_path / "redis.conf").write_text("port 6379\n", encoding="utf-8")
    report = lint([str(tmp_path)], Settings(select=(crashing_rule,)), root=str(tmp_path), environ={})
    crashes = [f for f in report.findings if f.rule_id == "RL900"]
    assert len(crashes) == 1
    assert "RL899" in crashes[0].message and "ZeroDivisionError" in crashes[0].message
    assert crashes[0].span.file.endswith("redis.conf")
    assert report.exit_code == 2


def test_fingerprint_ignores_message_and_line() -> None:
    a = Finding(rule_id="RL401", rule_name="x", severity=Severity.HIGH, message="one", span=Span.point("/a", 3), evidence="maxmemory")
    b = Finding(rule_id="RL401", rule_name="x", severity=Severity.HIGH, message="two", span=Span.point("/a", 9), evidence="maxmemory")
    assert a.fingerprint("a") == b.fingerprint("a")
    c = Finding(rule_id="RL402", rule_name="x", severity=Severity.HIGH, message="one", span=Span.point("/a", 3), evidence="maxmemory")
    assert a.fingerprint("a") != c.fingerprint("a")


def test_span_rejects_zero() -> None:
    with pytest.raises(ValueError):
        Span(file="f", start_line=0, start_col=1, end_line=1, end_col=1)


def test_spans_point_inside_folded_command(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.4.2\n    command: >\n      redis-server\n"
        "      --maxmemory 2gb\n      --appendonly yes\n    mem_limit: 2g\n",
        encoding="utf-8",
    )
    report = lint([str(tmp_path)], Settings(select=("RL402",)), root=str(tmp_path), environ={})
    [f] = report.findings
    assert (f.span.start_line, f.span.start_col, f.span.end_col) == (6, 19, 22)


def test_file_wide_pragma(tmp_path: Path) -> None:
    (tmp_path / "redis.conf").write_text(
        "# redislint: disable-file=RL006 -- rendered by envsubst before use\nrequirepass ${PW}\n", encoding="utf-8"
    )
    report = lint([str(tmp_path)], Settings(select=("RL006", "RL901", "RL902")), root=str(tmp_path), environ={})
    assert [(f.rule_id, f.suppressed) for f in report.findings] == [("RL006", True)]
    assert report.exit_code == 0


def test_hand_written_constructors_match_fields() -> None:
    """The most numerous objects have hand-written constructors for speed: they must take exactly
    their fields."""
    import inspect

    from redislint.model.values import Value
    from redislint.parsers.compose_values import Piece
    from redislint.parsers.shell import Word
    from redislint.parsers.yaml_tree import YNode

    for cls in (Span, Value, YNode, Piece, Word):
        params = set(inspect.signature(cls.__init__).parameters) - {"self"}
        assert params == set(cls.__rl_fields__), cls
