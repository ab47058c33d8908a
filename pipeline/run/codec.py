"""Records as JSON and back: data that cannot run code, checked against the records' types.

``encode`` turns a record (a frozen dataclass of ``pipeline.records`` or ``run.step``) into
plain JSON values; ``decode`` builds the record again from them, checking every value
against the field's type, so that a foreign or edited value is an error, never a record of
the wrong shape.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

T = TypeVar("T")
JSON = Any  # what json.loads returns


class Undecodable(ValueError):
    """JSON that is not a record of the expected type."""


def encode(value: object) -> JSON:
    """A record (or a value inside one) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(kind: type[T], data: JSON) -> T:
    """The record of type ``kind`` that ``data`` encodes.

    Raises:
        Undecodable: ``data`` does not fit ``kind``.
    """
    return typing.cast(T, _decode(kind, data))


def _decode(kind: Any, data: JSON) -> Any:
    """``data`` as a value of ``kind`` (a dataclass, a tuple, a mapping, a union, a literal
    or a plain type)."""
    origin, args = get_origin(kind), get_args(kind)
    if dataclasses.is_dataclass(kind):
        return _record(kind, data)
    if origin in (types.UnionType, typing.Union):
        if data is None and type(None) in args:
            return None
        return _decode(next(a for a in args if a is not type(None)), data)
    if origin is typing.Literal:
        if data not in args:
            raise Undecodable(f"{data!r} is not one of {args}")
        return data
    if origin is tuple:
        if not isinstance(data, list):
            raise Undecodable(f"expected a list, got {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], d) for d in data)
        if len(args) != len(data):
            raise Undecodable(f"expected {len(args)} items, got {len(data)}")
        return tuple(_decode(a, d) for a, d in zip(args, data, strict=True))
    if origin in (Mapping, dict, typing.Mapping):
        if not isinstance(data, dict):
            raise Undecodable(f"expected an object, got {type(data).__name__}")
        return {_decode(args[0], k): _decode(args[1], v) for k, v in data.items()}
    if kind is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
        raise Undecodable(f"expected {kind.__name__}, got {type(data).__name__}")
    return data


def _record(kind: Any, data: JSON) -> object:
    """A dataclass from an object holding its fields (those left out take their default)."""
    if not isinstance(data, dict):
        raise Undecodable(f"expected an object for {kind.__name__}")
    hints = _hints(kind)
    unknown = set(data) - set(hints)
    if unknown:
        raise Undecodable(f"{kind.__name__} has no field {sorted(unknown)[0]!r}")
    try:
        return kind(**{name: _decode(hints[name], value) for name, value in data.items()})
    except TypeError as err:  # a field without a default left out
        raise Undecodable(str(err)) from err


@cache
def _hints(kind: type) -> dict[str, Any]:
    """The resolved type of each field of a dataclass."""
    names = {f.name for f in dataclasses.fields(kind)}
    return {k: v for k, v in typing.get_type_hints(kind).items() if k in names}
