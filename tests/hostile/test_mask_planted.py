"""A unique password planted in every secret position never appears in any output.

Each case writes a small repository holding one password, lints it with every rule, and renders the
report in every format (text with code frames, colour text, and every other format of FORMATS). Then it renders it
again with one extra finding on every line of every file (so that every line is shown in a code
frame) whose message quotes the password as a leaking rule would. Neither output may contain the
password, nor (for quoted and escaped forms) any distinctive piece of it, in any letter case. The
cases are in ``mask_cases.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.finding import Finding, Related
from redislint.engine.report import Report, split_source_lines
from redislint.engine.rule import Rule, Scope, Severity
from redislint.model.span import Span
from redislint.output import FORMATS, render
from tests.hostile.mask_cases import CASES, EXTRA_PASSWORDS, compose_case, conf_case

LEAKY = Rule(
    id="RL999",
    name="leaky-rule",
    severity=Severity.HIGH,
    tags=("security",),
    scope=Scope.NODE,
    summary="a rule that quotes what it reads",
)


def fragments(password: str) -> list[str]:
    """The password and each distinctive piece of it (runs of letters and digits longer than 3)."""
    return [password, *re.findall(r"[A-Za-z0-9]{4,}", password)]


def all_outputs(report: Report) -> dict[str, str]:
    return {
        "text": render(report, "text", color=False, show_suppressed=True),
        "text-colour": render(report, "text", color=True, show_suppressed=True),
        "sarif": render(report, "sarif", include_suppressed=True),
        # every other format (json, concise, github, gitlab, junit, checkstyle...)
        **{fmt: render(report, fmt) for fmt in FORMATS if fmt not in ("text", "sarif")},
    }


def with_every_line(report: Report, password: str, *, quote: bool = True) -> Report:
    """The report plus a finding on every line of every file read, quoting the password (unless
    ``quote`` is false: for a file that is not valid YAML, nothing is known, so no rule can quote)."""
    extra: list[Finding] = []
    said = password if quote else "x"
    for path in report.files:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        kind = report.file_kinds.get(path, "other")
        for number, line in enumerate(split_source_lines(text, kind), start=1):
            extra.append(
                Finding(
                    rule_id=LEAKY.id,
                    rule_name=LEAKY.name,
                    severity=LEAKY.severity,
                    message=f"got '{said}'",
                    span=Span(file=path, start_line=number, start_col=1, end_line=number, end_col=len(line) + 1),
                    fix=f"replace {said}",
                    related=[Related(span=Span.point(path, number), message=f"see {said.lower()}")],
                    evidence=f"{number}",
                )
            )
    return Report(
        findings=sorted([*report.findings, *extra], key=lambda f: f.sort_key()),
        rules=[*report.rules, LEAKY],
        root=report.root,
        notices=report.notices,
        files=report.files,
        secrets=report.secrets,
        secret_spans=report.secret_spans,
        environ_values=report.environ_values,
        file_kinds=report.file_kinds,
        texts=report.texts,
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))


def assert_absent(outputs: dict[str, str], passwords: list[str]) -> None:
    for fmt, out in outputs.items():
        low = out.lower()
        for pw in passwords:
            for piece in fragments(pw):
                assert piece.lower() not in low, f"{fmt} output shows {piece!r}"


@pytest.mark.parametrize(("files", "password"), [pytest.param(f, p, id=i) for i, f, p in CASES])
def test_planted_password_appears_in_no_output(tmp_path: Path, files: dict[str, str], password: str, request: pytest.FixtureRequest) -> None:
    write(tmp_path, files)
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    passwords = [password, *EXTRA_PASSWORDS.get(request.node.callspec.id, [])]
    assert_absent(all_outputs(report), passwords)
    quote = not request.node.callspec.id.startswith("yaml-invalid") and not request.node.callspec.id.startswith("yaml-syntax")
    assert_absent(all_outputs(with_every_line(report, password, quote=quote)), passwords)


def test_every_case_is_unique() -> None:
    ids = [i for i, _f, _p in CASES]
    assert len(ids) == len(set(ids))
    pieces = [piece for _i, _f, p in CASES for piece in re.findall(r"[A-Za-z0-9]{4,}", p)]
    assert all(p.startswith(("Pw7f", "Qz4k", "Rt6m", "0f1e")) for p in pieces if len(p) >= 8)


# --- the environment ---------------------------------------------------------------------------

ENV_VALUE = "Zq9xEnvCi7Api3Key"


def test_environment_value_is_named_not_printed(tmp_path: Path) -> None:
    write(tmp_path, compose_case("    command: redis-server --maxmemory ${CI_API_KEY}\n"))
    report = lint([str(tmp_path)], Settings(select=("RL003",)), root=str(tmp_path), environ={"CI_API_KEY": ENV_VALUE})
    found = [(f.rule_id, Path(f.span.file).name, f.span.start_line, f.severity.label) for f in report.findings]
    assert found == [("RL003", "compose.yaml", 4, "critical")]
    for fmt, out in all_outputs(report).items():
        assert ENV_VALUE.lower() not in out.lower(), fmt
        assert "${CI_API_KEY}" in out, fmt
    for fmt, out in all_outputs(with_every_line(report, ENV_VALUE)).items():
        assert ENV_VALUE.lower() not in out.lower(), fmt


def test_cli_does_not_read_the_process_environment(tmp_path: Path) -> None:
    write(tmp_path, compose_case("    command: redis-server --maxmemory ${CI_API_KEY}\n"))
    env = {"CI_API_KEY": ENV_VALUE, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    for fmt in FORMATS:
        proc = subprocess.run(
            [sys.executable, "-m", "redislint", "check", str(tmp_path), "--format", fmt],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )
        assert proc.returncode in (0, 1), proc.stderr
        assert ENV_VALUE not in proc.stdout + proc.stderr
        # the variable is unknown at lint time (a deploy-time value), and said so by name
        assert "RL010" in proc.stdout and "CI_API_KEY" in proc.stdout


def test_environment_value_in_a_secret_position(tmp_path: Path) -> None:
    write(tmp_path, compose_case("    command: redis-server --requirepass ${CI_REDIS_PW} --maxmemory ${CI_API_KEY}x\n"))
    environ = {"CI_REDIS_PW": "Zq9xEnvPw5Secret", "CI_API_KEY": ENV_VALUE}
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ=environ)
    for fmt, out in all_outputs(with_every_line(report, ENV_VALUE)).items():
        for value in environ.values():
            for piece in fragments(value):
                assert piece.lower() not in out.lower(), fmt
    assert "${CI_API_KEY}x" in render(report, "text", color=False)


def test_fingerprints_do_not_depend_on_the_password(tmp_path: Path) -> None:
    """Fingerprints are hashes of the evidence: a hash of a password can be reversed by guessing."""
    prints = []
    for pw in ("Pw7fJ1first", "Pw7fJ2other"):
        root = tmp_path / pw
        root.mkdir()
        write(root, conf_case(f"requirepass {pw}\nuser bob on >{pw} ~* +@all\n"))
        report = lint([str(root)], Settings(), root=str(root), environ={})
        prints.append(sorted((f.rule_id, f.fingerprint("redis.conf")) for f in report.findings))
    assert prints[0] == prints[1]
    assert {r for r, _ in prints[0]} >= {"RL103"}


def test_code_frames_escape_line_breaking_characters(tmp_path: Path) -> None:
    write(tmp_path, conf_case('maxmemory "1\x1cgb\u2028x"\nport 6379\n'))
    report = lint([str(tmp_path)], Settings(select=("RL003",)), root=str(tmp_path), environ={})
    assert [(f.rule_id, f.span.start_line) for f in report.findings] == [("RL003", 1)]
    text = render(report, "text", color=False)
    assert '  1 | maxmemory "1\\x1cgb\\u2028x"\n' in text
    assert "\x1c" not in text and "\u2028" not in text


# --- over-masking ------------------------------------------------------------------------------


def test_ordinary_words_are_not_masked(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": "services:\n"
            "  cache:\n"
            "    image: docker.io/bitnamilegacy/redis:7.2\n"
            "    container_name: legacy-redis\n"
            "    command: redis-server --appendonly yes --maxmemory 1x\n"
            "    environment:\n"
            "      REDIS_PASSWORD: bitnami\n"
            "  other:\n"
            "    image: redis:7.4.2\n"
            '    command: ["redis-server", "--requirepass", "redis", "--appendonly", "yes"]\n'
        },
    )
    report = lint([str(tmp_path)], Settings(select=("RL003", "RL205", "RL812")), root=str(tmp_path), environ={})
    found = sorted((f.rule_id, Path(f.span.file).name, f.span.start_line, f.severity.label) for f in report.findings)
    assert found == [
        ("RL003", "compose.yaml", 5, "critical"),
        ("RL205", "compose.yaml", 3, "low"),
        ("RL205", "compose.yaml", 9, "high"),
        ("RL812", "compose.yaml", 4, "low"),
    ]
    text = render(report, "text", color=False)
    assert "  3 |     image: docker.io/bitnamilegacy/redis:7.2\n" in text
    assert "  4 |     container_name: legacy-redis\n" in text
    assert "  5 |     command: redis-server --appendonly yes --maxmemory 1x\n" in text
    assert "legacy-redis" in render(report, "json")
    # the passwords themselves are masked where they are written
    everything = with_every_line(report, "x")
    text = render(everything, "text", color=False)
    assert "  7 |       REDIS_PASSWORD: ****\n" in text
    assert '  10 |     command: ["redis-server", "--requirepass", "****", "--appendonly", "yes"]\n' in text


def test_block_scalars_mask_only_the_password(tmp_path: Path) -> None:
    write(
        tmp_path,
        compose_case(
            "    command: >\n"
            "      sh -c '\n"
            "      redis-server\n"
            "      --requirepass Pw7fK1fold\n"
            '      --masterauth "$$(cat /run/secrets/redis_password)"\n'
            "      --maxmemory 1x\n"
            "      '\n"
        ),
    )
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    text = render(with_every_line(report, "Pw7fK1fold"), "text", color=False)
    assert "Pw7fK1fold" not in text
    assert "  7 |       --requirepass ****\n" in text
    assert '  8 |       --masterauth "$$(cat /run/secrets/redis_password)"\n' in text
    assert "  9 |       --maxmemory 1x\n" in text
