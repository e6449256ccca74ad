"""A config the container's own command writes (``echo LINE > FILE && redis-server FILE``) is the file
the server loads: its directives come from the echoed text, with their spans in the compose file, and
what cannot be known from the text makes the config incomplete (so no rule reports a setting as absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import load_project
from redislint.model.project import RedisNode

HEAD = "services:\n  cache:\n    image: redis:7.4.9\n"


def _node(tmp_path: Path, command: str, extra: str = "") -> RedisNode:
    (tmp_path / "compose.yaml").write_text(HEAD + extra + "    command: >\n      sh -c \"\n" + command + "      \"\n")
    project, _ = load_project([str(tmp_path)], str(tmp_path), None, None, (), str(tmp_path))
    (node,) = project.nodes
    return node


def _lines(node: RedisNode) -> list[tuple[str, list[str | None], int, int]]:
    return [(d.name, [a.text for a in d.args], d.span.start_line, d.span.start_col) for d in node.directives]


def test_echoed_lines_are_the_loaded_config_with_their_spans(tmp_path: Path) -> None:
    node = _node(
        tmp_path,
        "        echo 'port 6380' > /etc/redis.conf &&\n"
        "        echo 'maxmemory 100mb' >> /etc/redis.conf &&\n"
        "        echo maxmemory-policy noeviction >> /etc/redis.conf &&\n"
        "        exec redis-server /etc/redis.conf --appendonly yes\n",
    )
    assert _lines(node) == [
        ("port", ["6380"], 6, 15),
        ("maxmemory", ["100mb"], 7, 15),
        ("maxmemory-policy", ["noeviction"], 8, 14),
        ("appendonly", ["yes"], 9, 43),
    ]
    assert node.complete
    assert node.anchor.start_line == 6


def test_a_truncating_write_starts_the_file_again(tmp_path: Path) -> None:
    node = _node(
        tmp_path,
        "        echo 'port 1' > /etc/redis.conf &&\n"
        "        echo 'port 2' > /etc/redis.conf &&\n"
        "        exec redis-server /etc/redis.conf\n",
    )
    assert _lines(node) == [("port", ["2"], 7, 15)]
    assert node.complete


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("        echo 'port 6380' >> /etc/redis.conf &&\n", "appended to a file that was there before"),
        ("        echo -e 'port 6380' > /etc/redis.conf &&\n", "echo with an option"),
        ("        echo 'port 6380\\\\n' > /etc/redis.conf &&\n", "a backslash: dash and bash print it differently"),
        (
            "        echo 'port 6380' > /etc/redis.conf &&\n        sed -i s/6380/6381/ /etc/redis.conf &&\n",
            "another command edits the file",
        ),
    ],
)
def test_what_the_text_cannot_tell_makes_the_config_incomplete(tmp_path: Path, command: str, why: str) -> None:
    node = _node(tmp_path, command + "        exec redis-server /etc/redis.conf\n")
    assert not node.complete, why


def test_a_password_read_from_a_secret_is_that_file_and_its_literal_fallback_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "pw.txt").write_text("Zt8Qm3Lx9Vr2Kp7Wn4Hc\n")
    node = _node(
        tmp_path,
        "        PW=\\$$(cat /run/secrets/pw 2>/dev/null || echo 'Hq5Vn8Rt2Lm6Xc') &&\n"
        "        echo 'requirepass '\\$$PW > /etc/redis.conf &&\n"
        "        exec redis-server /etc/redis.conf\n",
        extra="    secrets: [pw]\n",
    )
    (tmp_path / "compose.yaml").write_text((tmp_path / "compose.yaml").read_text() + "secrets:\n  pw:\n    file: ./pw.txt\n")
    project, _ = load_project([str(tmp_path)], str(tmp_path), None, None, (), str(tmp_path))
    (node,) = project.nodes
    (d,) = node.directives
    assert (d.name, d.args[0].text, d.args[0].secret_path) == ("requirepass", "Zt8Qm3Lx9Vr2Kp7Wn4Hc", "/run/secrets/pw")
    ((what, literal),) = node.fallback_passwords
    assert (what, literal.text, literal.span.start_line, literal.span.start_col) == ("requirepass", "Hq5Vn8Rt2Lm6Xc", 7, 57)
    assert "Hq5Vn8Rt2Lm6Xc" in project.secrets
