"""What a secret is, by name: the one definition redislint uses everywhere.

- :func:`is_secret_name`: a variable or key whose value is a secret (``REDIS_PASSWORD``, ``api-key``);
- :func:`is_password_option`: a config directive or command-line option whose argument is a password
  (``requirepass``, ``--masterauth``, and names within two edits of one: ``requirepas``);
- :func:`in_password_position`: whether a compose variable left unset stands where a password goes
  (after a password option, as the value of a password-like environment key, or a password-like
  variable in a command); a looser test than :func:`is_secret_name` (any ``PASS``, ``SECRET``,
  ``TOKEN`` or ``AUTH`` in the name), since it only decides how loudly an unset variable is reported;
- ``PASSWORD_NAMES``, ``SENTINEL_PASSWORDS``, ``CLI_PASSWORD_FLAGS``: the exact names behind them.

Pure functions of a name: no file, no model.
"""

from __future__ import annotations

import functools
import re

PASSWORD_NAMES = ("requirepass", "masterauth", "primaryauth", "tls-key-file-pass", "tls-client-key-file-pass")
SENTINEL_PASSWORDS = ("auth-pass", "sentinel-pass")
CLI_PASSWORD_FLAGS = frozenset({"-a", "--pass", "--redis.password", "-redis.password", "--password", "--redis-password"})

_NAME_WORD = re.compile(r"[A-Za-z0-9]+")
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "KEY", "APIKEY", "AUTH", "CREDENTIAL", "CREDENTIALS", "REQUIREPASS", "MASTERAUTH", "PRIMARYAUTH"})
_NOT_SECRET = re.compile(r"^ALLOW_|_FILE$|_ENABLED?$|_PATH$|^REDIS_EXPORTER_SKIP|_USER(NAME)?$", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """A variable or key whose value is a secret: a word of its name is PASSWORD, PASS, SECRET, TOKEN,
    KEY, AUTH... (``REDIS_PASSWORD``, ``api-key``), unless it names a file, a switch or a user."""
    if _NOT_SECRET.search(name):
        return False
    words = {w.upper() for w in _NAME_WORD.findall(name)}
    if words & _SECRET_WORDS:
        return True
    upper = name.upper()
    return any(upper.endswith(s) for s in ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY"))


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance (with transpositions) of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


@functools.lru_cache(maxsize=4096)
def near_name(name: str, targets: tuple[str, ...]) -> bool:
    """``name`` is one of ``targets`` or within two edits of one (names repeat: asked once each)."""
    name = name.lower()
    return len(name) >= 6 and any(name == t or _distance_at_most(name, t, 2) for t in targets)


@functools.lru_cache(maxsize=8192)
def is_password_option(name: str) -> bool:
    """``requirepass``, ``--masterauth``, ``requirepas``... : the next word is a password (asked for
    every directive and option word: once per distinct name)."""
    bare = name.lstrip("-").lower()
    return bool(bare) and (near_name(bare, PASSWORD_NAMES) or near_name(bare, ("sentinel-pass",)))


_UNSET_AFTER_FLAGS = ("--requirepass", "--masterauth", "--primaryauth", "-a", "--pass", "--sentinel-pass")
_PASSWORDISH = re.compile(r"PASS|SECRET|TOKEN|AUTH", re.IGNORECASE)


def in_password_position(name: str, text: str, start: int, path: tuple[str, ...]) -> bool:
    """Variable ``name``, used at ``start`` of the compose scalar ``text`` reached through the mapping
    keys ``path``, stands where a password goes."""
    before = text[:start].rstrip(" \"'=")
    if before.endswith(_UNSET_AFTER_FLAGS) or before.lower().endswith(("requirepass", "masterauth", "auth-pass")):
        return True
    if "environment" in path:
        key = path[-1] if path and path[-1] != "environment" else text.split("=", 1)[0]
        return bool(_PASSWORDISH.search(key))
    return bool(_PASSWORDISH.search(name)) and any(p in ("command", "entrypoint", "healthcheck") for p in path)

