"""Rule declarations: every fact about a rule is written once, in its ``@rule`` decorator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, Literal

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
    REPLICATION = "replication"
    """A replication group: a primary and the replicas that name it in ``replicaof``."""
    SENTINEL_GROUP = "sentinel-group"
    """The Sentinels that monitor one master name, with the primary and replicas they watch."""
    CLUSTER = "cluster"
    """The nodes of one Redis Cluster."""
    META = "meta"
    """Findings the engine itself produces (RL900-RL902)."""


TAGS = frozenset(
    {"security", "availability", "durability", "performance", "operability", "correctness", "meta"}
)
PROFILES = ("all", "prod")
FIXES = ("safe", "unsafe")
"""What a rule declared with ``fix=`` can do: ``safe`` fixes keep the deployment's meaning (some of its
findings may still get an unsafe fix, or none); ``unsafe`` fixes change behaviour and are applied only
with ``--unsafe-fixes``."""
PLATFORMS = ("compose", "docker-run", "image", "kubernetes", "live")
"""The platforms a rule may be limited to (``platforms=`` on :func:`rule`). A rule without the field
reads the neutral model (nodes, their configuration, the workload's image, limits, probes, mounts,
exposure) and applies to every platform; ``("compose",)`` marks a rule about what only a Compose
file has (its ``version:`` key, variable substitution, top-level declarations, ``depends_on``,
``container_name``, logging driver options); ``("live",)`` a rule about what only a running server
reports (``redislint audit``: replication link state, last save status, evictions...);
``("kubernetes",)`` a rule about what only a Kubernetes manifest has (Services, PodDisruptionBudgets,
NetworkPolicies, anti-affinity, probe timing). The runner never runs a rule on a service, stack or
group of another platform than those it names (a compose-only rule on a lone Dockerfile's image, a
``docker run`` command line of a script or a Kubernetes container; a Kubernetes rule on a compose
service)."""

CheckFn = Callable[[Any, "Context"], Iterator["Finding"]]

OncePer = Literal["conf-file", "line", "position"]
"""How the engine reports a rule once where several objects share what it looks at:

``conf-file``
    the check runs for the first object of each config file (``conf_file``): several Sentinels or
    servers that run one file are looked at once, the first in model order.
``line``
    within one object (a group), a finding on a line (file, line) already reported is dropped: the
    Sentinels of a group that run one config file share its ``sentinel monitor`` lines.
``position``
    within one object, a finding that starts where one already reported starts (file, line, column)
    is dropped: a YAML anchor gives several services one node."""


class Check(Struct, frozen=True):
    """One check function of a rule and the objects it runs on."""

    scope: Scope
    fn: CheckFn = field(compare=False, repr=False)
    once_per: OncePer | None = None


class Rule(Struct, frozen=True):
    id: str
    name: str
    severity: Severity
    tags: tuple[str, ...]
    scope: Scope
    summary: str
    profile: str = "all"
    """``prod`` rules are skipped under ``--profile dev``."""
    platforms: tuple[str, ...] = ()
    """The platforms the rule applies to (see :data:`PLATFORMS`); empty: every platform."""
    fix: str | None = None
    """``safe`` or ``unsafe`` when the rule's findings carry a :class:`~redislint.engine.finding.Fix`
    (see :data:`FIXES`); None: it has no fix."""
    check: CheckFn | None = field(default=None, compare=False, repr=False)
    module: str = ""
    once_per: OncePer | None = None
    """See :data:`OncePer` (for ``check``, on ``scope``)."""
    more: tuple[Check, ...] = ()
    """Further check functions of the same rule on other scopes (declared with :func:`extend`)."""
    cause: str | None = None
    """Rules that share a cause (``literal-password``: RL102, RL103, RL104, RL105) report one finding
    where they fire at the same place: the most severe, with the others as its aspects (see
    :func:`redislint.engine.fold.fold_same_cause`). Each stays selectable on its own."""

    @property
    def is_security(self) -> bool:
        return "security" in self.tags

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check function of the rule with its scope, in declaration order."""
        first = (Check(scope=self.scope, fn=self.check, once_per=self.once_per),) if self.check is not None else ()
        return (*first, *self.more)

    @property
    def fix_label(self) -> str:
        """Whether the rule can fix what it finds, as shown in rule tables: ``safe``, ``unsafe``, ``-``."""
        return self.fix or "-"

    @property
    def platform_label(self) -> str:
        """The platforms as shown in rule tables: ``all``, ``compose``."""
        return ", ".join(self.platforms) if self.platforms else "all"

    @property
    def scopes(self) -> tuple[Scope, ...]:
        """The scopes the rule's checks run on, each once, in declaration order."""
        return tuple(dict.fromkeys((self.scope, *(c.scope for c in self.more))))

    @property
    def scope_label(self) -> str:
        """The scopes as shown in rule tables: ``replication``, ``replication, cluster``."""
        return ", ".join(s.value for s in self.scopes)


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
    once_per: OncePer | None = None,
    platforms: tuple[str, ...] = (),
    cause: str | None = None,
    fix: str | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Declare and register a rule. The decorated function yields findings for one object of ``scope``;
    ``once_per`` lets the engine report it once where objects share a config file or a line;
    ``platforms`` limits the rule to the platforms whose files have what it checks (default: all);
    ``cause`` names the cause it shares with other rules (one finding where they meet, see
    :attr:`Rule.cause`);
    ``fix`` says that its findings carry edits that fix them (``safe`` or ``unsafe``, see :data:`FIXES`)."""

    def register(fn: CheckFn) -> CheckFn:
        if id in _REGISTRY and _REGISTRY[id].module != fn.__module__:
            raise ValueError(f"rule id {id} is declared twice ({_REGISTRY[id].module}, {fn.__module__})")
        unknown = set(tags) - TAGS
        if unknown:
            raise ValueError(f"{id}: unknown tags {sorted(unknown)}")
        if profile not in PROFILES:
            raise ValueError(f"{id}: unknown profile {profile!r}")
        if set(platforms) - set(PLATFORMS) or len(set(platforms)) != len(platforms):
            raise ValueError(f"{id}: platforms {platforms!r} (known: {', '.join(PLATFORMS)})")
        if fix is not None and fix not in FIXES:
            raise ValueError(f"{id}: fix={fix!r} (use safe or unsafe)")
        _REGISTRY[id] = Rule(
            id=id,
            name=name,
            severity=severity,
            tags=tuple(tags),
            scope=scope,
            summary=summary,
            profile=profile,
            platforms=tuple(platforms),
            fix=fix,
            check=fn,
            module=fn.__module__,
            once_per=once_per,
            cause=cause,
        )
        return fn

    return register


def is_part_of(module: str, rule_module: str, id: str) -> bool:
    """``module`` may add checks to the rule ``id`` declared in ``rule_module``: it is that module, or
    a part of the rule, a module of the same package named after the rule's number
    (``checks/rl508_quorum.py`` for RL508, declared in ``checks/rl508_sentinel_master_mismatch.py``)."""
    if module == rule_module:
        return True
    package, _, name = module.rpartition(".")
    return package == rule_module.rpartition(".")[0] and name.startswith(f"rl{id[2:]}_")


def extend(*, id: str, scope: Scope, once_per: OncePer | None = None) -> Callable[[CheckFn], CheckFn]:
    """Give the rule ``id`` another check function. In the module that declares the rule, for the
    objects of another scope: a rule about replication groups and clusters has one function per kind
    of group, and none of them tests the type of what it receives. In a part of the rule (see
    :func:`is_part_of`), for any scope: a rule made of several separate checks has one module per
    check (the part imports the declaring module first)."""

    def register(fn: CheckFn) -> CheckFn:
        base = _REGISTRY.get(id)
        if base is None or not is_part_of(fn.__module__, base.module, id):
            raise ValueError(f"extend({id}): declare the rule with @rule first, in the same module or one named rl{id[2:]}_* ({fn.__module__})")
        if any(c.scope == scope and c.fn.__module__ == fn.__module__ for c in base.checks):
            raise ValueError(f"{id}: a second check for scope {scope.value}")
        _REGISTRY[id] = Rule(
            id=base.id,
            name=base.name,
            severity=base.severity,
            tags=base.tags,
            scope=base.scope,
            summary=base.summary,
            profile=base.profile,
            platforms=base.platforms,
            fix=base.fix,
            cause=base.cause,
            check=base.check,
            module=base.module,
            once_per=base.once_per,
            more=(*base.more, Check(scope=scope, fn=fn, once_per=once_per)),
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
