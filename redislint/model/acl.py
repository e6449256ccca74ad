"""The ACL model of a node: its users (``user`` lines or the ``aclfile``), the effective default user,
and which commands a user may run (computed from its rules by the link stage with the command
categories of :mod:`redislint.redis.acl_commands`). Built once per node by the link stage (:mod:`redislint.link.acl`)
and kept on :attr:`redislint.model.project.RedisNode.acl`.

Facts it stands on (research/redis-facts.md and experiments with redis-server 7.0.15):

* Without ACL lines the default user is ``on nopass ~* &* +@all``; ``requirepass`` only sets its password
  [3.2].
* A ``user default ...`` line in redis.conf *resets* the default user before applying its rules, and the
  ``user`` lines are loaded after the whole config: ``requirepass`` is then lost, whatever the order of
  the two lines. ``user default >pw`` alone leaves the default user ``off`` (verified on 7.0.15).
* With ``aclfile``, ``requirepass`` is ignored [1.10]; users in the file start from nothing (``off``,
  no password, no command); a default user the file does not define is ``on nopass +@all``.
* ``rename-command X ""`` removes a command for everybody [1.9].
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from redislint.model.base import Struct, field
from redislint.model.conf import Directive
from redislint.model.span import Span
from redislint.model.values import Value

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

class AclUser(Struct):
    name: str
    span: Span
    """The ``user`` line (or the node's anchor for the built-in default user)."""
    directive: Directive | None = None
    on: bool = False
    nopass: bool = False
    passwords: list[Value] = field(default_factory=list)
    """``>password`` clauses (the Value's text keeps the leading ``>``)."""
    hashes: int = 0
    rules: list[str] = field(default_factory=list)
    """Command rules in order, lower-cased (``+@all``, ``-flushall``, ``nocommands``...)."""
    unknown: bool = False
    """Some clause cannot be read (a value unknown at lint time)."""
    builtin: bool = False
    runs: dict[str, bool | None] = field(default_factory=dict)
    """Lower-cased command -> whether the user may run it (None: unknown), for every command rules ask
    about (set by the link stage from :attr:`rules`: :func:`redislint.redis.acl_commands.user_runs`)."""

    @property
    def has_password(self) -> bool:
        return bool(self.passwords) or self.hashes > 0

    @property
    def open(self) -> bool:
        """Connections are authenticated as this user without a password (only meaningful for default)."""
        return self.on and self.nopass

    def can_run(self, command: str) -> bool | None:
        """Whether the user may run the whole command (a subcommand grant does not count), for the
        commands rules ask about (:data:`redislint.redis.acl_commands.CHECKED_COMMANDS`); None when
        unknown (computed by the link stage into :attr:`runs`)."""
        return self.runs.get(command.lower())


def _apply(user: AclUser, args: tuple[Value, ...] | list[Value]) -> None:
    for a in args:
        t = a.text
        if t is None:
            user.unknown = True
            continue
        low = t.lower()
        if low == "on":
            user.on = True
        elif low == "off":
            user.on = False
        elif low == "nopass":
            user.nopass = True
            user.passwords = []
            user.hashes = 0
        elif low == "resetpass":
            user.nopass = False
            user.passwords = []
            user.hashes = 0
        elif low == "reset":
            user.on = False
            user.nopass = False
            user.passwords = []
            user.hashes = 0
            user.rules = ["nocommands"]
        elif t.startswith(">"):
            user.nopass = False
            user.passwords.append(a)
        elif t.startswith("#"):
            user.nopass = False
            user.hashes += 1
        elif t.startswith("<"):
            user.passwords = [p for p in user.passwords if p.text != ">" + t[1:]]
        elif t.startswith("!"):
            user.hashes = max(0, user.hashes - 1)
        elif low in ("allcommands", "nocommands") or low.startswith(("+", "-")):
            user.rules.append(low)
        elif low.startswith("(") or low.startswith("%"):
            # selectors (7.0) and key permissions: not about commands of the root permissions
            continue


def _user_from(d: Directive) -> AclUser | None:
    name = d.text(0)
    if name is None:
        return None
    u = AclUser(name=name, span=d.span, directive=d, rules=["nocommands"])
    _apply(u, d.args[1:])
    return u


def builtin_default(anchor: Span) -> AclUser:
    return AclUser(name="default", span=anchor, on=True, nopass=True, rules=["+@all"], builtin=True)


class AclModel(Struct):
    users: dict[str, AclUser]
    source: Literal["builtin", "conf", "aclfile"]
    known: bool = True
    """False when the ACL definitions cannot be seen (an aclfile outside the repository, an unknown value)."""
    aclfile: Directive | None = None
    aclfile_path: str | None = None
    """The repository file behind ``aclfile`` (None when it is not in the repository)."""
    aclfile_directives: list[Directive] = field(default_factory=list)
    requirepass: Directive | None = None
    requirepass_ignored: bool = False

    @property
    def default(self) -> AclUser | None:
        return self.users.get("default")

    @property
    def app_users(self) -> list[AclUser]:
        return [u for n, u in self.users.items() if n != "default"]


def _add_users(model: AclModel, lines: list[Directive]) -> None:
    """Add the users of ``user`` lines; a line that cannot be read makes the model unknown."""
    for d in lines:
        u = _user_from(d)
        if u is None:
            model.known = False
            continue
        model.users[u.name] = u
        if u.unknown:
            model.known = False


def build_acl(node: RedisNode, aclfile_path: Callable[[str], str | None], aclfile_lines: Callable[[str], list[Directive] | None]) -> AclModel:
    """The node's users, from its effective config; ``aclfile_path`` names the repository file behind
    an ``aclfile`` path, ``aclfile_lines`` reads its ``user`` lines (None when unreadable)."""
    rp = node.get("requirepass")
    aclfile = node.get("aclfile")
    if aclfile is not None:
        model = AclModel(users={}, source="aclfile", aclfile=aclfile, requirepass=rp, requirepass_ignored=rp is not None)
        path = aclfile.text(0)
        host = aclfile_path(path) if path else None
        model.aclfile_path = host
        lines = aclfile_lines(host) if host else None
        if lines is None:
            model.known = False
            return model
        model.aclfile_directives = lines
        _add_users(model, lines)
        if "default" not in model.users:
            model.users["default"] = builtin_default(aclfile.span)
        return model
    user_lines = node.all("user")
    model = AclModel(users={}, source="conf" if user_lines else "builtin", requirepass=rp)
    _add_users(model, user_lines)
    if "default" in model.users:
        model.requirepass_ignored = rp is not None
    else:
        default = builtin_default(node.anchor)
        if rp is not None:
            v = rp.arg(0)
            if v is None or v.text is None:
                default.nopass = False  # a password whose value is unknown at lint time
            elif v.text != "":
                default.nopass = False
                default.passwords = [v.model_copy(update={"text": ">" + v.text})]
            default.span = rp.span
            default.directive = rp
        model.users["default"] = default
    if not node.complete:
        model.known = False
    return model
