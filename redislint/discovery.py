"""Find what to lint under the paths given, and expand a single file to its whole stack.

A file's kind comes from its name (``compose*.yml``, ``*redis*.conf``, Dockerfiles, keys,
shell scripts and Makefiles) or, for
other YAML files, from what it holds: one whose top-level ``services:`` mapping runs a Redis or
Valkey image is a compose file whatever its name (:func:`sniff_compose`); one whose every document
has ``apiVersion`` and ``kind`` is a set of Kubernetes manifests (:func:`sniff_kubernetes`). The
sniffers of YAML files are one registry (:data:`YAML_SNIFFERS`), asked in order: a file is of the
first kind that takes it, so a compose file is never read as a manifest nor the other way round."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import yaml

from redislint.fs import FileStore
from redislint.model.base import Struct, field
from redislint.model.image import parse_image

SKIP_DIRS = {".git", ".redislint_cache", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
COMPOSE_RE = re.compile(r"compose[^/]*\.ya?ml$", re.IGNORECASE)
CONF_RE = re.compile(r"(redis|sentinel|valkey)[^/]*\.conf$", re.IGNORECASE)
TEMPLATE_CONF_RE = re.compile(r"(redis|sentinel|valkey)[^/]*\.(tmpl|tpl|template)$", re.IGNORECASE)
"""A config template the deployment renders before the server reads it (``valkey-cluster.tmpl``,
``redis.conf.tpl``): linted as a config file whose placeholders are set at start."""
DOCKERFILE_RE = re.compile(r"^(Dockerfile|Containerfile)([.-].*)?$|\.dockerfile$|__Dockerfile$", re.IGNORECASE)
SCRIPT_RE = re.compile(r"\.(sh|bash|mk)$|^(GNUmakefile|[Mm]akefile)$")
"""Shell scripts and Makefiles: linted for the Redis calls and ``docker run`` commands they make."""
KEY_RE = re.compile(r"\.(pem|key|p8|crt)$", re.IGNORECASE)
YAML_RE = re.compile(r"\.ya?ml$", re.IGNORECASE)
ENV_RE = re.compile(r"^\.env(\..+)?$|\.env$", re.IGNORECASE)
"""Env files (``.env``, ``.env.prod``, ``cache.env``): part of the stacks whose compose files use them."""
SNIFF_LIMIT = 1_000_000
"""Larger YAML files not named like a compose file are not looked into."""
_TOP_SERVICES = re.compile(r"^services:[ \t]*(#.*)?$", re.MULTILINE)
_FAMILY = re.compile(r"redis|valkey", re.IGNORECASE)
_FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when installed (the pure-Python one took 9 s to sniff a 270 KB manifest);
both construct plain data only, never a Python object a tag names."""


def _load_all(text: str) -> list[object]:
    """Every document of ``text`` that is not empty, loaded safely: with libyaml when it is there
    (the parser's own choice, :mod:`redislint.parsers.yaml_tree`), and again with the pure-Python
    loader when libyaml rejects the text, so that what counts as broken is PyYAML's verdict. Raises
    what that loader raises."""
    try:
        return [d for d in yaml.load_all(text, Loader=_FAST_LOADER) if d is not None]  # CSafeLoader or SafeLoader: safe
    except (yaml.YAMLError, RecursionError):
        if _FAST_LOADER is yaml.SafeLoader:
            raise
    return [d for d in yaml.safe_load_all(text) if d is not None]


class Discovered(Struct):
    compose: list[str] = field(default_factory=list)
    confs: list[str] = field(default_factory=list)
    dockerfiles: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    kubernetes: list[str] = field(default_factory=list)
    """Kubernetes manifests (:func:`sniff_kubernetes`): multi-document YAML of ``apiVersion``/``kind``."""
    helm: list[str] = field(default_factory=list)
    """Helm values of the bitnami redis charts (:func:`sniff_helm_values`)."""
    monitoring: list[tuple[str, str]] = field(default_factory=list)
    """(path, kind) of Prometheus configs, rule files and Grafana datasource files (:func:`monitoring_kind`)."""
    keys: list[str] = field(default_factory=list)
    explicit: list[str] = field(default_factory=list)
    """Files named on the command line (linted whatever their name)."""
    notices: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    """Folders given under which no compose file, redis.conf or sentinel.conf was found."""
    unrecognised: list[str] = field(default_factory=list)
    """The notices of files given that are none of those and that no stack uses (not checked)."""

    @property
    def nothing(self) -> bool:
        """No compose file and no config file to lint at all."""
        return not self.compose and not self.confs and not self.kubernetes and not self.helm


def _not_checked(out: Discovered, notice: str) -> None:
    out.unrecognised.append(notice)
    out.notices.append(notice)


def empty_folder_notice(path: str) -> str:
    return f"no compose, redis.conf or sentinel.conf found under {path}"


def is_compose_name(name: str) -> bool:
    return bool(COMPOSE_RE.search(name)) and "override" not in name.lower()


def _named(name: str) -> bool:
    """A file name discovery lints whatever the file holds (compose files, configs, Dockerfiles, keys)."""
    return bool(COMPOSE_RE.search(name) or CONF_RE.search(name) or TEMPLATE_CONF_RE.search(name) or DOCKERFILE_RE.search(name) or KEY_RE.search(name))


def _wanted(name: str) -> bool:
    """A file name discovery lints or looks into (other YAML files: :func:`sniff_compose`). A linked
    file is looked at only when :func:`_named` takes its name: links are not sniffed."""
    return _named(name) or bool(YAML_RE.search(name) or SCRIPT_RE.search(name))


_UNREADABLE = (yaml.YAMLError, RecursionError, ValueError, OverflowError)
"""What constructing a YAML text as Python objects raises on hostile input: a syntax error, nesting
deeper than the interpreter's stack, an integer of more than 4300 digits (Python's limit on
converting text to ``int``) or a date that does not exist (``2026-02-30``)."""


def sniff_compose(text: str) -> bool:
    """``text`` is one YAML document whose top-level ``services:`` mapping has a service that runs a
    Redis or Valkey image (``image: redis:7.4``, ``bitnami/valkey``...): a compose file of a Redis
    deployment. Anything else (several documents, custom tags, a Kubernetes manifest, a CI workflow,
    an image given by a variable) is not."""
    if not _TOP_SERVICES.search(text) or not _FAMILY.search(text):
        return False
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)  # a safe loader (libyaml's when there)
    except _UNREADABLE:
        return False
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return False
    return any(
        isinstance(svc, dict) and isinstance(svc.get("image"), str) and parse_image(svc["image"]).product in ("redis", "valkey")
        for svc in services.values()
    )


# Directives almost every redis.conf or sentinel.conf sets: a file named otherwise is taken as one
# when it sets one of them and reads like one (see :func:`sniff_redis_conf`).
_HALLMARKS = frozenset(
    ["port", "bind", "requirepass", "masterauth", "maxmemory", "maxmemory-policy", "appendonly", "save", "dir", "dbfilename", "replicaof", "slaveof", "protected-mode", "sentinel", "aclfile", "user", "cluster-enabled", "tls-port", "daemonize", "loglevel", "logfile", "rename-command", "include"]
)
_DIRECTIVE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


_PROMETHEUS = re.compile(r"^scrape_configs\s*:", re.MULTILINE)
_RULE_GROUPS = re.compile(r"^groups\s*:", re.MULTILINE)
_GRAFANA = re.compile(r"^datasources\s*:", re.MULTILINE)


def monitoring_kind(text: str) -> str | None:
    """``prometheus`` (a Prometheus configuration: top-level ``scrape_configs``),
    ``prometheus-rules`` (a rule file: top-level ``groups`` with ``alert``/``record`` and ``expr``)
    or ``grafana-datasources`` (Grafana provisioning: ``apiVersion`` and ``datasources``) for a YAML
    text that reads like one; None otherwise."""
    if _PROMETHEUS.search(text):
        return "prometheus"
    if _RULE_GROUPS.search(text) and re.search(r"^\s*-?\s*expr\s*:", text, re.MULTILINE) and re.search(r"^\s*-?\s*(alert|record)\s*:", text, re.MULTILINE):
        return "prometheus-rules"
    if _GRAFANA.search(text) and re.search(r"^apiVersion\s*:", text, re.MULTILINE):
        return "grafana-datasources"
    return None


_API_VERSION = re.compile(r"^apiVersion[ \t]*:", re.MULTILINE)
_KIND = re.compile(r"^kind[ \t]*:", re.MULTILINE)


def sniff_kubernetes(text: str) -> bool:
    """``text`` is a set of Kubernetes manifests of a Redis deployment: one or more YAML documents
    (``helm template`` or kustomize output included), each a mapping with a string ``apiVersion``
    and ``kind`` (a ``kind: List`` holds its objects under ``items``), and the text names Redis or
    Valkey. A compose file (no ``apiVersion``) or a Grafana provisioning file (``apiVersion: 1`` and
    no ``kind``) is not. A text that is not YAML but has top-level ``apiVersion`` and ``kind`` lines
    is a broken manifest (linted, so that its parse error is reported), unless it is a Helm
    template (``{{ ... }}``), which only its rendered output is."""
    if not _API_VERSION.search(text) or not _KIND.search(text) or not _FAMILY.search(text):
        return False
    try:
        docs = _load_all(text)
    except _UNREADABLE:
        return "{{" not in text
    return bool(docs) and all(isinstance(d, dict) and isinstance(d.get("apiVersion"), str) and isinstance(d.get("kind"), str) for d in docs)


_HELM_REDIS = ("architecture", "auth", "sentinel", "commonConfiguration", "master", "replica")


def _helm_chart(d: object) -> bool:
    if not isinstance(d, dict) or "apiVersion" in d or "services" in d:
        return False
    if any(isinstance(d.get(k), dict) for k in ("master", "replica")) and sum(k in d for k in _HELM_REDIS) >= 3:
        return True
    cluster = d.get("cluster")
    return isinstance(cluster, dict) and ("nodes" in cluster or "replicas" in cluster) and (isinstance(d.get("redis"), dict) or "usePassword" in d)


def sniff_helm_values(text: str) -> bool:
    """``text`` is a values file of the bitnami ``redis`` chart (a mapping with ``master`` or
    ``replica`` mappings and three of its top-level keys: ``architecture``, ``auth``, ``sentinel``,
    ``commonConfiguration``, ``master``, ``replica``) or ``redis-cluster`` chart (a ``cluster``
    mapping with ``nodes``/``replicas`` and a ``redis`` mapping or ``usePassword``), itself or under
    a wrapping chart's ``redis:``/``redis-cluster:`` key. The parser's :func:`chart_of` is the same
    rule on the YAML tree."""
    if not any(k in text for k in ("master:", "replica:", "cluster:")):
        return False
    try:
        docs = _load_all(text)
    except _UNREADABLE:
        return False
    if len(docs) != 1 or not isinstance(docs[0], dict):
        return False
    d = docs[0]
    return _helm_chart(d) or any(_helm_chart(d.get(k)) for k in ("redis", "redis-cluster"))


_HELM_VALUES_NAME = re.compile(r"^values([-.][\w.-]+)?\.ya?ml$")
_REDIS_CHART = re.compile(r"^\s*(?:-\s*)?name:\s*[\"']?redis(?:-cluster)?[\"']?\s*$", re.MULTILINE)


def _beside_redis_chart(path: str, name: str, store: FileStore) -> bool:
    """A ``values*.yaml`` beside a ``Chart.yaml`` that is the bitnami redis / redis-cluster chart or
    depends on it (``name: redis`` at the top or in ``dependencies``): a values file of that chart,
    however few keys it sets."""
    if not _HELM_VALUES_NAME.match(name):
        return False
    chart = os.path.join(os.path.dirname(path), "Chart.yaml")
    head = store.read_head(chart, 64_000) if store.is_file(chart) else None
    return head is not None and bool(_REDIS_CHART.search(head))


def _monitoring_sniffer(text: str) -> str | None:
    return monitoring_kind(text)


YAML_SNIFFERS: tuple[tuple[str, Callable[[str], bool | str | None]], ...] = (
    ("compose", sniff_compose),
    ("kubernetes", sniff_kubernetes),
    ("helm", sniff_helm_values),
    ("monitoring", _monitoring_sniffer),
)
"""What a YAML file not named like a compose file is, by its content, asked in this order: the
first sniffer that takes the text decides (``True``, or the monitoring file's kind)."""


def yaml_kind(text: str) -> tuple[str, str | None] | None:
    """(kind, sub-kind) of a YAML text by the first sniffer of :data:`YAML_SNIFFERS` that takes it:
    ``("compose", None)``, ``("kubernetes", None)``, ``("monitoring", "prometheus")``...; None
    when none does."""
    for kind, sniff in YAML_SNIFFERS:
        got = sniff(text)
        if got:
            return kind, got if isinstance(got, str) else None
    return None


def sniff_redis_conf(text: str) -> bool:
    """``text`` reads like a redis.conf or sentinel.conf: it sets one of the directives nearly every
    one sets, and at least 60% of its lines are a directive name and arguments (not nginx's
    ``name value;`` or ``block {``, not ``KEY=value``, not INI sections)."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines:
        return False
    hallmark = False
    like = 0
    for ln in lines:
        words = ln.split(None, 2)
        first = words[0]
        if _DIRECTIVE.match(first) and not ln.endswith((";", "{", "}")) and words[1:2] != ["="]:
            like += 1
            hallmark = hallmark or first.lower() in _HALLMARKS
    return hallmark and like >= 0.6 * len(lines)


def _head(path: str, store: FileStore, limit: int = SNIFF_LIMIT) -> str | None:
    """The first ``limit`` characters of a file to look into, or None for a larger or unreadable one."""
    size = store.size(path)
    if size is None or size > SNIFF_LIMIT:
        return None
    return store.read_head(path, limit)


def _sniffed_yaml(path: str, name: str, store: FileStore) -> tuple[str, str | None] | None:
    """What a YAML file not named like a compose file is by its content (:func:`yaml_kind`); an
    override file is only ever a compose file's overlay."""
    if not YAML_RE.search(name):
        return None
    head = _head(path, store)
    if head is None:
        return None
    kind = yaml_kind(head)
    if kind is not None and kind[0] == "compose" and "override" in name.lower():
        return None
    return kind


_ANY_SERVICES = re.compile(r"""^(["']?)services\1[ \t]*:|^[ \t]*\{""", re.MULTILINE)


def _may_be_compose(path: str, store: FileStore) -> bool:
    """A YAML file named on the command line, not named like a compose file, is linted as one when it
    has a top-level ``services:`` key (or is written in flow style, or is too large to look into):
    a CI workflow or a Kubernetes manifest is not."""
    head = _head(path, store)
    return head is None or bool(_ANY_SERVICES.search(head))


def _sniffed_monitoring(path: str, store: FileStore) -> str | None:
    head = _head(path, store)
    return monitoring_kind(head) if head is not None else None


def _sniffed_kubernetes(path: str, store: FileStore) -> bool:
    head = _head(path, store)
    return head is not None and not sniff_compose(head) and sniff_kubernetes(head)


def _sniffed_conf(path: str, store: FileStore) -> bool:
    """A file named otherwise that :func:`sniff_redis_conf` takes."""
    head = _head(path, store)
    return head is not None and sniff_redis_conf(head)


def _conf_template(path: str, store: FileStore) -> bool:
    """A ``*.tmpl`` / ``*.tpl`` named like a Redis file that is a config template: its lines are
    directives with ``$VAR`` placeholders, not a Go, Jinja or Helm template (``{{ ... }}``,
    ``{% ... %}``) nor another format."""
    head = _head(path, store, 64_000)
    if head is None or "{{" in head or "{%" in head:
        return False
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return bool(lines) and all(re.match(r"^[A-Za-z$][\w$-]*(\s|$)", ln) for ln in lines[:20])


def _classify(path: str, out: Discovered, store: FileStore) -> None:
    name = os.path.basename(path)
    sniffed = None if COMPOSE_RE.search(name) else _sniffed_yaml(path, name, store)
    if COMPOSE_RE.search(name):
        if "override" not in name.lower():
            out.compose.append(path)
    elif sniffed is not None and sniffed[0] == "compose":
        out.compose.append(path)
    elif sniffed is not None and sniffed[0] == "kubernetes":
        out.kubernetes.append(path)
    elif (sniffed is not None and sniffed[0] == "helm") or (sniffed is None and _beside_redis_chart(path, name, store)):
        out.helm.append(path)
    elif sniffed is not None and sniffed[1] is not None:
        out.monitoring.append((path, sniffed[1]))
    elif CONF_RE.search(name) or (TEMPLATE_CONF_RE.search(name) and not YAML_RE.search(name.rsplit(".", 1)[0]) and _conf_template(path, store)):
        out.confs.append(path)
    elif DOCKERFILE_RE.search(name):
        out.dockerfiles.append(path)
    elif KEY_RE.search(name):
        out.keys.append(path)
    elif SCRIPT_RE.search(name):
        out.scripts.append(path)


def excluded(path: str, root: str, patterns: tuple[str, ...]) -> bool:
    """True when ``path`` (or one of its folders) matches an ``exclude`` glob, relative to ``root``."""
    if not patterns:
        return False
    import fnmatch

    rel = os.path.relpath(path, root).replace(os.sep, "/")
    parts = rel.split("/")
    candidates = [rel] + ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
    return any(fnmatch.fnmatch(c, p.rstrip("/")) for p in patterns for c in candidates)


def _walk(
    top: str, out: Discovered, store: FileStore, root: str = "", exclude: tuple[str, ...] = (), gitignore: bool = True
) -> None:
    prune = None
    if gitignore:
        from redislint.gitignore import is_ignored

        def prune(path: str, is_dir: bool) -> bool:
            return is_ignored(path, store, is_dir)

    for _folder, files in store.walk(top, SKIP_DIRS, _wanted, _named, prune=prune):
        for full in files:
            if exclude and excluded(full, root, exclude):
                continue
            _classify(full, out, store)


def _stack_for_conf(conf: str, root: str, store: FileStore) -> list[str]:
    """Compose files in the conf file's folder or its parents, never above ``root``, that mention it."""
    found: list[str] = []
    d = os.path.dirname(conf)
    base = os.path.basename(conf)
    real_root = store.real_root() or os.path.abspath(root)
    while d == real_root or d.startswith(real_root.rstrip(os.sep) + os.sep):
        for n in store.listdir(d):
            if COMPOSE_RE.search(n) and "override" not in n.lower():
                p = os.path.join(d, n)
                if not store.is_file(p):
                    continue  # a FIFO, a device or a folder named like a compose file
                head = store.read_head(p, 1_000_000)
                if head is not None and base in head:
                    found.append(p)
        if found or d == real_root or os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
    return found


def _mains(folder: str, store: FileStore) -> list[str]:
    return [os.path.join(folder, n) for n in store.listdir(folder) if is_compose_name(n)]


def discover(
    paths: list[str],
    root: str,
    exclude: tuple[str, ...] = (),
    store: FileStore | None = None,
    *,
    exclude_base: str = "",
    respect_gitignore: bool = True,
) -> Discovered:
    """What to lint under ``paths``. Walking a folder skips what ``exclude`` (globs relative to
    ``exclude_base``, default ``root``) and, with ``respect_gitignore``, the repository's .gitignore
    files cover; a path named explicitly is linted whatever they say."""
    out = Discovered()
    store = store if store is not None else FileStore(root)
    for p in paths:
        ap = os.path.abspath(p)
        real = store.resolve(ap)
        if real is None:
            continue  # outside the repository: reported by the store
        if store.is_dir(real):
            before = len(out.compose) + len(out.confs) + len(out.kubernetes) + len(out.helm)
            _walk(real, out, store, exclude_base or root, exclude, respect_gitignore)
            if len(out.compose) + len(out.confs) + len(out.kubernetes) + len(out.helm) == before:
                out.empty.append(p)
                out.notices.append(empty_folder_notice(p))
            continue
        if not store.is_file(real):
            if not store.exists(real):
                out.missing.append(p)
            else:
                out.notices.append(f"{p}: not a regular file: not checked")
            continue
        out.explicit.append(real)
        name = os.path.basename(real)
        if not COMPOSE_RE.search(name) and YAML_RE.search(name) and _sniffed_kubernetes(real, store):
            out.kubernetes.append(real)
        elif not COMPOSE_RE.search(name) and YAML_RE.search(name) and (
            ((head := _head(real, store)) is not None and sniff_helm_values(head)) or _beside_redis_chart(real, name, store)
        ):
            main = os.path.join(os.path.dirname(real), "values.yaml")
            if main != real and store.is_file(main):
                out.helm.append(main)  # an override is applied over the chart values beside it
            out.helm.append(real)
        elif not COMPOSE_RE.search(name) and YAML_RE.search(name) and (kind := _sniffed_monitoring(real, store)) is not None:
            out.monitoring.append((real, kind))
            out.compose.extend(_stack_for_conf(real, root, store))  # the stack that mounts it is linted with it
        elif COMPOSE_RE.search(name) or name.endswith((".yml", ".yaml")):
            if "override" in name.lower():
                out.compose.extend(_mains(os.path.dirname(real), store) or [real])
            elif COMPOSE_RE.search(name) or _may_be_compose(real, store):
                out.compose.append(real)
            else:
                stacks = _stack_for_conf(real, root, store)  # a prometheus.yml a stack mounts
                if stacks:
                    out.compose.extend(stacks)
                else:
                    _not_checked(out, f"{p}: not a compose file (no top-level 'services:'), nor used by one: not checked")
        elif DOCKERFILE_RE.search(name):
            out.dockerfiles.append(real)
        elif KEY_RE.search(name):
            out.keys.append(real)
        elif SCRIPT_RE.search(name):
            out.scripts.append(real)
        elif name == ".env":
            out.compose.extend(_mains(os.path.dirname(real), store))
        elif ENV_RE.search(name):
            stacks = _stack_for_conf(real, root, store)  # the compose files whose env_file names it
            if stacks:
                out.compose.extend(stacks)
            else:
                _not_checked(out, f"{p}: an env file no compose file of the repository uses: not checked")
        else:
            stacks = _stack_for_conf(real, root, store)
            out.compose.extend(stacks)
            if CONF_RE.search(name) or _sniffed_conf(real, store):
                out.confs.append(real)
            elif not stacks:  # a file a stack mounts is read through the mount, as what it is there
                _not_checked(out, f"{p}: not a compose file, redis.conf or sentinel.conf, nor used by one: not checked")
    # de-duplicate, keep order
    out.monitoring = list(dict.fromkeys(out.monitoring))
    for attr in ("compose", "kubernetes", "helm", "confs", "dockerfiles", "keys", "scripts"):
        seen: set[str] = set()
        vals = []
        for v in getattr(out, attr):
            r = store.resolve(v)
            if r is not None and r not in seen:
                seen.add(r)
                vals.append(r)
        setattr(out, attr, vals)
    return out
