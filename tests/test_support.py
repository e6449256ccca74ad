"""tests/support itself: free ports on 127.0.0.1, and the CI rule for missing servers (fail under
CI=true, skip elsewhere)."""

from __future__ import annotations

import socket
import tomllib

import pytest

from tests.harness import ROOT
from tests.support.binaries import need_binary
from tests.support.ports import BUS_OFFSET, LOCAL, free_port, port_is_free

MISSING = "redislint-no-such-binary"


def test_free_ports_are_free_and_never_handed_out_twice() -> None:
    taken: set[int] = set()
    ports = [free_port(taken) for _ in range(20)]
    assert len(set(ports)) == 20 and set(ports) <= taken
    assert all(p < 32768 and port_is_free(p) for p in ports)  # below the ephemeral range


def test_a_cluster_port_comes_with_its_bus_port() -> None:
    taken: set[int] = set()
    p = free_port(taken, with_bus=True)
    assert {p, p + BUS_OFFSET} <= taken
    assert port_is_free(p + BUS_OFFSET)


def test_a_bound_port_is_not_free() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCAL, free_port()))
        s.listen()
        assert not port_is_free(s.getsockname()[1])


def test_a_missing_binary_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"{MISSING} is not installed"):
        need_binary(MISSING)


def test_a_missing_binary_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} is not installed"):
        need_binary(MISSING)


def test_the_default_run_deselects_nothing() -> None:
    """The README's command runs every test: no marker expression in the configured options."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "-m" not in options["addopts"].split() and "-k" not in options["addopts"].split()
    assert any(m.startswith("slow:") for m in options["markers"])
