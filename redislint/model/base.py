"""A small record base for model classes: typed fields, keyword construction, optional immutability.

Why not pydantic or dataclasses: every class the standard ``dataclasses`` module creates costs 1 to
2 ms of start-up (it generates and compiles source code), and pydantic's first model class costs about
130 ms; the model has some forty classes and redislint must lint the tutorial stacks faster than
compose-lint runs at all. :class:`Record` reads the annotations once per class, builds nothing with
``exec``, and is declared with :func:`typing.dataclass_transform` so that type checkers see the same
keyword-only constructors as for a dataclass. pydantic still validates what users write
(configuration files: :mod:`redislint.config_schema`) and the JSON report schema.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform

T = TypeVar("T", bound="_RecordBase")

_MISSING: Any = object()


class _Field:
    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, repr: bool, compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """Declare a field with a default factory (``field(default_factory=list)``), hidden from repr, or
    left out of equality."""
    return _Field(default, default_factory, repr, compare)


class _RecordBase:
    """The implementation shared by :class:`Record` (keyword-only) and :class:`Struct` (positional)."""

    __rl_fields__: ClassVar[tuple[str, ...]] = ()
    __rl_defaults__: ClassVar[dict[str, Any]] = {}
    __rl_factories__: ClassVar[dict[str, Callable[[], Any]]] = {}
    __rl_required__: ClassVar[tuple[str, ...]] = ()
    __rl_fieldset__: ClassVar[frozenset[str]] = frozenset()
    __rl_requiredset__: ClassVar[frozenset[str]] = frozenset()
    __rl_norepr__: ClassVar[frozenset[str]] = frozenset()
    __rl_frozen__: ClassVar[bool] = False
    __rl_post__: ClassVar[bool] = False
    __rl_positional__: ClassVar[bool] = False
    __rl_nocompare__: ClassVar[frozenset[str]] = frozenset()
    __rl_compare__: ClassVar[tuple[str, ...]] = ()
    __rl_eq__: ClassVar[bool | None] = None

    def __init_subclass__(cls, *, frozen: bool = False, eq: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = list(cls.__rl_fields__)
        defaults = dict(cls.__rl_defaults__)
        factories = dict(cls.__rl_factories__)
        norepr = set(cls.__rl_norepr__)
        nocompare = set(cls.__rl_nocompare__)
        # Not inspect.get_annotations: importing inspect costs start-up time, and only this class's
        # own annotations are wanted here.
        for name, ann in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            text = ann if isinstance(ann, str) else getattr(ann, "__name__", "")
            if text.startswith(("ClassVar", "typing.ClassVar")) or ann is typing.ClassVar:
                continue
            if name not in fields:
                fields.append(name)
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, _Field):
                if value.default_factory is not None:
                    factories[name] = value.default_factory
                    defaults.pop(name, None)
                elif value.default is not _MISSING:
                    defaults[name] = value.default
                if not value.repr:
                    norepr.add(name)
                if not value.compare:
                    nocompare.add(name)
                delattr(cls, name)
            elif value is not _MISSING:
                defaults[name] = value
                factories.pop(name, None)
                delattr(cls, name)
        cls.__rl_fields__ = tuple(fields)
        cls.__rl_defaults__ = defaults
        cls.__rl_factories__ = factories
        cls.__rl_required__ = tuple(f for f in fields if f not in defaults and f not in factories)
        cls.__rl_fieldset__ = frozenset(fields)
        cls.__rl_requiredset__ = frozenset(cls.__rl_required__)
        cls.__rl_norepr__ = frozenset(norepr)
        cls.__rl_nocompare__ = frozenset(nocompare)
        cls.__rl_compare__ = tuple(f for f in fields if f not in nocompare)
        cls.__rl_frozen__ = frozen or cls.__rl_frozen__
        cls.__rl_post__ = hasattr(cls, "__post_init__")
        identity = eq is False  # said so: identity, also under a Struct (value equality by default)
        if eq is None:
            eq = cls.__rl_eq__ if cls.__rl_eq__ is not None else (True if cls.__rl_positional__ else cls.__rl_frozen__)
        if eq:
            cls.__eq__ = _RecordBase._value_eq  # type: ignore[method-assign,assignment]
            cls.__hash__ = _RecordBase._value_hash if cls.__rl_frozen__ else None  # type: ignore[assignment,method-assign]
        elif identity:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]
        if cls.__rl_frozen__:
            cls.__setattr__ = _RecordBase._frozen_setattr  # type: ignore[method-assign,assignment]
            cls.__delattr__ = _RecordBase._frozen_setattr  # type: ignore[method-assign,assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if args:
            if not cls.__rl_positional__:
                raise TypeError(f"{cls.__name__}() takes keyword arguments only")
            if len(args) > len(cls.__rl_fields__):
                raise TypeError(f"{cls.__name__}() takes at most {len(cls.__rl_fields__)} arguments")
            for name, value in zip(cls.__rl_fields__, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
                kwargs[name] = value
        d = self.__dict__
        d.update(cls.__rl_defaults__)
        if cls.__rl_factories__:
            for name, factory in cls.__rl_factories__.items():
                if name not in kwargs:
                    d[name] = factory()
        d.update(kwargs)
        keys = kwargs.keys()
        if not keys <= cls.__rl_fieldset__ or not keys >= cls.__rl_requiredset__:
            unknown = sorted(set(keys) - cls.__rl_fieldset__)
            if unknown:
                raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {unknown[0]!r}")
            missing = sorted(cls.__rl_requiredset__ - set(keys))
            raise TypeError(f"{cls.__name__}() missing required keyword argument {missing[0]!r}")
        if cls.__rl_post__:
            self.__post_init__()  # type: ignore[attr-defined]

    def _frozen_setattr(self, name: str, value: Any = None) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable (cannot set {name!r})")

    def _values(self) -> tuple[Any, ...]:
        d = self.__dict__
        return tuple(d[f] for f in type(self).__rl_compare__)

    def _value_eq(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def _value_hash(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        cls = type(self)
        parts = [f"{f}={self.__dict__.get(f)!r}" for f in cls.__rl_fields__ if f not in cls.__rl_norepr__]
        return f"{cls.__name__}({', '.join(parts)})"

    def model_copy(self: T, *, update: dict[str, Any] | None = None) -> T:
        """A copy with some fields replaced (the pydantic-style name the code base uses)."""
        cls = type(self)
        new = object.__new__(cls)
        new.__dict__.update(self.__dict__)
        if update:
            for key, value in update.items():
                if key not in cls.__rl_fields__:
                    raise TypeError(f"{cls.__name__} has no field {key!r}")
                new.__dict__[key] = value
        if cls.__rl_post__:
            new.__post_init__()  # type: ignore[attr-defined]
        return new

    def model_dump(self) -> dict[str, Any]:
        """Fields as plain data (records, lists, tuples and dicts converted recursively)."""
        return {f: _dump(self.__dict__.get(f)) for f in type(self).__rl_fields__}


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
class Record(_RecordBase):
    """Base of the model classes: keyword-only constructors. Subclass with ``frozen=True`` for
    immutable, hashable values and ``eq=True`` for value equality of mutable ones (mutable records
    compare by identity otherwise)."""


@dataclass_transform(kw_only_default=False, field_specifiers=(field,))
class Struct(_RecordBase):
    """Like :class:`Record` but with positional constructors and value equality by default (the
    semantics of a plain dataclass), for the small helper classes of parsers and checks."""

    __rl_positional__ = True


def _dump(value: Any, depth: int = 0) -> Any:
    if depth > 50:
        return None
    if isinstance(value, _RecordBase):
        return {f: _dump(value.__dict__.get(f), depth + 1) for f in type(value).__rl_fields__}
    if isinstance(value, (list, tuple)):
        return [_dump(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v, depth + 1) for k, v in value.items()}
    return value


# Names kept for modules that were written against the first (dataclass) version of this file.
ModelMixin = Record
