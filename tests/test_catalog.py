"""One test keeps ids, names, modules, pages, fixtures and the README table consistent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from redislint.docs import BEGIN, END, rule_table
from redislint.engine.registry import load_rules
from redislint.engine.rule import TAGS, Scope

ROOT = Path(__file__).resolve().parent.parent
RETIRED: set[str] = set()
SECTIONS = ["## What it checks", "## Versions", "## Severity", "## Why it matters", "## Bad", "## Good", "## How to fix", "## When to disable", "## References"]
NO_FIXTURES = {"RL900": "a crashing rule cannot be written as a fixture; tests/test_engine.py covers it"}
RULES = load_rules()


def spec_ids() -> dict[str, str]:
    """Ids and names of the catalog in ../shared/RULES.md when it is present (the spec)."""
    spec = ROOT.parent / "shared" / "RULES.md"
    if not spec.is_file():
        return {}
    out = {}
    for m in re.finditer(r"^\| (RL\d{3}) \| ([a-z0-9-]+) \|", spec.read_text(encoding="utf-8"), re.MULTILINE):
        out[m.group(1)] = m.group(2)
    return out


def test_ids_and_names_unique() -> None:
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
    assert not set(ids) & RETIRED


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_surfaces(rule) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"RL\d{3}", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert set(rule.tags) <= TAGS and rule.tags
    assert rule.summary and not rule.summary.endswith(".")
    module = rule.module.rsplit(".", 1)[-1]
    assert module == f"rl{rule.id[2:]}_{rule.name.replace('-', '_')}", module
    page = ROOT / "rules" / f"{rule.id}.md"
    assert page.is_file(), f"missing {page}"
    text = page.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# {rule.id} {rule.name}"
    for s in SECTIONS:
        assert s in text, f"{page.name} lacks '{s}'"
    if rule.id in NO_FIXTURES:
        return
    for kind in ("bad", "good"):
        d = ROOT / "fixtures" / rule.id / kind
        assert d.is_dir() and any(d.iterdir()), f"no fixtures in {d}"


def test_matches_spec() -> None:
    spec = spec_ids()
    if not spec:
        pytest.skip("../shared/RULES.md is not beside this checkout")
    have = {r.id: r.name for r in RULES}
    for rid, name in have.items():
        if rid in spec:
            assert spec[rid] == name, f"{rid} is named {name!r} but the catalog says {spec[rid]!r}"


def test_no_orphans() -> None:
    ids = {r.id for r in RULES}
    pages = {p.stem for p in (ROOT / "rules").glob("RL*.md")}
    assert pages <= ids, f"pages without a rule: {sorted(pages - ids)}"
    fixtures = {p.name for p in (ROOT / "fixtures").glob("RL*") if p.is_dir()}
    assert fixtures <= ids, f"fixtures without a rule: {sorted(fixtures - ids)}"


def test_readme_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.find(BEGIN), readme.find(END)
    assert start >= 0 and end > start, "README.md has no generated rule table"
    current = readme[start + len(BEGIN) : end].strip()
    assert current == rule_table(RULES).strip(), "README rule table is stale: run `python -m tests.update_docs`"


def test_meta_scope_rules_are_meta() -> None:
    for r in RULES:
        if r.id.startswith("RL9"):
            assert r.scope in (Scope.META, Scope.FILE)


def test_compose_only_rules_say_so() -> None:
    """The rules about what only a Compose file has declare ``platforms=("compose",)``; the README
    table shows the platform of each rule."""
    compose = {r.id for r in RULES if r.platforms and r.platforms not in (("live",), ("kubernetes",))}
    assert compose == {"RL010", "RL304", "RL510", "RL805", "RL806", "RL809", "RL812", "RL813", "RL818", "RL819"}
    assert all(r.platforms == ("compose",) and r.platform_label == "compose" for r in RULES if r.id in compose - {"RL510"})
    # one host running a whole group: what Kubernetes says instead is RL873's (pod anti-affinity)
    assert next(r for r in RULES if r.id == "RL510").platform_label == "compose, docker-run, image"
    assert all(r.platform_label in ("all", "live", "kubernetes") for r in RULES if r.id not in compose)
    assert all(r.id[2:4] in ("85", "86") for r in RULES if r.platforms == ("live",))
    assert all(r.id[2:4] == "87" for r in RULES if r.platforms == ("kubernetes",))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| id | name | severity | scope | profile | platform | fix | summary |" in readme
    assert "| [RL806](rules/RL806.md) | obsolete-version-key | low | stack | all | compose |" in readme


def test_rules_with_fixes_say_so() -> None:
    """A rule whose findings carry edits declares ``fix="safe"`` or ``fix="unsafe"``; the README
    table, ``redislint rules`` and ``explain`` show it."""
    fixes = {r.id: r.fix for r in RULES if r.fix}
    assert fixes == {
        "RL003": "safe", "RL004": "safe", "RL007": "safe", "RL005": "safe", "RL505": "safe", "RL805": "safe", "RL806": "safe", "RL809": "safe",
        "RL306": "unsafe", "RL307": "unsafe", "RL402": "unsafe", "RL506": "unsafe", "RL502": "unsafe", "RL701": "unsafe", "RL804": "unsafe",
        "RL807": "unsafe", "RL812": "unsafe",
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| [RL806](rules/RL806.md) | obsolete-version-key | low | stack | all | compose | safe |" in readme
    assert "| [RL701](rules/RL701.md) | port-published-all-interfaces | medium | service | all | all | unsafe |" in readme
    assert "| [RL001](rules/RL001.md) | parse-error | critical | file | all | all | - |" in readme


def test_a_fix_from_a_rule_without_fix_is_refused() -> None:
    from redislint.engine.context import Context, Settings
    from redislint.engine.finding import Edit
    from redislint.engine.rule import Rule, Severity
    from redislint.model.project import Project
    from redislint.model.span import Span

    r = Rule(id="RL897", name="x", severity=Severity.LOW, tags=("meta",), scope=Scope.STACK, summary="x")
    ctx = Context(r, Project.__new__(Project), Settings())
    span = Span.point("/x", 1)
    with pytest.raises(ValueError, match="not declared with fix="):
        ctx.finding(span, "m", autofix=ctx.fix("t", [Edit(span=span, text="")]))


def test_unknown_fix_level_is_refused() -> None:
    from redislint.engine.rule import Severity, rule

    declare = rule(id="RL896", name="x", severity=Severity.LOW, tags=("meta",), scope=Scope.STACK, summary="x", fix="maybe")
    with pytest.raises(ValueError, match="fix="):
        declare(lambda obj, ctx: iter(()))


def test_unknown_platform_is_refused() -> None:
    from redislint.engine.rule import Severity, rule

    declare = rule(id="RL898", name="x", severity=Severity.LOW, tags=("meta",), scope=Scope.STACK, summary="x", platforms=("openshift",))
    with pytest.raises(ValueError, match="platforms"):
        declare(lambda obj, ctx: iter(()))


def _page_sections(rule_id: str) -> dict[str, str]:
    """``heading -> body`` of the ``## `` sections of a rule page (outside code fences)."""
    from tests.test_docs import sections

    text = (ROOT / "rules" / f"{rule_id}.md").read_text(encoding="utf-8")
    return {h: "\n".join(body).strip() for h, _line, body in sections(text)}


def _rule_sources(rule) -> str:  # type: ignore[no-untyped-def]
    """The source of the rule's module and of its parts (``rl508_*.py`` beside ``rl508_<name>.py``)."""
    path = Path(sys.modules[rule.module].__file__ or "")
    parts = sorted(path.parent.glob(f"rl{rule.id[2:]}_*.py"))
    return "\n".join(p.read_text(encoding="utf-8") for p in parts)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_page_states_versions_and_calibration(rule) -> None:  # type: ignore[no-untyped-def]
    """Issue 9, causes 5 and 10: every rule page says which server versions the rule applies to (and
    what it does when the version is unknown), and states its calibration: the default severity of
    the @rule decorator first, then every severity the rule's code can give instead."""
    found = _page_sections(rule.id)
    headings = list(found)
    assert headings[:3] == ["What it checks", "Versions", "Severity"], (
        f"{rule.id}.md: '## Versions' and '## Severity' must follow '## What it checks', got {headings}"
    )
    versions, severity = found["Versions"], found["Severity"]
    assert versions, f"{rule.id}.md: the Versions section is empty"
    assert re.search(r"version|release|\b\d+\.\d+\b", versions, re.IGNORECASE), (
        f"{rule.id}.md: the Versions section names no version"
    )
    source = _rule_sources(rule)
    if re.search(r"\b(?:node|img|info)\.version\b|version_from_image", source):
        assert re.search(r"\b\d+\.\d+", versions), (
            f"{rule.id}.md: the rule reads the server version, so its Versions section names the releases"
        )
    label = rule.severity.label.upper()
    assert severity.startswith(f"Default: {label}"), (
        f"{rule.id}.md: the Severity section must open with 'Default: {label}' (the @rule decorator's severity)"
    )
    used = set(re.findall(r"\bSeverity\.([A-Z]+)\b", source))
    missing = sorted(s for s in used if not re.search(rf"\b{s}\b", severity))
    assert not missing, f"{rule.id}.md: the Severity section does not state when the rule gives {missing}"
