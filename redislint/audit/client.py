"""A read-only connection to one server: redis-py's single connection, with timeouts on connect and on
every reply, and a gate that refuses to send any command outside :data:`READ_COMMANDS`.

The minimal ACL user for auditing is :data:`AUDIT_ACL` (``docs/audit.md``); every command this module
can send is in it (``tests/test_audit.py`` and ``tests/test_audit_groups.py`` check them against real servers' ``ACL LOG`` and
``MONITOR``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from redislint.model.base import Struct

READ_COMMANDS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("PING",),
        ("INFO",),
        ("ROLE",),
        ("CONFIG", "GET"),
        ("ACL", "LIST"),
        ("ACL", "WHOAMI"),
        ("COMMAND", "INFO"),
        ("SENTINEL", "MASTERS"),
        ("SENTINEL", "REPLICAS"),
        ("SENTINEL", "SENTINELS"),
        ("SENTINEL", "CKQUORUM"),
        ("CLUSTER", "INFO"),
        ("CLUSTER", "NODES"),
    }
)
"""Every command an audit may send (besides ``AUTH`` when a password is given). Never ``KEYS`` or
``SCAN``, nothing that writes."""

AUDIT_ACL = (
    "user audit on >PASSWORD resetchannels -@all +ping +info +role +config|get +acl|list +acl|whoami "
    "+command|info +cluster|info +cluster|nodes"
)
"""The smallest ACL user a server audit needs (replace PASSWORD)."""
SENTINEL_AUDIT_ACL = (
    "user audit on >PASSWORD resetchannels -@all +ping +info +role "
    "+sentinel|masters +sentinel|replicas +sentinel|sentinels +sentinel|ckquorum"
)
"""The smallest ACL user a Sentinel audit needs, in sentinel.conf (a Sentinel has no CONFIG, ACL LIST
is not read there, and it refuses a user line that names a command it lacks, such as
``+config|get``: the server's user cannot be reused)."""

CONNECT_TIMEOUT = 5.0
REPLY_TIMEOUT = 10.0
MAX_REPLY_BYTES = 32 * 1024 * 1024
"""Bytes one reply may take (INFO, CONFIG GET * and ACL LIST are kilobytes; CLUSTER NODES of a
thousand nodes is about 200 KB): a server that sends more is not audited, and never fills memory."""


class AuditError(Exception):
    """The server could not be audited (unreachable, refused, bad credentials): one line, no secret."""


class Target(Struct, frozen=True):
    """Where and how to connect. ``password`` is never printed (see :attr:`location`)."""

    scheme: str
    host: str = "127.0.0.1"
    port: int = 6379
    path: str | None = None
    """For ``unix://``: the socket."""
    username: str | None = None
    password: str | None = None
    db: int = 0
    tls: bool = False

    @property
    def location(self) -> str:
        """The server's address without credentials: the file name of its findings."""
        if self.path is not None:
            return f"unix://{self.path}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'rediss' if self.tls else 'redis'}://{host}:{self.port}"


class TlsOptions(Struct, frozen=True):
    """redis-cli's: ``--cacert``, ``--cert``, ``--key``, ``--insecure`` (no verification, only when asked)."""

    cacert: str | None = None
    cert: str | None = None
    key: str | None = None
    insecure: bool = False
    sni: str | None = None


def parse_target(url: str, environ: Mapping[str, str] | None = None, user: str | None = None, password: str | None = None, tls: bool = False) -> Target:
    """A target from ``redis://[user[:password]@]host[:port][/db]``, ``rediss://...``, ``unix:///path``
    or ``host:port``. A password in the URL wins, then ``password`` (``--password-file``), then
    ``REDISCLI_AUTH``."""
    env = os.environ if environ is None else environ
    if "://" not in url:
        url = "redis://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AuditError(f"cannot read the address {_safe(url)!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("redis", "rediss", "unix"):
        raise AuditError(f"unsupported scheme {scheme!r} (redis://, rediss:// or unix://)")
    name = unquote(parts.username) if parts.username else user
    secret = unquote(parts.password) if parts.password is not None else password
    if secret is None:
        secret = env.get("REDISCLI_AUTH") or None
    db = 0
    path_db = parts.path.strip("/") if scheme != "unix" else ""
    if path_db:
        if not path_db.isdigit():
            raise AuditError(f"cannot read the database number in {_safe(url)!r}")
        db = int(path_db)
    if scheme == "unix":
        if not parts.path:
            raise AuditError("unix:// needs a socket path (unix:///path/to/redis.sock)")
        return Target(scheme=scheme, path=parts.path, username=name, password=secret)
    return Target(
        scheme=scheme, host=parts.hostname or "127.0.0.1", port=port or 6379, username=name, password=secret, db=db,
        tls=tls or scheme == "rediss",
    )  # fmt: skip


def _safe(url: str) -> str:
    """An address as printable: without what stands between ``://`` and ``@``."""
    head, sep, rest = url.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = "***@" + rest.split("@", 1)[1]
    return head + sep + rest


class _Budget(Exception):
    """A reply went over :data:`MAX_REPLY_BYTES` or took longer than the reply timeout in all."""


class _Limited:
    """A socket whose reads count against one reply's budget: bytes, and a deadline for the whole
    reply (a per-read timeout alone lets a server that sends a byte now and then hold the audit
    forever). Everything else is the socket's own."""

    def __init__(self, sock: Any, timeout: float) -> None:
        self._sock = sock
        self._timeout = timeout
        self.start()

    def start(self) -> None:
        import time

        self._left = MAX_REPLY_BYTES
        self._deadline = time.monotonic() + self._timeout

    def recv(self, size: int, *flags: int) -> bytes:
        import time

        if time.monotonic() > self._deadline:
            raise _Budget(f"no whole reply within {self._timeout:g} s")
        data: bytes = self._sock.recv(size, *flags)
        self._left -= len(data)
        if self._left < 0:
            raise _Budget(f"a reply of more than {MAX_REPLY_BYTES // (1024 * 1024)} MiB")
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _limited(base: type, timeout: float) -> type:
    """``base`` (a redis-py connection class) whose socket is :class:`_Limited`."""

    class Limited(base):
        def _connect(self) -> Any:
            self._limited = _Limited(super()._connect(), timeout)
            return self._limited

    return Limited


class Server:
    """One read-only connection. Every command goes through :meth:`call`, which refuses anything
    outside :data:`READ_COMMANDS`; the commands sent are kept in :attr:`sent`."""

    def __init__(self, target: Target, tls: TlsOptions | None = None, timeout: float = REPLY_TIMEOUT) -> None:
        import redis
        from redis import connection as rc

        self.target = target
        self.sent: list[tuple[str, ...]] = []
        common: dict[str, Any] = {
            "username": target.username,
            "password": target.password,
            "db": target.db,
            "socket_timeout": timeout,
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "decode_responses": True,
            "encoding_errors": "replace",
            "retry": None,
            "health_check_interval": 0,
            "protocol": 2,  # no HELLO: RESP2 replies, AUTH only when a password is given
        }
        import inspect

        if "driver_info" in inspect.signature(rc.AbstractConnection.__init__).parameters:
            common["driver_info"] = None  # no CLIENT SETINFO (not in the audit user's commands)
        else:
            common["lib_name"] = common["lib_version"] = None
        conn: Any
        if target.path is not None:
            conn = _limited(rc.UnixDomainSocketConnection, timeout)(path=target.path, **common)
        elif target.tls:
            t = tls or TlsOptions()
            import ssl

            conn = _limited(rc.SSLConnection, timeout)(
                host=target.host, port=target.port,
                ssl_ca_certs=t.cacert, ssl_certfile=t.cert, ssl_keyfile=t.key,
                ssl_cert_reqs=ssl.CERT_NONE if t.insecure else ssl.CERT_REQUIRED,
                ssl_check_hostname=not t.insecure,
                **common,
            )  # fmt: skip
        else:
            conn = _limited(rc.Connection, timeout)(host=target.host, port=target.port, **common)
        self._conn = conn
        self._errors = (redis.RedisError, OSError)
        self._response_error = redis.ResponseError
        from redis.exceptions import AuthenticationError, AuthorizationError

        self._auth_errors = (AuthenticationError, AuthorizationError)
        try:
            conn.connect()
        except _Budget as exc:
            raise AuditError(f"{target.location}: not audited: {exc}") from None
        except self._auth_errors:
            raise AuditError(f"{target.location}: authentication failed") from None
        except self._response_error as exc:
            raise AuditError(f"{target.location}: the server refused the connection ({_first_word(exc)})") from None
        except self._errors as exc:
            raise AuditError(f"{target.location}: cannot connect ({type(exc).__name__})") from None

    def call(self, *args: str) -> Any:
        """Send one read command and return its reply. A ``ResponseError`` (unknown command, no
        permission) is raised as :class:`Refused`; a lost connection as :class:`AuditError`."""
        key = tuple(a.upper() for a in args[:2])
        if key not in READ_COMMANDS and key[:1] not in READ_COMMANDS:
            raise AssertionError(f"redislint audit never sends {' '.join(key)}")
        self.sent.append(tuple(args))
        try:
            limited = getattr(self._conn, "_limited", None)
            if limited is not None:
                limited.start()
            self._conn.send_command(*args)
            return self._conn.read_response()
        except _Budget as exc:
            raise AuditError(f"{self.target.location}: {' '.join(key)}: not audited: {exc}") from None
        except self._auth_errors:
            raise AuditError(f"{self.target.location}: authentication required or refused (give the password in the URL, REDISCLI_AUTH or --password-file)") from None
        except self._response_error as exc:
            raise Refused(_first_word(exc)) from None
        except self._errors as exc:
            raise AuditError(f"{self.target.location}: {' '.join(key)} failed ({type(exc).__name__})") from None

    def close(self) -> None:
        with contextlib.suppress(*self._errors):
            self._conn.disconnect()


class Refused(Exception):
    """The server answered a command with an error (its first word: ERR, NOPERM...)."""


def _first_word(exc: BaseException) -> str:
    """The error code of a server reply (never the rest, which may quote what was sent)."""
    text = str(exc).strip()
    if text.lower().startswith("unknown command"):
        return "unknown command"
    if type(exc).__name__ == "NoPermissionError" or text.lower().startswith("this user has no permissions"):
        return "NOPERM"  # redis-py takes the code off the reply and raises this class
    return text.split()[0] if text else type(exc).__name__
