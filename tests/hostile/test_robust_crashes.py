"""Issue 11, crashes: inputs that raised a traceback (exit 1) or made rules crash (RL900) now give
exact findings. Each test names the input that crashed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redislint.api import load_project
from redislint.engine.context import Context, Settings
from redislint.engine.finding import Finding
from redislint.engine.registry import find_rule
from redislint.engine.rule import Rule, Scope, Severity
from redislint.engine.runner import run_rules
from redislint.model.compose import Service
from redislint.model.span import Span
from redislint.parsers.interpolate import MAX_NESTING, InterpolationError, interpolate

from ._robust import crashes, found, report, write

# ------------------------------------------------------------------ Span.join out of order


def test_alias_as_the_value_of_an_option(tmp_path: Path) -> None:
    """The alias carries its anchor's span (line 1), before the option's name (line 5):
    'span ends before it starts' was a traceback."""
    write(tmp_path, {"compose.yaml": (
        'x-size: &size "banana"\n'
        "services:\n"
        "  redis:\n"
        "    image: redis:7.4.2\n"
        "    command: [redis-server, --maxmemory, *size]\n"
    )})
    assert found(tmp_path, "RL003", "RL401") == {("RL003", "compose.yaml", 1, 16, "critical")}
    assert crashes(tmp_path) == []


def test_alias_as_the_name_of_an_option(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": (
        'x-args: &a "--maxmemory"\n'
        "services:\n"
        "  redis:\n"
        "    image: redis:7.4.2\n"
        "    command: [redis-server, *a, banana]\n"
    )})
    assert found(tmp_path, "RL003", "RL401") == {("RL003", "compose.yaml", 5, 33, "critical")}
    assert crashes(tmp_path) == []


def test_command_written_above_entrypoint(tmp_path: Path) -> None:
    """The option's name comes from entrypoint (line 5), its value from command (line 4)."""
    write(tmp_path, {"compose.yaml": (
        "services:\n"
        "  redis:\n"
        "    image: redis:7.4.2\n"
        '    command: ["banana"]\n'
        '    entrypoint: ["redis-server", "--maxmemory"]\n'
    )})
    assert found(tmp_path, "RL003", "RL401") == {("RL003", "compose.yaml", 4, 16, "critical")}
    assert crashes(tmp_path) == []


def test_option_values_split_across_compose_file_and_override(tmp_path: Path) -> None:
    """entrypoint in docker-compose.yml ends with '--masterauth first-half'; the override's command
    adds 'second-half'. RL002, RL003, RL004, RL005 and RL011 crashed on the two-file span."""
    write(tmp_path, {
        "docker-compose.yml": (
            "services:\n"
            "  redis:\n"
            "    image: redis:7.4.2\n"
            '    environment: {X: "1"}\n'
            "    entrypoint: [redis-server, --maxmemory, 1gb, --masterauth, first-half]\n"
        ),
        "docker-compose.override.yml": "services:\n  redis:\n    command: [second-half]\n",
    })
    assert found(tmp_path, "RL002", "RL003", "RL004", "RL005", "RL011") == {
        ("RL003", "docker-compose.override.yml", 3, 15, "critical"),
    }
    assert crashes(tmp_path) == []


def test_span_join_never_inverts() -> None:
    name = Span(file="/r/a.yml", start_line=5, start_col=10, end_line=5, end_col=20)
    earlier = Span(file="/r/a.yml", start_line=1, start_col=3, end_line=1, end_col=9)
    later = Span(file="/r/a.yml", start_line=6, start_col=1, end_line=7, end_col=4)
    other = Span(file="/r/b.yml", start_line=9, start_col=1, end_line=9, end_col=2)
    assert Span.join(name, earlier) == name
    assert Span.join(name, other) == name
    assert Span.join(name, later) == Span(file="/r/a.yml", start_line=5, start_col=10, end_line=7, end_col=4)


# ------------------------------------------------------------------ nested interpolation


def test_500_nested_defaults_are_a_parse_error_not_a_recursion_error(tmp_path: Path) -> None:
    expr = "${A:-" * 500 + "1gb" + "}" * 500
    write(tmp_path, {"compose.yaml": f"services:\n  redis:\n    image: redis:7.4.2\n    command: redis-server --maxmemory {expr}\n"})
    rep = report(tmp_path, "RL001")
    assert [(f.rule_id, f.span.start_line, f.span.start_col, f.message) for f in rep.findings] == [
        ("RL001", 4, 39 + 5 * MAX_NESTING, f"invalid interpolation format: '${{' nested more than {MAX_NESTING} levels deep"),
    ]
    assert crashes(tmp_path) == []


def test_nesting_up_to_the_limit_still_interpolates() -> None:
    deep = "${A:-" * MAX_NESTING + "x" + "}" * MAX_NESTING
    assert interpolate(deep, {}).text == "x"
    assert interpolate("$${" * 100 + "x", {}).text == "${" * 100 + "x"  # escaped: no nesting at all
    try:
        interpolate("${A:-" + deep + "}", {})
    except InterpolationError as exc:
        assert exc.offset == 5 * MAX_NESTING
    else:  # pragma: no cover
        raise AssertionError("one level too deep must be refused")


# ------------------------------------------------------------------ a crashing rule is RL900 for it only


def test_a_crashing_rule_is_reported_as_rl900_and_the_others_still_run(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  redis:\n    image: redis:7.4.2\n    command: [redis-server, --maxmemory, banana]\n"})

    def explode(svc: Service, ctx: Context) -> Iterator[Finding]:
        raise KeyError("secret-value-never-printed")
        yield  # pragma: no cover

    broken = Rule(id="RL999", name="always-crashes", severity=Severity.LOW, tags=(), scope=Scope.SERVICE, summary="test", check=explode)
    real = find_rule("RL003")
    assert real is not None
    project, _notices = load_project([str(tmp_path)], str(tmp_path), environ={})
    got = run_rules(project, Settings(), [broken, real])
    assert [(f.rule_id, f.span.start_line) for f in got] == [("RL900", 2), ("RL003", 4)]
    assert got[0].message.startswith("rule RL999 (always-crashes) crashed: KeyError at test_robust_crashes.py:")
    assert "secret-value-never-printed" not in got[0].message + (got[0].evidence or "")
