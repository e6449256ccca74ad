"""How a node authenticates its default user: a password set, none, or unknown at lint time, and
the directive that decides it. Built once per node by the link stage from its ACL model and kept on
:attr:`redislint.model.project.RedisNode.auth`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from redislint.model.acl import AclModel
from redislint.model.base import Struct
from redislint.model.conf import Directive
from redislint.model.span import Span
from redislint.model.values import Origin, Value

if TYPE_CHECKING:
    from redislint.model.project import RedisNode

State = Literal["set", "unset", "unknown"]


class Auth(Struct):
    """Whether the default user needs a password, and where that is decided."""

    state: State
    value: Value | None = None
    directive: Directive | None = None
    via: str = ""
    """``requirepass``, ``user default``, ``aclfile``, ``default-off``."""


def build_auth(node: RedisNode, model: AclModel) -> Auth:
    """The effective authentication of the default user (set / unset / unknown).

    Uses the node's ACL model: a ``user default`` line wins over ``requirepass`` whatever their order
    (the line resets the user after the config is read), ``aclfile`` makes Redis ignore
    ``requirepass`` and the file decides.
    """
    default_line = model.source == "conf" and "default" in model.users and not model.users["default"].builtin
    if model.source == "aclfile" or default_line:
        via = "aclfile" if model.source == "aclfile" else "user default"
        anchor = model.aclfile
        if model.source == "aclfile" and not model.known:
            return Auth("unknown", None, anchor, "aclfile")
        d = model.users.get("default")
        if d is None or d.builtin:
            return Auth("unset", None, anchor, "aclfile")
        if d.unknown:
            return Auth("unknown", None, d.directive, via)
        if not d.on:
            return Auth("set", None, d.directive, "default-off")
        if d.nopass:
            return Auth("unset", None, d.directive, via)
        pw = d.passwords[-1] if d.passwords else None
        if pw is not None and pw.text is not None and pw.text.startswith(">"):
            pw = pw.model_copy(update={"text": pw.text[1:]})  # the password itself, without '>'
        return Auth("set", pw, d.directive, via)
    rp = node.get("requirepass")
    if rp is not None:
        v = rp.arg(0)
        if v is None:
            return Auth("unknown", None, rp, "requirepass")
        if v.text is None:
            # ${PW:?err} (compose refuses to start without it), ${PW} with no value at lint time (given
            # at deploy time: RL010 reports it) or $(cat /run/secrets/x): a password is set, its value
            # is unknown.
            state: State = "set" if v.origin in (Origin.REQUIRED, Origin.UNSET) or v.secret_path is not None else "unknown"
            return Auth(state, v, rp, "requirepass")
        return Auth("set" if v.text != "" else "unset", v, rp, "requirepass")
    if not node.complete:
        return Auth("unknown")
    return Auth("unset")


class Secret(Struct, frozen=True):
    """A password as a comparable digest: rules compare it, never print it."""

    state: str  # set | unset | unknown
    digest: str = ""
    """Comparison key of the value; empty when a password is set but its value is only known at
    deploy time (``${PW:?}``, ``$(cat /run/secrets/pw)``)."""
    span: Span | None = None

    def same(self, other: Secret) -> bool | None:
        if self.state == "unknown" or other.state == "unknown":
            return None
        if self.state == other.state == "set" and not (self.digest and other.digest):
            return None
        return self.state == other.state and self.digest == other.digest


def digest(text: str) -> str:
    """A comparison key for a password, valid within this run only. Python's salted string hash
    (SipHash, random per process) is enough to compare passwords across a group without keeping or
    printing them, and costs no hashlib import on the text-output path."""
    return format(hash(text) & 0xFFFFFFFFFFFFFFFF, "016x")


def password_secret(a: Auth) -> Secret:
    """The default user's password (from the node's :class:`Auth`) as a comparable secret."""
    if a.state == "set":
        if a.value is None or a.value.text is None:
            # A password is set (a guarded variable, a secret read at run time): its value is unknown.
            span = a.value.span if a.value is not None else a.directive.span if a.directive else None
            return Secret("set", "", span)
        return Secret("set", digest(a.value.text), a.value.span)
    if a.state == "unset":
        return Secret("unset", span=a.directive.value_span if a.directive else None)
    return Secret("unknown")


def masterauth_secret(node: RedisNode) -> Secret:
    """The password a replica gives its primary (``masterauth``) as a comparable secret."""
    d = node.get("masterauth")
    if d is None:
        return Secret("unset") if node.complete else Secret("unknown")
    t = d.text(0)
    if t is None:
        arg = d.arg(0)
        if arg is not None and arg.origin in (Origin.REQUIRED, Origin.UNSET, Origin.SHELL):
            return Secret("set", "", d.value_span)  # set at deploy or run time, value unknown
        return Secret("unknown", span=d.value_span)
    if t == "":
        return Secret("unset", span=d.value_span)
    return Secret("set", digest(t), d.value_span)
