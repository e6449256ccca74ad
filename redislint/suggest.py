"""'Did you mean ...?' for the words a user types: rule ids, names and tags, configuration keys."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean", "rule_words"]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidate, or '' when none is close (difflib's ratio,
    case-insensitive; a candidate keeps its own spelling)."""
    import difflib

    by_lower: dict[str, str] = {}
    for c in candidates:
        by_lower.setdefault(c.lower(), c)
    close = difflib.get_close_matches(word.strip().lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


def rule_words() -> list[str]:
    """Every id, name and tag a selector may use."""
    from redislint.engine.registry import load_rules

    words: list[str] = []
    for r in load_rules():
        words += [r.id, r.name, *r.tags]
    return sorted(set(words))
