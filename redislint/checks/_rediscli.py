"""Questions of the healthcheck rules (RL710) over the model's :class:`~redislint.model.clients.Probe`
list (built by the link stage). Not a rule (leading underscore).

Fact [8, EXP 7.0.15]: ``redis-cli ping`` exits 0 on ``NOAUTH``/``WRONGPASS``; it exits non-zero only
when it cannot connect. A probe is only meaningful when its output is compared with ``PONG``.
"""

from __future__ import annotations

from redislint.model.clients import Probe
from redislint.model.compose import Service


def probes(svc: Service) -> list[Probe]:
    """The ``redis-cli`` calls of the service's healthcheck."""
    return svc.probes


def probes_own_server(p: Probe) -> bool:
    """The probe talks to the container it runs in (no ``-h``, or a loopback host)."""
    if p.host is None:
        return True
    h = p.host.strip("[]")
    return h in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or h.startswith("127.")
