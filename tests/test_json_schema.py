"""Every JSON report matches the documented pydantic schema (redislint/output/schema.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.output import render
from redislint.output.schema import JsonReport
from tests.harness import FIXTURES

TARGETS = [FIXTURES / "tutorial", FIXTURES / "RL901", FIXTURES / "RL001", Path(__file__).resolve().parent.parent / "stacks"]


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_json_report_matches_schema(target: Path) -> None:
    report = lint([str(target)], Settings(), root=str(target), environ={})
    parsed = JsonReport.model_validate_json(render(report, "json"))
    assert len(parsed.findings) == len(report.findings)
    assert parsed.summary.suppressed == sum(1 for f in report.findings if f.suppressed)


def test_schema_is_exportable() -> None:
    schema = JsonReport.model_json_schema()
    assert schema["title"] == "JsonReport"
    assert "findings" in schema["properties"]
