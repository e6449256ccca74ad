"""Secrets written in whole files: ``.env`` and ``env_file`` files, Dockerfiles (``ENV``/``ARG`` of
secret-looking names, password options of ``CMD``/``ENTRYPOINT``/``RUN``/``HEALTHCHECK``), config
lines Redis refuses (unbalanced quotes), and files used as compose secrets (all of them). Added to the
:class:`~redislint.secrets.collect.Secrets` of the link stage, with the lines as the parsers count them.
"""

from __future__ import annotations

import json
import re

from redislint.model.span import Span
from redislint.parsers.interpolate import parse_dotenv
from redislint.secrets.collect import Secrets, _Word, line_words, scan_words
from redislint.secrets.names import is_secret_name


def collect_env_file(secrets: Secrets, path: str, text: str, extra_names: set[str]) -> None:
    """``.env`` / ``env_file``: values of secret-looking names and of ``extra_names`` (variables used
    in a secret position). Lines are counted as the ``.env`` parser counts them."""
    values = parse_dotenv(text)
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        i += 1
        if not s or s.startswith("#"):
            continue
        body = s[7:].lstrip() if s.startswith("export ") else s
        key, sep, rest = body.partition("=")
        key = key.strip()
        if not sep or not (is_secret_name(key) or key in extra_names):
            continue
        if key in values:
            secrets.add_text(values[key])
        eq = line.find("=")
        start = eq + 1
        while start < len(line) and line[start] in " \t":
            start += 1
        first = i
        value = rest.strip()
        if value[:1] in ("'", '"') and value.find(value[0], 1) < 0:
            # an unclosed quote: the value runs on, up to the line holding the closing quote
            while i < len(lines) and value[0] not in lines[i]:
                i += 1
            i = min(i + 1, len(lines))
        if start < len(line):
            secrets.add_span(Span.point(path, first, start + 1, len(line) - start))
        secrets.add_text(value)
        if i > first:
            secrets.add_lines(path, first + 1, i)


_DOCKER_ASSIGN = re.compile(r"^\s*(ENV|ARG)\s+", re.IGNORECASE)
_DOCKER_CMD = re.compile(r"^\s*(CMD|ENTRYPOINT|RUN|HEALTHCHECK)\s+", re.IGNORECASE)
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def collect_dockerfile(secrets: Secrets, path: str, text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        m = _DOCKER_ASSIGN.match(line)
        if m:
            rest = line[m.end() :]
            if "=" in rest.split(" ", 1)[0]:
                scan_words(secrets, line_words(secrets, path, number, rest, m.end()))
            else:
                key, _, value = rest.partition(" ")
                if is_secret_name(key) and value.strip():
                    start = m.end() + len(key) + 1 + (len(value) - len(value.lstrip()))
                    secrets.add_text(value.strip())
                    secrets.add_span(Span.point(path, number, start + 1, len(line.rstrip()) - start))
            continue
        m = _DOCKER_CMD.match(line)
        if m is None:
            continue
        rest = line[m.end() :]
        if rest.lstrip().startswith("["):
            words: list[_Word] = []
            for js in _JSON_STRING.finditer(line, m.end()):
                a = js.start(1)

                def add(start: int, end: int, a: int = a, s: str = js.group(1), number: int = number) -> None:
                    if end > start:
                        secrets.add_text(s[start:end])
                        secrets.add_span(Span.point(path, number, a + start + 1, end - start))

                words.append(_Word(js.group(1), add))
            scan_words(secrets, words)
        else:
            scan_words(secrets, line_words(secrets, path, number, rest, m.end()))


def collect_unparsed_conf_lines(secrets: Secrets, path: str, text: str, numbers: set[int]) -> None:
    """Config lines Redis would refuse (unbalanced quotes): their arguments are unknown, so all of
    them after the first word is taken as secret."""
    lines = text.split("\n")
    for n in sorted(numbers):
        if not 1 <= n <= len(lines):
            continue
        line = lines[n - 1].rstrip(" \t\r")
        body = line.lstrip(" \t")
        lead = len(line) - len(body)
        first = re.match(r"[^ \t]*[ \t]+", body)
        start = lead + (first.end() if first and not body.startswith(("'", '"')) else 0)
        if start < len(line):
            rest = line[start:]
            secrets.add_text(rest)
            secrets.add_text(rest.strip("\"' "))
            for word in re.split(r"[ \t]+", rest):
                if len(word) >= 4:
                    secrets.add_text(word.strip("\"'<>"))
            secrets.add_span(Span.point(path, n, start + 1, len(line) - start))


def _json_map(text: str) -> dict[str, object] | None:
    """A secret file holding a JSON object (redis_exporter's password file), else None."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


_CONF_SECRET_WORDS = re.compile(r"^\s*(requirepass|masterauth|primaryauth|user|sentinel|include|aclfile)\b", re.IGNORECASE | re.MULTILINE)


def secret_file_values(path: str, text: str) -> set[str]:
    """The secret values a secret file holds: password arguments of a config snippet, the values of
    a JSON map (redis_exporter's password file), or the file's content itself (a bare password)."""
    data = _json_map(text)
    if data is not None:
        return {str(v) for v in data.values() if isinstance(v, (str, int)) and str(v)}
    if _CONF_SECRET_WORDS.search(text):
        from redislint.parsers.redis_conf import parse_conf
        from redislint.redis.passwords import password_values

        return {v.text for _what, v in password_values(parse_conf(path, text).directives) if v.text}
    return {line.strip() for line in text.splitlines() if line.strip()}


def collect_secret_file(secrets: Secrets, path: str, text: str) -> None:
    """A file used as a compose secret: all of it is secret."""
    lines = text.splitlines()
    secrets.add_lines(path, 1, max(len(lines), 1))
    # the config parser counts lines at LF only: cover its numbering too
    secrets.add_lines(path, 1, text.count("\n") + 1)
    for v in secret_file_values(path, text):
        secrets.add_text(v)
    if _json_map(text) is None:  # a JSON map's values are its secrets; otherwise every line is
        for line in lines:
            secrets.add_text(line.strip())
