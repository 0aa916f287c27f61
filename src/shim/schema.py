"""Validate loaded YAML against a pydantic model and report errors at their lines."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError
from .yamlio import Loaded

M = TypeVar("M", bound=BaseModel)


def validate(loaded: Loaded, model: type[M], data: Any = None, base: tuple[Any, ...] = ()) -> M:
    """Build ``model`` from ``data`` (default: the whole file); raise the first error located."""
    problems = problems_of(loaded, model, loaded.data if data is None else data, base)
    if problems:
        raise problems[0]
    return model.model_validate(loaded.data if data is None else data)


def problems_of(
    loaded: Loaded, model: type[BaseModel], data: Any, base: tuple[Any, ...] = ()
) -> list[DataError]:
    """Every schema problem in ``data`` as a located :class:`DataError` (empty when valid)."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [_located(loaded, err, base) for err in exc.errors(include_url=False)]
    return []


def _located(loaded: Loaded, err: Any, base: tuple[Any, ...]) -> DataError:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    path = (*base, *loc)
    return DataError(_message(err, loc), loaded.at(path))


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the union member's type name ("int", "function-after[...]") to loc.
    return isinstance(part, str) and ("[" in part or part in {"int", "float", "str", "bool"})


def _field(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    kind, name, given = err["type"], _field(loc), err.get("input")
    if kind == "missing":
        return f"'{name}' is required"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'"
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{name}' must be one of {expected}, not {given!r}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    elif given is not None and not isinstance(given, (dict, list)):
        msg = f"{msg[0].lower()}{msg[1:]} (got {given!r})"
    return f"'{name}': {msg}"
