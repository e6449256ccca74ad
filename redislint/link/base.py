"""Link stage: the state the stages share (the project being built, the file store, what was read)
and the file reading every stage uses."""

from __future__ import annotations

import os
from collections.abc import Mapping

from redislint.discovery import TEMPLATE_CONF_RE
from redislint.fs import FileStore
from redislint.link.templates import TemplateFinder, as_template
from redislint.model import container
from redislint.model.compose import Service, TopLevel
from redislint.model.conf import ConfFile, Directive
from redislint.model.project import (
    InputFile,
    LoadProblem,
    Project,
)
from redislint.model.span import Span
from redislint.parsers.compose_load import ComposeLoader
from redislint.parsers.compose_values import Piece
from redislint.parsers.dockerfile import Dockerfile, parse_dockerfile
from redislint.parsers.redis_conf import parse_conf
from redislint.secrets.collect import Secrets


class LinkState:
    """The project being linked and what the stages have read so far."""

    def __init__(self, project: Project, store: FileStore, default_version: tuple[str, tuple[int, ...]], environ: Mapping[str, str] | None = None) -> None:
        self.project = project
        self.store = store
        self.default_product, self.default_version = default_version
        self.version_given = False
        self.environ = environ
        self.found_secrets = Secrets()
        self._inline_configs: list[tuple[TopLevel, ComposeLoader]] = []
        self.kube_argv: dict[Service, tuple[list[Piece] | None, list[Piece] | None]] = {}
        """service -> (command, args) pieces of a Kubernetes container (:mod:`.k8s`)."""
        self._conf_cache: dict[str, ConfFile] = {}
        self._templates = TemplateFinder(store)
        self._outside_seen: set[tuple[Span, str]] = set()

    # ------------------------------------------------------------ files
    def conf(self, path: str, kind: str | None = None) -> ConfFile | None:
        if path in self._conf_cache:
            return self._conf_cache[path]
        text = self.store.read_conf(path)
        if text is None:
            return None
        cf = parse_conf(path, text, kind)  # type: ignore[arg-type]
        rendered = self._templates.rendered_by(cf)
        if rendered is None and TEMPLATE_CONF_RE.search(os.path.basename(path)):
            rendered = Span.file_anchor(path)  # named as a template: rendered by the deployment
        if rendered is not None:
            cf = as_template(cf, rendered)
        self._conf_cache[path] = cf
        fkind = "sentinel-conf" if cf.kind == "sentinel" else "redis-conf"
        entry = self.project.files.get(path)
        if entry is None:
            self.project.files[path] = InputFile(path=path, kind=fkind, conf=cf, text=text)  # type: ignore[arg-type]
        else:
            entry.conf = cf
            entry.kind = fkind  # type: ignore[assignment]
        return cf

    def dockerfile(self, path: str | None) -> Dockerfile | None:
        if not path:
            return None
        if path in self.project.dockerfiles:
            return self.project.dockerfiles[path]
        text = self.store.read(path) if self.store.is_file(path) else None
        df = parse_dockerfile(path, text) if text is not None else None
        self.project.dockerfiles[path] = df
        if text is not None and path not in self.project.files:
            self.project.files[path] = InputFile(path=path, kind="dockerfile", text=text)
        return df

    def _outside(self, span: Span, message: str, path: str) -> None:
        """A path the deployment needs that lies outside the repository: not read, reported once (RL012)."""
        key = (span, message)
        if key not in self._outside_seen:
            self._outside_seen.add(key)
            self.project.problems.append(LoadProblem(span=span, message=f"{message} is outside the repository: not checked", kind="outside", path=path))

    def _limit(self, d: Directive, message: str) -> None:
        key = (d.value_span, message)
        if key not in self._outside_seen:
            self._outside_seen.add(key)
            self.project.problems.append(LoadProblem(span=d.value_span, message=message, kind="include-limit"))

    def host_path(self, svc: Service, cpath: str, df: Dockerfile | None = None) -> str | None:
        """The repository file that appears at ``cpath`` inside the service's container."""
        return container.host_path(svc, self.project.stack_of(svc), cpath, df)
