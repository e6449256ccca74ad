"""redis.conf tokenizer and loader: exact values and spans, as Redis's sdssplitargs / config.c do it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from redislint.model.values import Origin
from redislint.parsers.redis_conf import UnbalancedQuotes, parse_conf, read_conf, split_args
from redislint.redis.versions import parse_version


def toks(text: str, col: int = 1) -> list[tuple[str | None, str, int, int, bool]]:
    return [
        (v.text, v.raw, v.span.start_col, v.span.end_col, v.quoted)
        for v in split_args(text, file="/x.conf", line=7, col=col)
    ]


# --- split_args ----------------------------------------------------------------------------------


def test_plain_tokens_and_spans() -> None:
    assert toks("maxmemory  2gb") == [("maxmemory", "maxmemory", 1, 10, False), ("2gb", "2gb", 12, 15, False)]
    vals = split_args("a", file="/x.conf", line=7, col=5)
    assert vals[0].span.file == "/x.conf"
    assert (vals[0].span.start_line, vals[0].span.end_line) == (7, 7)
    assert (vals[0].span.start_col, vals[0].span.end_col) == (5, 6)
    assert vals[0].origin == Origin.LITERAL


def test_double_quotes_with_spaces() -> None:
    assert toks('requirepass "a b"') == [
        ("requirepass", "requirepass", 1, 12, False),
        ("a b", '"a b"', 13, 18, True),
    ]


def test_double_quote_escapes() -> None:
    assert toks(r'"a\x41\nb"') == [("aA\nb", r'"a\x41\nb"', 1, 11, True)]
    assert toks(r'"\r\t\b\a"')[0][0] == "\r\t\b\a"
    # \<other> gives the character itself; an incomplete \x is just 'x'
    assert toks(r'"\q\"\\"')[0][0] == 'q"\\'
    assert toks(r'"\x4"')[0][0] == "x4"
    assert toks(r'"\xZZ"')[0][0] == "xZZ"


def test_hex_escape_bytes_form_utf8() -> None:
    assert toks(r'"\xc3\xa9"')[0][0] == "é"


def test_single_quotes_only_escape_quote() -> None:
    assert toks(r"'a\nb'") == [("a\\nb", r"'a\nb'", 1, 7, True)]
    assert toks(r"'it\'s'") == [("it's", r"'it\'s'", 1, 8, True)]
    assert toks(r"'a\\b'")[0][0] == "a\\\\b"


def test_quote_opening_mid_token() -> None:
    assert toks('pa"ss wo"') == [("pass wo", 'pa"ss wo"', 1, 10, True)]
    assert toks("x'y z' w") == [("xy z", "x'y z'", 1, 7, True), ("w", "w", 8, 9, False)]


def test_empty_string_argument() -> None:
    assert toks('save ""') == [("save", "save", 1, 5, False), ("", '""', 6, 8, True)]
    assert toks("''") == [("", "''", 1, 3, True)]


def test_separators() -> None:
    # \t separates; \v and \f are skipped between tokens but do not end an unquoted token
    assert [t[0] for t in toks("a\tb")] == ["a", "b"]
    assert [t[0] for t in toks("\va \fb")] == ["a", "b"]
    assert [t[0] for t in toks("a\vb")] == ["a\vb"]
    assert toks("") == []
    assert toks("   \t ") == []


def test_closing_quote_followed_by_tab_is_fine() -> None:
    assert [t[0] for t in toks('"a"\tb')] == ["a", "b"]


def test_unbalanced_quotes_columns() -> None:
    with pytest.raises(UnbalancedQuotes) as e:
        split_args('requirepass "abc', file="f", line=1, col=1)
    assert e.value.col == 13
    with pytest.raises(UnbalancedQuotes) as e:
        split_args('requirepass "abc"def', file="f", line=1, col=1)
    assert e.value.col == 17  # the closing quote that is not followed by a blank
    assert e.value.token_col == 13
    with pytest.raises(UnbalancedQuotes) as e:
        split_args("x 'abc", file="f", line=1, col=3)
    assert e.value.col == 5
    with pytest.raises(UnbalancedQuotes):
        split_args('pa"ss wo"rd', file="f", line=1, col=1)
    with pytest.raises(UnbalancedQuotes):
        split_args('"abc\\"', file="f", line=1, col=1)  # the escaped quote does not close


def test_nul_ends_the_line() -> None:
    assert [t[0] for t in toks("a b\0c d")] == ["a", "b"]


def test_non_ascii_columns_are_code_points() -> None:
    assert toks("é x") == [("é", "é", 1, 2, False), ("x", "x", 3, 4, False)]


# --- parse_conf ----------------------------------------------------------------------------------


def test_parse_conf_basic_lines() -> None:
    text = "# comment\n\n  maxmemory 100mb  \nMaxMemory-Policy ALLKEYS-LRU\n"
    conf = parse_conf("/r/redis.conf", text)
    assert conf.kind == "redis"
    assert conf.issues == []
    assert [d.name for d in conf.directives] == ["maxmemory", "maxmemory-policy"]
    d = conf.directives[0]
    assert d.line == 3
    assert (d.span.start_col, d.span.end_col) == (3, 18)
    assert (d.name_span.start_col, d.name_span.end_col) == (3, 12)
    assert d.args[0].text == "100mb"
    assert (d.args[0].span.start_col, d.args[0].span.end_col) == (13, 18)
    assert d.origin == "file"
    # names are lower-cased, values are kept as written
    assert conf.directives[1].args[0].text == "ALLKEYS-LRU"


def test_parse_conf_crlf_and_tabs() -> None:
    conf = parse_conf("f", "REQUIREPASS crlf\r\n\tappendonly\tno\r\n")
    assert [(d.name, d.text(0)) for d in conf.directives] == [("requirepass", "crlf"), ("appendonly", "no")]
    d = conf.directives[1]
    assert (d.span.start_col, d.span.end_col) == (2, 15)
    assert (d.args[0].span.start_col, d.args[0].span.end_col) == (13, 15)


def test_hash_only_at_line_start_is_a_comment() -> None:
    conf = parse_conf("f", "   # indented comment\nrequirepass abc # not a comment\n#port 1\n")
    assert len(conf.directives) == 1
    d = conf.directives[0]
    assert [a.text for a in d.args] == ["abc", "#", "not", "a", "comment"]
    assert (d.args[1].span.start_col, d.args[1].span.end_col) == (17, 18)


def test_unbalanced_line_becomes_issue_and_is_skipped() -> None:
    conf = parse_conf("/r/redis.conf", 'port 6379\n  requirepass "abc\nappendonly no\n')
    assert [d.name for d in conf.directives] == ["port", "appendonly"]
    assert len(conf.issues) == 1
    issue = conf.issues[0]
    assert issue.message == "Unbalanced quotes in configuration line"
    assert (issue.span.start_line, issue.span.start_col, issue.span.end_col) == (2, 15, 16)


def test_line_of_only_blank_like_characters_is_skipped() -> None:
    conf = parse_conf("f", "\v\f\n")
    assert conf.directives == [] and conf.issues == []


def test_directive_with_only_quoted_empty_name() -> None:
    conf = parse_conf("f", '"" x\n')
    assert conf.directives[0].name == ""
    assert conf.directives[0].args[0].text == "x"


def test_kind_detection() -> None:
    assert parse_conf("/a/sentinel-1.conf", "port 26379\n").kind == "sentinel"
    assert parse_conf("/a/s.conf", "sentinel monitor m 10.0.0.1 6379 2\n").kind == "sentinel"
    assert parse_conf("/a/redis.conf", "port 6379\n").kind == "redis"
    assert parse_conf("/a/sentinel.conf", "port 1\n", kind="redis").kind == "redis"


def test_read_conf_refuses_binary_and_missing(tmp_path: Path) -> None:
    b = tmp_path / "dump.conf"
    b.write_bytes(b"port 1\n\x00\x01\x02")
    conf = read_conf(str(b))
    assert conf.directives == []
    assert "binary" in conf.issues[0].message
    assert conf.issues[0].span.start_line == 2
    missing = read_conf(str(tmp_path / "nope.conf"))
    assert missing.issues and "cannot read" in missing.issues[0].message


def test_read_conf_bad_utf8_does_not_raise(tmp_path: Path) -> None:
    f = tmp_path / "r.conf"
    f.write_bytes(b"requirepass \xff\xfe\nport 6379\n")
    conf = read_conf(str(f))
    assert [d.name for d in conf.directives] == ["requirepass", "port"]
    assert conf.directives[0].args[0].text == "\ufffd\ufffd"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n" * 1000,
        '"' * 10001,
        "'" * 3,
        "a" * 200_000 + ' "',
        "\\" * 50,
        '"\\',
        "'\\",
        "x\x00y",
        "\udcff weird surrogate",
        "é" * 1000,
        '"\\x',
        '"\\x4',
        "# only\r\n\r\n",
        "\r",
    ],
)
def test_never_raises(text: str) -> None:
    conf = parse_conf("f", text)
    assert conf is not None


def test_fast_enough() -> None:
    text = "\n".join(f"maxmemory {i}mb" for i in range(3000))
    parse_conf("f", text)
    best = min(_timed(lambda: parse_conf("f", text)) for _ in range(3))
    assert best < 0.25  # 3,000 directive lines (a real 3,000-line redis.conf is mostly comments: ~5 ms)


def _timed(fn: object) -> float:
    assert callable(fn)
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def test_version_parsing_smoke() -> None:
    v = parse_version("redis", "7.4.2")
    assert (v.product, v.major, v.minor, v.patch) == ("redis", 7, 4, 2)


# --- bytes the server keeps (issue 14): a NUL cuts its line and joins the rest to the next --------


def test_nul_joins_what_is_left_to_the_next_line() -> None:
    conf = parse_conf("/r/redis.conf", "port 1\ncluster-con\0fig-file x\nenabled yes\n")
    names = [(d.name, [a.text for a in d.args]) for d in conf.directives]
    assert names == [("port", ["1"]), ("cluster-conenabled", ["yes"])]
    d = conf.directives[1]
    # the name starts on line 2 and ends on line 3; the argument is on line 3, where it is written
    assert (d.name_span.start_line, d.name_span.start_col, d.name_span.end_line, d.name_span.end_col) == (2, 1, 3, 8)
    a = d.args[0].span
    assert (a.start_line, a.start_col, a.end_line, a.end_col) == (3, 9, 3, 12)


def test_nul_in_a_comment_swallows_the_next_line() -> None:
    assert parse_conf("/r/redis.conf", "# c\0omment\nnosuch 1\nport 2\n").directives[0].name == "port"


def test_nul_on_the_last_line_only_cuts_it() -> None:
    (d,) = parse_conf("/r/redis.conf", "appendonly no\0 junk").directives
    assert [a.text for a in d.args] == ["no"]


def test_a_byte_order_mark_stays_in_the_first_name(tmp_path: Path) -> None:
    from redislint.fs import FileStore

    p = tmp_path / "redis.conf"
    p.write_bytes(b"\xef\xbb\xbfport 1\nx\0y\n")
    text = FileStore(str(tmp_path)).read_conf(str(p))
    assert text is not None and text.startswith("\ufeffport") and "\0" in text
    assert parse_conf(str(p), text).directives[0].name == "\ufeffport"
