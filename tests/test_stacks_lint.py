"""The reference stacks (stacks/): lint-clean at --profile prod --fail-on low, valid Compose,
complete (README, .env.example, .gitignore, an .example per secret), and free of secrets. The
Kubernetes stack (stacks/kubernetes) has its own checks in test_k8s_stack.py."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pathspec
import pytest
import yaml
from click.testing import CliRunner

from redislint.cli import main
from redislint.init import COMPOSE_TOPOLOGIES, PLACEHOLDER, TOPOLOGIES, stack_folder

REPO = Path(__file__).resolve().parent.parent
STACKS = REPO / "stacks"
SCHEMA = Path(__file__).resolve().parent / "data" / "compose-spec.schema.json"
README_SECTIONS = ("## What it is for", "## Start it", "## Rotate the passwords", "## What it does not cover")


def _compose(topology: str) -> dict[str, Any]:
    with open(STACKS / topology / "compose.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


def test_every_topology_has_a_stack() -> None:
    assert sorted(p.name for p in STACKS.iterdir() if p.is_dir()) == sorted(stack_folder(t) for t in TOPOLOGIES)


def test_stacks_pass_every_rule() -> None:
    runner = CliRunner()
    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        res = runner.invoke(main, ["check", "stacks", "--profile", "prod", "--fail-on", "low"])
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_compose_validates_against_the_spec(topology: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # the schema names draft-07 (without the trailing '#' jsonschema looks for)
    jsonschema.Draft7Validator(schema).validate(_compose(topology))


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_stack_is_complete(topology: str) -> None:
    d = STACKS / topology
    for name in ("compose.yaml", ".env.example", ".gitignore", "README.md"):
        assert (d / name).is_file(), f"{topology}: {name} missing"
    readme = (d / "README.md").read_text(encoding="utf-8")
    for section in README_SECTIONS:
        assert section in readme, f"{topology}/README.md: no '{section}' section"
    # every secret file the stack uses has an .example beside it, with placeholders only
    for name, spec in (_compose(topology).get("secrets") or {}).items():
        rel = spec["file"]
        if rel.startswith("./certs/"):
            assert (d / "gen-certs.sh").is_file()
            continue
        example = d / (rel + ".example")
        assert example.is_file(), f"{topology}: secret {name} has no {rel}.example"
        assert PLACEHOLDER.search(example.read_text(encoding="utf-8")), example
    # every suppression is explained in the README
    for f in d.rglob("*"):
        if f.is_file():
            for rule_id in re.findall(r"redislint: disable=(RL\d{3})", f.read_text(encoding="utf-8", errors="replace")):
                assert rule_id in readme, f"{topology}: {rule_id} is suppressed in {f.name} but the README does not say why"


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_no_secret_is_committed(topology: str) -> None:
    d = STACKS / topology
    spec = pathspec.GitIgnoreSpec.from_lines((d / ".gitignore").read_text(encoding="utf-8").splitlines())
    for name, sec in (_compose(topology).get("secrets") or {}).items():
        rel = sec["file"].removeprefix("./")
        assert spec.match_file(rel), f"{topology}: secret {name} ({rel}) is not git-ignored"
        assert not (d / rel).exists(), f"{topology}: {rel} exists in the repository"
    assert spec.match_file(".env")
    for f in d.rglob("*"):
        if f.is_file():
            text = f.read_text(encoding="utf-8", errors="replace")
            assert "PRIVATE KEY" not in text or f.name == "gen-certs.sh", f
            lines = re.compile(r"^\s*(requirepass|masterauth|sentinel auth-pass \S+)\s+(?!\{\{)\S", re.MULTILINE)
            assert not lines.search(text), f"{f}: a literal password?"
            assert not re.search(r"\buser \S+ on >(?!\{\{)", text), f"{f}: a literal ACL password?"


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_images_pinned_to_a_patch_version(topology: str) -> None:
    for name, svc in _compose(topology)["services"].items():
        image = svc["image"]
        assert re.search(r":v?\d+\.\d+\.\d+$", image), f"{topology}/{name}: {image} is not pinned to a patch version"
        if image.startswith("redis:"):
            major, minor, patch = (int(x) for x in image.split(":")[1].split("."))
            # redis-facts §3.4: 7.4.9 fixes CVE-2026-23631/23479/25243 (7.4.11 the latest patch seen)
            assert (major, minor) != (7, 4) or patch >= 11


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_ports_on_loopback_only(topology: str) -> None:
    for name, svc in _compose(topology)["services"].items():
        for port in svc.get("ports") or []:
            assert str(port).startswith("127.0.0.1:"), f"{topology}/{name}: {port}"
