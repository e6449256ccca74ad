"""Fingerprint evidence is the offending directive or token, never the message: rewording a message
must not change a finding's fingerprint (GitHub would show it as a new alert)."""

from __future__ import annotations

from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings

CONF = """\
maxmemory-polcy allkeys-lru
appendonly maybe
port 6379 6380
slave-read-only yes
list-max-ziplist-entries 128
requirepass "s3cret-with-a-missing-quote
"""


def _evidence(folder: Path, rules: tuple[str, ...]) -> list[tuple[str, int, str, str]]:
    report = lint([str(folder)], Settings(select=rules, redis_version="7.0"), root=str(folder), environ={})
    return [(f.rule_id, f.span.start_line, f.evidence, f.fingerprint(report.relpath(f.span.file))) for f in report.findings]


def test_config_loader_findings_take_the_directive_as_evidence(tmp_path: Path) -> None:
    (tmp_path / "redis.conf").write_text(CONF, encoding="utf-8")
    got = [(r, line, ev) for r, line, ev, _fp in _evidence(tmp_path, ("RL001", "RL002", "RL003", "RL004", "RL005"))]
    assert got == [
        ("RL002", 1, "maxmemory-polcy"),
        ("RL003", 2, "appendonly:1"),
        ("RL003", 3, "port:2"),
        ("RL004", 4, "slave-read-only"),
        ("RL005", 5, "list-max-ziplist-entries"),
        ("RL001", 6, "requirepass"),
    ]


def test_version_gated_directive_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.0.15\n    command: redis-server --maxmemory 1gb --set-max-listpack-entries 64\n",
        encoding="utf-8",
    )
    got = [(r, line, ev) for r, line, ev, _fp in _evidence(tmp_path, ("RL011",))]
    assert got == [("RL011", 4, "set-max-listpack-entries")]


def test_fingerprint_survives_a_reworded_message_and_a_moved_line(tmp_path: Path) -> None:
    """The same mistake one line lower, reported with another message text, keeps its fingerprint."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "redis.conf").write_text("appendonly maybe\n", encoding="utf-8")
    [(_r, _l, ev_a, fp_a)] = _evidence(tmp_path / "a", ("RL003",))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "redis.conf").write_text("port 6379\nappendonly perhaps\n", encoding="utf-8")
    [(_r, line, ev_b, fp_b)] = _evidence(tmp_path / "b", ("RL003",))
    assert (line, ev_a, ev_b) == (2, "appendonly:1", "appendonly:1")
    assert fp_a == fp_b  # the message differs ('got maybe' / 'got perhaps'), the fingerprint does not


def test_yaml_parse_error_evidence_is_the_token(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.4.2\n    command: redis-server --maxmemory ${MEM\n", encoding="utf-8"
    )
    got = [(r, line, ev) for r, line, ev, _fp in _evidence(tmp_path, ("RL001",))]
    assert got == [("RL001", 4, "$")]


def test_no_rule_takes_evidence_from_a_message() -> None:
    """Statically: no ``ctx.finding(...)`` of a rule passes a message (``x.message``, or the same
    expression as its message argument) as ``evidence``."""
    import ast

    checks = Path(__file__).resolve().parent.parent / "redislint" / "checks"
    bad = []
    for path in sorted(checks.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "finding"):
                continue
            evidence = next((k.value for k in node.keywords if k.arg == "evidence"), None)
            if evidence is None:
                continue
            message = ast.unparse(node.args[1]) if len(node.args) > 1 else None
            uses_message = any(isinstance(n, ast.Attribute) and n.attr == "message" for n in ast.walk(evidence))
            if uses_message or ast.unparse(evidence) == message:
                bad.append(f"{path.name}:{node.lineno}: evidence={ast.unparse(evidence)}")
    assert bad == []


def test_fingerprint_evidence_never_holds_a_path_of_this_machine(tmp_path: Path) -> None:
    """The same repository checked out elsewhere (another runner, another clone) keeps its fingerprints:
    no evidence holds the absolute folder the repository sits in."""
    import shutil

    src = Path(__file__).parent.parent
    for name in ("fixtures", "stacks"):
        shutil.copytree(src / name, tmp_path / name)
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    leaking = sorted({(f.rule_id, report.relpath(f.span.file), f.span.start_line) for f in report.findings if str(tmp_path) in (f.evidence or "")})
    assert leaking == []
