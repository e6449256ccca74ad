"""Well-known default and sample passwords (``data/default-passwords.txt``): scanners try these
first, so such a password is as good as none."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def default_passwords() -> frozenset[str]:
    """The well-known default and sample passwords (``data/default-passwords.txt``), lower-cased."""
    from redislint.datafiles import read_data

    text = read_data("default-passwords.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_default_password(text: str | None) -> bool:
    """Whether ``text`` is a well-known default or sample password (scanners try these first)."""
    return text is not None and text.strip().lower() in default_passwords()
