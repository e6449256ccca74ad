"""Clients of Redis that a service runs: the ``redis-cli`` probes of its healthcheck (whom they probe,
with which credentials and TLS flags, whether the answer is checked) and the addresses a redis_exporter
scrapes. Filled by the link stage (:mod:`redislint.link.clients`)."""

from __future__ import annotations

from redislint.model.base import Struct, field
from redislint.model.span import Span
from redislint.model.values import Value


class Probe(Struct):
    """One ``redis-cli``/``valkey-cli`` call of a healthcheck."""

    span: Span
    binary: str
    host: str | None = None
    port: int | None = None
    port_text: str | None = None
    password: Value | str | None = None
    """Where the password comes from (a Value of the test, or the name of an environment variable)."""
    password_text: str | None = None
    """The password when known (never print it)."""
    has_auth: bool = False
    user: str | None = None
    tls: bool = False
    cert: bool = False
    checks_answer: bool = False
    command: list[str] = field(default_factory=list)


class ExporterTarget(Struct):
    """An address a redis_exporter scrapes."""

    host: str
    port: int | None
    span: Span
    source: str
    """``REDIS_ADDR`` or ``--redis.addr``."""
