"""The link stage: build the unified model (which service runs which config, with what version, in
which group) from what discovery found. One module per stage: :mod:`.versions`, :mod:`.config`
(effective configurations), :mod:`.roles` (services and nodes), :mod:`.groups`, :mod:`.secrets`,
:mod:`.acl`, :mod:`.facts`."""

from __future__ import annotations

from collections.abc import Mapping

from redislint.discovery import Discovered
from redislint.fs import OUTSIDE, FileStore
from redislint.gitignore import is_ignored
from redislint.link.acl import aclfile_problems, link_acl
from redislint.link.clients import link_exporter_passwords, link_exporters
from redislint.link.facts import (
    config_problems,
    link_datastores,
    link_documented_variables,
    link_primaries,
    link_redis_unset_variables,
    link_sentinel_logins,
    link_servers,
    link_sibling_declarations,
    service_accounts,
)
from redislint.link.files import link_repository_files, link_sentinel_conf_mount, link_tls_files
from redislint.link.groups import link_sentinel_monitors, parse_cluster_create
from redislint.link.helm import link_helm
from redislint.link.k8s import link_kubernetes
from redislint.link.monitoring import link_monitoring
from redislint.link.roles import Linker
from redislint.link.sentinel import build_sentinel_config
from redislint.link.versions import NEWEST, effective_version, parse_version_option
from redislint.model.auth import build_auth, masterauth_secret, password_secret
from redislint.model.project import PRIVATE_KEY, InputFile, Project, build_index
from redislint.model.reach import build_listening, build_reach
from redislint.model.span import Span
from redislint.model.storage import build_data_dir
from redislint.redis.passwords import password_values
from redislint.secrets.files import secret_file_values

__all__ = ["NEWEST", "Linker", "build_project", "effective_version", "link_nodes", "parse_cluster_create", "parse_version_option", "secret_file_values"]


def build_project(
    found: Discovered,
    root: str,
    store: FileStore,
    default_version: tuple[str, tuple[int, ...]],
    environ: Mapping[str, str] | None = None,
    *,
    version_given: bool = False,
) -> Project:
    """Link everything discovered into one :class:`Project`. ``version_given`` tells that the user
    chose the version of bare config files (otherwise a ``*valkey*.conf`` is taken for Valkey)."""
    project = Project(root=root)
    linker = Linker(project, store, default_version, environ)
    linker.version_given = version_given
    linker.load_stacks(found)
    linker.image_stacks(found)
    linker.script_stacks(found)
    link_kubernetes(linker, found)
    link_helm(linker, found)
    linker.bare_confs(found)
    for p in found.dockerfiles:
        linker.dockerfile(p)
    for p in found.keys:
        text = store.read(p)
        if p not in project.files:
            project.files[p] = InputFile(path=p, kind="other", text=text)
    linker.groups()
    link_monitoring(project, store, found.monitoring)
    link_nodes(project, linker, store)
    return project


def link_nodes(project: Project, linker: Linker, store: FileStore) -> None:
    """Every fact of the nodes and groups, once they are all known (the stacks', the bare files' or
    the live servers' of an audit, :mod:`redislint.link.live`)."""
    link_servers(project)
    link_primaries(project)
    link_datastores(project)
    link_exporters(project)
    link_redis_unset_variables(project)
    link_documented_variables(project, store)
    link_sibling_declarations(project, store)
    linker.collect_secrets()
    for node in (*project.nodes, *project.sentinels):
        link_acl(project, store, node)
        assert node.acl is not None
        node.auth = build_auth(node, node.acl)
        node.password = password_secret(node.auth)
        node.masterauth = masterauth_secret(node)
        node.reach = build_reach(node)
        node.listening = build_listening(node, project.dockerfile(node.service) if node.service is not None else None)
        node.sentinel = build_sentinel_config(node)
        node.data = build_data_dir(node, project.dockerfile(node.service) if node.service is not None else None)
        node.config_problems = config_problems(node)
        node.config_problems.extend(aclfile_problems(store, node))
        link_tls_files(project, store, node)
        link_sentinel_conf_mount(project, store, node)
    link_sentinel_monitors(project)
    link_exporter_passwords(project, store)
    project.service_accounts = service_accounts(project)
    link_sentinel_logins(project)
    seen_pw: set[Span] = set()
    for node in (*project.nodes, *project.sentinels):
        assert node.acl is not None
        for what, v in (*password_values(node.directives), *password_values(node.acl.aclfile_directives)):
            if v.span not in seen_pw:
                seen_pw.add(v.span)
                project.written_passwords.setdefault(v.span.file, []).append((what, v))
    link_repository_files(project, store)
    project.lookups = build_index(project)
    project.read_texts = store.texts
    for f in project.files.values():
        if f.kind == "other" and f.text and PRIVATE_KEY in f.text:
            f.ignored = is_ignored(f.path, store)
    project.notices.extend(store.notices)
    for path, err in store.errors.items():
        project.notices.append(f"{path}: {err}")
    for path in store.outside:
        project.notices.append(f"{path}: {OUTSIDE}")
