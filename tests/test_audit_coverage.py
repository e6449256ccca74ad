"""The table of which rules ``redislint audit`` runs (``redislint/audit/coverage.py``) covers the
whole catalog, and docs/audit.md shows it as generated."""

from __future__ import annotations

from pathlib import Path

from redislint.audit import coverage
from redislint.audit.run import DRIFT_RULE, LOAD_RULE, NEEDS_CONFIG
from redislint.engine.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()
IDS = {r.id for r in RULES}


def test_every_rule_is_classified_once() -> None:
    kinds = {r.id: coverage.classify(r)[0] for r in RULES}  # a rule left out raises KeyError
    assert set(kinds) == IDS
    assert coverage.LIVE_RULES <= IDS and set(coverage.NOT_LIVE) <= IDS and set(coverage.DRIFT_RULES) <= IDS
    assert not coverage.LIVE_RULES & set(coverage.NOT_LIVE) and not coverage.LIVE_RULES & set(coverage.DRIFT_RULES)
    assert {DRIFT_RULE, LOAD_RULE} == set(coverage.DRIFT_RULES)
    assert NEEDS_CONFIG <= coverage.LIVE_RULES
    by = {r.id: r for r in RULES}
    assert all(by[i].platforms != ("compose",) for i in coverage.LIVE_RULES)  # a compose-only rule cannot run live
    assert {i for i, k in kinds.items() if k == "live-only"} == {f"RL{n}" for n in range(850, 861)} - {"RL860"}
    assert kinds["RL505"] == "no" and kinds["RL705"] == "no"
    assert "exits at start" in coverage.classify(by["RL505"])[1] and "does not start" in coverage.classify(by["RL705"])[1]


def test_docs_table_is_current() -> None:
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    start, end = text.find(coverage.BEGIN), text.find(coverage.END)
    assert start >= 0 and end > start, "docs/audit.md has no live table"
    assert text[start + len(coverage.BEGIN) : end].strip() == coverage.coverage_table(RULES).strip(), (
        "docs/audit.md live table is stale: run `python -m tests.update_docs`"
    )
    assert text.count("\n| [RL") == len(RULES)
