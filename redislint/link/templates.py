"""Link stage: config files that are templates, rendered when the container starts.

A redis.conf or sentinel.conf may hold ``$NAME`` placeholders that an entrypoint script replaces
before the server reads the file (``sed -i "s/\\$MASTER_HOST/$MASTER_HOST/g" /redis/sentinel.conf``,
``envsubst < sentinel.conf > /etc/sentinel.conf``). Redis itself never expands variables, so a
placeholder that nothing renders is a real mistake (RL006), but one that a script of the repository
renders is not: its arguments are unknown at lint time, and only the file's literal lines are
linted. A file counts as rendered when a script, Dockerfile or Makefile beside it (or in the folder
above) names it on a line that runs ``sed``, ``envsubst``, ``eval``, ``perl`` or ``awk``."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from redislint.fs import FileStore
from redislint.model.conf import ConfFile, Directive
from redislint.model.span import Span
from redislint.model.values import Origin, Value

PLACEHOLDER = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
_RENDERER = re.compile(r"(?<![\w-])(?:sed|envsubst|eval|perl|awk)(?![\w-])")
_SCRIPT_MAX = 256_000


def _is_script(name: str) -> bool:
    low = name.lower()
    return low.endswith(".sh") or "entrypoint" in low or low.startswith("dockerfile") or low in ("makefile", "gnumakefile")


class TemplateFinder:
    """Finds the script line that renders a config file; reads each folder's scripts once."""

    def __init__(self, store: FileStore) -> None:
        self.store = store
        self._scripts: dict[str, list[tuple[str, str]]] = {}

    def _folder_scripts(self, folder: str) -> list[tuple[str, str]]:
        if folder in self._scripts:
            return self._scripts[folder]
        out: list[tuple[str, str]] = []
        if self.store.contains(folder) and self.store.is_dir(folder):
            for name in sorted(self.store.listdir(folder)):
                if not _is_script(name):
                    continue
                path = posixpath.join(folder, name)
                if not self.store.is_file(path) or (self.store.size(path) or _SCRIPT_MAX) >= _SCRIPT_MAX:
                    continue
                text = self.store.read(path)
                if text is not None:
                    out.append((path, text))
        self._scripts[folder] = out
        return out

    def rendered_by(self, cf: ConfFile) -> Span | None:
        """Where a script renders ``cf`` (None when it has no placeholder or nothing renders it)."""
        if not any(a.text is not None and PLACEHOLDER.search(a.text) for d in cf.directives for a in d.args):
            return None
        base = posixpath.basename(cf.path)
        here = posixpath.dirname(cf.path)
        root = self.store.root
        folders = [here]
        parent = posixpath.dirname(here)
        if root is not None and parent != here and (parent + "/").startswith(posixpath.abspath(root).rstrip("/") + "/"):
            folders.append(parent)  # never a folder outside the repository
        for folder in folders:
            for path, text in self._folder_scripts(folder):
                if base not in text:
                    continue
                for i, line in enumerate(text.splitlines(), 1):
                    if base in line and _RENDERER.search(line):
                        return Span.point(path, i, 1)
        return None


def as_template(cf: ConfFile, rendered_by: Span) -> ConfFile:
    """``cf`` with every argument that holds a placeholder made unknown (rendered at start)."""
    directives: list[Directive] = []
    for d in cf.directives:
        if any(a.text is not None and PLACEHOLDER.search(a.text) for a in d.args):
            args = tuple(
                Value(text=None, span=a.span, raw=a.raw, origin=Origin.SHELL, quoted=a.quoted)
                if a.text is not None and PLACEHOLDER.search(a.text) else a
                for a in d.args
            )
            d = d.model_copy(update={"args": args})
        directives.append(d)
    return cf.model_copy(update={"directives": directives, "rendered_by": rendered_by})


def render_known(directives: list[Directive], env: Mapping[str, str | None]) -> list[Directive]:
    """The directives of a template as one container renders them: an argument whose placeholders
    all name variables the container's environment gives a known value (``REDIS_HOST: node-1``) gets
    that text; any other placeholder stays unknown. Only arguments made unknown by
    :func:`as_template` are touched."""
    out: list[Directive] = []
    for d in directives:
        if not any(a.text is None and a.origin == Origin.SHELL and PLACEHOLDER.search(a.raw) for a in d.args):
            out.append(d)
            continue
        args = []
        for a in d.args:
            plain = a.text is None and a.origin == Origin.SHELL and "$(" not in a.raw and "`" not in a.raw
            names = [m.group(0).strip("${}") for m in PLACEHOLDER.finditer(a.raw)] if plain else []
            if names and all(env.get(n) is not None for n in names):
                text = PLACEHOLDER.sub(lambda m: env.get(m.group(0).strip("${}")) or "", a.raw)
                a = Value(text=text, span=a.span, raw=a.raw, origin=Origin.VARIABLE, quoted=a.quoted)
            args.append(a)
        out.append(d.model_copy(update={"args": tuple(args)}))
    return out
