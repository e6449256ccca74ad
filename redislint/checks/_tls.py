"""TLS facts of a node for the RL7xx rules (see :mod:`redislint.model.tls`). Not a rule (leading
underscore)."""

from __future__ import annotations

from redislint.model.tls import FileState, plaintext_port, tls_on, tls_port, uses_tls

__all__ = ["FileState", "plaintext_port", "tls_on", "tls_port", "uses_tls"]
