"""Every fix, on a case of its own (``tests/fixes/<RULE>-<case>/``): the files of ``before/`` are
copied, ``redislint fix --apply --unsafe-fixes`` runs with only that rule selected, and each file
must then read exactly as in ``after/`` (a file absent from ``after/`` is unchanged); linted again,
the rule finds nothing left that it could fix, and fewer findings than before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.fix.run import fix_until_stable, write_fixed

CASES = Path(__file__).parent / "fixes"


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def run_case(case: Path, tmp: Path) -> tuple[dict[str, str], int, int, list[str]]:
    work = tmp / "repo"
    shutil.copytree(case / "before", work)
    rule = case.name.split("-")[0]
    settings = Settings(select=(rule,))
    before = [f for f in lint([str(work)], settings, root=str(work)).active if f.rule_id == rule]
    run = fix_until_stable([str(work)], settings, root=str(work), repository=str(work), unsafe=True)
    assert write_fixed(run, str(work)) == []
    after = [f for f in lint([str(work)], settings, root=str(work)).active if f.rule_id == rule]
    assert not any(f.autofix for f in after), [f.message for f in after if f.autofix]
    return _files(work), len(before), len(after), [r.reason for r in run.refused]


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_fix(case: Path, tmp_path: Path) -> None:
    files, n_before, n_after, refused = run_case(case, tmp_path)
    assert refused == []
    expected = _files(case / "before")
    expected.update(_files(case / "after"))
    assert files == expected
    assert n_after < n_before


def test_fifteen_rules_have_fixes() -> None:
    from redislint.engine.registry import load_rules

    fixable = {r.id for r in load_rules() if r.fix}
    assert len(fixable) >= 15
    tested = {p.name.split("-")[0] for p in CASES.iterdir() if p.is_dir()}
    assert fixable <= tested, sorted(fixable - tested)


def test_every_fixable_rule_shows_its_fix_in_the_table_explain_and_sarif(tmp_path: Path) -> None:
    """Issue 12: at least 15 rules have fixes; ``rules`` and ``explain`` say which (safe or unsafe),
    and SARIF carries them as ``fixes`` (checked on each rule's own case, before the fix)."""
    import json

    from click.testing import CliRunner

    from redislint.cli import main
    from redislint.engine.registry import load_rules
    from redislint.output import render

    fixable = {r.id: r.fix for r in load_rules() if r.fix}
    assert len(fixable) >= 15 and set(fixable.values()) <= {"safe", "unsafe"}
    table = CliRunner().invoke(main, ["rules"]).output.splitlines()
    assert {line.split()[0] for line in table if f" fix:{fixable.get(line.split()[0], '-')} " in line} == set(fixable)
    seen: set[str] = set()
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        rule = case.name.split("-")[0]
        if rule in seen:
            continue
        seen.add(rule)
        explain = CliRunner().invoke(main, ["explain", rule]).output.splitlines()
        assert f"fix: {fixable[rule]}" in explain[1], explain[1]
        work = tmp_path / case.name
        shutil.copytree(case / "before", work)
        log = json.loads(render(lint([str(work)], Settings(select=(rule,)), root=str(work)), "sarif"))
        fixes = [r["fixes"] for r in log["runs"][0]["results"] if r["ruleId"] == rule and "fixes" in r]
        assert fixes, f"{case.name}: no SARIF fixes"
        assert all(c["artifactChanges"][0]["replacements"] for f in fixes for c in f)
    assert seen == set(fixable)
