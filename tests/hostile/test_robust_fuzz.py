"""Issue 11: seeded property-based fuzzing of compose files and redis.conf.

Real small files of fixtures/ are mutated (lines inserted, deleted, duplicated; YAML-significant
characters, quotes, ``${``, anchors and aliases, control characters, huge numbers, non-ASCII text and
undecodable bytes inserted), and compose projects are generated (services whose command and
entrypoint mix options, values, anchors and aliases, merge keys, an override file, a mounted
redis.conf), linted in-process with every rule and rendered in every format. No
exception may escape, no rule may crash (RL900), the exit status stays within 0..2, and each example
must finish within the deadline. Derandomized (the same examples on every run, no example database),
so a failure reproduces; the example counts keep the whole file near a minute.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redislint.api import lint
from redislint.engine.context import Settings
from redislint.output import render

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
FORMATS = ("text", "json", "sarif", "github")
MAX_SEED_BYTES = 1500


def _seeds(*patterns: str, limit: int) -> list[str]:
    paths = sorted({p for pat in patterns for p in FIXTURES.rglob(pat) if p.is_file() and p.stat().st_size <= MAX_SEED_BYTES})
    # An even spread over the rules' fixtures, the same every run.
    step = max(1, len(paths) // limit)
    return [p.read_text(encoding="utf-8", errors="surrogateescape") for p in paths[::step][:limit]]


COMPOSE_SEEDS = _seeds("*.yml", "*.yaml", limit=40)
CONF_SEEDS = _seeds("*.conf", limit=40)

FRAGMENTS = [
    # YAML structure
    ":", ": ", "- ", "[", "]", "{", "}", ",", "#", "?", "|", ">-", "!", "!!str ", "!!python/object:os.system ", "%YAML 1.1",
    "---", "...", "<<: *a", "&a ", "*a", "&b [1, *a]", "*undefined", "\t", "  ", "\n  ", "\n- ", "\n",
    # quotes and escapes
    "'", '"', "''", '\\"', "\\", "\\x41", "\\u2028", '"a\\"b"', "'a''b'",
    # interpolation
    "$", "$$", "${", "}", "${A}", "${A:-x}", "${A:?}", "${A-${B:-${C}}}", "${:-}", "${A:+", "$A",
    # control and odd characters
    "\x00", "\x01", "\x0b", "\x0c", "\x1c", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\ufeff", "\u00a0", "\u200b", "\u202e",
    "\udcff",  # an undecodable byte (0xff) once written
    # numbers and units
    "99999999999999999999999999", "-1", "0", "1e309", "0x7fffffffffffffff", "-9223372036854775809", "1gb", "1.5mb", "nan",
    # unicode text
    "é", "ß", "日本", "𝕏", "🙂",
    # redis and compose words
    "--requirepass", "--maxmemory", "--replicaof", "--sentinel", "--include", "redis-server", "redis-sentinel", "sh -c",
    "include", "sentinel monitor m redis 6379 2", "user default on >pw ~* +@all", "rename-command CONFIG \"\"",
    "replicaof", "save", "command:", "entrypoint:", "volumes:", "./redis.conf:/usr/local/etc/redis/redis.conf",
]
LINES = [
    "services:", "  redis:", "    image: redis:7.4.2", "    command: redis-server --maxmemory 1gb", "    command: [redis-server, *a]",
    "x-a: &a --appendonly", "    <<: *a", "    environment:", "      - REDIS_PASSWORD=${P:?}", "    ports: ['6379:6379']",
    "port 6379", "maxmemory 1gb", "requirepass \"a b\"", "include /usr/local/etc/redis/other.conf", "sentinel monitor m 10.0.0.1 6379 2",
    "save 900 1 300 10", "user default on nopass ~* &* +@all", 'bind "127.0.0.1 -::1', "tls-port 6380", "appendonly yes",
]

_edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(FRAGMENTS)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.text(max_size=6)),
    st.tuples(st.just("line"), st.integers(0, 200), st.sampled_from(LINES)),
    st.tuples(st.just("delete"), st.integers(0, 200), st.just("")),
    st.tuples(st.just("duplicate"), st.integers(0, 200), st.just("")),
    st.tuples(st.just("cut"), st.integers(0, 10_000), st.just("")),
)


def mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    for op, at, piece in edits:
        if op == "insert":
            i = at % (len(text) + 1)
            text = text[:i] + piece + text[i:]
        elif op == "cut":
            i = at % (len(text) + 1)
            text = text[:i] + text[i + 1 + at % 7 :]
        else:
            lines = text.split("\n")
            i = at % (len(lines) + 1)
            if op == "line":
                lines.insert(i, piece)
            elif op == "delete" and i < len(lines):
                del lines[i]
            elif op == "duplicate" and i < len(lines):
                lines.insert(i, lines[i])
            text = "\n".join(lines)
    return text


# ------------------------------------------------------------------ generated compose projects

WORDS = [
    "redis-server", "redis-sentinel", "valkey-server", "sh", "-c", "exec", "--port", "6379", "99999999999999999999",
    "--maxmemory", "1gb", "banana", "-1", "--save", "60", "1", '""', "--replicaof", "redis0", "redis1", "no", "one",
    "--sentinel", "monitor", "m", "2", "auth-pass", "--masterauth", "--requirepass", "hunter2hunter2", "--user", "default",
    "on", ">pw", "~*", "+@all", "--rename-command", "CONFIG", "--bind", "0.0.0.0", "--tls-port", "--cluster-enabled",
    "yes", "--appendonly", "--dir", "/data", "--aclfile", "/etc/redis/users.acl", "--include", "/usr/local/etc/redis/redis.conf",
    "/usr/local/etc/redis/redis.conf", "${A}", "${A:-1gb}", "${P:?}", "$$HOME", "${A:-${B:-x}}", "é", "\u2028", "a b", "'q'",
]
_word = st.one_of(st.sampled_from(WORDS), st.sampled_from(FRAGMENTS), st.text(max_size=5))
_alias = st.sampled_from(["*a", "*b"])


def _scalar(word: str) -> str:
    if word in ("*a", "*b"):
        return word
    return json.dumps(word, ensure_ascii=False)  # a YAML double-quoted scalar


OPTIONS = ["--port", "--maxmemory", "--maxmemory-policy", "--save", "--replicaof", "--sentinel", "--masterauth", "--requirepass",
           "--user", "--rename-command", "--bind", "--tls-port", "--cluster-enabled", "--appendonly", "--dir", "--aclfile",
           "--include", "--protected-mode", "--maxclients", "--tcp-backlog", "--client-output-buffer-limit", "--loglevel", "--nosuch"]
BINARIES = [["redis-server"], ["redis-server", "/usr/local/etc/redis/redis.conf"], ["redis-sentinel", "/usr/local/etc/redis/redis.conf"],
            ["valkey-server"], ["redis-server", "--sentinel"], [], ["sh", "-c"]]


@st.composite
def _argv(draw: st.DrawFn) -> str:
    """A command line: a binary, then options with 0 to 3 values each (words, fragments or aliases)."""
    words: list[str] = list(draw(st.sampled_from(BINARIES)))
    for _ in range(draw(st.integers(0, 4))):
        words.append(draw(st.one_of(st.sampled_from(OPTIONS), st.sampled_from(OPTIONS).map(lambda o: o + "=x"), _alias)))
        words.extend(draw(st.lists(st.one_of(_word, _alias), max_size=3)))
    if words[:2] == ["sh", "-c"]:
        return "[" + ", ".join(["sh", "-c", json.dumps(" ".join(w for w in words[2:] if w not in ("*a", "*b")), ensure_ascii=False)]) + "]"
    if draw(st.booleans()):
        return "[" + ", ".join(_scalar(w) for w in words) + "]"
    return json.dumps(" ".join(w for w in words if w not in ("*a", "*b")), ensure_ascii=False)


@st.composite
def _service(draw: st.DrawFn, names: list[str]) -> list[str]:
    keys = draw(st.lists(st.sampled_from(SERVICE_KEYS), max_size=7, unique=True))
    out = []
    for key in keys:
        if key in ("command", "entrypoint"):
            out.append(f"    {key}: {draw(_argv())}")
        elif key == "image":
            out.append(f"    image: {draw(st.sampled_from(['redis:7.4.2', 'redis', 'valkey/valkey:8.0', 'bitnami/redis:7.2', 'redis:6.0-alpine', 'oliver006/redis_exporter', 'x']))}")
        elif key == "environment":
            pairs = draw(st.lists(st.tuples(st.sampled_from(["REDIS_PASSWORD", "A", "P", "REDIS_ARGS", "x"]), _word), max_size=3))
            out.append("    environment: {" + ", ".join(f"{k}: {_scalar(v)}" for k, v in pairs) + "}")
        elif key == "volumes":
            out.append("    volumes: ['./redis.conf:/usr/local/etc/redis/redis.conf', 'data:/data', " + _scalar(draw(_word)) + "]")
        elif key == "ports":
            out.append("    ports: [" + _scalar(draw(st.sampled_from(["6379:6379", "127.0.0.1:6379:6379", "26379", "x:y"]))) + "]")
        elif key == "merge":
            out.append("    <<: *m")
        elif key == "depends_on":
            out.append(f"    depends_on: [{draw(st.sampled_from(names))}]")
        elif key == "healthcheck":
            out.append(f"    healthcheck: {{test: {draw(_argv())}}}")
        elif key == "networks":
            out.append("    networks: {back: {aliases: [" + _scalar(draw(_word)) + "], ipv4_address: 10.0.0.2}}")
        else:
            out.append(f"    {key}: {_scalar(draw(_word))}")
    return out


SERVICE_KEYS = ["image", "command", "entrypoint", "environment", "volumes", "ports", "merge", "depends_on", "healthcheck",
                "networks", "container_name", "hostname", "user"]


@st.composite
def compose_project(draw: st.DrawFn) -> dict[str, str]:
    names = [f"redis{i}" for i in range(draw(st.integers(1, 4)))]
    lines = [f"x-a: &a {_scalar(draw(_word))}", "x-b: &b [" + ", ".join(_scalar(w) for w in draw(st.lists(_word, max_size=3))) + "]",
             "x-m: &m {image: redis:7.4.2, command: *b}", "services:"]
    for name in names:
        lines.append(f"  {name}:")
        lines.extend(draw(_service(names)))
        if lines[-1] == f"  {name}:":
            lines[-1] += " {}"
    lines.append("volumes: {data: {}}")
    files = {"compose.yaml": "\n".join(lines) + "\n", "redis.conf": mutate(draw(st.sampled_from(CONF_SEEDS)), draw(st.lists(_edit, max_size=2)))}
    if draw(st.booleans()):
        over = ["services:"]
        for name in draw(st.lists(st.sampled_from(names), max_size=2, unique=True)):
            over.append(f"  {name}:")
            over.extend(draw(_service(names)) or ["    image: redis:7.4.2"])
        files["compose.override.yaml"] = "x-a: &a 1\nx-b: &b [1]\nx-m: &m {}\n" + "\n".join(over) + "\n"
    return files


def check_tree(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="redislint-fuzz-") as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        report = lint([tmp], Settings(), root=tmp, environ={})
        crashed = [f.message for f in report.findings if f.rule_id == "RL900"]
        assert crashed == [], crashed
        assert report.exit_code in (0, 1, 2)
        for fmt in FORMATS:
            assert isinstance(render(report, fmt), str)


def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=timedelta(seconds=2),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.mark.slow
@fuzz(max_examples=1500)
@given(
    compose=st.sampled_from(COMPOSE_SEEDS),
    conf=st.sampled_from(CONF_SEEDS),
    edits=st.lists(_edit, max_size=6),
    conf_edits=st.lists(_edit, max_size=2),
)
def test_mutated_compose_files(compose: str, conf: str, edits: list[tuple[str, int, str]], conf_edits: list[tuple[str, int, str]]) -> None:
    check_tree({"compose.yaml": mutate(compose, edits), "redis.conf": mutate(conf, conf_edits)})


@pytest.mark.slow
@fuzz(max_examples=1200)
@given(conf=st.sampled_from(CONF_SEEDS), edits=st.lists(_edit, max_size=6), sentinel=st.booleans())
def test_mutated_conf_files(conf: str, edits: list[tuple[str, int, str]], sentinel: bool) -> None:
    check_tree({"sentinel.conf" if sentinel else "redis.conf": mutate(conf, edits)})


@pytest.mark.slow
@fuzz(max_examples=1500)
@given(files=compose_project(), edits=st.lists(_edit, max_size=1))
def test_generated_compose_projects(files: dict[str, str], edits: list[tuple[str, int, str]]) -> None:
    files["compose.yaml"] = mutate(files["compose.yaml"], edits)
    check_tree(files)


def test_the_seeds_are_real_files() -> None:
    assert len(COMPOSE_SEEDS) >= 30 and len(CONF_SEEDS) >= 30
