"""The renderer tests' fixtures: ``project`` (a folder with a redis.conf and a compose file), ``report``
(findings on it, one suppressed) and ``rule_docs`` (rule pages for SARIF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.engine.finding import Related
from redislint.engine.report import Report
from redislint.model.span import Span
from redislint.output import sarif as sarif_module
from tests.output.common import (
    CATALOG,
    COMPOSE,
    REDIS_CONF,
    RL101,
    RL200,
    RL402,
    RL700,
    RULE_PAGE,
    make_finding,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "redis.conf").write_text(REDIS_CONF, encoding="utf-8")
    (tmp_path / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def report(project: Path) -> Report:
    conf = project / "deploy" / "redis.conf"
    compose = project / "compose.yaml"
    findings = [
        make_finding(
            RL101,
            conf,
            2,
            13,
            20,
            message="'requirepass' is only 7 characters long",
            fix="use a random password of at least 32 characters",
            evidence="requirepass",
        ),
        make_finding(
            RL402,
            conf,
            3,
            11,
            14,
            message="maxmemory 2gb exceeds the container limit of 1g",
            related=[Related(span=Span.point(str(compose), 4, 16, 2), message="memory limit set here")],
            evidence="cache",
        ),
        make_finding(RL700, compose, 3, 12, 21, message="'redis:7.4' is not pinned", evidence="cache"),
        make_finding(
            RL200,
            conf,
            1,
            1,
            13,
            message="no 'save' or 'appendonly' directive",
            suppressed=True,
            suppression_kind="inSource",
            suppression_reason="cache only, data is disposable",
            evidence="cache",
        ),
    ]
    findings.sort(key=lambda f: f.sort_key())
    return Report(
        findings=findings,
        rules=list(CATALOG),
        root=project,
        files=[str(conf), str(compose)],
        texts={str(conf): REDIS_CONF, str(compose): COMPOSE},
        secrets=frozenset({"hunter2"}),
        tool_version="0.1.0",
    )







@pytest.fixture
def rule_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {
        "RL402": RULE_PAGE,
        "RL603": "# RL603 port-published\n\n## What it checks\n\n" + "w" * 1500 + "\n",
    }
    monkeypatch.setattr(sarif_module, "read_rule_doc", pages.get)


