"""Schema models and their validation, with every problem located at its YAML line.

Models are msgspec ``Struct`` classes: defining them costs microseconds at start-up (not
the tens of milliseconds of runtime-built validators), they are frozen and hashable,
and the cache (:mod:`shim.cache`) stores them as typed msgpack. Adding a
field is one annotated line in its model; constraints go in ``Annotated`` metadata
(``msgspec.Meta`` for bounds, lengths and patterns, :class:`Before` for a conversion
applied first), rules about a whole record in ``__post_init__`` (raise ``ValueError``).

:func:`problems_of` walks a model's fields and collects every problem, with the same
messages as before: unknown fields (with "did you mean"), missing fields, wrong types
and broken rules, each at the line of the value it is about.
"""

import datetime as dt
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar, Union

import msgspec

from shim.errors import DataError
from shim.workspace.datetext import date_problem
from shim.workspace.yamlio import Loaded

M = TypeVar("M", bound="Model")


class Model(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every schema model: immutable, and unknown keys are refused."""


class Before(msgspec.Struct, frozen=True):
    """A conversion run on the raw value before its type is checked (may raise ValueError)."""

    fn: Callable[[Any], Any]


class SchemaError(ValueError):
    """Raised by :func:`build` for data that does not fit its model (the first problem)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(_message(errors[0], tuple(errors[0]["loc"])))
        self.errors = errors


def _one_line(value: Any) -> Any:
    # Brief texts land inside headings and sentences: fold stray line breaks.
    return " ".join(value.split()) if isinstance(value, str) else value


Line = Annotated[str, Before(_one_line), msgspec.Meta(min_length=1, max_length=500)]


class Localized(Model, frozen=True, kw_only=True):
    """A text in English and Spanish; both are required (no silent fallback)."""

    en: Line
    es: Line

    def get(self, catalog: str) -> str:
        """The text for a catalog language, ``Lang.catalog`` ("en" or "es")."""
        return self.es if catalog == "es" else self.en


def build(model: type[M], data: Any) -> M:
    """``data`` as a ``model``; raises :class:`SchemaError` when it does not fit."""
    errors: list[dict[str, Any]] = []
    value = _check(model, data, (), errors)
    if errors:
        raise SchemaError(_pair_typos(errors))
    assert isinstance(value, model)
    return value


def validate(loaded: Loaded, model: type[M], data: Any = None, base: tuple[Any, ...] = ()) -> M:
    """Build ``model`` from ``data`` (default: the whole file); raise the first error located."""
    value, problems = checked(loaded, model, loaded.data if data is None else data, base)
    if value is None:
        raise problems[0]
    return value


def problems_of(
    loaded: Loaded, model: type[Model], data: Any, base: tuple[Any, ...] = ()
) -> list[DataError]:
    """Every schema problem in ``data`` as a located :class:`DataError` (empty when valid)."""
    return checked(loaded, model, data, base)[1]


def checked(
    loaded: Loaded, model: type[M], data: Any, base: tuple[Any, ...] = ()
) -> tuple[M | None, list[DataError]]:
    """The model built from ``data`` and no problems, or ``None`` and every problem."""
    try:
        return build(model, data), []
    except SchemaError as exc:
        return None, [_located(loaded, err, base) for err in exc.errors]


# -- the walk ----------------------------------------------------------------------------

_hints: dict[type, dict[str, Any]] = {}
_required: dict[type, frozenset[str]] = {}


def fields_of(model: type[Model]) -> dict[str, Any]:
    """A model's fields and their resolved annotations, in definition order."""
    if model not in _hints:
        hints = typing.get_type_hints(model, include_extras=True)
        _hints[model] = {name: hints[name] for name in model.__struct_fields__}
        infos = msgspec.structs.fields(model)
        _required[model] = frozenset(f.name for f in infos if f.required)
    return _hints[model]


def _err(
    errors: list[dict[str, Any]], kind: str, loc: tuple[Any, ...], msg: str, given: Any, **ctx: Any
) -> None:
    errors.append({"type": kind, "loc": loc, "msg": msg, "input": given, "ctx": ctx})


def _check(tp: Any, value: Any, loc: tuple[Any, ...], errors: list[dict[str, Any]]) -> Any:
    """``value`` converted to ``tp``; problems are appended to ``errors``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _annotated(tp, value, loc, errors)
    if isinstance(tp, type) and issubclass(tp, Model):
        return _struct(tp, value, loc, errors)
    if origin is Literal:
        choices = typing.get_args(tp)
        if value not in choices or isinstance(value, bool):
            expected = _or([repr(c) for c in choices])
            _err(
                errors,
                "literal_error",
                loc,
                f"Input should be {expected}",
                value,
                expected=expected,
            )
        return value
    if origin in (Union, types.UnionType):
        return _union(tp, value, loc, errors)
    if origin in (tuple, list):
        return _sequence(tp, origin, value, loc, errors)
    if origin is dict:
        return _mapping(tp, value, loc, errors)
    return _scalar(tp, value, loc, errors)


def _annotated(tp: Any, value: Any, loc: tuple[Any, ...], errors: list[dict[str, Any]]) -> Any:
    inner, *extras = typing.get_args(tp)
    for extra in extras:
        if isinstance(extra, Before):
            try:
                value = extra.fn(value)
            except ValueError as exc:
                _err(errors, "value_error", loc, f"Value error, {exc}", value)
                return value
    before, given = len(errors), value
    value = _check(inner, value, loc, errors)
    if len(errors) == before:
        for extra in extras:
            if isinstance(extra, msgspec.Meta):
                _constraints(extra, value, loc, errors, given)
    return value


def _constraints(
    meta: msgspec.Meta, value: Any, loc: tuple[Any, ...], errors: list[Any], given: Any
) -> None:
    """Bounds, lengths and patterns of ``value``; errors show ``given`` (the input)."""
    text = isinstance(value, str)
    what = "String" if text else "List" if isinstance(value, list) else "Tuple"
    unit = "character" if text else "item"
    # pydantic's wording, kept: collections are counted after their items are validated.
    after = "" if text or isinstance(value, int) else f" after validation, not {len(value)}"
    if meta.ge is not None and value < meta.ge:
        _err(
            errors,
            "greater_than_equal",
            loc,
            f"Input should be greater than or equal to {meta.ge}",
            given,
        )
    if meta.min_length is not None and len(value) < meta.min_length:
        n = meta.min_length
        msg = f"{what} should have at least {n} {unit}{_s(n)}{after}"
        _err(errors, "too_short", loc, msg, given)
    if meta.max_length is not None and len(value) > meta.max_length:
        n = meta.max_length
        msg = f"{what} should have at most {n} {unit}{_s(n)}{after}"
        _err(errors, "too_long", loc, msg, given)
    if meta.pattern is not None:
        import re

        if not re.search(meta.pattern, value):
            _err(
                errors,
                "string_pattern_mismatch",
                loc,
                f"String should match pattern '{meta.pattern}'",
                given,
            )


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _struct(model: type[Model], value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    if isinstance(value, model):
        return value
    if not isinstance(value, dict):
        _err(
            errors,
            "model_type",
            loc,
            f"Input should be a valid dictionary or instance of {model.__name__}",
            value,
        )
        return None
    before = len(errors)
    kwargs = {}
    fields = fields_of(model)
    for name, tp in fields.items():
        if name in value:
            kwargs[name] = _check(tp, value[name], (*loc, name), errors)
        elif name in _required[model]:
            _err(errors, "missing", (*loc, name), "Field required", value)
    for key in value:
        if key not in fields:
            _err(
                errors, "extra_forbidden", (*loc, key), "Extra inputs are not permitted", value[key]
            )
    if len(errors) > before:
        return None
    try:
        return model(**kwargs)
    except ValueError as exc:  # a rule about the whole record (__post_init__)
        _err(errors, "value_error", loc, f"Value error, {exc}", value)
        return None


def _union(tp: Any, value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    members = typing.get_args(tp)
    if value is None and type(None) in members:
        return None
    others = [m for m in members if m is not type(None)]
    if len(others) == 1:
        return _check(others[0], value, loc, errors)
    if any(isinstance(value, m) and not isinstance(value, bool) for m in others):
        return value
    names = _or([getattr(m, "__name__", str(m)) for m in others])
    _err(errors, "union_type", loc, f"Input should be {names}", value)
    return value


def _sequence(tp: Any, origin: type, value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    if not isinstance(value, (list, tuple)):
        name = "list" if origin is list else "tuple"
        _err(errors, f"{name}_type", loc, f"Input should be a valid {name}", value)
        return value
    item = typing.get_args(tp)[0]
    return origin(_check(item, v, (*loc, i), errors) for i, v in enumerate(value))


def _mapping(tp: Any, value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    if not isinstance(value, dict):
        _err(errors, "dict_type", loc, "Input should be a valid dictionary", value)
        return value
    key_tp, value_tp = typing.get_args(tp)
    return {
        _check(key_tp, k, (*loc, k), errors): _check(value_tp, v, (*loc, k), errors)
        for k, v in value.items()
    }


_SCALARS: dict[Any, tuple[str, str]] = {
    str: ("string_type", "Input should be a valid string"),
    int: ("int_type", "Input should be a valid integer"),
    bool: ("bool_type", "Input should be a valid boolean"),
    Decimal: ("decimal_type", "Input should be a valid decimal"),
}


def _scalar(tp: Any, value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    if tp is Any:
        return value
    if tp is dt.date:
        return _date(value, loc, errors)
    ok = isinstance(value, tp) and (tp is bool or not isinstance(value, bool))
    if not ok:
        kind, msg = _SCALARS.get(tp, ("is_instance_of", f"Input should be an instance of {tp}"))
        _err(errors, kind, loc, msg, value)
    return value


def _date(value: Any, loc: tuple[Any, ...], errors: list[Any]) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date()
        _err(
            errors,
            "date_from_datetime_inexact",
            loc,
            "Datetimes provided to dates should have zero time - e.g. be exact dates",
            value,
        )
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
        problem = date_problem(value)
        if problem is not None:  # pydantic's wording: the text is tried as a datetime too
            msg = f"Input should be a valid date or datetime, {problem}"
            _err(errors, "date_from_datetime_parsing", loc, msg, value)
            return value
    _err(errors, "date_type", loc, "Input should be a valid date in the format YYYY-MM-DD", value)
    return value


def _or(items: list[str]) -> str:
    """'a', 'b' or 'c' (how the messages list choices)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


# -- messages ----------------------------------------------------------------------------


def _pair_typos(errors: list[Any]) -> list[Any]:
    """Turn "unknown field 'vaule'" + "'value' is required" into one line with a hint."""
    import difflib

    missing = {
        (tuple(e["loc"][:-1]), str(e["loc"][-1])): e for e in errors if e["type"] == "missing"
    }
    out = []
    for err in errors:
        if err["type"] == "extra_forbidden":
            parent, name = tuple(err["loc"][:-1]), str(err["loc"][-1])
            names = [n for p, n in missing if p == parent]
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            if close:
                err = {**err, "hint": close[0]}
                missing.pop((parent, close[0]))
        out.append(err)
    kept = {id(e) for e in missing.values()}
    return [e for e in out if e["type"] != "missing" or id(e) in kept]


def _located(loaded: Loaded, err: Any, base: tuple[Any, ...]) -> DataError:
    loc = tuple(err["loc"])
    return DataError(_message(err, loc), loaded.at((*base, *loc)))


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    kind, given = err["type"], err.get("input")
    names = [str(p) for p in loc if isinstance(p, str)]
    name = names[-1] if names else "value"
    if kind == "missing":
        return f"'{'.'.join(names[-2:])}' is required"
    if not names and kind == "value_error":  # a rule about the whole record
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        hint = f"; did you mean '{err['hint']}'?" if err.get("hint") else ""
        return f"unknown field '{name}'{hint}"
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{name}' must be one of {expected}, not {_shown(given)}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    elif given is not None and not isinstance(given, (dict, list)):
        msg = f"{msg[0].lower()}{msg[1:]} (got {_shown(given)})"
    return f"'{name}': {_clip(msg)}"


def _shown(value: Any) -> str:
    """A value as the message shows it: a 1.5 MB value is named, not echoed whole."""
    text = repr(value)
    if len(text) <= 60:
        return text
    size = f", {len(value):,} characters" if isinstance(value, str) else ""
    return f"{text[:50]}...{size}"


def _clip(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else f"{message[: limit - 3]}..."
