"""What a Kubernetes manifest says about the pod a Redis or Sentinel container runs in, beyond what
the neutral service model holds (image, command, env, mounts, limits, probes): the controller and its
pod template, the Services, PodDisruptionBudgets and NetworkPolicies that select its pods, its probes
with their timing, memory requests, anti-affinity. Filled by :mod:`redislint.link.k8s` on
:attr:`redislint.model.compose.Service.kube`; Kubernetes rules (RL870-RL879) read it."""

from __future__ import annotations

from typing import Literal

from redislint.model.base import Record, field
from redislint.model.span import Span


class KubeProbe(Record, frozen=True):
    """A ``livenessProbe``, ``readinessProbe`` or ``startupProbe`` of a container, with the
    kubelet's defaults for what is not written."""

    kind: Literal["liveness", "readiness", "startup"]
    span: Span
    """The probe's key."""
    handler: str = "exec"
    """``exec``, ``tcpSocket``, ``httpGet``, ``grpc`` (``unknown`` when none is written)."""
    initial_delay: int | None = 0
    period: int | None = 10
    timeout: int | None = 1
    failure_threshold: int | None = 3
    """None when a value is not a number (a template left in the manifest)."""
    fails_while_loading: bool | None = None
    """Whether the probe fails while the server loads its data (set by the link stage): True for an
    ``exec`` probe that requires ``PONG`` (and does not accept ``LOADING``); False for a bare
    ``redis-cli ping`` (it exits 0 on the LOADING error) or a check that accepts LOADING; None when
    not known (another command, a script)."""

    @property
    def window(self) -> int | None:
        """Seconds the probe lets a container fail before the kubelet acts (first failure after
        ``initialDelaySeconds``, then ``failureThreshold`` periods); None when not known."""
        if None in (self.initial_delay, self.period, self.failure_threshold, self.timeout):
            return None
        assert self.initial_delay is not None and self.period is not None and self.failure_threshold is not None
        return self.initial_delay + self.period * self.failure_threshold


class KubeSelector(Record, frozen=True):
    """An object that selects pods by label: a Service, a PodDisruptionBudget, a NetworkPolicy."""

    kind: str
    name: str
    namespace: str
    span: Span
    """The object's ``metadata.name`` value."""
    type: str = "ClusterIP"
    """For a Service: its ``type`` (ClusterIP, NodePort, LoadBalancer, ExternalName)."""
    type_span: Span | None = None
    """For a Service: where ``type`` is written."""
    ports: tuple[int, ...] = ()
    """For a Service: the target ports (numbers) it sends traffic to."""
    headless: bool = False
    """For a Service: ``clusterIP: None``."""
    source_ranges: bool = False
    """For a LoadBalancer Service: ``loadBalancerSourceRanges`` limits who may connect."""
    ingress_open: bool = False
    """For a NetworkPolicy: it allows ingress from anywhere (an empty ``from`` or no rule needed)."""


class KubeWorkload(Record):
    """The controller and pod a container of a Redis deployment on Kubernetes runs in."""

    kind: str
    """StatefulSet, Deployment, DaemonSet, ReplicaSet or Pod."""
    name: str
    namespace: str
    container: str
    span: Span
    """The controller's ``metadata.name`` value."""
    replicas_span: Span | None = None
    service_name: str | None = None
    """StatefulSet ``serviceName``: the governing (headless) Service of its pods' DNS names."""
    probes: list[KubeProbe] = field(default_factory=list)
    memory_request: int | None = None
    memory_request_span: Span | None = None
    memory_request_written: bool = False
    resources_span: Span | None = None
    """The container's ``resources`` key (None: not written)."""
    anti_affinity: bool = False
    """``podAntiAffinity`` (required or preferred) or ``topologySpreadConstraints`` spread its pods."""
    affinity_span: Span | None = None
    services: list[KubeSelector] = field(default_factory=list)
    """The Services whose selector matches its pods (set by the link stage)."""
    pdbs: list[KubeSelector] = field(default_factory=list)
    """The PodDisruptionBudgets that select its pods (set by the link stage)."""
    network_policies: list[KubeSelector] = field(default_factory=list)
    """The NetworkPolicies that select its pods (set by the link stage)."""
    conf_from_configmap: Span | None = None
    """Where the read-only ConfigMap (or Secret) volume mount that holds the config file the server
    loads is written (set by the link stage; None: the file is on a writable volume or unknown)."""
    network_policy_at: Span | None = None
    """Where a NetworkPolicy would be asked for (a chart's ``networkPolicy.enabled``): the span a
    missing-policy finding points at, instead of the workload (None: the workload)."""
    pdb_at: Span | None = None
    """Where a PodDisruptionBudget would be asked for (a chart's ``pdb.create``), as above."""
    conf_copied: bool = False
    """An init container copies the ConfigMap's file to a writable volume the server loads."""


class CommittedSecret(Record, frozen=True):
    """A Secret of the repository that concerns Redis (in the file of a Redis or Sentinel workload
    or operator resource, named for Redis, Valkey or Sentinel, or read by a Redis container) and
    holds literal passwords: whoever reads the repository reads them. The values are never kept."""

    name: str
    span: Span
    """The Secret's ``metadata.name`` (its document when it has none)."""
    keys: tuple[str, ...]
    """The keys holding a password, in file order."""
    values: tuple[Span, ...]
    """Where each of those values is written (same order as :attr:`keys`)."""
