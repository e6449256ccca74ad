"""Issue 11, part B: planted passwords made of arbitrary characters, in a few secret positions.

A seeded hypothesis test (derandomized, a bounded number of examples): whatever characters the
password holds (quotes, backslashes, spaces, NBSP, control characters, non-ASCII letters), no output
format shows it, nor any run of 4+ letters and digits of it. ``$`` is left out of compose values:
there it starts a variable reference, by Compose's rules, and what follows is a variable's name.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redislint.api import lint
from redislint.engine.context import Settings
from tests.hostile.mask_cases import COMPOSE_HEAD
from tests.hostile.test_mask_planted import all_outputs, assert_absent, with_every_line, write

ALPHABET = "abcXYZ0189!@#%^&*()_+-=[]{};:,.<>/?|~`'\" \t\\\xa0\x0b\x0c\x1c\u2028\u00e9"


def conf_quoted(pw: str) -> str:
    escaped = "".join({"\\": "\\\\", '"': '\\"', "\t": "\\t"}.get(c, c) for c in pw)
    return f'"{escaped}"'


def yaml_single(pw: str) -> str:
    return "'" + pw.replace("'", "''") + "'"


CONF = ["requirepass {c}", "masterauth {c}", "sentinel auth-pass m {c}", "user u on {acl} ~* +@all", "requirepas {c}"]
COMPOSE = [
    '    command: ["redis-server", "--requirepass", {j}]\n',
    "    command:\n      - redis-server\n      - --masterauth\n      - {y}\n",
    "    environment:\n      REDIS_PASSWORD: {j}\n",
    '    healthcheck:\n      test: ["CMD", "redis-cli", "-a", {j}, "ping"]\n',
]

passwords = st.text(alphabet=ALPHABET, min_size=1, max_size=10).map(lambda mid: f"Pw7f{mid}Qz4k")


@settings(derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pw=passwords, which=st.integers(min_value=0, max_value=len(CONF) + len(COMPOSE) - 1))
def test_arbitrary_password_never_printed(pw: str, which: int) -> None:
    if which < len(CONF):
        line = CONF[which].format(c=conf_quoted(pw), acl=conf_quoted(">" + pw))
        files = {"redis.conf": f"port 6379\n{line}\nmaxmemory 1x\n"}
    else:
        pw = pw.replace("$", "S")
        # YAML refuses most control characters: keep the ones it takes (tab, NBSP, U+2028)
        pw = re.sub(r"[\x0b\x0c\x1c]", "v", pw)
        template = COMPOSE[which - len(CONF)]
        files = {"compose.yaml": COMPOSE_HEAD + template.format(j=json.dumps(pw), y=yaml_single(pw))}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, files)
        report = lint([str(root)], Settings(), root=str(root), environ={})
        assert_absent(all_outputs(report), [pw])
        assert_absent(all_outputs(with_every_line(report, pw)), [pw])
