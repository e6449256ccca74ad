"""Where a config holds passwords (:func:`password_values`), and the well-known default and sample
passwords (``data/default-passwords.txt``): scanners try these first, so such a password is as good as
none."""

from __future__ import annotations

import functools

from redislint.model.conf import Directive
from redislint.model.values import Value
from redislint.redis.directives import directive_key


@functools.lru_cache(maxsize=1)
def default_passwords() -> frozenset[str]:
    """The well-known default and sample passwords (``data/default-passwords.txt``), lower-cased."""
    from redislint.datafiles import read_data

    text = read_data("default-passwords.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_default_password(text: str | None) -> bool:
    """Whether ``text`` is a well-known default or sample password (scanners try these first)."""
    return text is not None and text.strip().lower() in default_passwords()


PASSWORD_DIRECTIVES = ("requirepass", "primaryauth", "tls-key-file-pass", "tls-client-key-file-pass")
"""Directive keys (see :func:`directive_key`) whose argument is a password; ``masterauth`` is grouped
under ``primaryauth``."""


def password_values(directives: list[Directive]) -> list[tuple[str, Value]]:
    """(what, value) for every password written in config directives: ``requirepass``,
    ``masterauth``, TLS key passphrases, ACL ``>password`` clauses, ``sentinel auth-pass`` and
    ``sentinel sentinel-pass``. The one place that knows where passwords sit in a config."""
    out: list[tuple[str, Value]] = []
    for d in directives:
        if d.name == "sentinel":
            sub = (d.text(0) or "").lower()
            if sub == "auth-pass" and len(d.args) >= 3:
                out.append(("sentinel auth-pass", d.args[2]))
            elif sub == "sentinel-pass" and len(d.args) >= 2:
                out.append(("sentinel sentinel-pass", d.args[-1]))
        elif d.name == "user":
            for a in d.args[1:]:
                if a.text is not None and a.text.startswith(">") and len(a.text) > 1:
                    out.append((f"ACL user '{d.text(0)}'", a.model_copy(update={"text": a.text[1:]})))
        elif d.args and directive_key(d.name) in PASSWORD_DIRECTIVES:
            out.append((d.name, d.args[0]))
    return out
