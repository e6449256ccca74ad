"""One cause, one finding: findings of rules that share a cause (:attr:`Rule.cause`) and start at the
same place are one problem seen from several sides (a literal password in a compose file is
hard-coded, in the process arguments, short, and maybe a well-known default). The most severe
finding stays; the others become its aspects: a related location each (rule, name and message) and
their fixes after its own. Suppressed findings are never folded, and a rule selected alone still
reports by itself.

One statement, one finding (:func:`fold_same_place`): a rule that says the same thing at the same
place about several servers or services (a config file several services run, a compose line shared
through an anchor) reports it once, naming them all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from redislint.engine.finding import Finding, Related
from redislint.engine.rule import Rule, Severity

_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


def fold_same_cause(findings: list[Finding], rules: Mapping[str, Rule]) -> list[Finding]:
    """``findings`` with each group of same-cause findings at one place folded into its most severe."""
    groups: dict[tuple[str, str, int, int], list[int]] = {}
    for i, f in enumerate(findings):
        r = rules.get(f.rule_id)
        if r is None or r.cause is None or f.suppressed:
            continue
        groups.setdefault((r.cause, f.span.file, f.span.start_line, f.span.start_col), []).append(i)
    folded: set[int] = set()
    for group in groups.values():
        if len({findings[i].rule_id for i in group}) < 2:
            continue
        group.sort(key=lambda i: (_RANK.get(findings[i].severity, 9), findings[i].rule_id))
        head = findings[group[0]]
        fixes = [head.fix] if head.fix else []
        for i in group[1:]:
            other = findings[i]
            if other.rule_id == head.rule_id:
                continue
            head.related.append(Related(span=other.span, message=f"also {other.rule_id} ({other.rule_name}): {other.message}"))
            if other.fix and other.fix not in fixes:
                fixes.append(other.fix)
            folded.add(i)
        if fixes:
            head.fix = "; ".join(fixes)
    return [f for i, f in enumerate(findings) if i not in folded]


def fold_same_place(findings: list[Finding]) -> list[Finding]:
    """``findings`` with the findings of one rule at one span that say the same of different subjects
    (:attr:`Finding.subject`: the name of the server or service its check ran on, quoted in its
    message) folded into one: the most severe (the first of those), its message naming the others
    ("... (the same for 'b' and 'c')"). Findings whose messages differ otherwise stay apart."""
    groups: dict[tuple[str, object, str], list[int]] = {}
    for i, f in enumerate(findings):
        quoted = f"'{f.subject}'"
        if f.subject is None or quoted not in f.message:
            continue
        groups.setdefault((f.rule_id, f.span, f.message.replace(quoted, "'\0'")), []).append(i)
    folded: set[int] = set()
    for group in groups.values():
        names = list(dict.fromkeys(findings[i].subject for i in group))
        if len(names) < 2:
            continue
        first = min(group, key=lambda i: _RANK.get(findings[i].severity, 9))
        head = findings[first]
        also = _and(f"'{n}'" for n in names if n != head.subject)
        head.message = f"{head.message} (the same for {also})"
        folded.update(i for i in group if i != first)
    return [f for i, f in enumerate(findings) if i not in folded]


def _and(items: Iterable[str]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
