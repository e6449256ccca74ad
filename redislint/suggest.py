"""'Did you mean ...?' for the words a user types: rule ids, names and tags, configuration keys."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean", "rule_keys", "rule_words"]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidate, or '' when none is close (difflib's ratio,
    case-insensitive; a candidate keeps its own spelling)."""
    import difflib

    by_lower: dict[str, str] = {}
    for c in candidates:
        by_lower.setdefault(c.lower(), c)
    close = difflib.get_close_matches(word.strip().lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


def rule_keys() -> list[str]:
    """Every id and name that names one rule (``explain``, ``--severity``)."""
    from redislint.engine.registry import load_rules

    return [k for r in load_rules() for k in (r.id, r.name)]


def rule_words() -> list[str]:
    """Every id, name and tag a selector may use."""
    from redislint.engine.registry import load_rules

    return sorted({*rule_keys(), *(t for r in load_rules() for t in r.tags)})
