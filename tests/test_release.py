"""The release story: one version everywhere, installable from its tag, an action that installs itself.

A release is the git tag ``vX.Y.Z`` of a commit whose ``__version__`` is ``X.Y.Z``. The README's
pre-commit ``rev:``, its ``uses:`` line and its pip line, the action's usage comment and the newest
CHANGELOG entry all name that version; the action installs from its own checkout (the code of the tag
the workflow names), never from a package index. The slow tests do it for real: pip installs from a
tag of a clone of this repository into a fresh virtual environment, and the action's own shell steps run
against the bundled tutorial.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from redislint import __version__

ROOT = Path(__file__).resolve().parent.parent
TAG = f"v{__version__}"


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_changelog_names_this_version_first() -> None:
    headings = re.findall(r"^## (\S+)(?: \((\d{4}-\d{2}-\d{2})\))?$", _read("CHANGELOG.md"), re.M)
    headings = [h for h in headings if h[0] != "Unreleased"]  # changes merged since the last release
    assert headings, "CHANGELOG.md has no version headings"
    assert headings[0][0] == __version__, f"newest CHANGELOG entry {headings[0][0]}, __version__ {__version__}"
    assert headings[0][1], "the newest release in CHANGELOG.md has no date"


def test_readme_installs_this_version() -> None:
    readme = _read("README.md")
    assert re.findall(r"^\s+rev: (\S+)$", readme, re.M) == [TAG]
    assert re.findall(r"uses: redislint/redislint@(\S+)", readme) == [TAG]
    assert re.findall(r"git\+https://github\.com/redislint/redislint@(\S+?)\"", readme) == [TAG]
    assert re.findall(r"uses: redislint/redislint@(\S+)", _read("action.yml")) == [TAG]


def _action() -> dict:
    return yaml.safe_load(_read("action.yml"))


def test_action_installs_from_its_own_checkout() -> None:
    action = _action()
    assert "version" not in action["inputs"], "a version input would install something other than the tag"
    install = next(s for s in action["runs"]["steps"] if s["name"] == "Install redislint")
    assert install["env"] == {"RL_SOURCE": "${{ github.action_path }}"}
    assert '"$RUNNER_TEMP/redislint/bin/pip" install --quiet "$RL_SOURCE"' in install["run"]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    return where / "bin"


@pytest.mark.slow
def test_pip_install_from_the_tag(tmp_path: Path) -> None:
    """`pip install git+URL@vX.Y.Z` gives a working redislint X.Y.Z with its rule pages and data."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of redislint")
    clone = tmp_path / "redislint"
    _git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone), cwd=tmp_path)
    if TAG not in _git("tag", "--list", TAG, cwd=clone).split():
        # a clone without the release tag (a CI checkout of main): tag its HEAD, as a release does
        _git("-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", TAG, "-m", TAG, cwd=clone)
    bin_ = _venv(tmp_path / "venv")
    subprocess.run([str(bin_ / "pip"), "install", "--quiet", f"git+file://{clone}@{TAG}"], check=True)
    version = subprocess.run([str(bin_ / "redislint"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == f"redislint {__version__}\n"
    page = subprocess.run([str(bin_ / "redislint"), "explain", "RL505"], capture_output=True, text=True, check=True)
    assert page.stdout.startswith("RL505 sentinel-hostname-unresolved\nseverity: critical ")
    assert "https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/" in page.stdout
    run = subprocess.run(
        [str(bin_ / "redislint"), "check", "fixtures/tutorial/sentinel", "--select", "RL505", "--format", "json"],
        cwd=clone, capture_output=True, text=True,
    )
    assert run.returncode == 1, run.stderr
    first = json.loads(run.stdout)["findings"][0]
    assert (first["rule"], first["file"], first["line"], first["severity"]) == (
        "RL505", "fixtures/tutorial/sentinel/sentinel-1.conf", 10, "critical",
    )


@pytest.mark.slow
def test_action_steps_run(tmp_path: Path) -> None:
    """The action's install and lint steps, run as the runner runs them, on a copy of the tutorial."""
    action = _action()
    steps = {s["name"]: s for s in action["runs"]["steps"]}
    workspace = tmp_path / "workspace"
    shutil.copytree(ROOT / "fixtures" / "tutorial", workspace / "deploy")
    output = tmp_path / "github_output"
    output.touch()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["paths"] = "deploy"
    expressions = {"github.action_path": str(ROOT), **{f"inputs.{k}": v for k, v in inputs.items()}}

    def run_step(name: str) -> subprocess.CompletedProcess[str]:
        step = steps[name]
        env = {"PATH": os.environ["PATH"], "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
        for key, value in step.get("env", {}).items():
            env[key] = re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: expressions[m.group(1)], value)
        # the runner's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace, env=env, capture_output=True, text=True,
        )

    install = run_step("Install redislint")
    assert install.returncode == 0, install.stderr
    lint = run_step("Run redislint")
    assert lint.returncode == 1, lint.stderr  # the tutorial has findings at the default fail-on (low)
    # the 10 most severe errors are annotations (GitHub shows no more per step); the others, RL505
    # among them, are log lines, and the job summary holds them all
    assert sum(1 for ln in lint.stdout.splitlines() if ln.startswith("::error ")) == 10
    assert "\ndeploy/sentinel/sentinel-1.conf:10:27: RL505 [critical] " in lint.stdout
    assert "| critical | RL505 sentinel-hostname-unresolved | deploy/sentinel/sentinel-1.conf:10:27 |" in (tmp_path / "summary.md").read_text()
    assert output.read_text() == "sarif-written=true\n"
    sarif = json.loads((workspace / "redislint.sarif").read_text())
    assert sarif["runs"][0]["tool"]["driver"]["version"] == __version__
