"""A YAML node tree that remembers where everything is.

YAML is only *composed* (never constructed into arbitrary Python objects) with PyYAML's safe
machinery, the C implementation when available. Aliases are expanded with limits on depth, node
count and cycles, so YAML bombs and self-referencing anchors become a parse error, never a hang.
Merge keys (``<<``) are applied as YAML 1.1 defines them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from redislint.model.base import Struct, field
from redislint.model.span import Span

MAX_DEPTH = 200
MAX_NODES = 200_000

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_BLANK = re.compile(r"[ \t\r\n]")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class YamlError(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


class YNode(Struct, eq=False):
    span: Span
    kind: str  # "map" | "seq" | "scalar"
    tag: str = ""
    # scalar
    text: str = ""
    """Scalar value as YAML decodes it (before compose interpolation)."""
    style: str | None = None
    # map: list of (key node, value node); seq: list of nodes
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)
    items: list[YNode] = field(default_factory=list)
    source: SourceText | None = None

    def __init__(
        self,
        span: Span,
        kind: str,
        tag: str = "",
        text: str = "",
        style: str | None = None,
        pairs: list[tuple[YNode, YNode]] | None = None,
        items: list[YNode] | None = None,
        source: SourceText | None = None,
    ) -> None:
        # One node per YAML node of every file: a hand-written constructor keeps them cheap.
        d = self.__dict__
        d["span"] = span
        d["kind"] = kind
        d["tag"] = tag
        d["text"] = text
        d["style"] = style
        d["pairs"] = [] if pairs is None else pairs
        d["items"] = [] if items is None else items
        d["source"] = source

    # ---- mapping helpers -------------------------------------------------
    def get(self, key: str) -> YNode | None:
        if self.kind != "map":
            return None
        for k, v in self.pairs:
            if k.text == key:
                return v
        return None

    def key_node(self, key: str) -> YNode | None:
        if self.kind != "map":
            return None
        for k, _v in self.pairs:
            if k.text == key:
                return k
        return None

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.pairs] if self.kind == "map" else []

    def entries(self) -> Iterator[tuple[YNode, YNode]]:
        if self.kind == "map":
            yield from self.pairs

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.tag.endswith(":null")

    @property
    def is_scalar(self) -> bool:
        return self.kind == "scalar"

    def to_python(self, depth: int = 0) -> Any:
        """Plain Python value (strings stay strings except YAML booleans, ints, floats and null)."""
        if depth > MAX_DEPTH:
            return None
        if self.kind == "map":
            return {k.text: v.to_python(depth + 1) for k, v in self.pairs}
        if self.kind == "seq":
            return [i.to_python(depth + 1) for i in self.items]
        return scalar_value(self)

    # ---- positions inside a scalar -----------------------------------------
    def sub_span(self, start: int, end: int) -> Span:
        """Span of characters ``start:end`` of :attr:`text`, found in the source (best effort)."""
        if self.source is None or self.kind != "scalar":
            return self.span
        return self.source.locate(self, start, end)


def scalar_value(node: YNode) -> Any:
    tag = node.tag
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return node.text.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":int"):
        try:
            return int(node.text.replace("_", ""), 0)
        except ValueError:
            return node.text
    if tag.endswith(":float"):
        try:
            return float(node.text.replace("_", ""))
        except ValueError:
            return node.text
    return node.text


class SourceText:
    """A file's text split into lines the way YAML counts them, for mapping positions."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        starts = [0]
        for m in _LINE_BREAK.finditer(text):
            starts.append(m.end())
        self.line_starts = starts

    def line_length(self, line0: int) -> int:
        if line0 >= len(self.line_starts):
            return 0
        start = self.line_starts[line0]
        end = self.line_starts[line0 + 1] if line0 + 1 < len(self.line_starts) else len(self.text)
        seg = self.text[start:end]
        return len(seg.rstrip("\r\n\x85\u2028\u2029"))

    def offset(self, line0: int, col0: int) -> int:
        if line0 >= len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[line0] + col0, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """0-based offset -> (1-based line, 1-based column)."""
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo] + 1

    def span_from_marks(self, start: Any, end: Any) -> Span:
        sl, sc = start.line, start.column
        el, ec = end.line, end.column
        if (el, ec) > (sl, sc) and ec == 0 and el > sl:
            # A block ends at the start of the next line: end at the previous line's end.
            el -= 1
            ec = self.line_length(el)
            while el > sl and ec == 0:
                el -= 1
                ec = self.line_length(el)
        if (el, ec) < (sl, sc):
            el, ec = sl, sc
        return Span.measured(self.path, sl + 1, sc + 1, el + 1, ec + 1)  # 0-based marks, ordered above

    def _alignment(self, node: YNode) -> list[int]:
        # Kept on the node itself (computed on first use): an anchored scalar is one node however
        # many aliases use it (see _Builder), so its alignment is computed once.
        cached: list[int] | None = node.__dict__.get("_alignment")
        if cached is not None:
            return cached
        result = self._align(node)
        node.__dict__["_alignment"] = result
        return result

    def _align(self, node: YNode) -> list[int]:
        sp = node.span
        a = self.offset(sp.start_line - 1, sp.start_col - 1)
        b = self.offset(sp.end_line - 1, sp.end_col - 1)
        region = self.text[a:b]
        value = node.text
        if region == value:
            # Plain one-line scalars: the value is the source text itself.
            return list(range(a, a + len(value)))
        if len(region) == len(value) + 2 and region[1:-1] == value and region[0] in "'\"":
            return list(range(a + 1, a + 1 + len(value)))
        # Greedy: each character of the value at the next source character equal to it (any blank
        # for a blank: folding turns line breaks into spaces) within 400 characters, else where the
        # previous one ended. The scans run in C (str.find, a compiled pattern): linear in the
        # value's length, so a multi-megabyte quoted scalar with escapes aligns in a second.
        result: list[int] = []
        append = result.append
        find = region.find
        blank = _BLANK.search
        p = 0
        n = len(region)
        for ch in value:
            if ch in " \n\t":
                m = blank(region, p, p + 400)
                q = m.start() if m is not None else p
            else:
                q = find(ch, p, p + 400)
                if q < 0:
                    q = p
            append(a + q)
            p = q + 1 if q < n else n
        return result

    def locate(self, node: YNode, start: int, end: int) -> Span:
        value = node.text
        if not value or start >= len(value):
            return node.span
        align = self._alignment(node)
        end = max(min(end, len(value)), start + 1)
        a = align[start]
        b = align[end - 1] + 1
        sl, sc = self.position(a)
        el, ec = self.position(b - 1)
        if (el, ec + 1) < (sl, sc):
            return node.span
        return Span(file=self.path, start_line=sl, start_col=sc, end_line=el, end_col=ec + 1)


def load_yaml(path: str, text: str) -> YNode | None:
    """Compose ``text`` into a :class:`YNode` tree (None for an empty document).

    Raises :class:`YamlError` with a 1-based position for anything wrong.
    """
    source = SourceText(path, text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else 'error'}", 1, 1) from None
    except RecursionError:
        raise YamlError("invalid YAML: nesting is too deep", 1, 1) from None
    if root is None:
        return None
    builder = _Builder(source)
    return builder.build(root, 0, set())


class _RedefiningLoader(yaml.SafeLoader):
    """YAML 1.2 lets an anchor be defined again (a later alias names the latest definition), as
    Kubernetes' YAML reader does; PyYAML refuses it. Used only when a stream redefines one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


def load_yaml_documents(path: str, text: str) -> list[YNode]:
    """Every document of a multi-document YAML stream (``---`` between them), empty ones left out,
    each a :class:`YNode` tree with spans into ``text``. Raises :class:`YamlError` like
    :func:`load_yaml`."""
    source = SourceText(path, text)
    try:
        try:
            roots = list(yaml.compose_all(text, Loader=_Loader))
        except yaml.composer.ComposerError as exc:
            if "duplicate anchor" not in str(exc):
                raise
            roots = list(yaml.compose_all(text, Loader=_RedefiningLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"invalid YAML: {exc.problem or exc.context or 'invalid YAML'}", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else 'error'}", 1, 1) from None
    except RecursionError:
        raise YamlError("invalid YAML: nesting is too deep", 1, 1) from None
    builder = _Builder(source)
    return [builder.build(r, 0, set()) for r in roots if r is not None]


def load_mapping(path: str, text: str) -> YNode | None:
    """The root mapping of a YAML file looked into, not linted: None when the text is not valid
    YAML or its root is not a mapping (the problem is not reported)."""
    try:
        root = load_yaml(path, text)
    except YamlError:
        return None
    return root if root is not None and root.kind == "map" else None


class _Builder:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.count = 0
        self._spans: dict[Any, Span] = {}
        self._scalars: dict[Any, YNode] = {}
        """One YNode per YAML scalar node: every alias of an anchored scalar gets the same object, so
        what is derived from it (its alignment with the source, its interpolation) is derived once."""

    def _span(self, node: Any) -> Span:
        sp = self._spans.get(node)
        if sp is None:
            sp = self.source.span_from_marks(node.start_mark, node.end_mark)
            self._spans[node] = sp
        return sp

    def build(self, node: Any, depth: int, path: set[Any]) -> YNode:
        """The YNode of ``node``; ``path`` holds the collection nodes above it (an alias to one of
        them is a cycle), added and removed as the walk goes down and back up."""
        self.count += 1
        if self.count > MAX_NODES:
            m = node.start_mark
            raise YamlError(
                f"invalid YAML: more than {MAX_NODES} nodes after alias expansion (a YAML bomb?)",
                m.line + 1,
                m.column + 1,
            )
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise YamlError("invalid YAML: nesting is too deep", m.line + 1, m.column + 1)
        if node in path:
            m = node.start_mark
            raise YamlError("invalid YAML: an alias refers to its own anchor", m.line + 1, m.column + 1)
        span = self._spans.get(node)
        if span is None:
            span = self._spans[node] = self.source.span_from_marks(node.start_mark, node.end_mark)
        tag = node.tag
        if tag.startswith("tag:yaml.org,2002:python/"):
            m = node.start_mark
            raise YamlError(f"invalid YAML: unsupported tag '{tag}' (never executed)", m.line + 1, m.column + 1)
        cls = type(node)
        if cls is _SCALAR or isinstance(node, yaml.ScalarNode):
            scalar = self._scalars.get(node)
            if scalar is None:
                scalar = self._scalars[node] = YNode(span, "scalar", tag, node.value, node.style, None, None, self.source)
            return scalar
        build = self.build
        down = depth + 1
        path.add(node)
        if cls is _SEQUENCE or isinstance(node, yaml.SequenceNode):
            items = [build(c, down, path) for c in node.value]
            path.discard(node)
            return YNode(span, "seq", tag, "", None, None, items, self.source)
        # mapping
        pairs: list[tuple[YNode, YNode]] = []
        merges: list[YNode] = []
        for knode, vnode in node.value:
            if knode.tag == _MERGE and isinstance(knode, yaml.ScalarNode):
                merged = build(vnode, down, path)
                if merged.kind == "map":
                    merges.append(merged)
                elif merged.kind == "seq":
                    merges.extend(m for m in merged.items if m.kind == "map")
                continue
            k = build(knode, down, path)
            if k.kind != "scalar":
                k = YNode(span=k.span, kind="scalar", tag="tag:yaml.org,2002:str", text="", source=self.source)
            pairs.append((k, build(vnode, down, path)))
        path.discard(node)
        if merges:
            present = {k.text for k, _ in pairs}
            for m in merges:
                for k, v in m.pairs:
                    if k.text not in present:
                        pairs.append((k, v))
                        present.add(k.text)
        return YNode(span, "map", tag, "", None, pairs, None, self.source)


_SCALAR = yaml.ScalarNode
_SEQUENCE = yaml.SequenceNode
_MERGE = "tag:yaml.org,2002:merge"


def append_point(key: YNode, node: YNode) -> Span | None:
    """Where a new key of a block mapping may be written: column 1 of the line after its last line
    of content written there (a zero-width point; what a merge key brings from elsewhere does not
    count, and the fix's region check refuses such a service). None when the mapping is not a block
    mapping written below its key: a flow mapping, an alias."""
    if node.kind != "map" or not node.pairs:
        return None
    file = key.span.file
    own = [(k, v) for k, v in node.pairs if k.span.file == file and k.span.start_line > key.span.start_line]
    if not own or any(k.span.start_col != own[0][0].span.start_col for k, _v in own):
        return None
    last = 0
    todo = [n for kv in own for n in kv]
    while todo:
        n = todo.pop()
        if n.span.file != file or n.span.start_line < key.span.start_line:
            continue  # merged in from an anchor: the fix's region check says so
        if n.kind == "scalar":
            # a block scalar ends at column 1 of the line after its text
            end = n.span.end_line - 1 if n.span.end_col == 1 and n.span.end_line > n.span.start_line else n.span.end_line
            last = max(last, end)
        for k, v in n.pairs:
            todo.extend((k, v))
        todo.extend(n.items)
    return Span.point(file, last + 1)
