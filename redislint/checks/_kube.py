"""Facts the Kubernetes rules (RL870-RL879) share (not a rule): the server a container of a
manifest runs and its pod's workload, and whether it is part of a group whose members a node
drain or a node failure may take down together."""

from __future__ import annotations

from redislint.checks._containers import redis_node
from redislint.model.compose import Service
from redislint.model.kubernetes import KubeWorkload
from redislint.model.project import Project, RedisNode


def kube_server(svc: Service, project: Project) -> tuple[RedisNode, KubeWorkload] | None:
    """The Redis server or Sentinel a Kubernetes container runs, with its workload; None for any
    other service."""
    if svc.kube is None:
        return None
    node = redis_node(svc, project)
    return (node, svc.kube) if node is not None else None


def in_group(node: RedisNode, project: Project) -> bool:
    """The node is a Sentinel, a replica, a primary with replicas, a node Sentinels monitor, a
    cluster node, or one of several pods of its workload (a StatefulSet's pods share one config:
    its init step makes the others replicas)."""
    if node.kind == "sentinel" or node.cluster or node.get("replicaof") is not None:
        return True
    if project.index.replicas_by_primary.get(node) or project.index.sentinel_groups_by_primary.get(node):
        return True
    svc = node.service
    return svc is not None and svc.kube is not None and svc.kube.kind == "StatefulSet" and (svc.workload.replicas or 0) > 1
