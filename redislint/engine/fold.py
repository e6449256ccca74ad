"""One cause, one finding: findings of rules that share a cause (:attr:`Rule.cause`) and start at the
same place are one problem seen from several sides (a literal password in a compose file is
hard-coded, in the process arguments, short, and maybe a well-known default). The most severe
finding stays; the others become its aspects: a related location each (rule, name and message) and
their fixes after its own. Suppressed findings are never folded, and a rule selected alone still
reports by itself."""

from __future__ import annotations

from collections.abc import Mapping

from redislint.engine.finding import Finding, Related
from redislint.engine.rule import Rule, Severity

_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


def fold_same_cause(findings: list[Finding], rules: Mapping[str, Rule]) -> list[Finding]:
    """``findings`` with each group of same-cause findings at one place folded into its most severe."""
    groups: dict[tuple[str, str, int, int], list[Finding]] = {}
    for f in findings:
        r = rules.get(f.rule_id)
        if r is None or r.cause is None or f.suppressed:
            continue
        groups.setdefault((r.cause, f.span.file, f.span.start_line, f.span.start_col), []).append(f)
    folded: set[int] = set()
    for group in groups.values():
        if len({f.rule_id for f in group}) < 2:
            continue
        group.sort(key=lambda f: (_RANK.get(f.severity, 9), f.rule_id))
        head = group[0]
        fixes = [head.fix] if head.fix else []
        for other in group[1:]:
            if other.rule_id == head.rule_id:
                continue
            head.related.append(Related(span=other.span, message=f"also {other.rule_id} ({other.rule_name}): {other.message}"))
            if other.fix and other.fix not in fixes:
                fixes.append(other.fix)
            folded.add(id(other))
        if fixes:
            head.fix = "; ".join(fixes)
    return [f for f in findings if id(f) not in folded]
