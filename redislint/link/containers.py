"""Link stage: which compose server a script's ``docker exec``/``docker compose exec`` reaches.

A script names a container (``container_name``, or the service name ``docker compose exec`` takes);
the server it reaches is the one of that name in the stack nearest to the script (fewest folder steps
from the script's folder to the stack's folder), and none when several are equally near. A monorepo
has hundreds of stacks with the same service names, so the nearest one is found by walking up from
the script's folder through an index built once, never by measuring the distance to every stack.
"""

from __future__ import annotations

import os

from redislint.model.project import Project, RedisNode


class _Nearest:
    __slots__ = ("count", "down", "node")

    def __init__(self, down: int, node: RedisNode) -> None:
        self.down, self.count, self.node = down, 1, node


class ContainerIndex:
    """For each container name and each folder that holds a stack running it (at any depth): the
    fewest steps down from that folder to such a stack, how many servers are that near, and the first
    of them (nodes before Sentinels, in project order)."""

    def __init__(self, project: Project) -> None:
        self._below: dict[tuple[str, str], _Nearest] = {}
        for node in (*project.nodes, *project.sentinels):
            svc = node.service
            if svc is None or svc.stack is None or svc.platform != "compose":
                continue
            for name in dict.fromkeys((svc.name, svc.container_name.text if svc.container_name is not None else None)):
                if name is not None:
                    self._add(name, os.path.abspath(svc.stack.dir), node)

    def _add(self, name: str, folder: str, node: RedisNode) -> None:
        down = 0
        while True:
            entry = self._below.get((name, folder))
            if entry is None:
                self._below[(name, folder)] = _Nearest(down, node)
            elif down < entry.down:
                entry.down, entry.count, entry.node = down, 1, node
            elif down == entry.down:
                entry.count += 1
            parent = os.path.dirname(folder)
            if parent == folder:
                return
            folder, down = parent, down + 1

    def nearest(self, container: str, script: str) -> RedisNode | None:
        """The server that runs as ``container`` in the stack nearest to ``script``; None when no stack
        or several equally near ones run it.

        Walking up from the script's folder, each folder's entry gives the nearest stacks below it.
        Stacks below the folder met one step earlier were counted there at a distance two shorter, so
        the minimum and the number of servers at it come out exact, each server counted once, at the
        lowest folder it shares with the script."""
        folder = os.path.abspath(os.path.dirname(script))
        up = 0
        best: int | None = None
        count = 0
        winner: RedisNode | None = None
        while True:
            entry = self._below.get((container, folder))
            if entry is not None:
                distance = up + entry.down
                if best is None or distance < best:
                    best, count, winner = distance, entry.count, entry.node
                elif distance == best:
                    count += entry.count
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder, up = parent, up + 1
        return winner if count == 1 else None
