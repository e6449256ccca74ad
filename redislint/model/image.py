"""Image references -> product and version. The one resolver every rule uses."""

from __future__ import annotations

import re
from typing import Literal

from redislint.model.base import Record
from redislint.model.span import Span

Product = Literal["redis", "valkey", "keydb", "dragonfly", "exporter", "other"]

_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?=$|[-_+.a-zA-Z])")
_KEYDB_PLATFORM = re.compile(r"^(?:(?:alpine|x86_64|arm64|arm32v7|aarch64)_)+(?=v?\d)")
"""KeyDB tags put the platform before the version: ``x86_64_v6.3.4``, ``alpine_arm64_v6.3.4``."""


def parse_image_deploy_tag(raw: str, span: Span | None = None) -> ImageInfo | None:
    """An image reference whose tag is a compose variable without a value at lint time
    (``redis:${REDIS_TAG}``): the repository is known, the tag is chosen at deploy time (so no tag
    rule can judge it). None when the repository itself is not known."""
    name_part, sep, tag = raw.strip().rpartition(":")
    if not sep or "/" in tag or "$" in name_part or "$" not in tag:
        return None
    return parse_image(name_part, span).model_copy(update={"ref": raw.strip(), "tag": tag, "floating": False})


class ImageInfo(Record, frozen=True):

    ref: str
    repository: str
    """Repository path without registry and tag (``redis``, ``bitnami/redis``, ``valkey/valkey``)."""
    tag: str | None = None
    digest: str | None = None
    product: Product = "other"
    flavour: str = "official"
    """``official`` (docker-library / valkey-container), ``bitnami``, ``stack`` (redis/redis-stack*),
    ``custom`` (built from a Dockerfile or an unknown image)."""
    variant: str = ""
    """``sentinel`` or ``cluster`` for images dedicated to one role (bitnami/redis-sentinel...)."""
    version: tuple[int, ...] | None = None
    """Version from the tag: (major,), (major, minor) or (major, minor, patch)."""
    floating: bool = True
    """True when the tag does not pin a patch version (``latest``, ``7``, ``7.4``, no tag)."""
    span: Span | None = None

    @property
    def version_text(self) -> str:
        return ".".join(str(p) for p in self.version) if self.version else (self.tag or "latest")


_PROJECT_REGISTRIES = frozenset(["k8s.gcr.io", "registry.k8s.io", "gcr.io/google_containers", "gcr.io/google-samples", "gcr.io/google_samples"])
"""Registries of the Kubernetes project's own images: their ``redis`` (``k8s.gcr.io/redis:v1`` of
the kubernetes/examples Sentinel demo) is a build of its own, whose scripts start the servers, not
the docker-library image."""


def parse_image(ref: str, span: Span | None = None) -> ImageInfo:
    ref = ref.strip()
    digest = None
    if "@" in ref:
        ref_part, digest = ref.split("@", 1)
    else:
        ref_part = ref
    tag = None
    last = ref_part.rsplit("/", 1)[-1]
    if ":" in last:
        name_part, tag = ref_part.rsplit(":", 1)
    else:
        name_part = ref_part
    parts = name_part.split("/")
    own_build = False
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        own_build = parts[0].lower() in _PROJECT_REGISTRIES or "/".join(parts[:2]).lower() in _PROJECT_REGISTRIES
        parts = parts[1:]
    if parts and parts[0] == "library":
        parts = parts[1:]
    repo = "/".join(parts).lower()
    base = parts[-1].lower() if parts else ""
    product: Product = "other"
    flavour = "official"
    variant = ""
    if "redis_exporter" in repo or "redis-exporter" in repo or base == "redis_exporter":
        product = "exporter"
    elif base in ("redis", "redis-stack", "redis-stack-server") or base.startswith("redis-"):
        if base in ("redis", "redis-stack", "redis-stack-server", "redis-sentinel", "redis-cluster"):
            product = "redis"
        if repo.startswith("bitnami/") or repo.startswith("bitnamicharts/") or repo.startswith("bitnamilegacy/"):
            flavour = "bitnami"
        elif base.startswith("redis-stack"):
            flavour = "stack"
        elif repo != "redis" or own_build:
            flavour = "custom"
        if base == "redis-sentinel":
            variant = "sentinel"
        elif base == "redis-cluster":
            variant = "cluster"
    elif base in ("valkey", "valkey-sentinel", "valkey-cluster"):
        product = "valkey"
        if repo.startswith("bitnami/"):
            flavour = "bitnami"
        elif repo not in ("valkey/valkey", "valkey"):
            flavour = "custom"
        variant = {"valkey-sentinel": "sentinel", "valkey-cluster": "cluster"}.get(base, "")
    elif base == "keydb":
        product = "keydb"
    elif base == "dragonfly":
        product = "dragonfly"
    version = None
    floating = True
    if tag:
        m = _VERSION.match(_KEYDB_PLATFORM.sub("", tag) if product == "keydb" else tag)
        if m:
            version = tuple(int(g) for g in m.groups() if g is not None)
            floating = len(version) < 3
    if digest:
        floating = False
    return ImageInfo(
        ref=ref,
        repository=repo,
        tag=tag,
        digest=digest,
        product=product,
        flavour=flavour,
        variant=variant,
        version=version,
        floating=floating,
        span=span,
    )
