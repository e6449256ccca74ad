"""The snapshot of a running server (redislint audit) without a server: whatever a server answers,
writing and reading it back never raises, keeps one value per line, and gives back every configuration
value as the server sent it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from redislint.parsers.live import quote, read_snapshot, write_snapshot
from redislint.parsers.redis_conf import parse_conf

LOC = "redis://127.0.0.1:6379"
names = st.from_regex(r"\A[a-z][a-z0-9-]{0,20}\Z").filter(lambda n: n not in ("save", "bind", "replicaof", "slaveof", "aclfile", "include", "client-output-buffer-limit", "oom-score-adj-values", "latency-tracking-info-percentiles", "shutdown-on-sigint", "shutdown-on-sigterm", "user", "sentinel"))
values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(st.dictionaries(names, values, max_size=12), st.dictionaries(st.text(max_size=15), st.text(max_size=30), max_size=8), st.lists(st.text(max_size=30), max_size=3))
@settings(max_examples=60, deadline=None)
def test_round_trip(config: dict[str, str], info: dict[str, str], acl: list[str]) -> None:
    text = write_snapshot(LOC, config, info, acl, "master", sentinel_masters={"m y\nx": {"ip": "1.2.3.4", "port": "6379"}}, ckquorum={"a:b": "OK"})
    conf, facts = read_snapshot(LOC, text)
    got = {d.name: d for d in conf.directives if d.name in config}
    for name, value in config.items():
        assert name in got, (name, text)
        assert [a.text for a in got[name].args] == [value], (name, value)
    assert facts.role is not None and facts.role.text == "master"
    for v in facts.info.values():
        assert v.span.file == LOC and "\n" not in (v.text or "")


@given(values)
@settings(max_examples=60, deadline=None)
def test_quote_reads_back(value: str) -> None:
    d = parse_conf("x.conf", f"key {quote(value)}\n").directives
    assert len(d) == 1 and [a.text for a in d[0].args] == [value]


def test_hostile_names_are_left_out() -> None:
    text = write_snapshot(LOC, {"maxmemory\nrequirepass": "x", "ok-name": "1"}, {"a\nb": "c"}, ["maxmemory 0", "user a on\nmaxmemory 1"])
    conf, _facts = read_snapshot(LOC, text)
    assert [(d.name, [a.text for a in d.args]) for d in conf.directives] == [("ok-name", ["1"]), ("user", ["a", "on", "maxmemory", "1"])]
