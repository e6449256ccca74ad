"""Keep secrets out of everything redislint prints.

Masking works from what the parsers found, never from patterns over the rendered text:

1. **Spans.** While linking, every value in a secret position (see :mod:`redislint.secrets.collect`) is
   recorded with its place in its file. Code frames replace exactly those characters of the lines
   they show by ``****``.
2. **Known values.** The same values (and the forms redislint derives from them when it quotes a
   value: escaped control characters, the first 39 characters of a long value) are replaced
   wherever they appear in text redislint writes: messages, fixes, related locations, suppression
   reasons, notices, and, for values that cannot be ordinary words, code frames too. One matcher per
   report (the values merged into a trie-shaped pattern, longest match first), case-insensitive since
   some messages lower-case what they quote; masking is linear in the text.
3. **The environment.** A value that came from the ``environ`` mapping given to the API is never
   printed: it is replaced by the name of its variable (``${CI_API_KEY}``).

How a known value is matched depends on what it looks like, so that a password that happens to be an
ordinary word (``redis``, ``bitnami``) does not turn ``legacy-redis`` into ``legacy-****``:

- *distinctive* values (at least 6 characters, not all letters, or at least 12) are replaced wherever
  they occur;
- short values with a digit or a symbol (``p@ss``, ``1234``) only as a whole token (not next to a
  letter, digit, ``_``, ``-`` or ``.``), and only in redislint's own text, not in code frames (spans
  cover those);
- words (all letters, under 12: ``admin``, ``redis``, ``foobared``) and values shorter than 3
  characters only between quotes (``got 'admin'``), the way messages quote the values they show, so
  that "an admin user" stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from redislint.model.base import Struct

MASK = "****"

SpanTuple = tuple[int, int, int, int]
"""(start line, start column, end line, end column): 1-based, end column exclusive."""

_WORD_EDGE = r"A-Za-z0-9_.\-"
_SHOW_LIMIT = 40


def is_distinctive(value: str) -> bool:
    """A value that cannot be an ordinary word of a message or a config line."""
    return len(value) >= 12 or (len(value) >= 6 and not value.isalpha())


def _escaped(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def derived_forms(value: str) -> set[str]:
    """The value and the forms in which redislint quotes it (see :func:`redislint.redis.problems.show`)."""
    forms = {value, _escaped(value)}
    if len(value) > _SHOW_LIMIT:
        forms.add(_escaped(value[: _SHOW_LIMIT - 1]))
        forms.add(value[: _SHOW_LIMIT - 1])
    stripped = value.strip()
    if stripped and stripped != value:
        forms.add(stripped)
    return {f for f in forms if f}


class Masked(Struct, frozen=True):
    """A masked line and the ranges of the original that were replaced."""

    original: str
    text: str
    ranges: tuple[tuple[int, int], ...]
    """Half-open ranges (0-based) of ``original`` replaced by ``MASK``, sorted and disjoint."""

    def column(self, index: int, *, end: bool = False) -> int:
        """Translate a 0-based index of the original into the masked text.

        A start index inside a masked range maps to the start of its ``****``; an exclusive end
        index inside (or at the end of) one maps to the end of the ``****``.
        """
        shift = 0
        for start, stop in self.ranges:
            if end:
                if index <= start:
                    break
                if index <= stop:
                    return start + shift + len(MASK)
            else:
                if index < start:
                    break
                if index < stop:
                    return start + shift
            shift += len(MASK) - (stop - start)
        return index + shift


class Masker:
    """Everything a report knows to be secret, ready to mask text (build one per report)."""

    def __init__(
        self,
        values: Iterable[str] = (),
        spans: Mapping[str, Iterable[SpanTuple]] | None = None,
        named: Mapping[str, str] | None = None,
    ) -> None:
        replacement: dict[str, str] = {}
        for value in values:
            if value and value != MASK:
                for form in derived_forms(value):
                    replacement.setdefault(form.lower(), MASK)
        for value, name in (named or {}).items():
            if value:
                for form in derived_forms(value):
                    replacement[form.lower()] = "${" + name + "}"
        self._replacement = replacement
        forms = sorted(replacement, key=lambda s: (-len(s), s))
        distinctive = [f for f in forms if is_distinctive(f)]
        words = [f for f in forms if not is_distinctive(f) and len(f) >= 3 and not f.isalpha()]
        short = [f for f in forms if not is_distinctive(f) and (len(f) < 3 or f.isalpha())]
        self._anywhere = _compile("{}", distinctive)
        self._word = _compile(rf"(?<![{_WORD_EDGE}])(?:{{}})(?![{_WORD_EDGE}])", words)
        self._quoted = _compile(r"""(?<=['"])(?:{})(?=['"])""", short)
        # spans by file and line (a span over many lines, such as a whole secret file, stays in a list)
        self._by_line: dict[tuple[str, int], list[SpanTuple]] = {}
        self._long: dict[str, list[SpanTuple]] = {}
        for path, items in (spans or {}).items():
            for sp in items:
                if sp[2] - sp[0] <= 1000:
                    for n in range(sp[0], sp[2] + 1):
                        self._by_line.setdefault((path, n), []).append(sp)
                else:
                    self._long.setdefault(path, []).append(sp)
        self._line_cache: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._masked_cache: dict[tuple[str, int, str], Masked] = {}
        self._text_cache: dict[str, str] = {}

    # --- text redislint writes ---------------------------------------------------------------

    def text(self, text: str) -> str:
        """``text`` with every known secret value replaced (``****``, or ``${VAR}`` for a value of the
        environment)."""
        if not text or not self._replacement:
            return text
        done = self._text_cache.get(text)
        if done is not None:
            return done  # the same message, fix or notice masked before (computed once per text)
        hits: list[tuple[int, int, str]] = []
        for pattern in (self._anywhere, self._word, self._quoted):
            if pattern is not None:
                hits.extend((m.start(), m.end(), self._replace(m.group())) for m in pattern.finditer(text))
        out = _apply(text, _merge_hits(hits)) if hits else text
        self._text_cache[text] = out
        return out

    def _replace(self, matched: str) -> str:
        return self._replacement.get(matched.lower(), MASK)

    # --- code frames -------------------------------------------------------------------------

    def line(self, path: str, number: int, line: str) -> Masked:
        """Line ``number`` of ``path`` with the recorded secret spans, and distinctive known values,
        replaced by ``****``. Computed once per line, however many findings point at it."""
        key = (path, number, line)
        hit = self._masked_cache.get(key)
        if hit is not None:
            return hit
        ranges = list(self._span_ranges(path, number, len(line)))
        if self._anywhere is not None:
            ranges.extend((m.start(), m.end()) for m in self._anywhere.finditer(line))
        merged = _merge(ranges)
        hit = Masked(original=line, text=_apply(line, [(a, b, MASK) for a, b in merged]), ranges=tuple(merged))
        self._masked_cache[key] = hit
        return hit

    def _span_ranges(self, path: str, number: int, length: int) -> list[tuple[int, int]]:
        key = (path, number)
        hit = self._line_cache.get(key)
        if hit is not None:
            return hit
        out: list[tuple[int, int]] = []
        for sl, sc, el, ec in (*self._by_line.get(key, ()), *self._long.get(path, ())):
            if not sl <= number <= el:
                continue
            start = sc - 1 if sl == number else 0
            end = ec - 1 if el == number else length
            if end > start:
                out.append((start, min(end, length)))
        self._line_cache[key] = out
        return out


def _compile(template: str, literals: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``literals`` (lower-cased), longest first, put
    in ``template`` at ``{}``. The literals are merged into a trie, so that values sharing a prefix
    cost one comparison per character, not one per value."""
    if not literals:
        return None
    try:
        body = _trie(literals)
        return re.compile(template.replace("{}", body, 1), re.IGNORECASE)
    except RecursionError:  # a pathological set of nested prefixes: a plain alternation still works
        plain = "|".join(re.escape(s) for s in sorted(literals, key=lambda s: (-len(s), s)))
        return re.compile(template.replace("{}", plain, 1), re.IGNORECASE)


_Trie = dict[str, "_Trie"]


def _trie(literals: Iterable[str]) -> str:
    root: _Trie = {}
    for word in literals:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(root)


def _trie_regex(node: _Trie) -> str:
    branches: list[str] = []
    for ch in sorted(k for k in node if k):
        chain = [ch]
        child = node[ch]
        while len(child) == 1 and "" not in child:  # a run without branches: one literal
            (nxt, child), = child.items()
            chain.append(nxt)
        rest = _trie_regex(child) if any(k for k in child) else ""
        branches.append(re.escape("".join(chain)) + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"  # a value ends here, or a longer one goes on (greedy: longest first)
    return body


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _merge_hits(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping hits become one: ``****`` unless all of them name the same variable."""
    merged: list[tuple[int, int, str]] = []
    for start, end, repl in sorted(hits):
        if merged and start < merged[-1][1]:
            s0, e0, r0 = merged[-1]
            merged[-1] = (s0, max(e0, end), r0 if r0 == repl else MASK)
        else:
            merged.append((start, end, repl))
    return merged


def _apply(text: str, ranges: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end, repl in ranges:
        parts.append(text[pos:start])
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
