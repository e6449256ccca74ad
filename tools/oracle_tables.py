"""Produce the per-version tables redislint ships from real servers (issue 14).

For each server of tests/support/oracles.py (or those named), start it on 127.0.0.1 and a free port
and write:

- ``redislint/data/commands-NAME.txt``: every command name ``COMMAND`` lists, and (Redis 7.0+,
  Valkey) every ``command|subcommand``; the ACL rules ``+cmd`` / ``-cmd|sub`` are checked against it;
- ``redislint/data/sentinel-commands-NAME.txt``: the same for ``redis-sentinel`` (what
  ``rename-command`` in a sentinel.conf may name);
- ``redislint/data/acl-categories-NAME.txt``: ``ACL CAT``;
- ``tests/data/oracle/NAME.config-get.txt``: ``CONFIG GET *`` (name, tab, value), which
  tests/test_oracle_versions.py compares with the directive table.

    python tools/oracle_tables.py [NAME...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.oracles import ORACLE_NAMES, Oracle, find_oracle  # noqa: E402
from tests.support.ports import LOCAL, free_port  # noqa: E402
from tests.support.procs import Procs  # noqa: E402
from tests.support.resp import Client, answers  # noqa: E402

DATA = ROOT / "redislint" / "data"
TEST_DATA = ROOT / "tests" / "data" / "oracle"


def _names(reply: object) -> list[str]:
    out: list[str] = []
    assert isinstance(reply, list), reply
    for entry in reply:
        assert isinstance(entry, list), entry
        name = str(entry[0]).lower()
        out.append(name)
        if len(entry) > 9 and isinstance(entry[9], list):
            out.extend(str(sub[0]).lower() for sub in entry[9] if isinstance(sub, list))
    return sorted(set(out))


def _start(procs: Procs, argv: list[str], folder: Path) -> int:
    port = free_port()
    procs.start([*argv, "--port", str(port), "--bind", LOCAL, "--dir", str(folder)], f"{port}.log")
    end = time.monotonic() + 10
    while not answers(port):
        if time.monotonic() > end:
            raise RuntimeError(f"{argv[0]} did not start: {procs.log(f'{port}.log')}")
        time.sleep(0.05)
    return port


def tables(oracle: Oracle) -> None:
    header = f"# {oracle.name}: produced by tools/oracle_tables.py from the real server ({oracle.release})\n"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        procs = Procs(folder)
        try:
            port = _start(procs, [oracle.server, "--save", ""], folder)
            with Client(port) as c:
                commands = _names(c.call("COMMAND"))
                cats = sorted(str(x).lower() for x in c.call("ACL", "CAT"))  # type: ignore[union-attr]
                conf = c.call("CONFIG", "GET", "*")
            sconf = folder / "sentinel.conf"
            sconf.write_text("")
            sport = _start(procs, [oracle.sentinel, str(sconf)], folder)
            with Client(sport) as c:
                scommands = _names(c.call("COMMAND"))
        finally:
            procs.close()
    (DATA / f"commands-{oracle.name}.txt").write_text(header + "\n".join(commands) + "\n")
    (DATA / f"sentinel-commands-{oracle.name}.txt").write_text(header + "\n".join(scommands) + "\n")
    (DATA / f"acl-categories-{oracle.name}.txt").write_text(header + "\n".join(cats) + "\n")
    assert isinstance(conf, list)
    pairs = sorted(zip(conf[::2], conf[1::2], strict=True))
    TEST_DATA.mkdir(parents=True, exist_ok=True)
    (TEST_DATA / f"{oracle.name}.config-get.txt").write_text(
        header + "".join(f"{k}\t{v}\n" for k, v in pairs)
    )
    print(f"{oracle.name}: {len(commands)} commands, {len(scommands)} sentinel commands, {len(cats)} categories, {len(pairs)} configs")


def main() -> int:
    names = sys.argv[1:] or list(ORACLE_NAMES)
    for name in names:
        oracle = find_oracle(name)
        if oracle is None:
            print(f"{name}: not found", file=sys.stderr)
            return 1
        tables(oracle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
