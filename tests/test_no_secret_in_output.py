"""No output format may contain a password or the content of a secret file.

Every fixture case and every seed stack is linted with all rules and rendered in every format; none of
the passwords the linker saw (``report.secrets``) nor the ones listed here may appear in the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.output import FORMATS, render
from tests.harness import ROOT, cases

SEEDS = ROOT / "fixtures" / "tutorial"  # the seed stacks, carried into the project

# Passwords written in the fixtures and seed stacks (also those only an ACL file or a secret file holds).
KNOWN = {
    "N7qL2xV9pK4mZ8rT6wB3yH5",
    "Qp4Zr8Lm2Xv7Tk9Wn3Bc6Hd1",
    "Tr0ub4dor",
    "Kq7mZp2x",
    "abababababababababab",
    "foobared",
    "changeme",
    "admin123",
}
MIN_LEN = 6


def targets() -> list[tuple[str, Path]]:
    out = [(c.id, c.path) for c in cases()]
    if SEEDS.is_dir():
        out += [(f"seed/{p.name}", p) for p in sorted(SEEDS.iterdir()) if p.is_dir()]
    return out


TARGETS = targets()


def _visible_words(report_paths: list[str]) -> str:
    return "\n".join(report_paths)


_BASELINE: dict[str, str] = {}


def baseline(fmt: str, tmp: Path) -> str:
    """What a format prints for an empty project (rule metadata, help pages with their examples):
    text that does not come from the linted files cannot leak them."""
    if fmt not in _BASELINE:
        report = lint([str(tmp)], Settings(), root=str(tmp), environ={})
        _BASELINE[fmt] = render(report, fmt, **({"color": False} if fmt == "text" else {}))
    return _BASELINE[fmt]


@pytest.mark.parametrize(("name", "path"), TARGETS, ids=[t[0] for t in TARGETS])
def test_no_secret_in_any_format(name: str, path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    empty = tmp_path_factory.mktemp("empty")
    root = path if path.is_dir() else path.parent
    report = lint([str(path)], Settings(), root=str(root), environ={})
    secrets = {s for s in (set(report.secrets) | KNOWN) if len(s) >= MIN_LEN}
    # Words that are also part of file names (e.g. a secret file called 'changeme.txt') are not leaks.
    paths = _visible_words([str(p) for p in report.files])
    secrets = {s for s in secrets if s not in paths}
    for fmt in FORMATS:
        options = {"color": False} if fmt == "text" else {}
        text = render(report, fmt, **options)
        base = baseline(fmt, empty)
        leaked = sorted(s for s in secrets if s in text and text.count(s) > base.count(s))
        assert not leaked, f"{fmt} output of {name} shows {len(leaked)} secret(s) (lengths {[len(s) for s in leaked]})"


def test_seed_secret_file_is_a_known_secret() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seed stacks not beside this checkout")
    report = lint([str(SEEDS / "secrets")], Settings(), root=str(SEEDS / "secrets"), environ={})
    content = (SEEDS / "secrets" / "secrets" / "redis_password.txt").read_text().strip()
    assert content in report.secrets
