"""The JSON report (``--format json``) as a pydantic model: the documented contract, validated.

``redislint.output.json`` writes plain dictionaries (fast, no pydantic at run time);
:class:`JsonReport` is what consumers may rely on, and the tests validate every report the JSON
renderer produces against it. ``JsonReport.model_json_schema()`` gives the JSON Schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SeverityLabel = Literal["critical", "high", "medium", "low"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JsonRelated(_Strict):
    file: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    message: str


class JsonSuppression(_Strict):
    kind: Literal["inSource", "external"]
    reason: str | None


class JsonFinding(_Strict):
    rule: str = Field(pattern=r"^RL\d{3}$")
    name: str
    severity: SeverityLabel
    message: str
    file: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    fix: str | None
    related: list[JsonRelated]
    fingerprint: str = Field(pattern=r"^[0-9a-f]{32}$")
    suppressed: bool
    suppression: JsonSuppression | None


class JsonSummary(_Strict):
    critical: int = Field(ge=0)
    high: int = Field(ge=0)
    medium: int = Field(ge=0)
    low: int = Field(ge=0)
    suppressed: int = Field(ge=0)
    baselined: int = Field(ge=0)
    files: int = Field(ge=0)
    stacks: int = Field(ge=0)
    servers: int | None = Field(default=None, ge=1)
    """``redislint audit``: the running servers read (absent for ``check``)."""


class JsonReport(_Strict):
    version: str
    summary: JsonSummary
    findings: list[JsonFinding]
    notices: list[str]
