"""Link stage: every secret value and where it is written (command lines, environment, config
files, ACL files, secret and env files), for masking (see :mod:`redislint.secrets`)."""

from __future__ import annotations

import re

from redislint.link.base import LinkState
from redislint.model.compose import Service
from redislint.model.container import aclfile_host_path
from redislint.model.project import (
    RedisNode,
)
from redislint.model.span import Span
from redislint.parsers.compose_load import ComposeLoader
from redislint.parsers.redis_conf import parse_conf
from redislint.parsers.script import command_text
from redislint.parsers.yaml_tree import YNode
from redislint.secrets.collect import Secrets, collect_directives, line_words, piece_words, scan_words
from redislint.secrets.files import (
    collect_dockerfile,
    collect_env_file,
    collect_secret_file,
    collect_unparsed_conf_lines,
)
from redislint.secrets.names import is_secret_name

_YAML_SECRET = re.compile(r"^\s*-?\s*[\w.-]*(?:password|passwd|secret|token|credentials)[\w.-]*\s*:\s*(?!\s*$)()(\S.*?)\s*$", re.IGNORECASE)
"""A ``basicAuthPassword: ...`` / ``bearer_token: ...`` line of a monitoring file: its value is a secret."""


class SecretStage(LinkState):
    """Secrets."""

    # ------------------------------------------------------------ secrets
    def _service_secrets(self, svc: Service, loader: ComposeLoader) -> None:
        """Secrets written in a service: command lines, healthcheck tests, environment values."""
        found = self.found_secrets
        node = svc.node
        if node is None or node.kind != "map":
            return
        tests: list[YNode | None] = [node.get("command"), node.get("entrypoint")]
        hc = node.get("healthcheck")
        if hc is not None and hc.kind == "map":
            tests.append(hc.get("test"))
        for n in tests:
            argv = loader.argv(n)
            if argv:
                scan_words(found, piece_words(found, argv[0]))
        en = node.get("environment")
        if en is not None and en.kind == "map":
            for k, v in en.pairs:
                if v.kind != "scalar" or v.is_null:
                    continue
                piece = loader.piece(v)
                if is_secret_name(k.text):
                    found.add_piece(piece, 0, len(piece.text))
                scan_words(found, piece_words(found, [piece]))
        elif en is not None and en.kind == "seq":
            for it in en.items:
                if it.kind != "scalar":
                    continue
                piece = loader.piece(it)
                key, sep, _ = piece.text.partition("=")
                if sep and is_secret_name(key):
                    found.add_piece(piece, len(key) + 1, len(piece.text))
                scan_words(found, piece_words(found, [piece]))
        for name, var in svc.environment.items():
            if var.value is not None and is_secret_name(name):
                found.add_text(var.value.text)

    def _inline_config_secrets(self) -> None:
        """Inline configs (``content:``) that no server loads, so whose directives were not mapped to
        their lines: when the text holds a password directive, all of the block is masked."""
        loaded = {(d.file, d.line) for n in (*self.project.nodes, *self.project.sentinels) for d in n.directives}
        for top, loader in self._inline_configs:
            node = top.content
            sp = node.span
            if any((sp.file, line) in loaded for line in range(sp.start_line, sp.end_line + 1)):
                continue  # used: its directives carry their own spans
            piece = loader.piece(node)
            probe = Secrets()
            collect_directives(probe, parse_conf(node.span.file, piece.text).directives)
            if probe.values:
                self.found_secrets.values.update(probe.values)
                self.found_secrets.add_span(node.span)

    def collect_secrets(self) -> None:
        """Every secret value and where it is written (see :mod:`redislint.secrets`)."""
        found = self.found_secrets
        self._inline_config_secrets()
        for f in list(self.project.files.values()):
            if f.conf is not None:
                collect_directives(found, f.conf.directives)
                if f.conf.issues and f.text:
                    collect_unparsed_conf_lines(found, f.path, f.text, {i.span.start_line for i in f.conf.issues})
            elif f.kind == "dockerfile" and f.text:
                collect_dockerfile(found, f.path, f.text)
            elif f.kind in ("prometheus", "prometheus-rules", "grafana-datasources") and f.text:
                for i, line in enumerate(f.text.splitlines(), 1):
                    m = _YAML_SECRET.match(line)
                    if m and m.group(2).strip("'\" ") and len(line) < 100_000:
                        found.add_text(m.group(2).strip("'\" "))
                        found.add_span(Span.point(f.path, i, m.start(2) + 1, len(m.group(2))))
            elif f.kind == "script" and f.text:
                facts = self.project.scripts.get(f.path)
                for i, line in enumerate(command_text(f.text, makefile=facts is not None and facts.makefile).splitlines(), 1):
                    if len(line) < 100_000:
                        scan_words(found, line_words(found, f.path, i, line))
        for facts in self.project.scripts.values():
            for call in facts.calls:
                for _flag, v in call.passwords:
                    found.add_value(v)
        for n in (*self.project.nodes, *self.project.sentinels):
            collect_directives(found, n.directives)
            for _what, v in n.fallback_passwords:
                found.add_value(v)
            for d in n.directives:
                if d.name == "aclfile" and d.text(0):
                    self._aclfile_secrets(n, d.text(0) or "")
        env_files: set[str] = set()
        for st in self.project.stacks:
            if st.dotenv:
                env_files.add(st.dotenv)
            for svc in st.services.values():
                env_files.update(path for path, _span, _required in svc.env_files)
            for top in st.secrets.values():
                # a secret file outside the repository is provided at deploy time: contains() records it
                # for the one notice, and nothing is read
                if top.file and self.store.contains(top.file) and self.store.is_file(top.file):
                    text = self.store.read(top.file)
                    if text is not None:
                        self.project.secret_files[top.file] = text
                        collect_secret_file(found, top.file, text)
        for path in sorted(env_files):
            text = self.store.read(path) if self.store.is_file(path) else None
            if text is not None:
                collect_env_file(found, path, text, found.variables)
        self.project.secrets = {s for s in found.values if s}
        self.project.secret_spans = {f: sorted(spans) for f, spans in found.spans.items()}

    def _aclfile_secrets(self, node: RedisNode, path: str) -> None:
        host = aclfile_host_path(node, self.project.host_path, path)
        if host is None or not self.store.is_file(host):
            return
        text = self.store.read(host)
        if text is not None:
            collect_directives(self.found_secrets, parse_conf(host, text, "redis").directives)
