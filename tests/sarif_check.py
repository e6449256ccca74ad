"""Offline checks of a SARIF log against what GitHub code scanning requires.

A complement to the multitool (``../shared/tools/validate-sarif``), which is not available
everywhere: this encodes the rules from GitHub's "SARIF support for code scanning" page that a
writer can get wrong, and returns the problems as strings (empty list = fine).
"""

from __future__ import annotations

import re
from typing import Any

LEVELS = {"none", "note", "warning", "error"}


def _text(obj: Any, path: str, problems: list[str]) -> None:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        problems.append(f"{path}.text is missing or empty")


def problems(log: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if not log.get("$schema"):
        out.append("$schema is missing")
    if log.get("version") != "2.1.0":
        out.append("version is not 2.1.0")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs or len(runs) > 20:
        return [*out, "runs must hold 1..20 runs"]
    for r, run in enumerate(runs):
        where = f"runs[{r}]"
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            out.append(f"{where}.tool.driver.name is missing")
        rules = driver.get("rules")
        if not isinstance(rules, list):
            out.append(f"{where}.tool.driver.rules is missing")
            rules = []
        ids = [rule.get("id") for rule in rules]
        if len(set(ids)) != len(ids):
            out.append(f"{where}: duplicate rule ids")
        for i, rule in enumerate(rules):
            rw = f"{where}.tool.driver.rules[{i}]"
            if not rule.get("id"):
                out.append(f"{rw}.id is missing")
            for key in ("shortDescription", "fullDescription", "help"):
                _text(rule.get(key), f"{rw}.{key}", out)
                text = (rule.get(key) or {}).get("text", "")
                if key != "help" and len(text) > 1024:
                    out.append(f"{rw}.{key}.text is longer than 1024 characters")
            if len(rule.get("name", "")) > 255:
                out.append(f"{rw}.name is longer than 255 characters")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            if level not in LEVELS:
                out.append(f"{rw}.defaultConfiguration.level {level!r} is invalid")
            props = rule.get("properties", {})
            if len(props.get("tags", [])) > 10:
                out.append(f"{rw}.properties.tags has more than 10 tags")
            if "security-severity" in props:
                value = props["security-severity"]
                if not isinstance(value, str) or not re.fullmatch(r"\d+(\.\d+)?", value):
                    out.append(f"{rw}: security-severity must be a numeric string, got {value!r}")
                elif not 0.0 < float(value) <= 10.0:
                    out.append(f"{rw}: security-severity {value} is out of range")
                if "security" not in props.get("tags", []):
                    out.append(f"{rw}: security-severity without the security tag")
        if not isinstance(run.get("results"), list):
            out.append(f"{where}.results is missing")
            continue
        for j, result in enumerate(run["results"]):
            rw = f"{where}.results[{j}]"
            _text(result.get("message"), f"{rw}.message", out)
            rid, idx = result.get("ruleId"), result.get("ruleIndex")
            if rid not in ids:
                out.append(f"{rw}.ruleId {rid!r} is not in the rules")
            elif idx is not None and (idx >= len(ids) or ids[idx] != rid):
                out.append(f"{rw}.ruleIndex {idx} does not point at {rid}")
            if result.get("level", "warning") not in LEVELS:
                out.append(f"{rw}.level is invalid")
            locations = result.get("locations")
            if not isinstance(locations, list) or not locations:
                out.append(f"{rw}.locations must not be empty")
                continue
            for k, loc in enumerate([*locations, *result.get("relatedLocations", [])]):
                lw = f"{rw}.location[{k}]"
                phys = loc.get("physicalLocation")
                if not phys:
                    out.append(f"{lw}.physicalLocation is missing")
                    continue
                uri = phys.get("artifactLocation", {}).get("uri")
                if not uri:
                    out.append(f"{lw}: artifactLocation.uri is missing")
                elif " " in uri:
                    out.append(f"{lw}: uri {uri!r} is not percent-encoded")
                region = phys.get("region", {})
                for key in ("startLine", "startColumn", "endLine", "endColumn"):
                    if not isinstance(region.get(key), int) or region[key] < 1:
                        out.append(f"{lw}.region.{key} is missing or not positive")
                if (
                    region.get("startLine") == region.get("endLine")
                    and isinstance(region.get("endColumn"), int)
                    and region["endColumn"] <= region.get("startColumn", 0)
                ):
                    out.append(f"{lw}.region is empty (endColumn must exceed startColumn)")
            fingerprints = result.get("partialFingerprints", {})
            if "primaryLocationLineHash" in fingerprints:
                out.append(f"{rw}: primaryLocationLineHash must be left to upload-sarif")
    return out
