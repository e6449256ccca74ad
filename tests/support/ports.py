"""Free TCP ports on 127.0.0.1 for real servers started by tests (the only address they listen on).

Ports are picked below Linux's ephemeral range (32768+), so an outgoing connection of another test
cannot take one between the check and the server's bind; ``taken`` keeps one test from handing the
same port out twice before its servers have bound them."""

from __future__ import annotations

import random
import socket

LOCAL = "127.0.0.1"
BUS_OFFSET = 10000
"""A cluster node's bus listens on its port + 10000."""


def port_is_free(port: int) -> bool:
    """Whether ``port`` can be bound on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((LOCAL, port))
        except OSError:
            return False
    return True


def free_port(taken: set[int] | None = None, *, with_bus: bool = False) -> int:
    """A free port on 127.0.0.1, not in ``taken`` (added to it); ``with_bus``: port + 10000 is free too."""
    seen = taken if taken is not None else set()
    low, high = (12000, 22000) if with_bus else (22001, 32000)
    rng = random.Random()
    for _ in range(2000):
        p = rng.randint(low, high)
        ports = (p, p + BUS_OFFSET) if with_bus else (p,)
        if any(q in seen for q in ports) or not all(port_is_free(q) for q in ports):
            continue
        seen.update(ports)
        return p
    raise RuntimeError(f"no free port on {LOCAL} in {low}-{high}")
