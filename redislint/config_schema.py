"""The configuration file schema, validated with pydantic (imported only when a config file exists)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class FileConfig(BaseModel):
    """What ``.redislint.toml`` or ``[tool.redislint]`` may set (keys with dashes)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, str] = Field(default_factory=dict)
    fail_on: str | None = Field(default=None, alias="fail-on")
    profile: str | None = None
    redis_version: str | None = Field(default=None, alias="redis-version")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    exclude: list[str] = Field(default_factory=list)
    baseline: str | None = None
    respect_gitignore: bool = Field(default=True, alias="respect-gitignore", strict=True)
    # what check's report options say, said once for the repository (a flag given wins)
    sort: Literal["severity", "file"] | None = None
    statistics: bool = Field(default=False, strict=True)
    quiet: bool = Field(default=False, strict=True)
    output_format: str | list[str] | None = Field(default=None, alias="output-format")
    show_suppressed: bool = Field(default=False, alias="show-suppressed", strict=True)
    unsafe_fixes: bool = Field(default=False, alias="unsafe-fixes", strict=True)
