"""What a running server told an audit (``redislint audit``): the live platform of the model.

A live server is read into a *snapshot*: a text in which every ``CONFIG GET *`` value is a
redis.conf line and every ``INFO`` field a ``#@info field:value`` line. The snapshot stands for the
server as a file does for a repository config: its location is the server's address
(``redis://127.0.0.1:6379``, never with credentials), and every live value carries a span into it,
so findings on a live server point at the value the server reported."""

from __future__ import annotations

from redislint.model.base import Record, field
from redislint.model.span import Span
from redislint.model.values import Value

LIVE_SCHEMES = ("redis://", "rediss://", "unix://", "sentinel://")
"""How the location of a live server starts (a span's ``file`` that is not a path)."""


def is_live_location(path: str) -> bool:
    """Whether a span's file is a live server rather than a repository file."""
    return path.startswith(LIVE_SCHEMES)


class LiveFacts(Record):
    """What the server reported, each value with its span in the snapshot."""

    location: str
    """``redis://host:port`` (or ``unix:///path``): where the server was reached, without credentials."""
    info: dict[str, Value] = field(default_factory=dict)
    """``INFO`` fields (all sections) -> value."""
    config_readable: bool = True
    """False when ``CONFIG GET`` is renamed or refused (managed services): the configuration then
    holds only what ``INFO`` tells."""
    aclfile: Value | None = None
    """The ``aclfile`` the server loaded its users from (``CONFIG GET aclfile``; None: none). A file
    on the server's host: never read, the users are ``ACL LIST``'s."""
    role: Value | None = None
    """The first element of ``ROLE`` (master, slave, sentinel)."""
    sentinel_masters: dict[str, dict[str, Value]] = field(default_factory=dict)
    """For a Sentinel: master name -> the fields ``SENTINEL MASTERS`` gives."""
    ckquorum: dict[str, Value] = field(default_factory=dict)
    """For a Sentinel: master name -> the answer (or error) of ``SENTINEL CKQUORUM``."""
    cluster: dict[str, Value] = field(default_factory=dict)
    """``CLUSTER INFO`` fields."""
    cluster_nodes: list[Value] = field(default_factory=list)
    """``CLUSTER NODES`` lines."""

    def field(self, name: str) -> Value | None:
        return self.info.get(name)

    def text(self, name: str) -> str | None:
        v = self.info.get(name)
        return v.text if v is not None else None

    def number(self, name: str) -> float | None:
        t = self.text(name)
        if t is None:
            return None
        try:
            return float(t)
        except ValueError:
            return None


class Drift(Record, frozen=True):
    """One directive whose running value differs from the repository's effective config."""

    name: str
    """The directive (as ``CONFIG GET`` names it)."""
    live: str
    """The running value (for a secret: a short digest, never the value)."""
    repository: str | None
    """The repository's value (None: the repository never sets it; a secret: its digest)."""
    span: Span
    """The repository line that sets it (or the node's anchor when the repository does not)."""
    live_span: Span | None = None
    """Where the snapshot holds the running value."""
    secret: bool = False


NO_SERVER_AUDITED = "no server could be audited"
"""Why an audit none of whose servers answered is incomplete (the text report says so)."""

LIVE_LOAD_EVIDENCE = "live-load:"
"""How the evidence of RL009's live finding starts (``audit --against`` reports only these of RL009)."""


class LiveLoad(Record, frozen=True):
    """For a repository node audited with ``--against``: the running server did not load the config
    file the repository gives it (``config_file`` of ``INFO server`` is another path, or empty)."""

    expected: str
    """The container path the repository's command loads (its mounted file)."""
    live: str
    """The path the running server loaded (``config_file``; empty: started without a config file)."""
    span: Span
    """The repository line: the mount that provides the expected file, else the command's argument."""
    live_span: Span | None = None
    """Where the snapshot holds ``config_file``."""
