"""Secret masking: the masker, and no output format prints a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.engine.finding import Finding, Related
from redislint.engine.report import Report
from redislint.model.span import Span
from redislint.output import FORMATS, render
from redislint.secrets.mask import Masker
from tests.output.common import (
    CATALOG,
    RL101,
    RL200,
    make_finding,
)

# --- masking -----------------------------------------------------------------------------------


def test_masker_text_matches_known_values_only() -> None:
    m = Masker({"hunter2", "redis", "ab", "Pw-long-value-42"})
    # a distinctive value anywhere, whatever its case (RL002 lower-cases what it quotes)
    assert m.text("unknown directive 'pw-long-value-42x'") == "unknown directive '****x'"
    assert m.text("note: hunter2 and xhunter2x") == "note: **** and x****x"
    # an ordinary word only as a whole token, a very short value only between quotes
    assert m.text("legacy-redis, redis.conf, 'redis'") == "legacy-redis, redis.conf, '****'"
    assert m.text("a tab, 'ab'") == "a tab, '****'"
    # derived forms: the first 39 characters a message quotes of a long value
    long = "Zq9" + "x" * 60
    assert Masker({long}).text(f"got '{long[:39]}…'") == "got '****…'"


def test_masker_names_environment_values() -> None:
    m = Masker({"Pw-secret-1"}, named={"Zq9xEnvValue77": "CI_API_KEY"})
    assert m.text("got 'Zq9xEnvValue77'") == "got '${CI_API_KEY}'"


def test_masker_lines_by_span() -> None:
    m = Masker({"s3cr3t-value"}, {"/f": [(1, 13, 1, 15), (2, 5, 3, 3)]})
    got = m.line("/f", 1, "requirepass pw # s3cr3t-value")
    assert got.text == "requirepass **** # ****"
    assert (got.column(12), got.column(14, end=True), got.column(14)) == (12, 16, 16)
    assert m.line("/f", 2, "abc defgh").text == "abc ****"
    assert m.line("/f", 3, "xyz").text == "****z"
    # ordinary words of a frame are never touched: only spans and distinctive values are
    assert Masker({"redis"}).line("/f", 1, "container_name: legacy-redis").text == "container_name: legacy-redis"


SECRET_FILES = {
    "redis.conf": """\
requirepass Pw-conf-01
masterauth "Pw conf 02"
primaryauth Pw-conf-03
tls-key-file-pass Pw-conf-04
tls-client-key-file-pass Pw-conf-05
user alice on >Pw-acl-06 #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* +@all
""",
    "sentinel.conf": """\
sentinel monitor mymaster 10.0.0.1 6379 2
sentinel auth-pass mymaster Pw-sent-07
sentinel sentinel-pass Pw-sent-08
""",
    "compose.yaml": """\
services:
  cache:
    image: redis:7.4
    command: redis-server --requirepass Pw-cli-09 --masterauth ${REDIS_MASTER_PASSWORD:-Pw-default-10}
    environment:
      - REDIS_PASSWORD=Pw-env-11
      - "METRICS_TOKEN=Pw-env-12"
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "Pw-hc-13", "ping"]
  exporter:
    image: oliver006/redis_exporter
    environment:
      REDIS_ADDR: redis://default:Pw-url-14@cache:6379
      EXPORTER_SECRET: Pw-map-15
      REDIS_PASS: 'Pw-map-16'
    command: ["redis-cli", "--pass", "Pw-flow-17", "--user", "bob", ">Pw-acl-18"]
  sentinel:
    image: redis:7.4
    command:
      - redis-sentinel
      - --requirepass
      - Pw-block-19
    environment:
      SENTINEL_URL: rediss://:Pw-url-20@sentinel:26379
      CACHE_PASSWORD: ${CACHE_PASSWORD:-Pw-default-21}
""",
    ".env": 'REDIS_PASSWORD=Pw-dotenv-22\nexport SESSION_SECRET="Pw dotenv 23"\n',
    "Dockerfile": "FROM redis:7.4\nENV REDIS_PASSWORD Pw-docker-24\n",
}
PASSWORDS = [
    "Pw-conf-01",
    "Pw conf 02",
    "Pw-conf-03",
    "Pw-conf-04",
    "Pw-conf-05",
    "Pw-acl-06",
    "Pw-sent-07",
    "Pw-sent-08",
    "Pw-cli-09",
    "Pw-default-10",
    "Pw-env-11",
    "Pw-env-12",
    "Pw-hc-13",
    "Pw-url-14",
    "Pw-map-15",
    "Pw-map-16",
    "Pw-flow-17",
    "Pw-acl-18",
    "Pw-block-19",
    "Pw-url-20",
    "Pw-default-21",
    "Pw-dotenv-22",
    "Pw dotenv 23",
    "Pw-docker-24",
]


@pytest.mark.parametrize("known", [False, True], ids=["collected", "with-a-leaking-rule"])
def test_no_format_prints_a_password(tmp_path: Path, known: bool) -> None:
    findings: list[Finding] = []
    for name, content in SECRET_FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    collected = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    for name, content in SECRET_FILES.items():
        path = tmp_path / name
        for number, line in enumerate(content.splitlines(), start=1):
            # one finding per line, spanning the line, plus one pointing into the middle of it
            findings.append(make_finding(RL101, path, number, 1, len(line) + 1, message=f"line {number}"))
            middle = max(len(line) // 2, 1)
            findings.append(
                make_finding(
                    RL200,
                    path,
                    number,
                    middle,
                    middle + 3,
                    message="a rule that leaked Pw-known-25" if known else "mid",
                    fix="change Pw-known-25" if known else None,
                    related=[Related(span=Span.point(str(path), number), message="see Pw-known-25")]
                    if known
                    else [],
                    suppressed=number % 3 == 0,
                    suppression_reason="reason with Pw-known-25" if known else "r",
                    evidence=f"{name}-{number}",
                )
            )
    assert len(PASSWORDS) == 24 and all(pw in "".join(SECRET_FILES.values()) for pw in PASSWORDS)
    secrets = collected.secrets | {"Pw-known-25"} if known else collected.secrets
    rep = Report(
        findings=sorted(findings, key=lambda f: f.sort_key()),
        rules=list(CATALOG),
        root=tmp_path,
        files=[str(tmp_path / n) for n in SECRET_FILES],
        secrets=secrets,
        secret_spans=collected.secret_spans,
        file_kinds=collected.file_kinds,
        texts=collected.texts,
        notices=["a notice mentioning Pw-known-25"] if known else [],
        tool_version="0.1.0",
    )
    outputs = {
        "text": render(rep, "text", color=False, show_suppressed=True),
        "text-colour": render(rep, "text", color=True, show_suppressed=True),
        "sarif": render(rep, "sarif", include_suppressed=True),
        **{fmt: render(rep, fmt) for fmt in FORMATS if fmt not in ("text", "sarif")},
    }
    assert set(FORMATS) <= {k.removesuffix("-colour") for k in outputs}
    for fmt, out in outputs.items():
        for pw in [*PASSWORDS, "Pw-known-25"]:
            assert pw not in out, f"{fmt} output shows {pw!r}"
    # the frames are still there, with the secrets masked and references visible
    assert "requirepass ****" in outputs["text"]
    assert "${CACHE_PASSWORD:-****}" in outputs["text"]
    assert "--masterauth ${REDIS_MASTER_PASSWORD:-****}" in outputs["text"]
    assert "      - ****" in outputs["text"]
