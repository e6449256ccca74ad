"""The rule pages' Bad/Good examples are executable, so the docs cannot rot.

For every ``rules/RLxxx.md``:

* the sections of the template (CONTRIBUTING.md) are present, in order, and References lists something;
* every fenced block under ``## Bad`` or ``## Good`` whose info string names a file kind
  (``redis-conf``, ``sentinel-conf``, ``yaml`` = a compose file) is written into an empty folder as
  ``redis.conf`` / ``sentinel.conf`` / ``compose.yaml`` and linted with only the page's rule: a Bad example
  must produce a finding of the rule, a Good example none. Other info strings (``text``, ``sh``, none)
  are prose and are not run;
* a rule that needs several files shows a small project instead: its blocks name their file in the
  info string (```` ```sentinel-conf file=s1/sentinel.conf ````); when one executable block of a section
  does, all executable blocks of that section are written into one folder and linted together;
* every page has at least one executable Bad and one executable Good example, unless it is listed in
  ``NOT_EXECUTABLE`` with the reason.

Examples must also be sound on their own: they parse (no RL001 parse-error, except the Bad examples of
RL001 itself) and a ``yaml`` example is a whole compose file (``services:``, each with an image), so a
Good example cannot pass only because the linter could not read it or found no Redis in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml

from redislint.api import lint
from redislint.engine.context import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "rules").glob("RL*.md"))
SECTIONS = ["What it checks", "Versions", "Severity", "Why it matters", "Bad", "Good", "How to fix", "When to disable", "References"]
FILE_FOR = {"redis-conf": "redis.conf", "sentinel-conf": "sentinel.conf", "yaml": "compose.yaml", "redis-live": "server.redis-live", "bash": "backup.sh", "kubernetes": "manifests.yaml"}
"""``redis-live``: a snapshot of a running server (the live-only rules of ``redislint audit``); ``bash``: a
shell script of the repository; ``kubernetes``: Kubernetes manifests (the Kubernetes rules)."""

NOT_EXECUTABLE = {
    "RL900": "internal-error reports a rule that crashed; no input makes a correct rule crash "
    "(tests/test_engine.py covers it with a rule that raises)",
    "RL858": "compares the views of several running Sentinels: one snapshot cannot disagree with itself "
    "(fixtures/RL858 has a group of three snapshots)",
    "RL708": "about a private key file committed to the repository, not a Redis or compose file "
    "(fixtures/RL708 has the key files)",
    **{
        rid: "about a Prometheus config, alert rule file or Grafana provisioning file read with the compose file "
        f"that mounts it (fixtures/{rid} has such projects)"
        for rid in ("RL813", "RL814", "RL815", "RL816", "RL817", "RL818", "RL819")
    },
    **{
        rid: "about a Dockerfile and the config it COPYs (fixtures/" + rid + " has such images)"
        for rid in ("RL014",)
    },
}
"""Pages whose rule cannot be shown by a redis.conf, a sentinel.conf, a compose file or a small project of them."""

ALSO_RUN = {
    "RL901": ("RL401",),
    "RL902": ("RL401",),
}
"""Meta rules judge the suppressions of other rules: those rules run too (like `# fixture: also-run`)."""

RULE_BUGS: dict[str, str] = {}
"""Examples that show what the rule should do (per ../shared/RULES.md) where the rule does not yet: strict
xfail, so the entry must go when the rule is fixed."""

FENCE = re.compile(r"^(```+|~~~+)\s*(.*)$")


@dataclass(frozen=True)
class Block:
    page: str
    section: str
    line: int
    lang: str
    file: str | None
    text: str


@dataclass(frozen=True)
class Example:
    """What one lint run gets: one block, or the blocks of a section that name their files."""

    page: str
    section: str
    line: int
    files: tuple[tuple[str, str], ...]  # (relative path, text)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.section}:{self.line}"


def closes(line: str, fence: str) -> bool:
    s = line.strip()
    return len(s) >= len(fence) and s == fence[0] * len(s)


def sections(text: str) -> list[tuple[str, int, list[str]]]:
    """``(heading, line of heading, body lines)`` for each ``## `` heading outside code fences."""
    out: list[tuple[str, int, list[str]]] = []
    fence: str | None = None
    for i, line in enumerate(text.splitlines(), start=1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif closes(line, fence):
                fence = None
        elif fence is None and line.startswith("## "):
            out.append((line[3:].strip(), i, []))
            continue
        if out:
            out[-1][2].append(line)
    return out


def blocks(page: Path) -> list[Block]:
    out: list[Block] = []
    for heading, start, body in sections(page.read_text(encoding="utf-8")):
        if heading not in ("Bad", "Good"):
            continue
        i = 0
        while i < len(body):
            m = FENCE.match(body[i])
            if not m:
                i += 1
                continue
            fence, info, first = m.group(1), m.group(2).split(), i
            lang = info[0].lower() if info else ""
            file = next((w[5:] for w in info[1:] if w.startswith("file=")), None)
            i += 1
            lines = []
            while i < len(body) and not closes(body[i], fence):
                lines.append(body[i])
                i += 1
            i += 1
            out.append(Block(page.stem, heading, start + 1 + first, lang, file, "\n".join(lines) + "\n"))
    return out


def examples(page_blocks: list[Block]) -> list[Example]:
    out: list[Example] = []
    for section in ("Bad", "Good"):
        runnable = [b for b in page_blocks if b.section == section and b.lang in FILE_FOR]
        if any(b.file for b in runnable):
            files = tuple((b.file or FILE_FOR[b.lang], b.text) for b in runnable)
            out.append(Example(runnable[0].page, section, runnable[0].line, files))
        else:
            out.extend(Example(b.page, section, b.line, ((FILE_FOR[b.lang], b.text),)) for b in runnable)
    return out


BLOCKS = {p.stem: blocks(p) for p in PAGES}
EXAMPLES = [e for p in PAGES for e in examples(BLOCKS[p.stem])]
COMPOSE = [b for bs in BLOCKS.values() for b in bs if b.lang == "yaml"]


def test_pages_found() -> None:
    assert len(PAGES) > 50
    assert EXAMPLES


def test_exceptions_are_current() -> None:
    stems = {p.stem for p in PAGES}
    assert set(NOT_EXECUTABLE) <= stems
    assert set(ALSO_RUN) <= stems
    assert {f"{e.page}:{e.section}" for e in EXAMPLES} >= set(RULE_BUGS)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_sections(page: Path) -> None:
    found = sections(page.read_text(encoding="utf-8"))
    headings = [h for h, _, _ in found]
    assert [h for h in headings if h in SECTIONS] == SECTIONS, (
        f"{page.name}: sections {headings}, want {SECTIONS} in order"
    )
    refs = next(body for h, _, body in found if h == "References")
    items = [ln for ln in refs if re.match(r"\s*(?:[-*+]|\d+[.)])\s+\S", ln)]
    assert items, f"{page.name}: the References section lists nothing"
    assert any("https://" in ln or "http://" in ln for ln in items), (
        f"{page.name}: the References section cites no public source by URL"
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_cites_only_what_ships_or_is_public(page: Path) -> None:
    """The pages ship in the wheel: they may not send a reader to notes that are not in it."""
    text = page.read_text(encoding="utf-8")
    assert "research/" not in text and "research notes" not in text, (
        f"{page.name}: cites the project's research notes; cite the public source (redis.io, the source at a tag)"
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_has_executable_examples(page: Path) -> None:
    mine = [e for e in EXAMPLES if e.page == page.stem]
    if page.stem in NOT_EXECUTABLE:
        return
    for section in ("Bad", "Good"):
        assert any(e.section == section for e in mine), (
            f"{page.name}: no executable block under '## {section}' (info string one of {sorted(FILE_FOR)}); "
            "fix the example or list the page in NOT_EXECUTABLE with the reason"
        )


@pytest.mark.parametrize("block", COMPOSE, ids=[f"{b.page}:{b.section}:{b.line}" for b in COMPOSE])
def test_compose_example_is_complete(block: Block) -> None:
    """A ``yaml`` example is a whole compose file: ``services:``, each with an image (or a build)."""
    doc = yaml.safe_load(block.text)
    assert isinstance(doc, dict) and isinstance(doc.get("services"), dict) and doc["services"], (
        f"{block.page}:{block.line}: a yaml example must be a compose file with a 'services:' mapping"
    )
    for name, svc in doc["services"].items():
        assert isinstance(svc, dict) and ("image" in svc or "build" in svc), (
            f"{block.page}:{block.line}: service {name!r} has no image"
        )


def example_params() -> list[object]:
    out: list[object] = []
    for e in EXAMPLES:
        bug = RULE_BUGS.get(f"{e.page}:{e.section}")
        marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
        out.append(pytest.param(e, id=e.id, marks=marks))
    return out


@pytest.mark.parametrize("example", example_params())
def test_example(example: Example, tmp_path: Path) -> None:
    for name, text in example.files:
        rel = PurePosixPath(name)
        assert not rel.is_absolute() and ".." not in rel.parts, name
        target = tmp_path / rel
        assert not target.exists(), f"{example.id}: two blocks write {name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    rule = example.page
    select = (rule, *ALSO_RUN.get(rule, ()), "RL001")
    snapshots = [str(tmp_path / n) for n, _ in example.files if n.endswith(".redis-live")]
    if snapshots:
        from redislint.audit.run import audit_snapshots

        against = str(tmp_path) if len(snapshots) < len(example.files) else None
        report = audit_snapshots(snapshots, Settings(select=select), root=str(tmp_path), against=against)
    else:
        report = lint([str(tmp_path)], Settings(select=select), root=str(tmp_path), environ={})
    active = [f for f in report.findings if not f.suppressed]
    crashes = [f.message for f in active if f.rule_id == "RL900"]
    assert not crashes, crashes
    if not (rule == "RL001" and example.section == "Bad"):
        unparsed = [f"{f.span.file}:{f.span.start_line}: {f.message}" for f in active if f.rule_id == "RL001"]
        assert not unparsed, f"{example.id}: the example does not parse: {unparsed}"
    got = [f"{Path(f.span.file).name}:{f.span.start_line}: {f.message}" for f in active if f.rule_id == rule]
    if example.section == "Bad":
        assert got, f"{example.id}: the Bad example produces no {rule} finding"
    else:
        assert not got, f"{example.id}: the Good example produces {rule} findings: {got}"
