"""Rewrite the ``# expect-line`` blocks of fixtures/tutorial from redislint's current findings.

Run it after a deliberate change of the tutorial's findings (``python -m tests.regen_tutorial``), then
read the diff: every changed line is a changed finding to justify. tests/test_tutorial.py checks them."""

from __future__ import annotations

import collections
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings
from tests.harness import FIXTURES

HEADER = "# Expected findings of redislint (tests/test_tutorial.py): the tutorial's mistakes, line by line."
ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def main() -> None:
    tutorial = FIXTURES / "tutorial"
    report = lint([str(tutorial)], Settings(), root=str(tutorial), environ={})
    by_file: dict[Path, dict[int, list[str]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in report.findings:
        if not f.suppressed:
            by_file[Path(f.span.file)][f.span.start_line].append(f"{f.rule_id}:{f.severity.name.lower()}")
    for path in sorted(tutorial.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text()
        lines = text.splitlines()
        if HEADER in lines:
            lines = lines[: lines.index(HEADER)]
            while lines and not lines[-1].strip():
                lines.pop()
        found = by_file.get(path)
        if not found and HEADER not in text:
            continue
        block = [HEADER] + [f"# expect-line {n}: {', '.join(sorted(rs))}" for n, rs in sorted((found or {}).items())]
        path.write_text("\n".join([*lines, "", *block]) + "\n")


if __name__ == "__main__":
    main()
