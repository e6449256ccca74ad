"""``redislint init``: a reference stack with fresh secrets, never overwriting, lint-clean."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from redislint.cli import main
from redislint.init import (
    COMPOSE_TOPOLOGIES,
    PLACEHOLDER,
    TOPOLOGIES,
    InitError,
    fill_placeholders,
    new_password,
    plan,
    write_stack,
)

STACKS = Path(__file__).resolve().parent.parent / "stacks"


def _secret_values(directory: Path) -> set[str]:
    """Every password init generated: the 40-character tokens of the secret files."""
    out: set[str] = set()
    for f in (directory / "secrets").iterdir():
        if f.name.endswith(".example"):
            continue
        out.update(re.findall(r"[A-Za-z0-9]{40}", f.read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("topology", COMPOSE_TOPOLOGIES)
def test_init_output_passes_check(topology: str, tmp_path: Path) -> None:
    target = tmp_path / topology
    runner = CliRunner()
    res = runner.invoke(main, ["init", topology, str(target)])
    assert res.exit_code == 0, res.output
    passwords = _secret_values(target)
    assert passwords, "no password was generated"
    for pw in passwords:
        assert pw not in res.output, "init printed a password"
    # every .example secret got its real file, with no placeholder left
    for ex in (target / "secrets").glob("*.example"):
        real = ex.with_name(ex.name[: -len(".example")])
        assert real.is_file(), real
        assert not PLACEHOLDER.search(real.read_text(encoding="utf-8")), real
    assert stat.S_IMODE(os.stat(target / "secrets").st_mode) == 0o700
    # the output passes redislint check at --fail-on low (run from inside, like a user would)
    cwd = os.getcwd()
    try:
        os.chdir(target)
        check = runner.invoke(main, ["check", ".", "--fail-on", "low", "--format", "json"])
    finally:
        os.chdir(cwd)
    assert check.exit_code == 0, check.output
    for pw in passwords:
        assert pw not in check.output, "check printed a password"


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "s"
    write_stack("standalone", str(target))
    before = (target / "secrets" / "redis_password").read_text(encoding="utf-8")
    with pytest.raises(InitError, match="refusing to overwrite"):
        write_stack("standalone", str(target))
    assert (target / "secrets" / "redis_password").read_text(encoding="utf-8") == before
    res = CliRunner().invoke(main, ["init", "standalone", str(target)])
    assert res.exit_code != 0 and "refusing to overwrite" in res.output


def test_init_refuses_when_one_file_exists(tmp_path: Path) -> None:
    target = tmp_path / "s"
    (target / "secrets").mkdir(parents=True)
    (target / "secrets" / "redis_password").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InitError):
        write_stack("standalone", str(target))
    assert (target / "secrets" / "redis_password").read_text(encoding="utf-8") == "mine\n"
    assert not (target / "compose.yaml").exists(), "init wrote files before refusing"


def test_init_fresh_passwords_each_time(tmp_path: Path) -> None:
    write_stack("replication", str(tmp_path / "a"))
    write_stack("replication", str(tmp_path / "b"))
    a, b = _secret_values(tmp_path / "a"), _secret_values(tmp_path / "b")
    assert len(a) == 4  # default, admin, replica, exporter
    assert not a & b


def test_same_placeholder_same_password(tmp_path: Path) -> None:
    write_stack("sentinel", str(tmp_path / "s"))
    sec = tmp_path / "s" / "secrets"
    default = (sec / "redis_password").read_text(encoding="utf-8").strip()
    assert f"user default on >{default} " in (sec / "redis_acl.conf").read_text(encoding="utf-8")
    sentinel = (sec / "sentinel_password").read_text(encoding="utf-8").strip()
    assert f"requirepass {sentinel}" in (sec / "sentinel_auth.conf").read_text(encoding="utf-8")
    acl = (sec / "redis_acl.conf").read_text(encoding="utf-8")
    m = re.search(r"^masterauth (\S+)$", acl, re.MULTILINE)
    assert m and f"user replica on >{m.group(1)} " in acl


def test_unknown_topology(tmp_path: Path) -> None:
    with pytest.raises(InitError, match="unknown topology"):
        write_stack("galaxy", str(tmp_path / "x"))


def test_password_shape() -> None:
    pw = new_password()
    assert len(pw) == 40 and pw.isalnum()
    keys: dict[str, str] = {}
    out = fill_placeholders("a {{x}} b {{x}} c {{y}}", keys, make=iter(["P1", "P2"]).__next__)
    assert out == "a P1 b P1 c P2"


def test_plan_skips_files_the_stack_ignores(tmp_path: Path) -> None:
    # nothing git-ignored (secrets, certificates, .env) is ever part of what init copies
    for topology in TOPOLOGIES:
        rels = [rel for rel, _t, secret in plan(topology) if not secret]
        assert not [r for r in rels if r.startswith("secrets/") and not r.endswith(".example")]
        assert not [r for r in rels if r.startswith("certs/") or r == ".env"]


def test_init_kubernetes_sentinel_writes_what_kustomize_needs(tmp_path: Path) -> None:
    """``redislint init kubernetes-sentinel DIR``: the manifests of stacks/kubernetes, and every file
    the kustomization's secretGenerator reads, filled with fresh passwords that agree across files."""
    import yaml

    target = tmp_path / "k8s"
    res = CliRunner().invoke(main, ["init", "kubernetes-sentinel", str(target)])
    assert res.exit_code == 0, res.output
    assert "wrote the kubernetes-sentinel stack" in res.output
    src = STACKS / "kubernetes"
    for f in src.glob("*.yaml"):
        assert (target / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8"), f.name
    kustomization = yaml.safe_load((target / "kustomization.yaml").read_text(encoding="utf-8"))
    generated = [rel for gen in kustomization["secretGenerator"] for rel in gen["files"]]
    assert sorted(generated) == sorted(
        ["secrets/redis_acl.conf", "secrets/redis_password", "secrets/exporter_password",
         "secrets/sentinel_auth.conf", "secrets/sentinel_password"]
    )  # fmt: skip
    for rel in generated:
        text = (target / rel).read_text(encoding="utf-8")
        assert not PLACEHOLDER.search(text) and re.search(r"[A-Za-z0-9]{40}", text), rel
    sec = target / "secrets"
    acl = (sec / "redis_acl.conf").read_text(encoding="utf-8")
    assert f"user default on >{(sec / 'redis_password').read_text(encoding='utf-8').strip()} " in acl
    # an environment variable (the exporter's REDIS_PASSWORD): no newline may end it
    exporter = (sec / "exporter_password").read_text(encoding="utf-8")
    assert exporter.isalnum() and f"user exporter on >{exporter} " in acl
    sentinel = (sec / "sentinel_password").read_text(encoding="utf-8").strip()
    assert f"requirepass {sentinel}" in (sec / "sentinel_auth.conf").read_text(encoding="utf-8")
    for pw in _secret_values(target):
        assert pw not in res.output


def test_init_kubernetes_output_passes_check(tmp_path: Path) -> None:
    """What ``init kubernetes-sentinel`` writes passes ``check`` at --fail-on low (redislint reads
    the Kubernetes manifests: an empty result would be exit 2)."""
    target = tmp_path / "k8s"
    runner = CliRunner()
    assert runner.invoke(main, ["init", "kubernetes-sentinel", str(target)]).exit_code == 0
    cwd = os.getcwd()
    try:
        os.chdir(target)
        check = runner.invoke(main, ["check", ".", "--fail-on", "low", "--format", "json"])
    finally:
        os.chdir(cwd)
    for pw in _secret_values(target):
        assert pw not in check.output, "check printed a password"
    assert check.exit_code == 0, check.output
    summary = json.loads(check.output)["summary"]
    assert summary["files"] > 0 and summary["stacks"] == 1, summary
