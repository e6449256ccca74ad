"""Differential fuzz of redislint against real servers (issue 14), for long runs.

For each server (tests/support/oracles.py says where they are found) and each kind (redis.conf,
sentinel.conf), generate CASES seeded cases (tests/support/conf_fuzz.py), start the real server on
each, lint the same folder with `redislint check --redis-version <that line>` (api.lint), and compare:
a disagreement is a file the server refuses and redislint does not, or the other way round. Cases
the server refuses for a reason of this machine (a missing include or TLS file, a module, an address)
are counted apart as environmental. Prints one line per server and kind, and every disagreement
(up to --show) with the file's text and the server's reason; exit 1 when there is a disagreement.

    python benchmarks/oracle_fuzz.py --cases 5000 --server all [--seed 1] [--kind redis|sentinel|both]
    python benchmarks/oracle_fuzz.py --extract ../shared/oracles   # refresh tests/data/oracle/*.lines
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.conf_fuzz import DATA, Case, Generator, extract_template
from tests.support.oracles import (
    ORACLE_NAMES,
    Kind,
    Oracle,
    find_oracle,
    lint_verdict,
    server_verdict,
)

SYSTEM_70 = ("/etc/redis/redis.conf", "/etc/redis/sentinel.conf")
"""Debian's redis-server package: the 7.0.15 templates (Debian's edits of upstream's)."""


def extract(src: Path) -> None:
    """Write tests/data/oracle/NAME.{redis,sentinel}.lines from the upstream archives in ``src``."""
    DATA.mkdir(parents=True, exist_ok=True)
    for name in ORACLE_NAMES:
        texts: dict[str, str] = {}
        archive = src / f"{name}.tar.gz"
        if archive.exists():
            with tarfile.open(archive) as tar:
                for member in (f"{name}/redis.conf", f"{name}/valkey.conf", f"{name}/sentinel.conf"):
                    try:
                        fh = tar.extractfile(member)
                    except KeyError:
                        continue
                    if fh is not None:
                        kind = "sentinel" if member.endswith("sentinel.conf") else "redis"
                        texts[kind] = fh.read().decode("utf-8")
        elif name.startswith("redis-7.0."):
            for path in SYSTEM_70:
                kind = "sentinel" if path.endswith("sentinel.conf") else "redis"
                texts[kind] = Path(path).read_text(encoding="utf-8")
        for kind, text in texts.items():
            out = DATA / f"{name}.{kind}.lines"
            out.write_text("\n".join(extract_template(text)) + "\n", encoding="utf-8")
            print(f"{out}: {len(text.splitlines())} lines read")


def run_case(oracle: Oracle, case: Case, work: Path) -> tuple[str, str, str, str]:
    """(server status, redislint verdict 'refuses'/'accepts', server log tail, environmental reason)."""
    name = "sentinel.conf" if case.kind == "sentinel" else "redis.conf"
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = Path(tmp)
        conf = folder / name
        conf.write_bytes(case.data)
        mine = lint_verdict(folder, oracle.target)
        theirs = server_verdict(oracle, conf, case.kind)
    return theirs.status, ("refuses" if mine.refuses else "accepts"), theirs.log[-300:], theirs.reason


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1000, help="cases per server and kind")
    ap.add_argument("--server", default="all", help="all, or comma-separated names (redis-7.2.6,...)")
    ap.add_argument("--kind", choices=("redis", "sentinel", "both"), default="both")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=20, help="disagreements printed per server and kind")
    ap.add_argument("--extract", type=Path, help="refresh the template lines from these archives and stop")
    args = ap.parse_args()
    if args.extract:
        extract(args.extract)
        return 0
    names = ORACLE_NAMES if args.server == "all" else tuple(args.server.split(","))
    kinds: tuple[Kind, ...] = ("redis", "sentinel") if args.kind == "both" else (args.kind,)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="oracle-fuzz-") as tmp:
        work = Path(tmp)
        for name in names:
            oracle = find_oracle(name)
            if oracle is None:
                print(f"{name}: not found (build it with .ci/build-oracles)")
                bad += 1
                continue
            for kind in kinds:
                gen = Generator(name, args.seed)
                counts: Counter[str] = Counter()
                reasons: Counter[str] = Counter()
                shown = 0
                start = time.monotonic()
                for i in range(args.cases):
                    case = gen.case(kind)
                    status, mine, log, reason = run_case(oracle, case, work)
                    if status == "environmental":
                        counts["environmental"] += 1
                        reasons[reason] += 1
                        continue
                    agree = (status == "refused") == (mine == "refuses")
                    counts["agree" if agree else "disagree"] += 1
                    counts[status] += 1
                    if not agree and shown < args.show:
                        shown += 1
                        print(f"--- {name} {kind} case {i} ({case.why}): server {status}, redislint {mine}")
                        print("    " + repr(case.data.decode("utf-8", "replace"))[:400])
                        print("    " + log.strip().splitlines()[-1][:300] if log.strip() else "    (no output)")
                secs = time.monotonic() - start
                bad += counts["disagree"]
                print(
                    f"{name} {kind}: cases={args.cases} disagreements={counts['disagree']} "
                    f"agree={counts['agree']} (server accepted {counts['accepted']}, refused {counts['refused']}) "
                    f"environmental={counts['environmental']} {secs:.0f}s",
                    flush=True,
                )
                if reasons:
                    print("    environmental: " + ", ".join(f"{r!r} {n}" for r, n in reasons.most_common()), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
