"""Regenerate the rule table in README.md: ``python -m tests.update_docs``."""

from __future__ import annotations

from pathlib import Path

from redislint.docs import replace_table, rule_table
from redislint.engine.registry import load_rules

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    readme = ROOT / "README.md"
    readme.write_text(replace_table(readme.read_text(encoding="utf-8"), rule_table(load_rules())), encoding="utf-8")
    print("README.md rule table updated")
