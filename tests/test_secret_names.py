"""The one definition of a secret by name (``redislint.secrets.names``), and the compose loader's unset
variables judged by it in the link stage (RL010's password positions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.secrets.names import in_password_position, is_password_option, is_secret_name


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("REDIS_PASSWORD", True),
        ("api-key", True),
        ("SESSION_SECRET", True),
        ("METRICS_TOKEN", True),
        ("MYAPIKEY", True),
        ("REDIS_PASSWORD_FILE", False),  # names a file
        ("ALLOW_EMPTY_PASSWORD", False),  # a switch
        ("REDIS_USERNAME", False),
        ("REDIS_HOST", False),
        ("KEYSPACE", False),
    ],
)
def test_is_secret_name(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


@pytest.mark.parametrize(
    ("name", "password"),
    [("requirepass", True), ("--masterauth", True), ("requirepas", True), ("sentinel-pass", True), ("port", False), ("--save", False)],
)
def test_is_password_option(name: str, password: bool) -> None:
    assert is_password_option(name) is password


@pytest.mark.parametrize(
    ("name", "text", "path", "password"),
    [
        ("PW", "redis-server --requirepass ${PW}", ("services", "cache", "command"), True),
        ("PW", "requirepass=${PW}", ("services", "cache", "command"), True),
        ("X", "${X}", ("services", "cache", "environment", "REDIS_PASSWORD"), True),
        ("X", "APP_TOKEN=${X}", ("services", "cache", "environment"), True),
        ("X", "${X}", ("services", "cache", "environment", "REDIS_HOST"), False),
        ("REDIS_PASS", "redis-cli -h ${REDIS_PASS}", ("services", "cache", "healthcheck", "test"), True),
        ("REDIS_PASS", "${REDIS_PASS}", ("services", "cache", "image"), False),
        ("TAG", "redis:${TAG}", ("services", "cache", "image"), False),
    ],
)
def test_in_password_position(name: str, text: str, path: tuple[str, ...], password: bool) -> None:
    assert in_password_position(name, text, text.index("$"), path) is password


def test_unset_variables_are_judged_in_the_link_stage(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  cache:\n"
        "    image: redis:${TAG}\n"
        "    command: redis-server --requirepass ${PW}\n",
        encoding="utf-8",
    )
    report = lint([str(tmp_path)], Settings(profile="prod", select=("RL010",)), root=str(tmp_path), environ={})
    found = sorted((f.rule_id, f.span.file, f.span.start_line, f.span.start_col, f.severity.name) for f in report.findings)
    compose = str(tmp_path / "compose.yaml")
    assert found == [("RL010", compose, 3, 18, "MEDIUM"), ("RL010", compose, 4, 41, "CRITICAL")]
