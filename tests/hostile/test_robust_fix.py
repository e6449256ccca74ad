"""``redislint fix`` on hostile input: generated compose projects (anchors, aliases, merge keys,
overrides, interpolation) and mutated redis.conf files are fixed with every fix, unsafe ones
included, and written. No exception may escape, no rule may crash, the loop ends, and a compose file
that was valid YAML stays valid YAML. Derandomized, like the other fuzz tests."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redislint.engine.context import Settings
from redislint.fix.run import fix_until_stable, write_fixed
from tests.hostile.test_robust_fuzz import CONF_SEEDS, _edit, compose_project, mutate

FUZZ = settings(max_examples=40, derandomize=True, database=None, deadline=timedelta(seconds=20), suppress_health_check=list(HealthCheck))


def _valid(text: str) -> bool:
    try:
        list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return False
    return True


def fix_tree(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="redislint-fixfuzz-") as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        run = fix_until_stable([tmp], Settings(), root=tmp, repository=tmp, unsafe=True, environ={})
        assert run.stable
        write_fixed(run, tmp)
        assert run.report is not None
        assert not [f for f in run.report.findings if f.rule_id == "RL900"]
        for name, text in files.items():
            if name.endswith(".yaml") and _valid(text):
                after = (Path(tmp) / name).read_bytes().decode("utf-8", "surrogateescape")
                assert _valid(after), (text, after)


@FUZZ
@given(compose_project())
def test_fix_on_generated_projects(files: dict[str, str]) -> None:
    fix_tree(files)


@FUZZ
@given(st.sampled_from(CONF_SEEDS), st.lists(_edit, max_size=4))
def test_fix_on_mutated_conf(seed: str, edits: list[tuple[str, int, str]]) -> None:
    fix_tree({"redis.conf": mutate(seed, edits), "sentinel.conf": mutate(seed, edits[::-1])})
