"""The committed Secrets of a Kubernetes stack that concern Redis and hold literal passwords
(:attr:`redislint.model.compose.Stack.committed_secrets`, read by RL104's committed-Secret check).

A Secret concerns Redis when it is in the file of a Redis or Sentinel workload or operator resource,
when its name or one of its keys names Redis, Valkey or Sentinel, or when a Redis container reads it
(``env``, ``envFrom``, a ``secret`` volume). It holds a literal password when a password-like key
(:func:`redislint.secrets.names.is_secret_name`) has a non-empty value, or when a value is a config
(``requirepass ...``) or a JSON user spec (``{"password": [...]}``) carrying one. Only where each value
is written is kept, never the value."""

from __future__ import annotations

import json

from redislint.model.compose import Stack
from redislint.model.kubernetes import CommittedSecret
from redislint.model.span import Span
from redislint.parsers.k8s import K8sObject, Manifests
from redislint.parsers.redis_conf import parse_conf
from redislint.secrets.collect import Secrets, collect_directives
from redislint.secrets.names import is_secret_name

_REDIS_WORDS = ("redis", "valkey", "sentinel")
MAX_VALUE = 1_000_000


def link_committed_secrets(stack: Stack, manifests: list[Manifests], redis_files: set[str], read: set[tuple[str, str]]) -> None:
    """Fill ``stack.committed_secrets``: ``redis_files`` are the files of the stack's Redis workloads
    and operator resources, ``read`` the (namespace, name) of the Secrets its Redis containers read."""
    for m in manifests:
        for obj in m.objects:
            if obj.kind != "Secret" or not _concerns_redis(obj, m.file in redis_files, read):
                continue
            keys = [(k, node.span) for k, node in obj.data.items() if _holds_password(k, obj.decoded.get(k))]
            if keys:
                stack.committed_secrets.append(CommittedSecret(name=obj.name, span=_name_span(obj), keys=tuple(k for k, _ in keys), values=tuple(s for _, s in keys)))


def _name_span(obj: K8sObject) -> Span:
    meta = obj.node.get("metadata")
    name = meta.get("name") if meta is not None else None
    return name.span if name is not None else obj.span


def _concerns_redis(obj: K8sObject, in_redis_file: bool, read: set[tuple[str, str]]) -> bool:
    if in_redis_file or (obj.namespace, obj.name) in read:
        return True
    return any(w in n.lower() for n in (obj.name, *obj.data) for w in _REDIS_WORDS)


def _holds_password(key: str, text: str | None) -> bool:
    if not text or not text.strip() or len(text) > MAX_VALUE:
        return False
    if is_secret_name(key):
        return True
    return bool(json_passwords(text)) or (len(text.split(None, 1)) > 1 and _conf_password(text))


def json_passwords(text: str) -> list[str]:
    """The non-empty password-like members of a JSON object (an operator's user spec,
    ``{"name": "u", "password": ["..."]}``); none when ``text`` is not one."""
    if not text.lstrip().startswith("{") or len(text) > MAX_VALUE:
        return []
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return []
    out: list[str] = []
    for k, v in doc.items() if isinstance(doc, dict) else ():
        if isinstance(k, str) and is_secret_name(k):
            out += [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str) and x]
    return out


def _conf_password(text: str) -> bool:
    """A Redis or Sentinel config with a literal password (``requirepass``, ``masterauth``...)."""
    probe = Secrets()
    collect_directives(probe, parse_conf("<secret>", text).directives)
    return bool(probe.values)
