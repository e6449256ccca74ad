"""RL309 (backup-before-save-ends): A backup script copies the data directory without waiting for
its BGSAVE to finish, or waits in a way that cannot see it finish.

Examples, fixes and the reasoning: ``rules/RL309.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from redislint.engine.context import Context
from redislint.engine.finding import Finding
from redislint.engine.rule import Scope, Severity, rule
from redislint.model.project import InputFile

FIX = (
    "Take LASTSAVE before the BGSAVE and loop until it changes, or poll INFO persistence until "
    "rdb_bgsave_in_progress:0 (and check rdb_last_bgsave_status:ok); or fetch the snapshot with redis-cli --rdb"
)


@rule(
    id="RL309",
    name="backup-before-save-ends",
    severity=Severity.MEDIUM,
    tags=("durability",),
    scope=Scope.FILE,
    summary="A backup script copies the data directory without really waiting for its BGSAVE to finish",
)
def check(file: InputFile, ctx: Context) -> Iterator[Finding]:
    facts = ctx.project.scripts.get(file.path) if file.kind == "script" else None
    backup = facts.backup if facts is not None else None
    if backup is None or backup.wait == "ok":
        return
    related = [(backup.bgsave, "the BGSAVE"), (backup.copy, "the copy of the data directory")]
    if backup.wait == "same-moment" and backup.wait_span is not None:
        yield ctx.finding(
            backup.wait_span,
            "the wait for BGSAVE compares two LASTSAVE calls made at the same moment: they agree until a save ends "
            "in between, so the loop spins forever (or stops at random) and the backup never reliably follows the save",
            fix=FIX,
            related=related,
            evidence="lastsave-same-moment",
            severity=Severity.HIGH,
        )
        return
    how = "sleeps a fixed time" if backup.wait == "sleep" else "does not wait"
    yield ctx.finding(
        backup.copy,
        f"the backup copies the data directory right after BGSAVE ({how}): BGSAVE only starts a background save, "
        "so the copy takes the previous snapshot (or a half-written AOF rewrite)",
        fix=FIX,
        related=related,
        evidence=f"copy-before-save:{backup.wait}",
    )
