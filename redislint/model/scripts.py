"""What the repository's shell scripts and Makefiles do with Redis (filled by the link stage from
:mod:`redislint.parsers.script`): the ``redis-cli`` / ``valkey-cli`` calls they make (directly, through
``docker exec`` or ``docker compose exec``), with the passwords they pass, and how a backup waits for
``BGSAVE``. ``docker run`` commands that start a server become services of platform ``docker-run``
(:attr:`redislint.model.compose.Service.platform`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from redislint.model.base import Record, field
from redislint.model.span import Span
from redislint.model.values import Value

if TYPE_CHECKING:
    from redislint.model.project import RedisNode


class CliCall(Record, frozen=True):
    """One ``redis-cli`` call of a script."""

    span: Span
    """The binary's word."""
    binary: str
    passwords: tuple[tuple[str, Value], ...] = ()
    """(flag, value) of ``-a``/``--pass``/``--askpass-value`` and of a ``-u redis://user:pw@`` URL."""
    command: tuple[str, ...] = ()
    """The Redis command it sends, upper-cased (``("BGSAVE",)``, ``("CONFIG", "GET")``); empty for an
    interactive or piped call or one whose command is an expansion."""
    container: str | None = None
    """The container a ``docker exec`` / ``docker compose exec`` runs it in (as written)."""
    substitution: bool = False
    """Inside ``$(...)`` or backquotes."""
    group: int = 0
    """Calls of one logical line share a group (both sides of one ``[ ... == ... ]``)."""


BackupWait = Literal["none", "sleep", "same-moment", "ok"]


class BackupFacts(Record, frozen=True):
    """A script that asks for ``BGSAVE`` and then copies the data directory."""

    bgsave: Span
    copy: Span
    """The first command after the BGSAVE that reads the data directory (``tar ... -C /data``, ``cp
    /data/dump.rdb``, ``docker cp NAME:/data/...``, ``--volumes-from``)."""
    wait: BackupWait
    """How it waits for the save to end between the two: not at all, a fixed ``sleep``, a
    comparison of two ``LASTSAVE`` calls made at the same moment, or a check that works (a LASTSAVE
    taken before the BGSAVE, ``rdb_bgsave_in_progress`` / ``INFO persistence``, ``--rdb``, ``SAVE``)."""
    wait_span: Span | None = None


class ScriptFacts(Record):
    """One script or Makefile of the repository that calls Redis."""

    path: str
    makefile: bool = False
    calls: list[CliCall] = field(default_factory=list)
    backup: BackupFacts | None = None
    nodes: dict[int, RedisNode] = field(default_factory=dict, repr=False, compare=False)
    """Index in :attr:`calls` -> the server a ``docker exec`` call reaches, when a stack of the
    repository runs a container of that name (set by the link stage)."""
