"""Regenerate the rule table in README.md and the live table of docs/audit.md: ``python -m tests.update_docs``."""

from __future__ import annotations

from pathlib import Path

from redislint.docs import replace_table, rule_table
from redislint.engine.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    readme = ROOT / "README.md"
    readme.write_text(replace_table(readme.read_text(encoding="utf-8"), rule_table(load_rules())), encoding="utf-8")
    print("README.md rule table updated")
    from redislint.audit import coverage

    page = ROOT / "docs" / "audit.md"
    text = page.read_text(encoding="utf-8")
    start, end = text.find(coverage.BEGIN), text.find(coverage.END)
    assert start >= 0 and end > start, "docs/audit.md has no live table markers"
    table = coverage.coverage_table(load_rules())
    page.write_text(text[: start + len(coverage.BEGIN)] + "\n" + table + text[end:], encoding="utf-8")
    print("docs/audit.md live table updated")
