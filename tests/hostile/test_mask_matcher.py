"""Issue 11, part B: the known-value matcher (one trie-shaped pattern per report) against a naive
reference, and its cost with many values sharing a prefix."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from redislint.secrets.mask import MASK, Masker

values = st.lists(st.text(alphabet="abAB12-_.'\" \\", min_size=6, max_size=14), min_size=1, max_size=8)
texts = st.text(alphabet="abAB12-_.'\" \\xy", max_size=60)


def reference(text: str, secrets: list[str]) -> str:
    """Longest-first alternation of the distinctive values, case-insensitive."""
    forms = sorted({s.lower() for s in secrets if len(s) >= 12 or not s.isalpha()}, key=lambda s: (-len(s), s))
    if not forms:
        return text
    return re.sub("|".join(re.escape(f) for f in forms), MASK, text, flags=re.IGNORECASE)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(secrets=values, text=texts)
def test_matches_like_a_longest_first_alternation(secrets: list[str], text: str) -> None:
    distinctive = [s for s in secrets if len(s) >= 12 or not s.isalpha()]
    assert Masker(distinctive).text(text) == reference(text, distinctive)


def test_values_sharing_a_prefix() -> None:
    m = Masker({"ab1", "ab1def", "ab1defgh1", "Pw7f-x", "Pw7f-xy1"})
    assert m.text("ab1defgh1 ab1def ab1 ab1de Pw7f-xy1 pw7f-x") == "**** **** **** ab1de **** ****"


def test_ordinary_words_only_where_quoted() -> None:
    m = Masker({"admin", "ab"})
    assert m.text("an admin user; got 'admin', \"ab\" and abc") == "an admin user; got '****', \"****\" and abc"


def test_thousands_of_values_on_a_long_text() -> None:
    m = Masker({f"Pw7f{i:05d}Qz4kSecret" for i in range(3000)})
    text = ("Pw7f" + "a" * 50 + " Pw7f00042Qz4kSecret ") * 2000
    assert m.text(text) == ("Pw7f" + "a" * 50 + " **** ") * 2000


def test_nested_prefixes_fall_back_to_a_plain_alternation() -> None:
    m = Masker({"x" * i for i in range(6, 1500)})
    assert m.text("y " + "x" * 20 + " y") == "y **** y"
