"""Rule declarations: every fact about a rule is written once, in its ``@rule`` decorator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

from redislint.model.base import Struct, field

if TYPE_CHECKING:
    from redislint.engine.context import Context
    from redislint.engine.finding import Finding


class Severity(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use low, medium, high or critical)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Scope(StrEnum):
    FILE = "file"
    """One input file (parse errors, committed private keys, pragmas)."""
    NODE = "node"
    """One Redis server with its effective configuration."""
    SENTINEL = "sentinel"
    """One Sentinel with its effective configuration."""
    SERVER = "server"
    """Every Redis server and every Sentinel (rules about the config format shared by both)."""
    SERVICE = "service"
    """One compose service."""
    STACK = "stack"
    """One compose project."""
    GROUP = "group"
    """A replication group, a Sentinel group or a cluster."""
    META = "meta"
    """Findings the engine itself produces (RL900-RL902)."""


TAGS = frozenset(
    {"security", "availability", "durability", "performance", "operability", "correctness", "meta"}
)
PROFILES = ("all", "prod")

CheckFn = Callable[[Any, "Context"], Iterator["Finding"]]


class Rule(Struct, frozen=True):
    id: str
    name: str
    severity: Severity
    tags: tuple[str, ...]
    scope: Scope
    summary: str
    profile: str = "all"
    """``prod`` rules are skipped under ``--profile dev``."""
    check: CheckFn | None = field(default=None, compare=False, repr=False)
    module: str = ""

    @property
    def is_security(self) -> bool:
        return "security" in self.tags


_REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    id: str,
    name: str,
    severity: Severity,
    tags: tuple[str, ...],
    scope: Scope,
    summary: str,
    profile: str = "all",
) -> Callable[[CheckFn], CheckFn]:
    """Declare and register a rule. The decorated function yields findings for one object of ``scope``."""

    def register(fn: CheckFn) -> CheckFn:
        if id in _REGISTRY and _REGISTRY[id].module != fn.__module__:
            raise ValueError(f"rule id {id} is declared twice ({_REGISTRY[id].module}, {fn.__module__})")
        unknown = set(tags) - TAGS
        if unknown:
            raise ValueError(f"{id}: unknown tags {sorted(unknown)}")
        if profile not in PROFILES:
            raise ValueError(f"{id}: unknown profile {profile!r}")
        _REGISTRY[id] = Rule(
            id=id,
            name=name,
            severity=severity,
            tags=tuple(tags),
            scope=scope,
            summary=summary,
            profile=profile,
            check=fn,
            module=fn.__module__,
        )
        return fn

    return register


def declare(**kwargs: Any) -> None:
    """Declare a rule that has no check function of its own (the engine emits its findings)."""
    import sys

    caller = sys._getframe(1).f_globals.get("__name__", "")

    def _never(_obj: Any, _ctx: Context) -> Iterator[Finding]:
        return iter(())

    _never.__module__ = caller
    rule(**kwargs)(_never)
